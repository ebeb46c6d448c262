// Pay-ins in group mode, expiry and disputes, as the merchant (API, webhooks) and the
// customer (hosted page) see them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabase } from '../helpers/db.ts';
import { startApiServer } from '../../api/server.ts';
import { createMerchant } from '../../core/merchants/index.ts';
import { claimOrder, confirmOrder, runDueTimers, resolveDispute, getOrder } from '../../core/orders/index.ts';
import { enqueueWebhookEvents, deliverDueWebhooks } from '../../jobs/webhooks.ts';
import { DeskClient, verifyWebhook, type WebhookEvent } from '../../docs/example-client.ts';
import { testConfig, seedAcceptor, startReceiver } from './fixtures.ts';

const db = await testDatabase();
const { sql } = db;
const config = testConfig();
const secretKey = Buffer.from(config.MERCHANT_SECRET_KEY!, 'hex');
const receiver = await startReceiver();
const { key } = await createMerchant(sql, secretKey, { name: 'Shop', callbackUrl: receiver.url, feeBps: 100, commissionBps: 0, currencies: ['CNY'] });
const acceptorId = await seedAcceptor(sql);
const acceptor = { kind: 'user', userId: acceptorId } as const;
await sql`UPDATE settings SET value = '"group"' WHERE key = 'matching_mode'`;
const api = await startApiServer({ sql, db: db.db, config, secretKey }, { port: 0, hostname: '127.0.0.1' });
const client = new DeskClient({ baseUrl: api.url, keyId: key.keyId, secret: key.secret });
const jobs = { sql, config, secretKey, publicUrl: api.url, backoffBaseMs: 100 };
after(async () => {
  await api.close();
  await receiver.close();
});

async function events(payinId: number): Promise<WebhookEvent[]> {
  await enqueueWebhookEvents(jobs);
  await deliverDueWebhooks(jobs);
  return receiver.received
    .map((r) => verifyWebhook({ [key.keyId]: key.secret }, r.headers as Record<string, string>, r.body, r.url))
    .filter((e) => e.data.id === payinId)
    // Deliveries run concurrently and may arrive out of order; event ids follow the outbox.
    .sort((a, b) => Number(a.id.slice(4)) - Number(b.id.slice(4)));
}

async function matched(ref: string, amount = '140.00') {
  const p = (await client.createPayin({ merchant_order_id: ref, amount, currency: 'CNY' }, ref)).body;
  await claimOrder(sql, p.id, acceptor);
  await confirmOrder(sql, p.id, acceptor);
  return p;
}

test('group mode: pending until an acceptor takes it, then the instructions appear', async () => {
  const p = (await client.createPayin({ merchant_order_id: 'G-1', amount: '140.00', currency: 'CNY' }, 'G-1')).body;
  assert.equal(p.status, 'pending');
  assert.equal(p.instructions, null);
  assert.ok(p.expires_at);
  const waiting = await (await fetch(p.payment_url)).text();
  assert.match(waiting, /Finding a payment partner/);
  assert.match(waiting, /http-equiv="refresh"/);
  assert.doesNotMatch(waiting, /<form/);

  await claimOrder(sql, p.id, acceptor);
  assert.equal((await client.getPayin(p.id)).body.status, 'pending');
  await confirmOrder(sql, p.id, acceptor);
  const ready = (await client.getPayin(p.id)).body;
  assert.equal(ready.status, 'awaiting_payment');
  assert.deepEqual(ready.instructions.details, { holder: 'Li Wei', bank: 'ICBC', account: '6222 0000 1111 2222' });
  assert.match(await (await fetch(p.payment_url)).text(), /I have sent the payment/);
});

test('an unpaid pay-in expires: payin.expired, and the page warns the customer off', async () => {
  const p = await matched('E-1');
  await sql`UPDATE orders SET pay_deadline = now() - interval '1 second' WHERE id = ${p.id}`;
  await runDueTimers(sql);
  assert.equal((await client.getPayin(p.id)).body.status, 'expired');
  assert.deepEqual((await events(p.id)).map((e) => [e.type, e.data.status]), [['payin.expired', 'expired']]);
  assert.match(await (await fetch(p.payment_url)).text(), /This payment has expired/);
  // Marking it sent now changes nothing.
  await fetch(`${p.payment_url}/sent`, { method: 'POST', redirect: 'manual' });
  assert.equal((await getOrder(sql, p.id))!.status, 'expired');
});

test('the customer disputes from the hosted page; the ruling is reported as paid or cancelled', async () => {
  const refund = await matched('D-1');
  const release = await matched('D-2', '700');
  for (const p of [refund, release]) {
    assert.equal((await fetch(`${p.payment_url}/sent`, { method: 'POST', redirect: 'manual' })).status, 303);
    // Before the release window has passed there is no dispute form, and a forged POST is refused.
    assert.doesNotMatch(await (await fetch(p.payment_url)).text(), /Open a dispute/);
    await fetch(`${p.payment_url}/appeal`, { method: 'POST', body: new URLSearchParams({ reason: 'too early' }), redirect: 'manual' });
    assert.equal((await getOrder(sql, p.id))!.status, 'paid');
    await sql`UPDATE orders SET appeal_after = now() - interval '1 second' WHERE id = ${p.id}`;
    const page = await (await fetch(`${p.payment_url}?lang=zh-CN`)).text();
    assert.match(page, /提交申诉/);
    assert.doesNotMatch(page, /http-equiv="refresh"/);
    // An empty reason is refused with a message and changes nothing.
    const empty = await fetch(`${p.payment_url}/appeal?lang=en`, { method: 'POST', body: new URLSearchParams({ reason: '   ' }), redirect: 'manual' });
    assert.equal(empty.status, 303);
    assert.match(await (await fetch(new URL(empty.headers.get('location')!, api.url))).text(), /Please describe what happened/);
    assert.equal((await getOrder(sql, p.id))!.status, 'paid');
    const ok = await fetch(`${p.payment_url}/appeal`, { method: 'POST', body: new URLSearchParams({ reason: 'I paid at 10:02, no confirmation' }), redirect: 'manual' });
    assert.equal(ok.status, 303);
    assert.equal((await client.getPayin(p.id)).body.status, 'disputed');
    assert.match(await (await fetch(p.payment_url)).text(), /being reviewed/);
  }
  const admin = { kind: 'admin', adminId: 1, name: 'arbiter' } as const;
  await resolveDispute(sql, refund.id, admin, { outcome: 'refund', reason: 'no payment received' });
  await resolveDispute(sql, release.id, admin, { outcome: 'release', reason: 'bank statement shows the payment' });
  assert.deepEqual((await events(refund.id)).map((e) => [e.type, e.data.status]), [['payin.disputed', 'disputed'], ['payin.cancelled', 'cancelled']]);
  const rel = await events(release.id);
  assert.deepEqual(rel.map((e) => [e.type, e.data.status]), [['payin.disputed', 'disputed'], ['payin.paid', 'paid']]);
  assert.equal(rel[1].data.credited, '99.000000');
  assert.equal((await client.getPayin(refund.id)).body.credited, '0.000000');
  assert.equal((await client.balance()).body.available, '99.000000');
});
