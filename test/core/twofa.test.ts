import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { authenticator } from 'otplib';
import { testDatabase } from '../helpers/db.ts';
import { newUserSecret, describeSecret, enableTotp, disableTotp, checkUserCode, totpEnabled, MAX_FAILURES } from '../../core/twofa.ts';

const db = await testDatabase();
const key = randomBytes(32);
/** The code of the time step `steps` away from now. */
const code = (secret: string, steps = 0) => authenticator.clone({ epoch: Date.now() + steps * 30_000 }).generate(secret);
const wrong = (secret: string) => { const c = code(secret); return String((Number(c) + 1) % 1_000_000).padStart(6, '0'); };

async function user(): Promise<number> {
  const [r] = await db.sql`INSERT INTO users (telegram_id) VALUES (${Math.floor(Math.random() * 1e9)}) RETURNING id`;
  return Number(r.id);
}

test('enable needs a correct code; the secret is stored encrypted and bound to the user', async () => {
  const u = await user();
  const sealed = newUserSecret(key, u);
  const { secret, uri } = describeSecret(key, u, sealed, 'tina');
  assert.match(uri, new RegExp(`^otpauth://totp/otc-desk:tina\\?secret=${secret}&`));
  assert.equal((await enableTotp(db.sql, key, u, sealed, wrong(secret))).result, 'wrong');
  assert.equal(await totpEnabled(db.sql, u), false);
  assert.equal((await enableTotp(db.sql, key, u, sealed, code(secret))).result, 'ok');
  assert.equal(await totpEnabled(db.sql, u), true);
  const [row] = await db.sql`SELECT totp_secret FROM users WHERE id = ${u}`;
  assert.ok(row.totp_secret.startsWith('v1:') && !row.totp_secret.includes(secret), 'not in clear');
  // Moved to another user's row, the ciphertext does not open.
  const other = await user();
  assert.throws(() => describeSecret(key, other, sealed, 'x'));
  // Enabling again changes nothing.
  const again = newUserSecret(key, u);
  assert.equal((await enableTotp(db.sql, key, u, again, code(describeSecret(key, u, again, 'x').secret, 1))).result, 'already_enabled');
  assert.equal((await db.sql`SELECT totp_secret FROM users WHERE id = ${u}`)[0].totp_secret, row.totp_secret);
});

test('a code is accepted once; disable needs a current code', async () => {
  const u = await user();
  const sealed = newUserSecret(key, u);
  const { secret } = describeSecret(key, u, sealed, 'u');
  assert.equal((await enableTotp(db.sql, key, u, sealed, code(secret))).result, 'ok');
  assert.equal((await checkUserCode(db.sql, key, u, code(secret))).result, 'reused');
  assert.equal((await checkUserCode(db.sql, key, u, code(secret, 1))).result, 'ok');
  assert.equal((await disableTotp(db.sql, key, u, wrong(secret))).result, 'wrong');
  assert.equal(await totpEnabled(db.sql, u), true);
  // Within the one-step drift window, the step after the last accepted one.
  const [g] = await db.sql`SELECT last_step FROM user_totp_guard WHERE user_id = ${u}`;
  await db.sql`UPDATE user_totp_guard SET last_step = ${Number(g.last_step) - 2} WHERE user_id = ${u}`;
  assert.equal((await disableTotp(db.sql, key, u, code(secret))).result, 'ok');
  assert.equal(await totpEnabled(db.sql, u), false);
  assert.equal((await checkUserCode(db.sql, key, u, code(secret, 1))).result, 'not_enabled');
});

test(`${MAX_FAILURES} wrong codes lock the user for the window, stored in the database`, async () => {
  const u = await user();
  const sealed = newUserSecret(key, u);
  const { secret } = describeSecret(key, u, sealed, 'u');
  assert.equal((await enableTotp(db.sql, key, u, sealed, code(secret, -1))).result, 'ok');
  // A typo (not six digits) is not counted.
  assert.deepEqual(await checkUserCode(db.sql, key, u, 'abc'), { result: 'wrong', attemptsLeft: MAX_FAILURES });
  const seen: number[] = [];
  for (let i = 0; i < MAX_FAILURES - 1; i++) {
    const r = await checkUserCode(db.sql, key, u, wrong(secret));
    assert.equal(r.result, 'wrong');
    seen.push(r.attemptsLeft);
  }
  assert.deepEqual(seen, [4, 3, 2, 1]);
  const last = await checkUserCode(db.sql, key, u, wrong(secret));
  assert.equal(last.result, 'locked');
  assert.ok(last.lockedUntil);
  // Even the right code is refused while locked; parallel checks do not slip through.
  const many = await Promise.all([0, 1, 2].map(() => checkUserCode(db.sql, key, u, code(secret))));
  assert.deepEqual(many.map((r) => r.result), ['locked', 'locked', 'locked']);
  // Once the window has passed, the right code works and the count starts again.
  await db.sql`UPDATE user_totp_guard SET window_started_at = now() - interval '16 minutes' WHERE user_id = ${u}`;
  assert.equal((await checkUserCode(db.sql, key, u, code(secret))).result, 'ok');
  assert.equal((await db.sql`SELECT failures FROM user_totp_guard WHERE user_id = ${u}`)[0].failures, 0);
});

test('parallel wrong codes are all counted', async () => {
  const u = await user();
  const sealed = newUserSecret(key, u);
  const { secret } = describeSecret(key, u, sealed, 'u');
  await enableTotp(db.sql, key, u, sealed, code(secret));
  const rs = await Promise.all(Array.from({ length: 8 }, () => checkUserCode(db.sql, key, u, wrong(secret))));
  assert.equal(rs.filter((r) => r.result === 'wrong').length, MAX_FAILURES - 1);
  assert.equal(rs.filter((r) => r.result === 'locked').length, 8 - (MAX_FAILURES - 1));
});

test('a secret stored in clear (before encryption) still verifies', async () => {
  const u = await user();
  const secret = authenticator.generateSecret(20);
  await db.sql`UPDATE users SET totp_secret = ${secret} WHERE id = ${u}`;
  assert.equal((await checkUserCode(db.sql, key, u, code(secret))).result, 'ok');
});
