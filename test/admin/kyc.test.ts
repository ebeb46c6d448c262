import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabase } from '../helpers/db.ts';
import { makeUser } from '../helpers/fixtures.ts';
import { submitKyc, approveKyc, rejectKyc, kycStatus, kycTiers } from '../../core/kyc/index.ts';
import { DeskError } from '../../core/errors.ts';
import { makeAdmin } from './helpers.ts';

const { sql } = await testDatabase();
const refused = (code: string) => (e: unknown) => e instanceof DeskError && e.code === code;
const files = { documentFileId: 'AgACAgIAAxkBAAIB', selfieFileId: 'AgACAgIAAxkBAAIC' };

test('submit → approve sets the tier, tells the trader through the outbox, and cannot be decided twice', async () => {
  const admin = await makeAdmin(sql, 'kyc');
  const reviewer = { adminId: admin.id, name: admin.name };
  const user = await makeUser(sql, { kycTier: 0 });
  assert.deepEqual(await kycStatus(sql, user), { tier: 0, latest: null });
  const s = await submitKyc(sql, user, { fullName: '  Zhang   San ', ...files });
  assert.equal(s.fullName, 'Zhang San');
  assert.equal(s.status, 'pending');
  // One open submission at a time.
  await assert.rejects(submitKyc(sql, user, { fullName: 'Zhang San', ...files }), refused('already_done'));
  assert.deepEqual(await kycTiers(sql), [1, 2]);
  await assert.rejects(approveKyc(sql, s.id, reviewer, 7), refused('invalid_input'));
  await assert.rejects(approveKyc(sql, s.id, reviewer, 0), refused('invalid_input'));
  const a = await approveKyc(sql, s.id, reviewer, 2);
  assert.equal(a.status, 'approved');
  const st = await kycStatus(sql, user);
  assert.equal(st.tier, 2);
  assert.equal(st.latest?.reviewerName, admin.name);
  const [ob] = await sql`SELECT payload FROM outbox WHERE channel = 'telegram' AND topic = 'kyc.approved' AND (payload->>'userId')::bigint = ${user}`;
  assert.deepEqual([Number(ob.payload.userId), ob.payload.tier], [user, 2]);
  await assert.rejects(rejectKyc(sql, s.id, reviewer, 'too late'), refused('already_done'));
  await assert.rejects(approveKyc(sql, 999999, reviewer, 1), refused('not_found'));
});

test('reject needs a reason, keeps the tier and allows a new submission', async () => {
  const admin = await makeAdmin(sql, 'kyc');
  const reviewer = { adminId: admin.id, name: admin.name };
  const user = await makeUser(sql, { kycTier: 1 });
  const s = await submitKyc(sql, user, { fullName: 'Jane Roe', ...files });
  await assert.rejects(rejectKyc(sql, s.id, reviewer, '  '), refused('invalid_input'));
  const r = await rejectKyc(sql, s.id, reviewer, 'Document photo is blurred');
  assert.equal(r.reason, 'Document photo is blurred');
  assert.equal((await kycStatus(sql, user)).tier, 1);
  const [ob] = await sql`SELECT payload FROM outbox WHERE topic = 'kyc.rejected' AND (payload->>'userId')::bigint = ${user}`;
  assert.equal(ob.payload.reason, 'Document photo is blurred');
  const again = await submitKyc(sql, user, { fullName: 'Jane Roe', ...files });
  assert.equal((await kycStatus(sql, user)).latest?.id, again.id);
});

test('bad submissions are refused with nothing written', async () => {
  const user = await makeUser(sql);
  const [before] = await sql`SELECT count(*)::int AS n FROM kyc_submissions`;
  await assert.rejects(submitKyc(sql, user, { fullName: ' ', ...files }), refused('invalid_input'));
  await assert.rejects(submitKyc(sql, user, { fullName: 'Ok Name', documentFileId: '', selfieFileId: 'x' }), refused('invalid_input'));
  await assert.rejects(submitKyc(sql, user, { fullName: 'Ok Name', documentFileId: 'a b', selfieFileId: 'x' }), refused('invalid_input'));
  await assert.rejects(submitKyc(sql, 987654321, { fullName: 'Ok Name', ...files }), refused('not_found'));
  const [after] = await sql`SELECT count(*)::int AS n FROM kyc_submissions`;
  assert.equal(after.n, before.n);
});

test('two reviewers deciding at once: exactly one wins', async () => {
  const a1 = await makeAdmin(sql, 'kyc');
  const a2 = await makeAdmin(sql, 'admin');
  const user = await makeUser(sql, { kycTier: 0 });
  const s = await submitKyc(sql, user, { fullName: 'Race Case', ...files });
  const results = await Promise.allSettled([
    approveKyc(sql, s.id, { adminId: a1.id, name: a1.name }, 1),
    rejectKyc(sql, s.id, { adminId: a2.id, name: a2.name }, 'mismatch'),
  ]);
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  assert.ok(refused('already_done')(loser.reason));
  const events = await sql`SELECT topic FROM outbox WHERE topic LIKE 'kyc.%ed' AND (payload->>'userId')::bigint = ${user} AND channel = 'telegram'`;
  assert.equal(events.length, 1);
});
