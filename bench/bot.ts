// The bot end to end: users send messages through the local Telegram (in process, real
// HTTP), the real bot (runner, sequentialized per chat, dedup + user load + conversation
// state in PostgreSQL, i18n) answers each. Prints updates/s at saturation and the p50/p99
// latency (message sent → bot's reply seen) at a fixed offered load.
// Usage: npm run bench:bot  [BENCH_USERS=400 BENCH_SECONDS=8 BENCH_RATE=300]
import { startFakeTelegram } from '../sandbox/telegram/index.ts';
import { benchDatabase, percentile } from './util.ts';
import { loadConfig } from '../config.ts';
import { startBot } from '../bot/index.ts';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const USERS = Number(process.env.BENCH_USERS ?? 400);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const RATE = Number(process.env.BENCH_RATE ?? 300);
// What users send: a command that reads the desk (orders list), one that builds the
// profile from order stats, and free text the bot answers with a hint.
const MIX = ['/orders', '/profile', 'hello'];

const db = await benchDatabase('otc_bench_bot', 20);
const tg = await startFakeTelegram({ personas: [], groups: [], maxHistoryPerChat: 50 });
const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv);
const users = Array.from({ length: USERS }, (_, i) => tg.createUser({ id: 10_000 + i, first_name: `u${i}`, language_code: i % 2 ? 'zh-hans' : 'en' }));
await db.sql`
  INSERT INTO users (telegram_id, first_name, language, terms_accepted_at)
  SELECT 10000 + g, 'u' || g, CASE WHEN g % 2 = 1 THEN 'zh-CN' ELSE 'en' END, now() FROM generate_series(0, ${USERS - 1}) g`;
const running = await startBot(
  { sql: db.sql, db: db.db, config, token: tg.token, apiRoot: tg.apiRoot, botInfo: tg.bot, rateLimit: { windowMs: 1000, limit: 50 } },
  { mode: 'polling', notifier: { idleMs: 1000 } },
);

// Reply tracking: each chat's pending sends, oldest first.
const pending = new Map<number, number[]>();
let replies = 0;
const waiters = new Map<number, () => void>();
const latencies: number[] = [];
let record = false;
tg.state.onChange((e) => {
  if (e.type !== 'message' || e.message.msg.from?.id !== tg.bot.id) return;
  const q = pending.get(e.chatId);
  const t0 = q?.shift();
  if (t0 === undefined) return;
  replies++;
  if (record) latencies.push(performance.now() - t0);
  const w = waiters.get(e.chatId);
  if (w) { waiters.delete(e.chatId); w(); }
});
let seq = 0;
function send(u: (typeof users)[number]): void {
  const q = pending.get(u.id) ?? [];
  pending.set(u.id, q);
  q.push(performance.now());
  tg.sendText(u, u.id, MIX[seq++ % MIX.length]);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function drained(timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ([...pending.values()].some((q) => q.length) && Date.now() < deadline) await sleep(10);
}

// Warm-up: every user once (JIT, pool, first-contact paths).
for (const u of users) send(u);
await drained();

// Phase 1, throughput: every user keeps one message in flight (closed loop).
{
  replies = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const deadline = t0 + SECONDS * 1000;
  const loops = users.map(async (u) => {
    while (performance.now() < deadline) {
      const replied = new Promise<void>((r) => waiters.set(u.id, r));
      send(u);
      await replied;
    }
  });
  await Promise.all(loops);
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  console.log(`saturation: ${USERS} users, closed loop, ${replies} updates in ${elapsed.toFixed(1)} s = ${(replies / elapsed).toFixed(0)} updates/s (process CPU ${(((cpu.user + cpu.system) / 1000 / (elapsed * 1000)) * 100).toFixed(0)}% of one core)`);
  var throughput = replies / elapsed;
}
await drained();

// Phase 2, latency: a fixed offered load of RATE updates/s spread over the users.
{
  record = true;
  const total = RATE * SECONDS;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    send(users[i % USERS]);
  }
  await drained();
  record = false;
  lag.disable();
  const cpu = process.cpuUsage(cpu0);
  console.log(`bench process (bot + local Telegram) CPU ${(((cpu.user + cpu.system) / 1000 / (performance.now() - t0)) * 100).toFixed(0)}% of one core; event-loop delay p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms`);
  latencies.sort((a, b) => a - b);
  console.log(`offered ${RATE} updates/s for ${SECONDS} s: ${latencies.length}/${total} answered, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms`);
  const dups = (await db.sql`SELECT count(*)::int AS n FROM processed_updates`)[0].n;
  console.log(`processed_updates rows: ${dups}`);
  await running.stop();
  await tg.close();
  await db.drop();
  console.log(`updates_per_s=${throughput!.toFixed(0)} p50_ms=${percentile(latencies, 50).toFixed(1)} p99_ms=${percentile(latencies, 99).toFixed(1)}`);
}
