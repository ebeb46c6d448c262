import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeTelegram } from '../../sandbox/telegram/index.ts';
import { testDatabase } from '../helpers/db.ts';
import { loadConfig } from '../../config.ts';
import { createNotifier, type Notifier } from '../../bot/notifier.ts';
import { emit } from '../../core/outbox.ts';

const config = loadConfig({ NODE_ENV: 'test' } as NodeJS.ProcessEnv);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setup(t: import('node:test').TestContext, users: number) {
  const notifiers: Notifier[] = [];
  let tg: Awaited<ReturnType<typeof startFakeTelegram>> | undefined;
  t.after(async () => {
    for (const n of notifiers) await n.stop();
    await tg?.close();
  });
  const db = await testDatabase();
  tg = await startFakeTelegram({ personas: [], groups: [], rateLimit: true });
  const ids: number[] = [];
  for (let i = 0; i < users; i++) {
    const u = tg.createUser({ id: 500_000 + i, first_name: `u${i}` });
    tg.sendText(u, u.id, 'hi'); // a bot may only write to users who wrote first
    const [r] = await db.sql`INSERT INTO users (telegram_id, first_name, language) VALUES (${u.id}, ${u.first_name}, ${i % 2 ? 'zh-CN' : 'en'}) RETURNING id`;
    ids.push(Number(r.id));
  }
  const notifier = (opts: Parameters<typeof createNotifier>[1]) => {
    const n = createNotifier({ sql: db.sql, config, token: tg!.token, apiRoot: tg!.apiRoot }, { idleMs: 20, ...opts });
    notifiers.push(n);
    return n;
  };
  return { db, tg, ids, notifier };
}

async function until(cond: () => Promise<boolean> | boolean, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(25);
  }
}

test('one chat gets at most one message per second; nothing lost, nothing twice; translated', async (t) => {
  const { db, tg, ids, notifier } = await setup(t, 2);
  const chat = 500_000;
  for (let i = 0; i < 4; i++) await emit(db.sql, { channel: 'telegram', topic: 'user.frozen', payload: { userId: ids[0], reason: `r${i}` } });
  await emit(db.sql, { channel: 'telegram', topic: 'user.frozen', payload: { userId: ids[1], reason: 'zh' } });
  const n = notifier({});
  n.start();
  await until(() => tg.sendLogFor(chat).length === 4);
  const times = tg.sendLogFor(chat).map((r) => r.at);
  for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 950, `spacing ${times[i] - times[i - 1]} ms`);
  assert.equal(tg.rate.rejected, 0, 'the notifier paced itself: no 429');
  const texts = tg.history(chat).filter((m) => m.from?.is_bot).map((m) => m.text);
  assert.deepEqual(texts, [0, 1, 2, 3].map((i) => `Your account was frozen: r${i}`));
  await until(() => tg.history(500_001).some((m) => m.text === '您的账户已被冻结：zh'));
  const pending = await db.sql`SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL`;
  assert.equal(pending[0].n, 0);
});

test('a 429 is honoured with retry_after and the message is sent later exactly once', async (t) => {
  const { db, tg, ids, notifier } = await setup(t, 1);
  // No pacing on our side, so the local Telegram refuses the second and third send.
  const n = notifier({ perChatMs: 0, globalPerSecond: 1_000_000 });
  for (let i = 0; i < 3; i++) await emit(db.sql, { channel: 'telegram', topic: 'user.frozen', payload: { userId: ids[0], reason: `x${i}` } });
  await n.drainOnce(); // expands the events
  await n.drainOnce(); // first send passes, the others get 429
  assert.ok(tg.rate.rejected >= 1);
  const [deferred] = await db.sql`SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL AND last_error LIKE '%Too Many Requests%' AND available_at > now()`;
  assert.ok(deferred.n >= 1, 'deferred by retry_after');
  n.start();
  await until(() => tg.sendLogFor(500_000).length === 3);
  await sleep(300);
  const texts = tg.history(500_000).filter((m) => m.from?.is_bot).map((m) => m.text).sort();
  assert.deepEqual(texts, ['x0', 'x1', 'x2'].map((r) => `Your account was frozen: ${r}`));
});

test('two notifier instances draining together deliver each message once', async (t) => {
  const { db, tg, ids, notifier } = await setup(t, 20);
  for (const id of ids) await emit(db.sql, { channel: 'telegram', topic: 'user.unfrozen', payload: { userId: id } });
  const a = notifier({});
  const b = notifier({});
  a.start();
  b.start();
  await until(async () => (await db.sql`SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL`)[0].n === 0 && tg.rate.records.length >= 20);
  await sleep(200);
  for (let i = 0; i < 20; i++) assert.equal(tg.sendLogFor(500_000 + i).length, 1, `chat ${i}`);
  // A user who blocked the bot: given up with the reason recorded, never retried forever.
  tg.blockBot(500_000);
  await emit(db.sql, { channel: 'telegram', topic: 'user.unfrozen', payload: { userId: ids[0] } });
  a.kick();
  await until(async () => (await db.sql`SELECT count(*)::int AS n FROM outbox WHERE last_error LIKE 'gave up: 403%'`)[0].n === 1);
});

test('pruneBotState drops old update ids and abandoned conversations only', async () => {
  const db = await testDatabase();
  const { pruneBotState } = await import('../../bot/index.ts');
  await db.sql`INSERT INTO processed_updates (bot_id, update_id, created_at) VALUES (1, 1, now() - interval '8 days'), (1, 2, now())`;
  await db.sql`INSERT INTO bot_sessions (key, value, updated_at) VALUES ('conv:1', '{}', now() - interval '31 days'), ('conv:2', '{}', now())`;
  assert.deepEqual(await pruneBotState(db.sql), { updates: 1, conversations: 1 });
  assert.deepEqual((await db.sql`SELECT update_id FROM processed_updates`).map((r) => Number(r.update_id)), [2]);
  assert.deepEqual((await db.sql`SELECT key FROM bot_sessions`).map((r) => r.key), ['conv:2']);
});
