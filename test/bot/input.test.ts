import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, onboard, acceptor, say, botSays, textOf, buttons } from './harness.ts';
import { createBot, createWebhookApp } from '../../bot/index.ts';

const TINA = 100001;
const ALAN = 200001;
const count = async (h: Awaited<ReturnType<typeof harness>>, table: string) => (await h.db.sql.unsafe(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

test('garbage at every step of the trade conversation is answered and writes nothing', async (t) => {
  const h = await harness(t, { mode: 'auto' });
  await onboard(h, TINA);
  await acceptor(h, ALAN);
  const orders = await count(h, 'orders');

  const menu = await say(h, TINA, '🟢 Buy USDT');
  assert.match(textOf(await say(h, TINA, 'XYZ')), /No acceptor trades that currency/);
  h.tg.sendPhoto(TINA, TINA, Buffer.from('ffd8ffe000104a464946', 'hex'));
  await h.tg.waitForMessage(TINA, { predicate: (m) => textOf(m).includes('No acceptor trades that currency') });
  await h.tg.pressButton(TINA, TINA, menu.message_id, 'tr:c:CNY');
  await botSays(h, TINA, 'How much?');

  const cases: [string, RegExp][] = [
    ['1e3', /full digits/],
    ['-5', /must be positive/],
    ['0', /greater than zero/],
    ['   ', /type an amount/],
    ['١٠٠', /digits 0–9/],
    ['abc', /not a number/],
    ['1.234', /at most 2/],
    ['1.1234567 USDT', /at most 6/],
    ['1,00,0', /not a number/],
  ];
  for (const [input, expected] of cases) {
    const r = await say(h, TINA, input);
    assert.match(textOf(r), expected, `answer to ${JSON.stringify(input)}`);
  }
  const methods = await say(h, TINA, '1,000.50');
  assert.match(textOf(methods), /Choose the payment method/);
  assert.match(textOf(await say(h, TINA, 'bank')), /press one of the payment method buttons/);
  await h.tg.pressButton(TINA, TINA, methods.message_id, 'tr:m:bank');
  const quote = await botSays(h, TINA, 'Total: 1000.50 CNY');
  assert.match(textOf(await say(h, TINA, 'yes please')), /press Confirm or Cancel/);
  await h.tg.pressButton(TINA, TINA, quote.message_id, 'tr:x');
  await botSays(h, TINA, 'Cancelled');
  // The old quote's Confirm is stale now that the conversation ended.
  // The step message shows the choice and has no buttons left; a forged press is refused.
  const closed = h.tg.history(TINA).find((m) => m.message_id === quote.message_id)!;
  assert.match(textOf(closed), /Total: 1000\.50 CNY[\s\S]*\n› ✖️ Cancel$/);
  assert.deepEqual(buttons(closed), []);
  const stale = await h.tg.pressButton(TINA, TINA, quote.message_id, 'tr:q:yes', { force: true });
  assert.match(stale.text!, /no longer valid/);
  assert.equal(await count(h, 'orders'), orders);

  // Payment methods: garbage, then /cancel in the middle — nothing saved.
  const list = await say(h, TINA, '💳 Payment methods');
  await h.tg.pressButton(TINA, TINA, list.message_id, 'pm:add');
  const kinds = await botSays(h, TINA, 'Which kind');
  assert.match(textOf(await say(h, TINA, 'bank')), /press one of the buttons/);
  await h.tg.pressButton(TINA, TINA, kinds.message_id, 'pa:k:bank');
  await botSays(h, TINA, 'Enter: Account holder');
  assert.match(textOf(await say(h, TINA, 'x'.repeat(200))), /at most 128/);
  await say(h, TINA, 'Tina Trader');
  const cancelled = await say(h, TINA, '/cancel');
  assert.match(textOf(cancelled), /Cancelled/);
  assert.equal(await count(h, 'user_payment_methods WHERE user_id = (SELECT id FROM users WHERE telegram_id = 100001)'), 0);
  // The conversation is gone: the next text is not taken as the bank name.
  assert.match(textOf(await say(h, TINA, 'Test Bank')), /did not understand/);
});

test('a restart in the middle of a conversation resumes from PostgreSQL', async (t) => {
  const h = await harness(t, { mode: 'auto' });
  await onboard(h, TINA);
  await acceptor(h, ALAN);
  const menu = await say(h, TINA, '/buy');
  await h.tg.pressButton(TINA, TINA, menu.message_id, 'tr:c:CNY');
  await botSays(h, TINA, 'How much?');
  // The step is stored once its handler returns (just after the reply went out).
  for (let i = 0; i < 100; i++) {
    const [s] = await h.db.sql`SELECT value::text AS v FROM bot_sessions WHERE key = ${'conv:' + TINA}`;
    if (s?.v.includes('answerCallbackQuery')) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const [state] = await h.db.sql`SELECT value::text AS v FROM bot_sessions WHERE key = ${'conv:' + TINA}`;
  assert.ok(state?.v.includes('answerCallbackQuery'), 'conversation state is stored in bot_sessions');

  await h.restart();
  const methods = await say(h, TINA, '100 USDT');
  assert.match(textOf(methods), /Choose the payment method/);
  await h.tg.pressButton(TINA, TINA, methods.message_id, 'tr:m:bank');
  const quote = await botSays(h, TINA, 'Buy 100 USDT');
  await h.tg.pressButton(TINA, TINA, quote.message_id, 'tr:q:yes');
  await botSays(h, TINA, /Order #\d+ created/);
  await h.tg.waitForIdle(150);
  // A finished conversation leaves no state behind.
  assert.equal((await h.db.sql`SELECT count(*)::int AS n FROM bot_sessions WHERE key = ${'conv:' + TINA}`)[0].n, 0);
});

test('an update delivered twice is handled once; webhook checks the secret token', async (t) => {
  const h = await harness(t);
  await onboard(h, TINA);
  const bot = h.bot.bot;
  const before = h.tg.history(TINA).length;
  const update = {
    update_id: 777_000_001,
    message: { message_id: 9999, date: Math.floor(Date.now() / 1000), chat: { id: TINA, type: 'private' as const, first_name: 'Tina' }, from: { id: TINA, is_bot: false, first_name: 'Tina' }, text: '/profile', entities: [{ type: 'bot_command' as const, offset: 0, length: 8 }] },
  };
  await bot.handleUpdate(update);
  await bot.handleUpdate(update);
  await h.tg.waitForIdle(100);
  const replies = h.tg.history(TINA).slice(before).filter((m) => textOf(m).includes('Your profile'));
  assert.equal(replies.length, 1);
  assert.equal((await h.db.sql`SELECT count(*)::int AS n FROM processed_updates WHERE update_id = 777000001`)[0].n, 1);

  const hooked = createBot({ sql: h.db.sql, db: h.db.db, config: h.config, token: h.tg.token, apiRoot: h.tg.apiRoot, botInfo: h.tg.bot });
  const app = createWebhookApp(hooked, { secretToken: 'a-very-secret-token-123' });
  const body = JSON.stringify({ ...update, update_id: 777_000_002 });
  const bad = await app.request('/telegram/webhook', { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'wrong' } });
  assert.equal(bad.status, 401);
  assert.equal((await h.db.sql`SELECT count(*)::int AS n FROM processed_updates WHERE update_id = 777000002`)[0].n, 0);
  const good = await app.request('/telegram/webhook', { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'a-very-secret-token-123' } });
  assert.equal(good.status, 200);
  await h.tg.waitForIdle(100);
  assert.equal(h.tg.history(TINA).slice(before).filter((m) => textOf(m).includes('Your profile')).length, 2);
  assert.ok(buttons);
});
