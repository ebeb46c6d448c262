import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, say, botSays } from './harness.ts';

test('start: language, terms, menu', async (t) => {
  const h = await harness(t);
  const tina = 100001;
  const m = await say(h, tina, '/start');
  assert.match(m.text!, /choose your language/);
  const ans = await h.tg.pressButton(tina, tina, m.message_id, 'lang:zh-CN');
  assert.ok(ans.text?.includes('简体中文'));
  const terms = await botSays(h, tina, '条款');
  await h.tg.pressButton(tina, tina, terms.message_id, 'terms:accept');
  await botSays(h, tina, '欢迎');
  const [u] = await h.db.sql`SELECT language, terms_accepted_at FROM users WHERE telegram_id = ${tina}`;
  assert.equal(u.language, 'zh-CN');
  assert.ok(u.terms_accepted_at);
});

test('commands are published in both languages and /help lists them', async (t) => {
  const h = await harness(t);
  assert.ok(h.tg.commands().some((c) => c.command === 'buy' && c.description === 'buy USDT'));
  assert.ok(h.tg.commands({ type: 'default' }, 'zh').some((c) => c.command === 'buy' && c.description === '购买 USDT'));
  await say(h, 100001, '/start');
  await h.db.sql`UPDATE users SET language = 'en', terms_accepted_at = now() WHERE telegram_id = 100001`;
  const help = await say(h, 100001, '/help');
  assert.match(help.text!, /\/wallet — balance, deposit, withdraw/);
});

test('before choosing, the language follows Telegram; a flood of presses is cut off per user', async (t) => {
  const h = await harness(t, { rateLimit: { windowMs: 5000, limit: 4 } });
  const wang = 200002; // language_code zh-hans
  const m = await say(h, wang, 'hello');
  assert.match(m.text!, /请先发送 \/start/);
  const start = await say(h, wang, '/start');
  const answers = [];
  for (let i = 0; i < 4; i++) answers.push(await h.tg.pressButton(wang, wang, start.message_id, 'lang:en', { force: true }).catch((e) => ({ text: String(e) })));
  // Every press is answered: the first ones act, the excess ones are told to slow down.
  assert.deepEqual(answers.map((a) => a.text), ['Language set to English.', 'Language set to English.', '请求过于频繁，请稍候。', '请求过于频繁，请稍候。']);
  // Another user is not affected.
  assert.match((await say(h, 100001, '/start')).text!, /choose your language/);
});
