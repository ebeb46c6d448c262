import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabase } from '../helpers/db.ts';
import { makeUser, makeAcceptor, setMode, makeDue, fund } from '../helpers/fixtures.ts';
import {
  createOrder, createPayin, quote, claimOrder, confirmOrder, markPaid, releaseOrder, cancelOrder, expireOrder, extendOrder,
  appealOrder, resolveDispute, rateOrder, runDueTimers, getOrder, orderTimeline,
} from '../../core/orders/index.ts';
import { balance, DESK } from '../../core/ledger/index.ts';
import { DeskError } from '../../core/errors.ts';
import { setSetting } from '../../core/settings.ts';
import { connect } from '../../db/client.ts';

const { sql, url } = await testDatabase();
const asUser = (userId: number) => ({ kind: 'user', userId }) as const;
const admin = { kind: 'admin', adminId: 7, name: 'arb' } as const;
const avail = async (id: number) => (await balance(sql, { type: 'user', id })).available;
const refused = (code: string) => (e: unknown) => e instanceof DeskError && e.code === code;

// Each test uses its own currency so acceptors of other tests never compete.
test('buy in auto mode: quote, claim, confirm locks the acceptor, paid, release pays the trader less the fee', async () => {
  await setMode(sql, 'auto');
  const { userId: acc } = await makeAcceptor(sql, { currency: 'USD', price: '1.0100', usdt: 1_000_000_000n });
  const trader = await makeUser(sql);
  const q = await quote(sql, { traderId: trader, side: 'buy', fiatCurrency: 'USD', fiatAmount: 10_100n, paymentMethod: 'bank' });
  assert.equal(q.price, '1.0100');
  assert.equal(q.usdtAmount, 100_000_000n);
  const created = await createOrder(sql, { traderId: trader, side: 'buy', fiatCurrency: 'USD', fiatAmount: 10_100n, paymentMethod: 'bank', offerId: q.offerId });
  assert.equal(created.order.status, 'claimed');
  assert.equal(created.order.acceptorId, acc);
  const before = await avail(acc);
  const m = await confirmOrder(sql, created.order.id, asUser(acc));
  assert.equal(m.order.status, 'matched');
  assert.equal(m.order.paymentDetails?.account, '6222 0000 1111');
  assert.equal(await avail(acc), before - 100_000_000n);
  await markPaid(sql, created.order.id, asUser(trader), { receiptFileId: 'photo-1' });
  const fees0 = (await balance(sql, DESK, 'fees')).available;
  const r = await releaseOrder(sql, created.order.id, asUser(acc));
  assert.equal(r.order.status, 'released');
  assert.equal(r.order.fee, 100_000n); // 10 bps of 100 USDT
  assert.equal(await avail(trader), 100_000_000n - 100_000n);
  assert.equal((await balance(sql, DESK, 'fees')).available - fees0, 100_000n);
  const timeline = await orderTimeline(sql, created.order.id);
  assert.deepEqual(timeline.map((e) => e.action), ['create', 'claim', 'confirm', 'paid', 'release']);
  await rateOrder(sql, created.order.id, asUser(trader), 5);
  await assert.rejects(rateOrder(sql, created.order.id, asUser(trader), 4), refused('already_done'));
  const [a] = await sql`SELECT completed_count, rating_sum, rating_count FROM acceptors WHERE user_id = ${acc}`;
  assert.deepEqual([a.completed_count, a.rating_sum, a.rating_count], [1, 5, 1]);
  const outbox = await sql`SELECT topic FROM outbox WHERE payload->>'orderId' = ${String(created.order.id)} AND channel = 'telegram' ORDER BY id`;
  assert.deepEqual(outbox.map((o) => o.topic), ['order.create', 'order.claim', 'order.confirm', 'order.paid', 'order.release']);
});

test('sell: the trader\'s USDT is locked at creation and goes to the acceptor on release', async () => {
  await setMode(sql, 'auto');
  const { userId: acc } = await makeAcceptor(sql, { currency: 'EUR', price: '0.9000', side: 'sell' });
  const trader = await makeUser(sql, { usdt: 50_000_000n, payment: { bank: { holder: 'T', bank: 'B', account: 'DE00 1234' } } });
  const o = await createOrder(sql, { traderId: trader, side: 'sell', fiatCurrency: 'EUR', usdtAmount: 20_000_000n, paymentMethod: 'bank' });
  assert.equal(o.order.fiatAmount, 1_800n);
  assert.equal(await avail(trader), 30_000_000n);
  const accBefore = await avail(acc);
  const m = await confirmOrder(sql, o.order.id, asUser(acc));
  assert.equal(m.order.paymentDetails?.account, 'DE00 1234');
  await assert.rejects(markPaid(sql, o.order.id, asUser(trader)), refused('forbidden'));
  await markPaid(sql, o.order.id, asUser(acc));
  await assert.rejects(releaseOrder(sql, o.order.id, asUser(acc)), refused('forbidden'));
  await releaseOrder(sql, o.order.id, asUser(trader));
  assert.equal(await avail(acc), accBefore + 20_000_000n - o.order.fee);
});

test('a sell with no receiving details, or more USDT than the trader has, is refused with nothing written', async () => {
  await setMode(sql, 'auto');
  await makeAcceptor(sql, { currency: 'GBP', price: '0.8000', side: 'sell' });
  const noDetails = await makeUser(sql, { usdt: 50_000_000n });
  await assert.rejects(createOrder(sql, { traderId: noDetails, side: 'sell', fiatCurrency: 'GBP', usdtAmount: 5_000_000n, paymentMethod: 'bank' }), refused('missing_payment_details'));
  const poor = await makeUser(sql, { usdt: 1_000_000n, payment: { bank: { holder: 'T', bank: 'B', account: 'GB00' } } });
  const [before] = await sql`SELECT count(*)::int AS n FROM orders`;
  await assert.rejects(createOrder(sql, { traderId: poor, side: 'sell', fiatCurrency: 'GBP', usdtAmount: 5_000_000n, paymentMethod: 'bank' }), refused('insufficient_funds'));
  const [after] = await sql`SELECT count(*)::int AS n FROM orders`;
  assert.equal(after.n, before.n);
});

test('bad input is refused with a typed error and nothing written', async () => {
  await setMode(sql, 'auto');
  await makeAcceptor(sql, { currency: 'JPY', price: '150.0000', minFiat: 1_000n, maxFiat: 100_000n });
  const trader = await makeUser(sql);
  const [before] = await sql`SELECT (SELECT count(*) FROM orders)::int AS o, (SELECT count(*) FROM transfers)::int AS t, (SELECT count(*) FROM outbox)::int AS x`;
  const base = { traderId: trader, side: 'buy' as const, fiatCurrency: 'JPY', paymentMethod: 'bank' };
  await assert.rejects(createOrder(sql, { ...base, fiatAmount: -5n }), refused('invalid_amount'));
  await assert.rejects(createOrder(sql, { ...base, fiatAmount: 0n }), refused('invalid_amount'));
  await assert.rejects(createOrder(sql, { ...base }), refused('invalid_amount'));
  await assert.rejects(createOrder(sql, { ...base, fiatAmount: 1n, usdtAmount: 1n }), refused('invalid_amount'));
  await assert.rejects(createOrder(sql, { ...base, fiatCurrency: 'XXX', fiatAmount: 5_000n }), refused('unknown_currency'));
  await assert.rejects(createOrder(sql, { ...base, paymentMethod: 'paypal', fiatAmount: 5_000n }), refused('unknown_payment_method'));
  await assert.rejects(createOrder(sql, { ...base, paymentMethod: 'alipay', fiatAmount: 5_000n }), refused('unknown_payment_method'));
  await assert.rejects(createOrder(sql, { ...base, fiatAmount: 500n }), refused('outside_limits'));
  await assert.rejects(createOrder(sql, { ...base, fiatAmount: 200_000n }), refused('outside_limits'));
  await assert.rejects(createOrder(sql, { ...base, traderId: 999_999, fiatAmount: 5_000n }), refused('not_found'));
  const [after] = await sql`SELECT (SELECT count(*) FROM orders)::int AS o, (SELECT count(*) FROM transfers)::int AS t, (SELECT count(*) FROM outbox)::int AS x`;
  assert.deepEqual(after, before);
});

test('a user acting on another user\'s order is refused; terminal orders refuse everything', async () => {
  await setMode(sql, 'auto');
  const { userId: acc } = await makeAcceptor(sql, { currency: 'HKD', price: '7.8000' });
  const trader = await makeUser(sql);
  const stranger = await makeUser(sql);
  const o = await createOrder(sql, { traderId: trader, side: 'buy', fiatCurrency: 'HKD', fiatAmount: 78_000n, paymentMethod: 'bank' });
  await assert.rejects(confirmOrder(sql, o.order.id, asUser(stranger)), refused('not_your_order'));
  await assert.rejects(cancelOrder(sql, o.order.id, asUser(stranger)), refused('not_your_order'));
  await confirmOrder(sql, o.order.id, asUser(acc));
  await assert.rejects(markPaid(sql, o.order.id, asUser(stranger)), refused('not_your_order'));
  await assert.rejects(releaseOrder(sql, o.order.id, asUser(stranger)), refused('not_your_order'));
  await assert.rejects(markPaid(sql, o.order.id, asUser(acc)), refused('forbidden'));
  await releaseOrder(sql, o.order.id, asUser(acc));
  for (const attempt of [
    () => releaseOrder(sql, o.order.id, asUser(acc)),
    () => cancelOrder(sql, o.order.id, asUser(trader)),
    () => markPaid(sql, o.order.id, asUser(trader)),
    () => expireOrder(sql, o.order.id),
    () => resolveDispute(sql, o.order.id, admin, { outcome: 'refund', reason: 'x' }),
  ]) await assert.rejects(attempt(), refused('already_done'));
  assert.equal((await getOrder(sql, o.order.id))!.status, 'released');
});

test('extend: only near the end of the window, only once, only by the seller', async () => {
  await setMode(sql, 'auto');
  const { userId: acc } = await makeAcceptor(sql, { currency: 'SGD', price: '1.3500' });
  const trader = await makeUser(sql);
  const o = await createOrder(sql, { traderId: trader, side: 'buy', fiatCurrency: 'SGD', fiatAmount: 13_500n, paymentMethod: 'bank' });
  await confirmOrder(sql, o.order.id, asUser(acc));
  await assert.rejects(extendOrder(sql, o.order.id, asUser(acc)), refused('too_early'));
  await sql`UPDATE orders SET pay_deadline = now() + interval '2 minutes' WHERE id = ${o.order.id}`;
  await assert.rejects(extendOrder(sql, o.order.id, asUser(trader)), refused('forbidden'));
  const e = await extendOrder(sql, o.order.id, asUser(acc));
  assert.ok(e.order.payDeadline!.getTime() > Date.now() + 16 * 60_000);
  await sql`UPDATE orders SET pay_deadline = now() + interval '2 minutes' WHERE id = ${o.order.id}`;
  await assert.rejects(extendOrder(sql, o.order.id, asUser(acc)), refused('already_done'));
});

test('appeal opens only after the release window; split ruling pays the buyer part and returns the rest', async () => {
  await setMode(sql, 'auto');
  const { userId: acc } = await makeAcceptor(sql, { currency: 'MYR', price: '4.5000' });
  const trader = await makeUser(sql);
  const o = await createOrder(sql, { traderId: trader, side: 'buy', fiatCurrency: 'MYR', usdtAmount: 10_000_000n, paymentMethod: 'bank' });
  await confirmOrder(sql, o.order.id, asUser(acc));
  const accHeld = await avail(acc);
  await markPaid(sql, o.order.id, asUser(trader));
  await assert.rejects(appealOrder(sql, o.order.id, asUser(trader), 'seller silent'), refused('too_early'));
  await assert.rejects(appealOrder(sql, o.order.id, asUser(trader), '   '), refused('invalid_input'));
  await makeDue(sql, o.order.id, 'appeal_after');
  const t = await runDueTimers(sql);
  assert.ok(t.appealsUnlocked >= 1);
  await appealOrder(sql, o.order.id, asUser(acc), 'payment never arrived');
  const [d] = await sql`SELECT opened_by, reason FROM disputes WHERE order_id = ${o.order.id}`;
  assert.equal(Number(d.opened_by), acc);
  await assert.rejects(resolveDispute(sql, o.order.id, asUser(trader) as never, { outcome: 'release', reason: 'x' }), refused('forbidden'));
  await assert.rejects(resolveDispute(sql, o.order.id, admin, { outcome: 'split', reason: 'half', buyerShare: 10_000_000n }), refused('invalid_amount'));
  await assert.rejects(resolveDispute(sql, o.order.id, admin, { outcome: 'split', reason: '' , buyerShare: 1n }), refused('invalid_input'));
  const r = await resolveDispute(sql, o.order.id, admin, { outcome: 'split', reason: 'partial payment shown', buyerShare: 4_000_000n });
  assert.equal(r.order.status, 'resolved');
  assert.equal(r.order.resolution, 'split');
  assert.equal(await avail(trader), 4_000_000n);
  assert.equal(await avail(acc), accHeld + 6_000_000n);
  const [dr] = await sql`SELECT resolution, resolution_reason, resolved_by FROM disputes WHERE order_id = ${o.order.id}`;
  assert.deepEqual({ ...dr }, { resolution: 'split', resolution_reason: 'partial payment shown', resolved_by: 'arb' });
});

test('three buyer cancellations in 24 h suspend new buy orders for the rest of the day', async () => {
  await setMode(sql, 'auto');
  await makeAcceptor(sql, { currency: 'THB', price: '36.0000' });
  const trader = await makeUser(sql);
  const req = { traderId: trader, side: 'buy' as const, fiatCurrency: 'THB', fiatAmount: 36_000n, paymentMethod: 'bank' };
  for (let i = 0; i < 3; i++) {
    const o = await createOrder(sql, req);
    await cancelOrder(sql, o.order.id, asUser(trader), 'changed my mind');
  }
  await assert.rejects(createOrder(sql, req), refused('cancel_limit'));
  const [u] = await sql`SELECT buy_suspended_until > now() AS suspended FROM users WHERE id = ${trader}`;
  assert.equal(u.suspended, true);
});

test('an unconfirmed claim times out and auto mode offers the order to the next acceptor', async () => {
  await setMode(sql, 'auto');
  const a1 = await makeAcceptor(sql, { currency: 'VND', price: '25000.0000', minFiat: 1n });
  const a2 = await makeAcceptor(sql, { currency: 'VND', price: '25000.0000', minFiat: 1n });
  const trader = await makeUser(sql);
  const o = await createOrder(sql, { traderId: trader, side: 'buy', fiatCurrency: 'VND', fiatAmount: 2_500_000n, paymentMethod: 'bank' });
  const first = o.order.acceptorId!;
  await makeDue(sql, o.order.id, 'claim_deadline');
  await assert.rejects(confirmOrder(sql, o.order.id, asUser(first)), refused('too_late'));
  const t = await runDueTimers(sql);
  assert.equal(t.claimTimeouts, 1);
  const after = await getOrder(sql, o.order.id);
  assert.equal(after!.status, 'claimed');
  assert.notEqual(after!.acceptorId, first);
  assert.ok([a1.userId, a2.userId].includes(after!.acceptorId!));
  await makeDue(sql, o.order.id, 'claim_deadline');
  await runDueTimers(sql);
  const last = await getOrder(sql, o.order.id);
  assert.equal(last!.status, 'created');
  assert.equal(last!.acceptorId, null);
});

test('group mode: two acceptors claim at once, exactly one wins, the loser is told', async () => {
  await setMode(sql, 'group');
  const a1 = await makeAcceptor(sql, { currency: 'TWD', price: '32.0000' });
  const a2 = await makeAcceptor(sql, { currency: 'TWD', price: '32.5000' });
  const trader = await makeUser(sql);
  const o = await createOrder(sql, { traderId: trader, side: 'buy', fiatCurrency: 'TWD', fiatAmount: 320_000n, paymentMethod: 'bank' });
  assert.equal(o.order.status, 'created');
  const results = await Promise.allSettled([claimOrder(sql, o.order.id, asUser(a1.userId)), claimOrder(sql, o.order.id, asUser(a2.userId))]);
  const won = results.filter((r) => r.status === 'fulfilled');
  const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
  assert.equal(won.length, 1);
  assert.equal(lost.length, 1);
  assert.ok(lost[0].reason instanceof DeskError && lost[0].reason.code === 'already_done');
  const [n] = await sql`SELECT count(*)::int AS n FROM order_events WHERE order_id = ${o.order.id} AND action = 'claim'`;
  assert.equal(n.n, 1);
  await setMode(sql, 'auto');
});

test('a timer racing the buyer: paid and expire at the deadline, exactly one outcome', async () => {
  await setMode(sql, 'auto');
  const { userId: acc } = await makeAcceptor(sql, { currency: 'PHP', price: '58.0000' });
  for (let i = 0; i < 10; i++) {
    const trader = await makeUser(sql);
    const o = await createOrder(sql, { traderId: trader, side: 'buy', fiatCurrency: 'PHP', fiatAmount: 58_000n, paymentMethod: 'bank' });
    await confirmOrder(sql, o.order.id, asUser(acc));
    await sql`UPDATE orders SET pay_deadline = now() + interval '20 milliseconds' WHERE id = ${o.order.id}`;
    await new Promise((r) => setTimeout(r, 15 + (i % 3) * 5));
    const [paid, expired] = await Promise.allSettled([markPaid(sql, o.order.id, asUser(trader)), expireOrder(sql, o.order.id)]);
    const wins = [paid, expired].filter((r) => r.status === 'fulfilled').length;
    assert.ok(wins <= 1, 'at most one wins');
    const final = await getOrder(sql, o.order.id);
    if (paid.status === 'fulfilled') assert.equal(final!.status, 'paid');
    else if (expired.status === 'fulfilled') assert.equal(final!.status, 'expired');
    else {
      // Neither: too early for expire and too late for paid is impossible; the clock moved on.
      await makeDue(sql, o.order.id, 'pay_deadline');
      await expireOrder(sql, o.order.id);
    }
    const [esc] = await sql`SELECT credits_pending, credits_posted FROM accounts WHERE owner_type = 'order' AND owner_id = ${o.order.id}`;
    // Expired: the hold is voided; paid: still held for the seller's release.
    assert.equal(esc.credits_pending, final!.status === 'paid' ? o.order.usdtAmount : 0n);
  }
});

test('acceptor margin: too little margin is not eligible; after release below the ratio the acceptor goes offline', async () => {
  await setMode(sql, 'auto');
  const trader = await makeUser(sql);
  const { userId: acc } = await makeAcceptor(sql, { currency: 'INR', price: '83.0000', margin: 2_000_000n, usdt: 500_000_000n });
  // 20 % of 100 USDT is 20 USDT of margin: 2 USDT is not enough.
  await assert.rejects(createOrder(sql, { traderId: trader, side: 'buy', fiatCurrency: 'INR', usdtAmount: 100_000_000n, paymentMethod: 'bank' }), refused('no_acceptor'));
  const o = await createOrder(sql, { traderId: trader, side: 'buy', fiatCurrency: 'INR', usdtAmount: 10_000_000n, paymentMethod: 'bank' });
  await confirmOrder(sql, o.order.id, asUser(acc));
  await sql`UPDATE acceptors SET margin_bps = 5000 WHERE user_id = ${acc}`;
  await releaseOrder(sql, o.order.id, asUser(acc));
  const [a] = await sql`SELECT online FROM acceptors WHERE user_id = ${acc}`;
  assert.equal(a.online, false);
  const [ev] = await sql`SELECT topic FROM outbox WHERE topic = 'acceptor.offline' AND payload->>'userId' = ${String(acc)}`;
  assert.ok(ev);
});

test('KYC tier caps the daily volume', async () => {
  await setMode(sql, 'auto');
  await makeAcceptor(sql, { currency: 'KRW', price: '1350.0000', minFiat: 1n, maxFiat: 10_000_000_000n });
  const trader = await makeUser(sql, { kycTier: 0 });
  await setSetting(sql, 'kyc_daily_limits', { '0': '50000000', '1': '10000000000', '2': '100000000000' }, 'test');
  await createOrder(sql, { traderId: trader, side: 'buy', fiatCurrency: 'KRW', usdtAmount: 40_000_000n, paymentMethod: 'bank' });
  await assert.rejects(createOrder(sql, { traderId: trader, side: 'buy', fiatCurrency: 'KRW', usdtAmount: 20_000_000n, paymentMethod: 'bank' }), refused('kyc_limit'));
});

test('merchant pay-in: acceptor locked at once; release credits the merchant less the fee and pays the commission', async () => {
  await setMode(sql, 'auto');
  const { userId: acc } = await makeAcceptor(sql, { currency: 'BRL', price: '5.0000' });
  const merchantId = 4242;
  const accBefore = await avail(acc);
  const p = await createPayin(sql, { merchantId, merchantOrderId: 'm-1', fiatCurrency: 'BRL', fiatAmount: 50_000n, feeBps: 100, commissionBps: 40 });
  assert.equal(p.order.status, 'matched');
  assert.equal(p.order.usdtAmount, 100_000_000n);
  assert.ok(p.order.paymentDetails?.account);
  await assert.rejects(createPayin(sql, { merchantId, merchantOrderId: 'm-1', fiatCurrency: 'BRL', fiatAmount: 50_000n, feeBps: 100, commissionBps: 40 }), refused('invalid_input'));
  await markPaid(sql, p.order.id, { kind: 'customer', orderId: p.order.id });
  await releaseOrder(sql, p.order.id, asUser(acc));
  assert.equal((await balance(sql, { type: 'merchant', id: merchantId })).available, 99_000_000n);
  assert.equal(await avail(acc), accBefore - 100_000_000n + 400_000n);
  const hooks = await sql`SELECT topic FROM outbox WHERE channel = 'webhook' AND payload->>'orderId' = ${String(p.order.id)} ORDER BY id`;
  assert.deepEqual(hooks.map((h) => h.topic), ['order.create', 'order.claim', 'order.confirm', 'order.paid', 'order.release']);
});

test('funding helper sanity: a faucet credit shows as available', async () => {
  const u = await makeUser(sql);
  await fund(sql, u, 5n);
  assert.equal(await avail(u), 5n);
});

test('two processes firing timers side by side: each due order expires exactly once', async () => {
  await setMode(sql, 'auto');
  const { userId: acc } = await makeAcceptor(sql, { currency: 'ZAR', price: '18.0000' });
  const ids: number[] = [];
  for (let i = 0; i < 40; i++) {
    const trader = await makeUser(sql);
    const o = await createOrder(sql, { traderId: trader, side: 'buy', fiatCurrency: 'ZAR', fiatAmount: 18_000n, paymentMethod: 'bank' });
    await confirmOrder(sql, o.order.id, asUser(acc));
    ids.push(o.order.id);
  }
  await sql`UPDATE orders SET pay_deadline = now() - interval '1 second' WHERE id = ANY(${ids})`;
  // A second pool stands for a second instance of the desk.
  const other = connect(url, { max: 5 });
  try {
    const [a, b] = await Promise.all([runDueTimers(sql), runDueTimers(other.sql)]);
    assert.equal(a.expired + b.expired, ids.length);
  } finally {
    await other.close();
  }
  const [n] = await sql`SELECT count(*)::int AS n FROM order_events WHERE action = 'expire' AND order_id = ANY(${ids})`;
  assert.equal(n.n, ids.length);
  const [v] = await sql`SELECT count(*)::int AS n FROM transfers WHERE code = 'order_expire' AND pending_id = ANY(${ids.map((i) => `order:${i}:escrow`)})`;
  assert.equal(v.n, ids.length);
});
