// The example client and the guide agree with the server's signing code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sign, signatureMatches, checkTimestamp } from '../../core/merchants/index.ts';
import { canonical, hmacHex, verifyWebhook } from '../../docs/example-client.ts';

const secret = 'sk_live_example_secret';
const body = '{"merchant_order_id":"A-1001","amount":"100.50","currency":"CNY"}';

test('the worked example in docs/api.md is what the server computes', () => {
  const guide = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
  const post = sign(secret, '1795309200', 'POST', '/v1/payins', body);
  const get = sign(secret, '1795309200', 'GET', '/v1/payins?merchant_order_id=A-1001', '');
  assert.ok(guide.includes(`X-Signature: ${post}`), 'POST example');
  assert.ok(guide.includes(get), 'GET example');
  assert.equal(hmacHex(secret, canonical('1795309200', 'post', '/v1/payins', body)), post);
  assert.ok(signatureMatches(secret, post.toUpperCase(), '1795309200', 'POST', '/v1/payins', body));
  assert.ok(!signatureMatches(secret, post, '1795309201', 'POST', '/v1/payins', body));
  assert.ok(!signatureMatches(secret, post.slice(0, 62), '1795309200', 'POST', '/v1/payins', body));
});

test('timestamps: seconds, within 300 s either way', () => {
  assert.equal(checkTimestamp('1000', 1300), 'ok');
  assert.equal(checkTimestamp('1000', 1301), 'stale');
  assert.equal(checkTimestamp('1301', 1000), 'stale');
  assert.equal(checkTimestamp('1000000000000', 1000), 'invalid');
  assert.equal(checkTimestamp('12.5', 1000), 'invalid');
});

test('verifyWebhook accepts a good event and refuses unknown keys, stale or tampered ones', () => {
  const now = 1795309200;
  const raw = JSON.stringify({ id: 'evt_1', type: 'payin.paid', created_at: '2026-11-22T00:00:00Z', data: { id: 1 } });
  const headers = { 'x-key-id': 'mk_a', 'x-timestamp': String(now), 'x-nonce': 'n'.repeat(16), 'x-signature': sign(secret, String(now), 'POST', '/hook?x=1', raw) };
  assert.equal(verifyWebhook({ mk_a: secret }, headers, raw, '/hook?x=1', now).id, 'evt_1');
  // Both secrets during a rotation.
  assert.equal(verifyWebhook({ mk_old: 'sk_old', mk_a: secret }, headers, raw, '/hook?x=1', now).type, 'payin.paid');
  assert.throws(() => verifyWebhook({ mk_b: secret }, headers, raw, '/hook?x=1', now), /unknown key/);
  assert.throws(() => verifyWebhook({ mk_a: secret }, headers, raw, '/hook?x=1', now + 301), /stale/);
  assert.throws(() => verifyWebhook({ mk_a: secret }, headers, raw, '/hook?x=2', now), /bad signature/);
  assert.throws(() => verifyWebhook({ mk_a: secret }, headers, raw + ' ', '/hook?x=1', now), /bad signature/);
  assert.throws(() => verifyWebhook({ mk_a: secret }, { ...headers, 'x-signature': 'abc' }, raw, '/hook?x=1', now), /bad signature/);
  assert.throws(() => verifyWebhook({ mk_a: secret }, { 'x-key-id': 'mk_a' }, raw, '/hook?x=1', now), /missing/);
});
