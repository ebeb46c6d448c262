// Every refused request leaves the database exactly as it was: no order, transfer, outbox
// row, idempotency key, page link — and no nonce either.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { testDatabase } from '../helpers/db.ts';
import { startApiServer } from '../../api/server.ts';
import { createMerchant, rotateMerchantKey, revokeMerchantKey, signingKey, listMerchantKeys } from '../../core/merchants/index.ts';
import { isDeskError } from '../../core/errors.ts';
import { canonical, hmacHex, DeskClient, DeskError } from '../../docs/example-client.ts';
import { testConfig, seedAcceptor, count } from './fixtures.ts';

const db = await testDatabase();
const { sql } = db;
const config = testConfig();
const secretKey = Buffer.from(config.MERCHANT_SECRET_KEY!, 'hex');
const { merchant, key } = await createMerchant(sql, secretKey, { name: 'Shop', feeBps: 50, currencies: ['CNY'] });
await seedAcceptor(sql);
const api = await startApiServer({ sql, db: db.db, config, secretKey }, { port: 0, hostname: '127.0.0.1' });
after(() => api.close());

const TABLES = ['orders', 'order_events', 'transfers', 'outbox', 'idempotency_keys', 'api_nonces', 'payin_links'];
const snapshot = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await count(sql, t)])));

interface Req {
  method?: string;
  path?: string;
  body?: string;
  keyId?: string;
  secret?: string;
  ts?: number;
  nonce?: string;
  idem?: string | null;
  signedBody?: string;
  signedPath?: string;
  drop?: string;
}

function build(r: Req = {}): { url: string; init: RequestInit } {
  const method = r.method ?? 'POST';
  const path = r.path ?? '/v1/payins';
  const body = r.body ?? JSON.stringify({ merchant_order_id: `O-${randomBytes(4).toString('hex')}`, amount: '70.00', currency: 'CNY' });
  const ts = String(r.ts ?? Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-key-id': r.keyId ?? key.keyId,
    'x-timestamp': ts,
    'x-nonce': r.nonce ?? randomBytes(16).toString('hex'),
    'x-signature': hmacHex(r.secret ?? key.secret, canonical(ts, method, r.signedPath ?? path, r.signedBody ?? body)),
  };
  if (r.idem !== null) headers['idempotency-key'] = r.idem ?? randomBytes(8).toString('hex');
  if (r.drop) delete headers[r.drop];
  return { url: `${api.url}${path}`, init: { method, headers, body: method === 'GET' ? undefined : body } };
}

async function send(r: Req = {}) {
  const { url, init } = build(r);
  const res = await fetch(url, init);
  return { status: res.status, body: await res.json() };
}

async function refusedUnchanged(r: Req, status: number, code: string) {
  const before = await snapshot();
  const res = await send(r);
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.error.code, code);
  assert.equal(typeof res.body.error.message, 'string');
  assert.deepEqual(await snapshot(), before, `${code}: something was written`);
}

test('a well-signed create works (the baseline the refusals differ from)', async () => {
  const res = await send();
  assert.equal(res.status, 201);
  assert.equal(res.body.status, 'awaiting_payment');
});

test('forged signature, tampered body or path, stale timestamp, wrong key, missing header: 401 and nothing written', async () => {
  await refusedUnchanged({ secret: 'sk_' + randomBytes(32).toString('base64url') }, 401, 'invalid_signature');
  await refusedUnchanged({ signedBody: JSON.stringify({ merchant_order_id: 'X', amount: '1.00', currency: 'CNY' }) }, 401, 'invalid_signature');
  await refusedUnchanged({ signedPath: '/v1/balance' }, 401, 'invalid_signature');
  await refusedUnchanged({ ts: Math.floor(Date.now() / 1000) - 301 }, 401, 'stale_timestamp');
  await refusedUnchanged({ ts: Math.floor(Date.now() / 1000) + 400 }, 401, 'stale_timestamp');
  await refusedUnchanged({ keyId: 'mk_' + randomBytes(10).toString('hex') }, 401, 'unknown_key');
  await refusedUnchanged({ drop: 'x-signature' }, 401, 'missing_auth_header');
  await refusedUnchanged({ nonce: 'short' }, 401, 'invalid_nonce');
  const bad = build();
  (bad.init.headers as Record<string, string>)['x-signature'] = 'zz'.repeat(32);
  const before = await snapshot();
  assert.equal((await fetch(bad.url, bad.init)).status, 401);
  assert.deepEqual(await snapshot(), before);
});

test('a replayed request (same nonce) is refused and writes nothing', async () => {
  const { url, init } = build({ idem: 'replay-1' });
  const first = await fetch(url, init);
  assert.equal(first.status, 201);
  const before = await snapshot();
  const again = await fetch(url, init);
  assert.equal(again.status, 401);
  assert.equal((await again.json()).error.code, 'nonce_reused');
  assert.deepEqual(await snapshot(), before);
  // A GET is guarded the same way.
  const g = build({ method: 'GET', path: '/v1/balance', body: '', idem: null });
  assert.equal((await fetch(g.url, g.init)).status, 200);
  assert.equal((await fetch(g.url, g.init)).status, 401);
});

test('a create refused by the desk (no acceptor) burns its nonce: replaying it later is refused', async () => {
  const { url, init } = build({ body: JSON.stringify({ merchant_order_id: 'NA-1', amount: '70.00', currency: 'CNY', payment_method: 'alipay' }) });
  const before = await snapshot();
  const first = await fetch(url, init);
  assert.equal(first.status, 409);
  assert.equal((await first.json()).error.code, 'no_acceptor');
  // Only the nonce was kept.
  assert.deepEqual(await snapshot(), { ...before, api_nonces: before.api_nonces + 1 });
  const again = await fetch(url, init);
  assert.equal(again.status, 401);
  assert.equal((await again.json()).error.code, 'nonce_reused');
});

test('malformed JSON, a negative or over-precise amount, unknown fields: refused with nothing written', async () => {
  await refusedUnchanged({ body: '{"merchant_order_id":"M-1","amount":' }, 400, 'malformed_json');
  await refusedUnchanged({ body: JSON.stringify({ merchant_order_id: 'M-1', amount: '-5', currency: 'CNY' }) }, 422, 'invalid_amount');
  await refusedUnchanged({ body: JSON.stringify({ merchant_order_id: 'M-1', amount: '-5.00', currency: 'CNY' }) }, 422, 'invalid_amount');
  await refusedUnchanged({ body: JSON.stringify({ merchant_order_id: 'M-1', amount: '5.001', currency: 'CNY' }) }, 422, 'invalid_amount');
  await refusedUnchanged({ body: JSON.stringify({ merchant_order_id: 'M-1', amount: -5, currency: 'CNY' }) }, 422, 'invalid_request');
  await refusedUnchanged({ body: JSON.stringify({ merchant_order_id: 'M-1', amount: '5', currency: 'CNY', admin: true }) }, 422, 'invalid_request');
  await refusedUnchanged({ idem: null }, 400, 'missing_idempotency_key');
  await refusedUnchanged({ idem: 'bad key with spaces' }, 400, 'invalid_idempotency_key');
  const neg = await send({ body: JSON.stringify({ merchant_order_id: 'M-1', amount: '-5', currency: 'CNY' }) });
  assert.equal(neg.body.error.params.reason, 'negative');
});

test('key rotation: two keys work during the rotation, a third is refused, a revoked key gets 401 key_revoked', async () => {
  const m = await createMerchant(sql, secretKey, { name: 'Rotating', feeBps: 0, currencies: ['CNY'] });
  const second = await rotateMerchantKey(sql, secretKey, m.merchant.id);
  await assert.rejects(rotateMerchantKey(sql, secretKey, m.merchant.id), (e: unknown) => isDeskError(e, 'invalid_transition'));
  const oldC = new DeskClient({ baseUrl: api.url, keyId: m.key.keyId, secret: m.key.secret });
  const newC = new DeskClient({ baseUrl: api.url, keyId: second.keyId, secret: second.secret });
  assert.equal((await oldC.balance()).status, 200);
  assert.equal((await newC.balance()).status, 200);
  // Webhooks are signed with the newest key.
  assert.equal((await signingKey(sql, secretKey, m.merchant.id))!.keyId, second.keyId);
  await revokeMerchantKey(sql, m.merchant.id, m.key.keyId);
  await assert.rejects(revokeMerchantKey(sql, m.merchant.id, m.key.keyId), (e: unknown) => isDeskError(e, 'already_done'));
  await assert.rejects(oldC.balance(), (e: unknown) => e instanceof DeskError && e.status === 401 && e.code === 'key_revoked');
  assert.equal((await newC.balance()).status, 200);
  // The secret is stored encrypted, never in the clear.
  const [row] = await sql`SELECT secret_enc FROM merchant_keys WHERE key_id = ${second.keyId}`;
  assert.ok(!row.secret_enc.includes(second.secret.slice(3)));
  assert.deepEqual((await listMerchantKeys(sql, m.merchant.id)).map((k) => [k.keyId, k.revokedAt !== null]), [[m.key.keyId, true], [second.keyId, false]]);
  // Another merchant's key cannot act for this one and vice versa: keys map to exactly one merchant.
  assert.notEqual(m.merchant.id, merchant.id);
});

test('a suspended merchant is refused', async () => {
  const m = await createMerchant(sql, secretKey, { name: 'Sleepy', feeBps: 0, currencies: ['CNY'] });
  await sql`UPDATE merchants SET status = 'suspended' WHERE id = ${m.merchant.id}`;
  const c = new DeskClient({ baseUrl: api.url, keyId: m.key.keyId, secret: m.key.secret });
  await assert.rejects(c.balance(), (e: unknown) => e instanceof DeskError && e.status === 403 && e.code === 'merchant_suspended');
});
