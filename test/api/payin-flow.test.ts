// The merchant channel end to end, over real HTTP on loopback: create → hosted page "sent"
// → acceptor releases → merchant credited → signed webhook delivered and verified.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { testDatabase } from '../helpers/db.ts';
import { startApiServer } from '../../api/server.ts';
import { createMerchant } from '../../core/merchants/index.ts';
import { releaseOrder, getOrder } from '../../core/orders/index.ts';
import { balance } from '../../core/ledger/index.ts';
import { enqueueWebhookEvents, deliverDueWebhooks } from '../../jobs/webhooks.ts';
import { DeskClient, DeskError, verifyWebhook } from '../../docs/example-client.ts';
import { testConfig, seedAcceptor, startReceiver, count } from './fixtures.ts';

const db = await testDatabase();
const { sql } = db;
const config = testConfig();
const secretKey = Buffer.from(config.MERCHANT_SECRET_KEY!, 'hex');
const receiver = await startReceiver();
const { merchant, key } = await createMerchant(sql, secretKey, { name: 'Shop', callbackUrl: receiver.url, feeBps: 100, commissionBps: 40, currencies: ['CNY'] });
const acceptorId = await seedAcceptor(sql, { price: '7.0000' });
const api = await startApiServer({ sql, db: db.db, config, secretKey }, { port: 0, hostname: '127.0.0.1' });
const client = new DeskClient({ baseUrl: api.url, keyId: key.keyId, secret: key.secret });
const jobs = { sql, config, secretKey, publicUrl: api.url, backoffBaseMs: 100 };
after(async () => {
  await api.close();
  await receiver.close();
});

test('create → customer marks sent on the hosted page → acceptor releases → balance credited → webhook verified', async () => {
  const heldBefore = (await balance(sql, { type: 'user', id: acceptorId })).held;
  const created = await client.createPayin({ merchant_order_id: 'A-1001', amount: '700.00', currency: 'CNY', customer_reference: 'cust-7' }, 'A-1001');
  assert.equal(created.status, 201);
  const p = created.body;
  assert.equal(p.status, 'awaiting_payment');
  assert.equal(p.amount, '700.00');
  assert.equal(p.usdt_amount, '100.000000');
  assert.equal(p.fee, '1.000000');
  assert.deepEqual(p.instructions.details, { holder: 'Li Wei', bank: 'ICBC', account: '6222 0000 1111 2222' });
  assert.equal(p.instructions.amount, '700.00');
  assert.match(p.payment_url, new RegExp(`^${api.url}/pay/[A-Za-z0-9_-]{30,}$`));
  // The acceptor's USDT is locked for the order.
  assert.equal((await balance(sql, { type: 'user', id: acceptorId })).held - heldBefore, 100_000_000n);

  // The hosted page, in both languages.
  const en = await fetch(p.payment_url);
  assert.equal(en.status, 200);
  assert.equal(en.headers.get('referrer-policy'), 'no-referrer');
  const enHtml = await en.text();
  assert.match(enHtml, /700\.00 CNY/);
  assert.match(enHtml, /I have sent the payment/);
  assert.match(enHtml, /Account holder<\/dt><dd>Li Wei<\/dd><dt>Bank<\/dt><dd>ICBC<\/dd><dt>Account<\/dt><dd>6222 0000 1111 2222/);
  assert.doesNotMatch(enHtml, /<dt>label<\/dt>/);
  const zh = await (await fetch(p.payment_url, { headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' } })).text();
  assert.match(zh, /我已付款/);
  assert.match(await (await fetch(`${p.payment_url}?lang=en`, { headers: { 'accept-language': 'zh-CN' } })).text(), /I have sent the payment/);
  assert.equal((await fetch(`${api.url}/pay/not-a-real-token-000000000000`)).status, 404);

  const sent = await fetch(`${p.payment_url}/sent?lang=zh-CN`, { method: 'POST', redirect: 'manual' });
  assert.equal(sent.status, 303);
  assert.equal(sent.headers.get('location'), `/pay/${p.payment_url.split('/').pop()}?lang=zh-CN`);
  assert.equal((await getOrder(sql, p.id))!.status, 'paid');
  assert.equal((await client.getPayin(p.id)).body.status, 'payment_sent');
  // A second press changes nothing and still lands on the page.
  assert.equal((await fetch(`${p.payment_url}/sent`, { method: 'POST', redirect: 'manual' })).status, 303);

  await releaseOrder(sql, p.id, { kind: 'user', userId: acceptorId });
  const bal = await client.balance();
  assert.deepEqual(bal.body, { object: 'balance', currency: 'USDT', available: '99.000000', held: '0.000000' });
  const got = (await client.getPayin(p.id)).body;
  assert.equal(got.status, 'paid');
  assert.equal(got.credited, '99.000000');
  assert.equal(got.instructions, null);

  await enqueueWebhookEvents(jobs);
  const sentOut = await deliverDueWebhooks(jobs);
  assert.equal(sentOut.delivered, 1);
  const paid = receiver.received.filter((r) => JSON.parse(r.body).type === 'payin.paid');
  assert.equal(paid.length, 1);
  const hook = paid[0];
  assert.equal(hook.url, '/hooks/desk?src=test');
  const event = verifyWebhook({ [key.keyId]: key.secret }, hook.headers as Record<string, string>, hook.body, hook.url);
  assert.equal(event.type, 'payin.paid');
  assert.equal(event.data.id, p.id);
  assert.equal(event.data.merchant_order_id, 'A-1001');
  assert.equal(event.data.status, 'paid');
  assert.equal(event.data.credited, '99.000000');
  assert.equal(hook.headers['x-event-id'], event.id);
  // A tampered body or a foreign secret does not verify.
  assert.throws(() => verifyWebhook({ [key.keyId]: key.secret }, hook.headers as Record<string, string>, hook.body.replace('99.000000', '990.000000'), hook.url), /bad signature/);
  assert.throws(() => verifyWebhook({ [key.keyId]: 'sk_other' }, hook.headers as Record<string, string>, hook.body, hook.url), /bad signature/);

  const [d] = await sql`SELECT * FROM webhook_deliveries WHERE event_id = ${event.id}`;
  assert.equal(d.status, 'delivered');
  assert.equal(d.attempts, 1);
  const attempts = await sql`SELECT status_code, latency_ms, error FROM webhook_attempts WHERE delivery_id = ${d.id}`;
  assert.equal(attempts.length, 1);
  assert.equal(attempts[0].status_code, 200);
  assert.equal(attempts[0].error, null);
  // Draining again sends nothing twice.
  await enqueueWebhookEvents(jobs);
  assert.equal((await deliverDueWebhooks(jobs)).delivered, 0);
  assert.equal(receiver.received.filter((r) => JSON.parse(r.body).type === 'payin.paid').length, 1);
});

test('a retried create with the same Idempotency-Key returns the same pay-in; another body with it is refused', async () => {
  const body = { merchant_order_id: 'A-2002', amount: '350', currency: 'CNY' };
  const first = await client.createPayin(body, 'idem-2002');
  const orders = await count(sql, 'orders');
  const again = await client.createPayin(body, 'idem-2002');
  assert.equal(again.status, 201);
  assert.equal(again.replayed, true);
  assert.deepEqual(again.body, first.body);
  assert.equal(await count(sql, 'orders'), orders);
  await assert.rejects(client.createPayin({ ...body, amount: '351' }, 'idem-2002'), (e: unknown) => e instanceof DeskError && e.status === 422 && e.code === 'idempotency_key_reused');
  // Same merchant_order_id under a new key: a conflict, not a second order.
  await assert.rejects(client.createPayin(body, 'idem-2002-b'), (e: unknown) => e instanceof DeskError && e.status === 409 && e.code === 'duplicate_merchant_order_id');
  assert.equal(await count(sql, 'orders'), orders);
  const found = await client.findPayin('A-2002');
  assert.equal(found.body.id, first.body.id);
});

test('concurrent retries of one create make one pay-in and all get its response', async () => {
  const before = await count(sql, 'orders');
  const body = { merchant_order_id: 'A-5005', amount: '210.00', currency: 'CNY' };
  const answers = await Promise.all(Array.from({ length: 6 }, () => client.createPayin(body, 'idem-5005')));
  assert.equal(await count(sql, 'orders'), before + 1);
  assert.equal(new Set(answers.map((a) => a.body.id)).size, 1);
  assert.equal(answers.filter((a) => !a.replayed).length, 1);
  for (const a of answers) assert.deepEqual(a.body, answers[0].body);
});

test('cancel unlocks the acceptor, is reported once by webhook, and cannot be repeated', async () => {
  const p = (await client.createPayin({ merchant_order_id: 'A-3003', amount: '140.00', currency: 'CNY' }, 'A-3003')).body;
  const held = (await balance(sql, { type: 'user', id: acceptorId })).held;
  const c = await client.cancelPayin(p.id, 'customer left');
  assert.equal(c.body.status, 'cancelled');
  assert.equal(held - (await balance(sql, { type: 'user', id: acceptorId })).held, 20_000_000n);
  await assert.rejects(client.cancelPayin(p.id), (e: unknown) => e instanceof DeskError && e.status === 409 && e.code === 'already_done');
  await enqueueWebhookEvents(jobs);
  await deliverDueWebhooks(jobs);
  const hooks = receiver.received.map((r) => JSON.parse(r.body)).filter((e) => e.data.id === p.id);
  assert.deepEqual(hooks.map((e) => e.type), ['payin.cancelled']);
  assert.equal(hooks[0].data.status, 'cancelled');
  // The hosted page now warns the customer off, with no details and no button.
  const page = await (await fetch(`${p.payment_url}?lang=zh-CN`)).text();
  assert.match(page, /此付款已取消/);
  assert.doesNotMatch(page, /6222|<form/);
  const late = await fetch(`${p.payment_url}/sent`, { method: 'POST', redirect: 'manual' });
  assert.equal(late.status, 303);
  assert.equal((await getOrder(sql, p.id))!.status, 'cancelled');
});

test('another merchant cannot see or cancel a pay-in; bad input is explained', async () => {
  const mine = (await client.createPayin({ merchant_order_id: 'A-4004', amount: '70', currency: 'CNY' }, 'A-4004')).body;
  const other = await createMerchant(sql, secretKey, { name: 'Other', feeBps: 0, currencies: ['CNY', 'USD'] });
  const them = new DeskClient({ baseUrl: api.url, keyId: other.key.keyId, secret: other.key.secret });
  await assert.rejects(them.getPayin(mine.id), (e: unknown) => e instanceof DeskError && e.status === 404);
  await assert.rejects(them.cancelPayin(mine.id), (e: unknown) => e instanceof DeskError && e.status === 404);
  assert.equal((await getOrder(sql, mine.id))!.status, 'matched');
  const refused = async (body: any, code: string, status = 422) =>
    assert.rejects(client.createPayin(body, `bad-${code}-${Math.random()}`), (e: unknown) => e instanceof DeskError && e.status === status && e.code === code);
  await refused({ merchant_order_id: 'B-1', amount: '10.001', currency: 'CNY' }, 'invalid_amount');
  await refused({ merchant_order_id: 'B-1', amount: '0.00', currency: 'CNY' }, 'invalid_amount');
  await refused({ merchant_order_id: 'B-1', amount: 100.5, currency: 'CNY' }, 'invalid_request');
  await refused({ merchant_order_id: 'B-1', amount: '1,000.00', currency: 'CNY' }, 'invalid_amount');
  await refused({ merchant_order_id: 'B-1', amount: '1e3', currency: 'CNY' }, 'invalid_amount');
  await refused({ merchant_order_id: 'B-1', amount: '100', currency: 'USD' }, 'currency_not_enabled');
  await refused({ merchant_order_id: 'B-1', amount: '100', currency: 'XXX' }, 'unknown_currency');
  await refused({ merchant_order_id: 'B-1', amount: '100', currency: 'CNY', extra: 1 }, 'invalid_request');
  await refused({ merchant_order_id: 'B-1', amount: '100', currency: 'CNY', payment_method: 'alipay' }, 'no_acceptor', 409);
  await assert.rejects(client.request('POST', '/v1/payins', { merchant_order_id: 'B-2', amount: '100', currency: 'CNY' }), (e: unknown) => e instanceof DeskError && e.status === 400 && e.code === 'missing_idempotency_key');
  await assert.rejects(them.createPayin({ merchant_order_id: 'B-3', amount: '100', currency: 'USD' }, 'usd-1'), (e: unknown) => e instanceof DeskError && e.code === 'no_acceptor');
});

test('every hosted page string exists in both languages', () => {
  const ids = (lang: string) => readFileSync(new URL(`../../locales/${lang}/payin.ftl`, import.meta.url), 'utf8').split('\n').filter((l) => /^[a-z]/.test(l)).map((l) => l.split(' =')[0]).sort();
  assert.deepEqual(ids('zh-CN'), ids('en'));
  assert.ok(ids('en').every((id) => id.startsWith('payin-')));
});

test('the API describes itself: /openapi.json and a self-contained /docs page', async () => {
  const spec = await (await fetch(`${api.url}/openapi.json`)).json();
  assert.equal(spec.openapi, '3.0.3');
  for (const p of ['/v1/payins', '/v1/payins/{id}', '/v1/payins/{id}/cancel', '/v1/balance', '/v1/payouts', '/v1/payouts/{id}']) assert.ok(spec.paths[p], p);
  assert.deepEqual(spec.components.schemas.PayinCreate.required.sort(), ['amount', 'currency', 'merchant_order_id']);
  const docs = await fetch(`${api.url}/docs`);
  assert.equal(docs.status, 200);
  const page = await docs.text();
  assert.match(page, /Create a pay-in/);
  assert.match(page, /merchant_order_id/);
  assert.doesNotMatch(page, /<script|<link|https?:\/\/(?!127\.0\.0\.1)/);
});
