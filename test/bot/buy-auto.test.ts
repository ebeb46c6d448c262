import { test } from 'node:test';
import { formatUnits } from '../../core/money/index.ts';
import assert from 'node:assert/strict';
import { harness, onboard, acceptor, say, botSays, card, buttons, available, textOf, releaseWithConfirm } from './harness.ts';

const TINA = 100001;
const ALAN = 200001;
const WANG = 200002;

test('buy in auto mode: quote, confirm, pay with receipt, release; stale and foreign buttons refused', async (t) => {
  const h = await harness(t, { mode: 'auto' });
  const trader = await onboard(h, TINA);
  const acc = await acceptor(h, ALAN);
  await onboard(h, WANG);

  const menu = await say(h, TINA, '🟢 Buy USDT');
  assert.match(textOf(menu), /Choose the fiat currency/);
  await h.tg.pressButton(TINA, TINA, menu.message_id, 'tr:c:CNY');
  const ask = await botSays(h, TINA, 'How much?');
  const methods = await say(h, TINA, '720');
  assert.match(textOf(methods), /payment method/);
  assert.ok(ask.message_id < methods.message_id);
  await h.tg.pressButton(TINA, TINA, methods.message_id, 'tr:m:bank');
  const quote = await botSays(h, TINA, 'Price: 7.2000 CNY/USDT');
  assert.match(textOf(quote), /Buy 100 USDT/);
  assert.match(textOf(quote), /Total: 720.00 CNY/);
  await h.tg.pressButton(TINA, TINA, quote.message_id, 'tr:q:yes');
  const created = await botSays(h, TINA, /Order #\d+ created/);
  const orderId = Number(/#(\d+)/.exec(textOf(created))![1]);
  // The quote says what the buyer gets after the desk fee, and that the acceptor is new.
  const [q] = await h.db.sql`SELECT usdt_amount, fee FROM orders WHERE id = ${orderId}`;
  assert.ok(BigInt(q.fee) > 0n);
  assert.match(textOf(quote), new RegExp(`You receive: ${formatUnits(BigInt(q.usdt_amount) - BigInt(q.fee), 6).replace('.', '\\.')} USDT`));
  assert.match(textOf(quote), /Acceptor: new acceptor/);
  assert.doesNotMatch(textOf(quote), /0 trades/);

  // The acceptor gets a card with Confirm & lock; the trader's card waits.
  const accCard = await card(h, ALAN, orderId, 'Confirm & lock');
  assert.deepEqual(buttons(accCard), [`o:confirm:${orderId}`, `o:decline:${orderId}`]);
  const tinaCard = await card(h, TINA, orderId, 'waiting for the acceptor');
  assert.deepEqual(buttons(tinaCard), [`o:cancel:${orderId}`]);

  // Someone else pressing the acceptor's button: refused, nothing changes.
  const foreign = await h.tg.pressButton(WANG, WANG, (await say(h, WANG, '/orders')).message_id, `o:confirm:${orderId}`, { force: true });
  assert.match(foreign.text!, /not your order/);
  const [still] = await h.db.sql`SELECT status FROM orders WHERE id = ${orderId}`;
  assert.equal(still.status, 'claimed');

  const ok = await h.tg.pressButton(ALAN, ALAN, accCard.message_id, `o:confirm:${orderId}`);
  assert.match(ok.text!, /confirmed/);
  const payCard = await card(h, TINA, orderId, 'I have paid');
  // One translated field per line; the account number is <code> to copy; no internal label or method code.
  assert.match(textOf(payCard), /Pay to:\n  Account holder: Acceptor 200001\n  Bank: Test Bank\n  Account number: 62220000200001\n/);
  assert.match(payCard.raw_text!, /Account number: <code>62220000200001<\/code>/);
  assert.equal(payCard.parse_mode, 'HTML');
  assert.doesNotMatch(textOf(payCard), /Method:|bank,|Label/);
  assert.deepEqual(buttons(payCard), [`o:paid:${orderId}`, `o:cancel:${orderId}`]);
  await botSays(h, TINA, `Order #${orderId}: the acceptor confirmed`);

  // The trader cannot release their own purchase.
  const selfRelease = await h.tg.pressButton(TINA, TINA, payCard.message_id, `o:release:${orderId}`, { force: true });
  assert.match(selfRelease.text!, /no longer applies/);

  await h.tg.pressButton(TINA, TINA, payCard.message_id, `o:paid:${orderId}`);
  await botSays(h, TINA, 'send a photo of the payment receipt');
  const garbage = await say(h, TINA, 'here it is');
  assert.match(textOf(garbage), /Please send a photo/);
  h.tg.sendPhoto(TINA, TINA, Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1b1f60000000049454e44ae426082', 'hex'));
  await botSays(h, TINA, 'marked as paid');
  const [paid] = await h.db.sql`SELECT status, receipt_file_id FROM orders WHERE id = ${orderId}`;
  assert.equal(paid.status, 'paid');
  assert.ok(paid.receipt_file_id);
  await botSays(h, ALAN, 'the buyer says the fiat was sent');
  await h.tg.waitFor(ALAN, (m) => !!m.photo && (m.caption ?? '').includes(`#${orderId}`), 15_000);

  const relCard = await releaseWithConfirm(h, ALAN, orderId);
  const done = await card(h, TINA, orderId, 'Status: released');
  assert.deepEqual(buttons(done), [1, 2, 3, 4, 5].map((s) => `o:rate:${orderId}:${s}`));
  assert.match(textOf(done), /Rate your counterparty:$/);
  await botSays(h, TINA, 'USDT released to you');
  const [o] = await h.db.sql`SELECT status, usdt_amount, fee FROM orders WHERE id = ${orderId}`;
  assert.equal(o.status, 'released');
  assert.equal(await available(h, trader), BigInt(o.usdt_amount) - BigInt(o.fee));

  // A stale button after release answers with the real state and changes nothing.
  const stale = await h.tg.pressButton(TINA, TINA, payCard.message_id, `o:paid:${orderId}`, { force: true });
  assert.match(stale.text!, /is released/);
  const staleAcc = await h.tg.pressButton(ALAN, ALAN, relCard.message_id, `o:release:${orderId}`, { force: true });
  assert.match(staleAcc.text!, /is released/);

  await h.tg.pressButton(TINA, TINA, done.message_id, `o:rate:${orderId}:5`);
  const [r] = await h.db.sql`SELECT acceptor_rating FROM orders WHERE id = ${orderId}`;
  assert.equal(r.acceptor_rating, 5);
  const [a] = await h.db.sql`SELECT rating_sum, rating_count FROM acceptors WHERE user_id = ${acc}`;
  assert.deepEqual([a.rating_sum, a.rating_count], [5, 1]);
  const events = await h.db.sql`SELECT action FROM order_events WHERE order_id = ${orderId} ORDER BY id`;
  assert.deepEqual(events.map((e) => e.action), ['create', 'claim', 'confirm', 'paid', 'release']);
});
