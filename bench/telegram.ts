// Throughput of the local Telegram with a real grammY bot: users send N messages, the bot
// (runner, concurrent) replies to each; prints updates/s end to end.
// Usage: npx tsx bench/telegram.ts [updates=20000] [users=200] [--inprocess | --process]
//   (default)    fake and bot in one process, over HTTP
//   --inprocess  fake and bot in one process, grammY's fetch calls the fake directly
//   --process    fake in its own process (sandbox/telegram/serve.ts), driven over HTTP
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Bot } from 'grammy';
import { run } from '@grammyjs/runner';
import { inProcessFetch, startFakeTelegram, type FakeTelegram } from '../sandbox/telegram/index.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const mode = process.argv.includes('--inprocess') ? 'inprocess' : process.argv.includes('--process') ? 'process' : 'http';
const total = Number(args[0] ?? 20_000);
const userCount = Number(args[1] ?? 200);
const BATCH = 500;

interface Driver {
  apiRoot: string;
  token: string;
  tg?: FakeTelegram;
  createUsers(ids: number[]): Promise<void>;
  send(batch: { user: number; text: string }[]): Promise<void>;
  stop(): Promise<void>;
}

async function localDriver(): Promise<Driver> {
  const tg = await startFakeTelegram({ personas: [], maxHistoryPerChat: 200 });
  return {
    apiRoot: tg.apiRoot, token: tg.token, tg,
    async createUsers(ids) { for (const id of ids) tg.createUser({ id, first_name: `u${id}` }); },
    async send(batch) { for (const m of batch) tg.sendText(m.user, m.user, m.text); },
    stop: () => tg.close(),
  };
}

async function processDriver(): Promise<Driver> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/telegram/serve.ts'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'warn' } });
  const line: string = await new Promise((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const info = JSON.parse(line) as { apiRoot: string; token: string; control: string };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(info.control + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  return {
    apiRoot: info.apiRoot, token: info.token,
    createUsers: (ids) => post('users', { users: ids.map((id) => ({ id, first_name: `u${id}` })) }),
    send: (batch) => post('messages', { messages: batch }),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

const driver = mode === 'process' ? await processDriver() : await localDriver();
const bot = new Bot(driver.token, { client: mode === 'inprocess' ? { fetch: inProcessFetch(driver.tg!) } : { apiRoot: driver.apiRoot } });
let replies = 0;
let resolveDone!: () => void;
const done = new Promise<void>((r) => (resolveDone = r));
bot.on('message:text', async (ctx) => {
  await ctx.reply(`echo ${ctx.message.text}`);
  if (++replies === total) resolveDone();
});
await bot.init();
const runner = run(bot, { runner: { fetch: { timeout: 1 } } });

const ids = Array.from({ length: userCount }, (_, i) => 10_000 + i);
await driver.createUsers(ids);
const cpu0 = process.cpuUsage();
const started = process.hrtime.bigint();
// Fed in batches so the queue never holds everything at once, like real traffic.
for (let i = 0; i < total; i += BATCH) {
  const batch = [];
  for (let j = i; j < Math.min(total, i + BATCH); j++) batch.push({ user: ids[j % userCount], text: `m${j}` });
  await driver.send(batch);
  await new Promise((r) => setImmediate(r));
}
await done;
const secs = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpu0);
console.log(`fake telegram (${mode}) + grammY runner: ${total} updates, ${total} replies in ${secs.toFixed(2)} s = ${Math.round(total / secs)} updates/s`);
console.log(`bench process CPU ${(((cpu.user + cpu.system) / 1e6) / secs * 100).toFixed(0)}% of one core`);
await runner.stop();
await driver.stop();
