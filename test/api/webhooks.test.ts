// Webhook delivery: a receiver that is down gets the event once it is back, after backoff;
// a given-up delivery can be resent by an admin; payouts report payout.sent / payout.failed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabase } from '../helpers/db.ts';
import { startApiServer } from '../../api/server.ts';
import { createMerchant, resendWebhook, enqueueWebhook, backoffMs, webhookEventType, listWebhookDeliveries, webhookAttempts } from '../../core/merchants/index.ts';
import { accountId, transfer, DESK, balance } from '../../core/ledger/index.ts';
import { signNextWithdrawal, markBroadcast, finishWithdrawal, rejectWithdrawal, getWithdrawal } from '../../core/wallet/index.ts';
import { enqueueWebhookEvents, deliverDueWebhooks } from '../../jobs/webhooks.ts';
import { DeskClient, DeskError, verifyWebhook } from '../../docs/example-client.ts';
import { testConfig, seedAcceptor, startReceiver, until } from './fixtures.ts';

const db = await testDatabase();
const { sql } = db;
const config = testConfig();
const secretKey = Buffer.from(config.MERCHANT_SECRET_KEY!, 'hex');
await seedAcceptor(sql);
const api = await startApiServer({ sql, db: db.db, config, secretKey }, { port: 0, hostname: '127.0.0.1' });
after(() => api.close());
const BASE = 150;
const jobs = { sql, config, secretKey, publicUrl: api.url, backoffBaseMs: BASE, timeoutMs: 2000 };

async function tick() {
  await enqueueWebhookEvents(jobs);
  return deliverDueWebhooks(jobs);
}

test('backoff doubles from the configured base and is capped at an hour', () => {
  assert.deepEqual([1, 2, 3, 4].map((n) => backoffMs(1000, n)), [1000, 2000, 4000, 8000]);
  assert.equal(backoffMs(10_000, 30), 3_600_000);
  assert.equal(webhookEventType('order.release', {}), 'payin.paid');
  assert.equal(webhookEventType('order.resolve', { resolution: 'refund' }), 'payin.cancelled');
  assert.equal(webhookEventType('order.resolve', { resolution: 'split' }), 'payin.paid');
  assert.equal(webhookEventType('order.paid', {}), null);
  assert.equal(webhookEventType('withdrawal.confirmed', {}), 'payout.sent');
  assert.equal(webhookEventType('withdrawal.rejected', {}), 'payout.failed');
});

test('receiver down for a while, then up: delivered exactly once, after backing off', async () => {
  // Reserve a port, then take the receiver down.
  const probe = await startReceiver();
  const port = probe.port;
  await probe.close();
  const m = await createMerchant(sql, secretKey, { name: 'Down', callbackUrl: `http://127.0.0.1:${port}/hook`, feeBps: 0, currencies: ['CNY'] });
  const client = new DeskClient({ baseUrl: api.url, keyId: m.key.keyId, secret: m.key.secret });
  const p = (await client.createPayin({ merchant_order_id: 'D-1', amount: '70', currency: 'CNY' }, 'D-1')).body;
  await client.cancelPayin(p.id);

  const started = Date.now();
  while (Date.now() - started < 1200) {
    await tick();
    await new Promise((r) => setTimeout(r, 20));
  }
  const [down] = await listWebhookDeliveries(sql, { merchantId: m.merchant.id });
  assert.equal(down.status, 'pending');
  assert.ok(down.attempts >= 3 && down.attempts <= 4, `attempts while down: ${down.attempts}`);

  const receiver = await startReceiver(() => 200, port);
  try {
    await until(async () => (await tick(), receiver.received.length > 0), 10_000, 20);
    for (let i = 0; i < 10; i++) await tick();
    assert.equal(receiver.received.length, 1);
    const hook = receiver.received[0];
    const event = verifyWebhook({ [m.key.keyId]: m.key.secret }, hook.headers as Record<string, string>, hook.body, hook.url);
    assert.equal(event.type, 'payin.cancelled');
    assert.equal(event.data.id, p.id);

    const [d] = await listWebhookDeliveries(sql, { merchantId: m.merchant.id });
    assert.equal(d.status, 'delivered');
    const log = await webhookAttempts(sql, d.id);
    assert.equal(log.length, d.attempts);
    assert.ok(log.slice(0, -1).every((a) => a.statusCode === null && a.error === 'ECONNREFUSED'), JSON.stringify(log));
    assert.equal(log.at(-1)!.statusCode, 200);
    // Each wait is at least the doubled backoff.
    const at = log.map((a) => new Date(a.createdAt).getTime());
    for (let i = 1; i < at.length; i++) assert.ok(at[i] - at[i - 1] >= backoffMs(BASE, i) - 5, `gap ${i}: ${at[i] - at[i - 1]} ms < ${backoffMs(BASE, i)} ms`);
  } finally {
    await receiver.close();
  }
});

test('a delivery past its 24 h is given up; an admin resend delivers it', async () => {
  let answer = 500;
  const receiver = await startReceiver(() => answer);
  try {
    const m = await createMerchant(sql, secretKey, { name: 'Flaky', callbackUrl: receiver.url, feeBps: 0, currencies: ['CNY'] });
    // Short retry horizon so the give-up happens inside the test.
    await enqueueWebhook(sql, { eventId: 'evt_test_giveup', merchantId: m.merchant.id, eventType: 'payin.expired', sourceKey: 'test:giveup',
      payload: { id: 'evt_test_giveup', type: 'payin.expired', created_at: new Date().toISOString(), data: { id: 0 } }, giveUpAfterMs: 200 });
    await until(async () => (await tick(), (await listWebhookDeliveries(sql, { merchantId: m.merchant.id }))[0].status === 'failed'), 5000, 20);
    const [d] = await listWebhookDeliveries(sql, { merchantId: m.merchant.id });
    assert.equal(d.lastStatusCode, 500);
    const tries = receiver.received.length;
    assert.ok(tries >= 1);
    for (let i = 0; i < 5; i++) await tick();
    assert.equal(receiver.received.length, tries, 'a failed delivery is not retried by itself');

    answer = 200;
    const again = await resendWebhook(sql, d.id);
    assert.equal(again.status, 'pending');
    await tick();
    assert.equal(receiver.received.length, tries + 1);
    const [done] = await listWebhookDeliveries(sql, { merchantId: m.merchant.id });
    assert.equal(done.status, 'delivered');
    assert.equal(JSON.parse(receiver.received.at(-1)!.body).id, 'evt_test_giveup');
  } finally {
    await receiver.close();
  }
});

test('payouts go through the wallet withdrawal flow and report payout.sent / payout.failed', async () => {
  const receiver = await startReceiver();
  try {
    const m = await createMerchant(sql, secretKey, { name: 'Payer', callbackUrl: receiver.url, feeBps: 0, currencies: ['CNY'] });
    const client = new DeskClient({ baseUrl: api.url, keyId: m.key.keyId, secret: m.key.secret });
    const mine = await accountId(sql, { type: 'merchant', id: m.merchant.id }, 'available');
    await transfer(sql, { id: `test:merchant:${m.merchant.id}`, debitAccountId: await accountId(sql, DESK, 'faucet'), creditAccountId: mine, amount: 10_000_000_000n, code: 'test_fund' });
    const address = '0x52908400098527886E0F7030069857D2E4169EE7';

    const refused = (body: any, code: string) => assert.rejects(client.createPayout(body, `r-${Math.random()}`), (e: unknown) => e instanceof DeskError && e.status === 422 && e.code === code);
    await refused({ amount: '20', chain: 'bsc', address: '0x52908400098527886e0f7030069857d2e4169eZ8' }, 'invalid_address');
    await refused({ amount: '20', chain: 'bsc', address: '0x5290-8400' }, 'invalid_request');
    await refused({ amount: '20', chain: 'solana', address }, 'invalid_request');
    await refused({ amount: '20', chain: 'bsc', address: '0x52908400098527886E0F7030069857D2E4169Ee7' }, 'invalid_address');
    await refused({ amount: '20', chain: 'tron', address: 'TXYZ' + 'a'.repeat(30) }, 'invalid_address');
    await refused({ amount: '20.0000001', chain: 'bsc', address }, 'invalid_amount');
    await refused({ amount: '20000', chain: 'bsc', address }, 'insufficient_funds');

    const out = await client.createPayout({ amount: '20', chain: 'bsc', address }, 'po-1');
    assert.equal(out.status, 201);
    assert.equal(out.body.status, 'processing');
    assert.equal(out.body.network_fee, '0.500000');
    const again = await client.createPayout({ amount: '20', chain: 'bsc', address }, 'po-1');
    assert.equal(again.body.id, out.body.id);
    assert.equal(again.replayed, true);
    assert.deepEqual((await client.balance()).body, { object: 'balance', currency: 'USDT', available: '9979.500000', held: '20.500000' });

    // The chain side: sign, broadcast, confirm.
    const signed = await signNextWithdrawal(sql, 'bsc', async () => ({ signedTx: '0xf00d', txHash: '0x' + 'ab'.repeat(32), hotWallet: '0x' + '11'.repeat(20) }));
    assert.equal(signed!.id, out.body.id);
    await sql.begin(async (tx) => finishWithdrawal(tx, await markBroadcast(tx, signed!), { ok: true }));
    assert.equal((await client.getPayout(out.body.id)).body.status, 'sent');
    assert.equal((await balance(sql, { type: 'merchant', id: m.merchant.id })).available, 9_979_500_000n);

    // Above the approval threshold it waits for an admin; a rejection refunds and reports payout.failed.
    const big = await client.createPayout({ amount: '6000', chain: 'tron', address: 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7' }, 'po-2');
    assert.equal(big.body.status, 'pending_approval');
    await rejectWithdrawal(sql, big.body.id, 'admin:test', 'address on a watch list');
    assert.equal((await getWithdrawal(sql, big.body.id))!.status, 'rejected');
    assert.equal((await client.balance()).body.available, '9979.500000');

    await tick();
    const events = receiver.received.map((r) => verifyWebhook({ [m.key.keyId]: m.key.secret }, r.headers as Record<string, string>, r.body, r.url));
    assert.deepEqual(events.map((e) => [e.type, e.data.id]).sort(), [['payout.failed', big.body.id], ['payout.sent', out.body.id]].sort());
    const sent = events.find((e) => e.type === 'payout.sent')!;
    assert.equal(sent.data.tx_hash, '0x' + 'ab'.repeat(32));
    assert.equal(events.find((e) => e.type === 'payout.failed')!.data.failure_reason, 'address on a watch list');

    const other = await createMerchant(sql, secretKey, { name: 'Nosy', feeBps: 0, currencies: ['CNY'] });
    const nosy = new DeskClient({ baseUrl: api.url, keyId: other.key.keyId, secret: other.key.secret });
    await assert.rejects(nosy.getPayout(out.body.id), (e: unknown) => e instanceof DeskError && e.status === 404);
  } finally {
    await receiver.close();
  }
});
