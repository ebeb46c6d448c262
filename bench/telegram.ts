// Throughput of the local Telegram with a real grammY bot over HTTP: users send N messages,
// the bot (runner, concurrent) replies to each; prints updates/s end to end.
// Usage: npx tsx bench/telegram.ts [updates=20000] [users=200] [--inprocess]
// --inprocess swaps HTTP for inProcessFetch (the fake's own cost without sockets).
import { Bot } from 'grammy';
import { run } from '@grammyjs/runner';
import { inProcessFetch, startFakeTelegram } from '../sandbox/telegram/index.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const inprocess = process.argv.includes('--inprocess');
const total = Number(args[0] ?? 20_000);
const userCount = Number(args[1] ?? 200);
const tg = await startFakeTelegram({ personas: [], maxHistoryPerChat: 200 });
const bot = new Bot(tg.token, { client: inprocess ? { fetch: inProcessFetch(tg) } : { apiRoot: tg.apiRoot } });
let replies = 0;
let resolveDone!: () => void;
const done = new Promise<void>((r) => (resolveDone = r));
bot.on('message:text', async (ctx) => {
  await ctx.reply(`echo ${ctx.message.text}`);
  if (++replies === total) resolveDone();
});
await bot.init();
const runner = run(bot, { runner: { fetch: { timeout: 1 } } });

const users = Array.from({ length: userCount }, (_, i) => tg.createUser({ id: 10_000 + i, first_name: `u${i}` }));
const started = process.hrtime.bigint();
// Feed in bursts so the queue never holds everything at once, like real traffic.
for (let i = 0; i < total; i++) {
  const u = users[i % userCount];
  tg.sendText(u, u.id, `m${i}`);
  if (i % 500 === 499) await new Promise((r) => setImmediate(r));
}
await done;
const secs = Number(process.hrtime.bigint() - started) / 1e9;
console.log(`fake telegram (${inprocess ? 'in-process fetch' : 'HTTP'}) + grammY runner: ${total} updates, ${total} replies in ${secs.toFixed(2)} s = ${Math.round(total / secs)} updates/s`);
console.log(`bot API calls: ${JSON.stringify(tg.calls)}`);
await runner.stop();
await tg.close();
