import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, onboard, acceptor, say, botSays, card, buttons, available, fund, placeOrder, textOf, payOrder, releaseWithConfirm, ADMIN_TG } from './harness.ts';
import { addPaymentMethod } from '../../core/payment-methods.ts';
import { runDueTimers } from '../../core/orders/index.ts';
import { currentTotp, newTotpSecret } from '../../core/admin/totp.ts';

const TINA = 100001;
const ALAN = 200001;

test('sell: trader USDT locked, acceptor pays, trader releases', async (t) => {
  const h = await harness(t, { mode: 'auto' });
  const trader = await onboard(h, TINA);
  const acc = await acceptor(h, ALAN);
  await fund(h, trader, 150_000_000n);

  // Without receiving details the sell is refused with a clear answer and no order.
  const menu = await say(h, TINA, '/sell');
  await h.tg.pressButton(TINA, TINA, menu.message_id, 'tr:c:CNY');
  await botSays(h, TINA, 'How much?');
  const methods = await say(h, TINA, '100 USDT');
  await h.tg.pressButton(TINA, TINA, methods.message_id, 'tr:m:bank');
  const quote = await botSays(h, TINA, 'Price:');
  assert.match(textOf(quote), /Sell 100 USDT/);
  assert.match(textOf(quote), /Total: 720.00 CNY/);
  assert.match(textOf(quote), /You receive: 720.00 CNY/);
  assert.match(textOf(quote), /Acceptor: new acceptor/);
  await h.tg.pressButton(TINA, TINA, quote.message_id, 'tr:q:yes');
  await botSays(h, TINA, 'Add your bank receiving details first');
  assert.equal((await h.db.sql`SELECT count(*)::int AS n FROM orders`)[0].n, 0);

  await addPaymentMethod(h.db.sql, trader, 'bank', { holder: 'Tina Trader', bank: 'Trader Bank', account: '6222001' });
  const orderId = await placeOrder(h, TINA, 'sell', '100 USDT');
  const [o] = await h.db.sql`SELECT status, usdt_amount FROM orders WHERE id = ${orderId}`;
  assert.equal(o.status, 'claimed');
  assert.equal(await available(h, trader), 150_000_000n - BigInt(o.usdt_amount));

  const accCard = await card(h, ALAN, orderId, 'Confirm & lock');
  assert.match(textOf(accCard), /you buy USDT from a client/);
  // The trader waits for the acceptor; the claim deadline is the acceptor's.
  const waiting = await card(h, TINA, orderId, 'Waiting for the acceptor to confirm (until ');
  assert.doesNotMatch(textOf(waiting), /Confirm before/);
  await h.tg.pressButton(ALAN, ALAN, accCard.message_id, `o:confirm:${orderId}`);
  const payCard = await card(h, ALAN, orderId, 'I have paid');
  assert.match(textOf(payCard), /Trader Bank/);
  // Before the buyer says the fiat was sent, the seller has no Release button; a forced press changes nothing.
  const sellerCard = await card(h, TINA, orderId, 'Extend');
  assert.deepEqual(buttons(sellerCard), [`o:extend:${orderId}`]);
  const early = await h.tg.pressButton(TINA, TINA, sellerCard.message_id, `o:release:${orderId}`, { force: true });
  assert.match(early.text!, /no longer applies/);
  const earlyOk = await h.tg.pressButton(TINA, TINA, sellerCard.message_id, `o:relok:${orderId}`, { force: true });
  assert.match(earlyOk.text!, /no longer applies/);
  assert.equal((await h.db.sql`SELECT status FROM orders WHERE id = ${orderId}`)[0].status, 'matched');

  await h.tg.pressButton(ALAN, ALAN, payCard.message_id, `o:paid:${orderId}`);
  const ask = await botSays(h, ALAN, 'send a photo');
  await h.tg.pressButton(ALAN, ALAN, ask.message_id, 'rc:skip');
  await botSays(h, TINA, 'the buyer says the fiat was sent');
  const rel = await card(h, TINA, orderId, 'paid, waiting for release');
  const before = await available(h, acc);
  // Release asks first, with the fiat the seller should have received; Back changes nothing.
  await h.tg.pressButton(TINA, TINA, rel.message_id, `o:release:${orderId}`);
  const q = await card(h, TINA, orderId, 'Did you receive 720.00 CNY? Release 100 USDT to the buyer?');
  assert.deepEqual(buttons(q), [`o:relok:${orderId}`, `o:back:${orderId}`]);
  await h.tg.pressButton(TINA, TINA, q.message_id, `o:back:${orderId}`);
  const back = await h.tg.waitFor(TINA, (m) => m.message_id === q.message_id && !textOf(m).includes('Did you receive'), 15_000);
  assert.deepEqual(buttons(back), [`o:release:${orderId}`]);
  assert.equal((await h.db.sql`SELECT status FROM orders WHERE id = ${orderId}`)[0].status, 'paid');
  const q2 = await releaseWithConfirm(h, TINA, orderId);
  await card(h, ALAN, orderId, 'Status: released');
  // A second (stale or double) Confirm answers with the real state and releases nothing more.
  const again = await h.tg.pressButton(TINA, TINA, q2.message_id, `o:relok:${orderId}`, { force: true });
  assert.match(again.text!, /is released/);

  // The next sell quote shows the acceptor's record, without a release time (the trader releases).
  const m2 = await say(h, TINA, '/sell');
  await h.tg.pressButton(TINA, TINA, m2.message_id, 'tr:c:CNY');
  await botSays(h, TINA, 'How much?', m2.message_id);
  const meth2 = await say(h, TINA, '100 USDT');
  await h.tg.pressButton(TINA, TINA, meth2.message_id, 'tr:m:bank');
  const quote2 = await botSays(h, TINA, 'Price:', meth2.message_id);
  assert.match(textOf(quote2), /Acceptor: 1 trade, 100% completed, rating -/);
  assert.doesNotMatch(textOf(quote2), /releases in/);
  const [done] = await h.db.sql`SELECT status, usdt_amount, fee FROM orders WHERE id = ${orderId}`;
  assert.equal(done.status, 'released');
  assert.equal(await available(h, acc) - before, BigInt(done.usdt_amount) - BigInt(done.fee));
});

test('cancel by the trader: both cards closed, escrow untouched', async (t) => {
  const h = await harness(t, { mode: 'auto' });
  await onboard(h, TINA);
  await acceptor(h, ALAN);
  const orderId = await placeOrder(h, TINA, 'buy', '720');
  const c = await card(h, TINA, orderId, 'Cancel');
  await card(h, ALAN, orderId, 'Confirm & lock');
  const ans = await h.tg.pressButton(TINA, TINA, c.message_id, `o:cancel:${orderId}`);
  assert.match(ans.text!, /cancelled/);
  const closed = await card(h, TINA, orderId, 'Status: cancelled');
  assert.deepEqual(buttons(closed), []);
  const accClosed = await card(h, ALAN, orderId, 'Status: cancelled');
  assert.deepEqual(buttons(accClosed), []);
  await botSays(h, ALAN, `Order #${orderId} was cancelled`);
  // The acceptor's old Confirm button now answers with the real state.
  const late = await h.tg.pressButton(ALAN, ALAN, accClosed.message_id, `o:confirm:${orderId}`, { force: true });
  assert.match(late.text!, /is cancelled/);
  const [o] = await h.db.sql`SELECT status FROM orders WHERE id = ${orderId}`;
  assert.equal(o.status, 'cancelled');
});

test('payment window expiry: the timer expires the order and unlocks the seller', async (t) => {
  const h = await harness(t, { mode: 'auto' });
  await onboard(h, TINA);
  const acc = await acceptor(h, ALAN);
  const orderId = await placeOrder(h, TINA, 'buy', '720');
  const c = await card(h, ALAN, orderId, 'Confirm & lock');
  const free = await available(h, acc);
  await h.tg.pressButton(ALAN, ALAN, c.message_id, `o:confirm:${orderId}`);
  await card(h, TINA, orderId, 'I have paid');
  assert.ok(await available(h, acc) < free, 'seller USDT locked while matched');

  await h.db.sql`UPDATE orders SET pay_deadline = now() - interval '1 second' WHERE id = ${orderId}`;
  await runDueTimers(h.db.sql);
  const expired = await card(h, TINA, orderId, 'Status: expired');
  assert.deepEqual(buttons(expired), []);
  await botSays(h, TINA, `Order #${orderId} expired`);
  await botSays(h, ALAN, `Order #${orderId} expired`);
  assert.equal(await available(h, acc), free);
  // The trader's old "I have paid" button is stale now.
  const late = await h.tg.pressButton(TINA, TINA, expired.message_id, `o:paid:${orderId}`, { force: true });
  assert.match(late.text!, /is expired/);
});

test('appeal after payment reaches the admins with the order id', async (t) => {
  const h = await harness(t, { mode: 'auto' });
  await onboard(h, TINA);
  await onboard(h, ADMIN_TG);
  await acceptor(h, ALAN);
  const orderId = await placeOrder(h, TINA, 'buy', '720');
  await h.tg.pressButton(ALAN, ALAN, (await card(h, ALAN, orderId, 'Confirm & lock')).message_id, `o:confirm:${orderId}`);
  const payCard = await card(h, TINA, orderId, 'I have paid');
  await h.tg.pressButton(TINA, TINA, payCard.message_id, `o:paid:${orderId}`);
  await h.tg.pressButton(TINA, TINA, (await botSays(h, TINA, 'send a photo')).message_id, 'rc:skip');
  const paid = await card(h, TINA, orderId, 'Appeal possible after');

  // Too early: no Appeal button yet; a forced press is refused and nothing changes.
  assert.deepEqual(buttons(paid), []);
  const early = await h.tg.pressButton(TINA, TINA, paid.message_id, `o:appeal:${orderId}`, { force: true });
  assert.match(early.text!, /no longer applies/);
  assert.equal((await h.db.sql`SELECT status FROM orders WHERE id = ${orderId}`)[0].status, 'paid');

  // The release window passes: the timer's event edits the card to offer Appeal.
  await h.db.sql`UPDATE orders SET appeal_after = now() - interval '1 second' WHERE id = ${orderId}`;
  await runDueTimers(h.db.sql);
  const open = await card(h, TINA, orderId, 'You may appeal now');
  assert.deepEqual(buttons(open), [`o:appeal:${orderId}`]);
  await botSays(h, TINA, `Order #${orderId}: you may now open an appeal`);
  const last = h.tg.lastMessage(TINA)!.message_id;
  await h.tg.pressButton(TINA, TINA, paid.message_id, `o:appeal:${orderId}`);
  const ask = await botSays(h, TINA, 'describe the problem', last);
  const short = await say(h, TINA, 'no');
  assert.match(textOf(short), /describe the problem as text/);
  assert.ok(short.message_id > ask.message_id);
  await say(h, TINA, 'The seller does not release after my payment');
  await botSays(h, ADMIN_TG, `New appeal on order #${orderId}: The seller does not release after my payment`);
  await card(h, ALAN, orderId, 'Status: under appeal');
  const [d] = await h.db.sql`SELECT reason FROM disputes WHERE order_id = ${orderId}`;
  assert.equal(d.reason, 'The seller does not release after my payment');
});

test('release asks the seller for a TOTP code when 2FA is on', async (t) => {
  const h = await harness(t, { mode: 'auto' });
  await onboard(h, TINA);
  const acc = await acceptor(h, ALAN);
  const secret = newTotpSecret();
  await h.db.sql`UPDATE users SET totp_secret = ${secret} WHERE id = ${acc}`;
  const orderId = await placeOrder(h, TINA, 'buy', '720');
  const c = await card(h, ALAN, orderId, 'Confirm & lock');
  await h.tg.pressButton(ALAN, ALAN, c.message_id, `o:confirm:${orderId}`);
  await payOrder(h, TINA, orderId);
  const last = h.tg.lastMessage(ALAN)!.message_id;
  await releaseWithConfirm(h, ALAN, orderId);
  await botSays(h, ALAN, 'enter the 6-digit code', last);
  assert.match(textOf(await say(h, ALAN, '123')), /not valid/);
  assert.equal((await h.db.sql`SELECT status FROM orders WHERE id = ${orderId}`)[0].status, 'paid');
  await say(h, ALAN, currentTotp(secret));
  await card(h, TINA, orderId, 'Status: released');
});
