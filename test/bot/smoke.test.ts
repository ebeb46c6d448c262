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
