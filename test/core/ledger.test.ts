import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabase } from '../helpers/db.ts';
import { accountId, balanceOf, transfer, hold, postPending, voidPending, LedgerError, DESK, checkInvariants } from '../../core/ledger/index.ts';

const db = await testDatabase();
const { sql } = db;

async function funded(userId: number, amount: bigint) {
  const acc = await accountId(sql, { type: 'user', id: userId }, 'available');
  const src = await accountId(sql, DESK, 'faucet');
  await transfer(sql, { id: `fund:${userId}:${amount}`, debitAccountId: src, creditAccountId: acc, amount, code: 'test_fund' });
  return acc;
}

async function rejects(p: Promise<unknown>, code: string) {
  await assert.rejects(p, (e: unknown) => e instanceof LedgerError && e.code === code);
}

test('posted transfer moves money and a retry of the same id has no second effect', async () => {
  const a = await funded(1, 100n);
  const b = await accountId(sql, { type: 'user', id: 2 }, 'available');
  const first = await transfer(sql, { id: 't1', debitAccountId: a, creditAccountId: b, amount: 40n, code: 'test' });
  const again = await transfer(sql, { id: 't1', debitAccountId: a, creditAccountId: b, amount: 40n, code: 'test' });
  assert.equal(first.result, 'created');
  assert.equal(again.result, 'exists');
  assert.equal(again.amount, 40n);
  assert.equal((await balanceOf(sql, a)).available, 60n);
  assert.equal((await balanceOf(sql, b)).available, 40n);
  const [{ n }] = await sql`SELECT count(*)::int AS n FROM transfers WHERE id = 't1'`;
  assert.equal(n, 1);
});

test('reusing an id with different fields is refused', async () => {
  const a = await funded(3, 100n);
  const b = await accountId(sql, { type: 'user', id: 4 }, 'available');
  await transfer(sql, { id: 't-conflict', debitAccountId: a, creditAccountId: b, amount: 10n, code: 'test' });
  await rejects(transfer(sql, { id: 't-conflict', debitAccountId: a, creditAccountId: b, amount: 11n, code: 'test' }), 'id_conflict');
  assert.equal((await balanceOf(sql, a)).available, 90n);
});

test('overdraft is refused and nothing is written', async () => {
  const a = await funded(5, 50n);
  const b = await accountId(sql, { type: 'user', id: 6 }, 'available');
  const before = await sql`SELECT count(*)::int AS n FROM transfers`;
  await rejects(transfer(sql, { id: 't-over', debitAccountId: a, creditAccountId: b, amount: 51n, code: 'test' }), 'insufficient_funds');
  await rejects(hold(sql, { id: 'h-over', debitAccountId: a, creditAccountId: b, amount: 51n, code: 'test' }), 'insufficient_funds');
  const after = await sql`SELECT count(*)::int AS n FROM transfers`;
  assert.equal(after[0].n, before[0].n);
  assert.equal((await balanceOf(sql, a)).available, 50n);
  assert.equal((await balanceOf(sql, b)).creditsPosted, 0n);
});

test('zero and negative amounts are refused', async () => {
  const a = await funded(7, 50n);
  const b = await accountId(sql, { type: 'user', id: 8 }, 'available');
  await rejects(transfer(sql, { id: 't-zero', debitAccountId: a, creditAccountId: b, amount: 0n, code: 'test' }), 'invalid_amount');
  await rejects(transfer(sql, { id: 't-neg', debitAccountId: a, creditAccountId: b, amount: -5n, code: 'test' }), 'invalid_amount');
  await rejects(transfer(sql, { id: 't-self', debitAccountId: a, creditAccountId: a, amount: 5n, code: 'test' }), 'invalid_accounts');
});

test('pending holds funds; a hold cannot be spent twice', async () => {
  const a = await funded(9, 100n);
  const esc = await accountId(sql, { type: 'order', id: 9001 }, 'escrow');
  const b = await accountId(sql, { type: 'user', id: 10 }, 'available');
  await hold(sql, { id: 'h1', debitAccountId: a, creditAccountId: esc, amount: 70n, code: 'escrow' });
  const bal = await balanceOf(sql, a);
  assert.equal(bal.available, 30n);
  assert.equal(bal.held, 70n);
  await rejects(transfer(sql, { id: 't-h1-over', debitAccountId: a, creditAccountId: b, amount: 31n, code: 'test' }), 'insufficient_funds');
});

test('partial post: the posted part moves, the rest returns to the debit account', async () => {
  const a = await funded(11, 100n);
  const esc = await accountId(sql, { type: 'order', id: 9002 }, 'escrow');
  await hold(sql, { id: 'h2', debitAccountId: a, creditAccountId: esc, amount: 80n, code: 'escrow' });
  const r = await postPending(sql, { id: 'h2:post', pendingId: 'h2', amount: 30n, code: 'release' });
  assert.equal(r.amount, 30n);
  const ba = await balanceOf(sql, a);
  const be = await balanceOf(sql, esc);
  assert.equal(ba.available, 70n);
  assert.equal(ba.held, 0n);
  assert.equal(be.creditsPosted, 30n);
  assert.equal(be.creditsPending, 0n);
  await rejects(postPending(sql, { id: 'h2:post2', pendingId: 'h2', code: 'release' }), 'pending_already_resolved');
  await rejects(voidPending(sql, { id: 'h2:void', pendingId: 'h2', code: 'void' }), 'pending_already_resolved');
  await rejects(postPending(sql, { id: 'h2:post3', pendingId: 'h-nothing', code: 'release' }), 'pending_not_found');
});

test('posting more than the pending amount is refused', async () => {
  const a = await funded(12, 100n);
  const esc = await accountId(sql, { type: 'order', id: 9003 }, 'escrow');
  await hold(sql, { id: 'h3', debitAccountId: a, creditAccountId: esc, amount: 20n, code: 'escrow' });
  await rejects(postPending(sql, { id: 'h3:post', pendingId: 'h3', amount: 21n, code: 'release' }), 'invalid_amount');
  const v = await voidPending(sql, { id: 'h3:void', pendingId: 'h3', code: 'cancel' });
  assert.equal(v.amount, 20n);
  assert.equal((await balanceOf(sql, a)).available, 100n);
  const retry = await voidPending(sql, { id: 'h3:void', pendingId: 'h3', code: 'cancel' });
  assert.equal(retry.result, 'exists');
});

test('an expired pending transfer cannot be posted, only voided', async () => {
  const a = await funded(13, 100n);
  const esc = await accountId(sql, { type: 'order', id: 9004 }, 'escrow');
  await hold(sql, { id: 'h4', debitAccountId: a, creditAccountId: esc, amount: 20n, code: 'escrow', timeoutAt: new Date(Date.now() - 1000) });
  await rejects(postPending(sql, { id: 'h4:post', pendingId: 'h4', code: 'release' }), 'pending_expired');
  await voidPending(sql, { id: 'h4:void', pendingId: 'h4', code: 'timeout' });
});

test('transfers are immutable', async () => {
  await funded(14, 10n);
  await assert.rejects(sql`UPDATE transfers SET amount = 1 WHERE id = 'fund:14:10'`, /immutable/);
  await assert.rejects(sql`DELETE FROM transfers WHERE id = 'fund:14:10'`, /immutable/);
});

test('concurrent spends of one balance: exactly the affordable ones succeed', async () => {
  const a = await funded(15, 100n);
  const b = await accountId(sql, { type: 'user', id: 16 }, 'available');
  const results = await Promise.allSettled(
    Array.from({ length: 20 }, (_, i) => transfer(sql, { id: `race-${i}`, debitAccountId: a, creditAccountId: b, amount: 10n, code: 'test' })),
  );
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 10);
  assert.equal((await balanceOf(sql, a)).available, 0n);
  const report = await checkInvariants(sql);
  assert.deepEqual(report.violations, []);
});

test('the invariant checker notices a tampered balance', async () => {
  await sql.begin(async (tx) => {
    await tx`UPDATE accounts SET credits_posted = credits_posted + 1 WHERE id = (SELECT min(id) FROM accounts WHERE owner_type = 'user')`;
    const report = await checkInvariants(tx);
    assert.ok(report.violations.length >= 1);
    await tx`SELECT 1/0`.catch(() => {});
    throw new Error('rollback');
  }).catch((e) => assert.match(String(e), /rollback|division/));
});
