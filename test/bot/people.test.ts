import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, onboard, acceptor, say, botSays, card, placeOrder, textOf, buttons, fund, ADMIN_TG } from './harness.ts';
import { decideAcceptor } from '../../core/acceptors.ts';

const TINA = 100001;
const ALAN = 200001;
const WANG = 200002;

test('acceptor: apply, approval notice, go online (margin checked), create and pause an offer', async (t) => {
  const h = await harness(t);
  const wang = await onboard(h, WANG, 'zh-CN');
  const intro = await say(h, WANG, '🏦 承兑商');
  assert.deepEqual(buttons(intro), ['ac:apply']);
  await h.tg.pressButton(WANG, WANG, intro.message_id, 'ac:apply');
  await botSays(h, WANG, '请介绍一下自己');
  assert.match(textOf(await say(h, WANG, '太短')), /10 到 1000/);
  await say(h, WANG, '我做人民币银行转账和支付宝三年了');
  const [a] = await h.db.sql`SELECT status, application FROM acceptors WHERE user_id = ${wang}`;
  assert.equal(a.status, 'pending');
  assert.match(textOf(await say(h, WANG, '/acceptor')), /正在审核/);

  await decideAcceptor(h.db.sql, wang, 'approved');
  await botSays(h, WANG, '您已成为认证承兑商');
  const panel = await say(h, WANG, '/acceptor');
  assert.match(textOf(panel), /离线/);
  // Margin: the 24 h volume is zero, so going online needs no deposit yet.
  await h.tg.pressButton(WANG, WANG, panel.message_id, 'ac:on');
  assert.equal((await h.db.sql`SELECT online FROM acceptors WHERE user_id = ${wang}`)[0].online, true);

  const p2 = await botSays(h, WANG, '在线', panel.message_id);
  assert.match(textOf(p2), /无每日限额/);
  assert.doesNotMatch(textOf(p2), /- USDT/);
  await h.tg.pressButton(WANG, WANG, p2.message_id, 'of:new');
  const side = await botSays(h, WANG, '此报价是哪个方向');
  await h.tg.pressButton(WANG, WANG, side.message_id, 'ofc:s:buy');
  await botSays(h, WANG, '法币代码');
  assert.match(textOf(await say(h, WANG, 'XX')), /未知币种/);
  await say(h, WANG, 'cny');
  assert.match(textOf(await say(h, WANG, '7.12345')), /最多 4 位/);
  await say(h, WANG, '7.15');
  await say(h, WANG, '500');
  assert.match(textOf(await say(h, WANG, '100')), /不能小于 500/);
  const methods = await say(h, WANG, '20,000');
  await h.tg.pressButton(WANG, WANG, methods.message_id, 'ofc:done');
  await botSays(h, WANG, '请至少选择一种方式');
  await h.tg.pressButton(WANG, WANG, methods.message_id, 'ofc:m:alipay');
  await h.tg.pressButton(WANG, WANG, methods.message_id, 'ofc:done');
  await botSays(h, WANG, /报价 #\d+ 已创建/);
  const [o] = await h.db.sql`SELECT id, trade_side, price::text, min_fiat, max_fiat, payment_methods, active FROM offers WHERE acceptor_id = ${wang}`;
  assert.deepEqual([o.trade_side, o.price, BigInt(o.min_fiat), BigInt(o.max_fiat), o.payment_methods, o.active], ['buy', '7.1500', 50_000n, 2_000_000n, ['alipay'], true]);

  const p3 = await say(h, WANG, '/acceptor');
  await h.tg.pressButton(WANG, WANG, p3.message_id, `of:t:${o.id}`);
  assert.equal((await h.db.sql`SELECT active FROM offers WHERE id = ${o.id}`)[0].active, false);
  // Someone else's offer id: not found, nothing changes.
  const alan = await acceptor(h, ALAN);
  const [alanOffer] = await h.db.sql`SELECT id FROM offers WHERE acceptor_id = ${alan} LIMIT 1`;
  const foreign = await h.tg.pressButton(WANG, WANG, p3.message_id, `of:t:${alanOffer.id}`, { force: true });
  assert.match(foreign.text!, /未找到/);
  assert.equal((await h.db.sql`SELECT active FROM offers WHERE id = ${alanOffer.id}`)[0].active, true);
  assert.match(textOf(await say(h, WANG, '/resume CNY alipay')), /已恢复 1 个 CNY 报价/);

  // Edit: a new price, the minimum kept, a bad maximum answered, then a new maximum.
  const p4 = await say(h, WANG, '/acceptor');
  await h.tg.pressButton(WANG, WANG, p4.message_id, `of:e:${o.id}`);
  await botSays(h, WANG, '当前：7.1500', p4.message_id);
  const minAsk = await say(h, WANG, '7.2');
  assert.match(textOf(minAsk), /当前：500/);
  await h.tg.pressButton(WANG, WANG, minAsk.message_id, 'ofc:keep');
  await botSays(h, WANG, '当前：20000', minAsk.message_id);
  assert.match(textOf(await say(h, WANG, '-1')), /必须为正数/);
  assert.match(textOf(await say(h, WANG, '30,000')), /7.2000 CNY\/USDT，500–30000 CNY/);
  const [e] = await h.db.sql`SELECT price::text, min_fiat, max_fiat FROM offers WHERE id = ${o.id}`;
  assert.deepEqual([e.price, BigInt(e.min_fiat), BigInt(e.max_fiat)], ['7.2000', 50_000n, 3_000_000n]);
});

test('anonymous order chat is relayed and stored; admins freeze and unfreeze', async (t) => {
  const h = await harness(t, { mode: 'auto' });
  const tina = await onboard(h, TINA);
  await onboard(h, ADMIN_TG);
  await acceptor(h, ALAN);
  await fund(h, tina, 1n);
  const orderId = await placeOrder(h, TINA, 'buy', '720');
  const accCard = await card(h, ALAN, orderId, 'Confirm & lock');
  await h.tg.pressButton(ALAN, ALAN, accCard.message_id, `o:confirm:${orderId}`);
  const c = await card(h, TINA, orderId, 'I have paid');

  const sent = h.tg.sendText(TINA, TINA, 'Is the account name Acceptor 200001?', { replyTo: c.message_id });
  await h.tg.waitForMessage(TINA, { after: sent.message_id, predicate: (m) => textOf(m).includes('Sent to the other side') });
  const relayed = await botSays(h, ALAN, `Order #${orderId}: Is the account name Acceptor 200001?`);
  assert.ok(!textOf(relayed).includes('tina'), 'the chat is anonymous');
  const [m] = await h.db.sql`SELECT sender_id, text FROM order_messages WHERE order_id = ${orderId}`;
  assert.deepEqual([Number(m.sender_id), m.text], [tina, 'Is the account name Acceptor 200001?']);

  // Not an admin: /freeze is just an unknown command.
  assert.match(textOf(await say(h, TINA, '/freeze @alan_acceptor spam')), /did not understand/);
  assert.equal((await h.db.sql`SELECT frozen FROM users WHERE telegram_id = ${ALAN}`)[0].frozen, false);
  assert.match(textOf(await say(h, ADMIN_TG, '/freeze @alan_acceptor')), /Usage/);
  assert.match(textOf(await say(h, ADMIN_TG, '/freeze @alan_acceptor suspicious payments')), /is frozen/);
  await botSays(h, ALAN, 'Your account was frozen: suspicious payments');
  const [f] = await h.db.sql`SELECT frozen, frozen_reason FROM users WHERE telegram_id = ${ALAN}`;
  assert.deepEqual([f.frozen, f.frozen_reason], [true, 'suspicious payments']);
  assert.equal((await h.db.sql`SELECT online FROM acceptors a JOIN users u ON u.id = a.user_id WHERE u.telegram_id = ${ALAN}`)[0].online, false);
  // A frozen trader cannot start a trade.
  assert.match(textOf(await say(h, ALAN, '/buy')), /frozen/);
  assert.match(textOf(await say(h, ADMIN_TG, `/unfreeze ${ALAN}`)), /is unfrozen/);
  await botSays(h, ALAN, 'active again');
});

test('referral payload is stored once and never to oneself', async (t) => {
  const h = await harness(t);
  const tina = await onboard(h, TINA);
  const [r] = await h.db.sql`SELECT referral_code FROM users WHERE id = ${tina}`;
  assert.ok(r.referral_code);
  const m = await say(h, WANG, `/start ref_${r.referral_code}`);
  assert.match(textOf(m), /choose your language/);
  const [w] = await h.db.sql`SELECT referred_by FROM users WHERE telegram_id = ${WANG}`;
  assert.equal(Number(w.referred_by), tina);
  await say(h, TINA, `/start ref_${r.referral_code}`);
  assert.equal((await h.db.sql`SELECT referred_by FROM users WHERE id = ${tina}`)[0].referred_by, null);
  assert.match(textOf(await say(h, TINA, '/referral')), /People you invited: 1/);
});
