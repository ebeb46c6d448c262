import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Contract, Wallet } from 'ethers';
import { testDatabase } from '../helpers/db.ts';
import { startLocalEvm, DEV_KEYS, type LocalEvm } from '../../sandbox/chain/evm.ts';
import { EvmSender, type SenderHooks } from '../../chain/evm/sender.ts';
import { requestChainWithdrawal } from '../../chain/withdraw.ts';
import { ERC20_ABI, loadArtifact } from '../../chain/evm/abi.ts';
import { approveWithdrawal, rejectWithdrawal, getWithdrawal, listAwaitingApproval, walletBalance, type WithdrawalRules } from '../../core/wallet/index.ts';
import { DESK, accountId, transfer, checkInvariants } from '../../core/ledger/index.ts';
import { isDeskError } from '../../core/errors.ts';

const db = await testDatabase();
let evm: LocalEvm;
const hot = Wallet.createRandom();
const rules: WithdrawalRules = { min: 1_000_000n, max: 1_000_000_000n, daily: 2_000_000_000n, approvalThreshold: 500_000_000n, fees: { ethereum: 1_000_000n, bsc: 500_000n } };
const user = (id: number) => ({ type: 'user' as const, id });

before(async () => {
  evm = await startLocalEvm();
  await evm.provider.send('hardhat_setBalance', [hot.address, '0x56BC75E2D63100000']);
  await evm.sendTestUsdt(hot.address, 10_000_000_000n);
});
after(async () => evm?.stop());

async function fund(id: number, amount: bigint) {
  await transfer(db.sql, { id: `faucet:test:${id}:${amount}`, debitAccountId: await accountId(db.sql, DESK, 'faucet'), creditAccountId: await accountId(db.sql, user(id), 'available'), amount, code: 'faucet' });
}

function sender(hooks?: SenderHooks) {
  return new EvmSender(db.sql, {
    chain: 'ethereum', provider: evm.provider, token: evm.tokens.ethUsdt, decimals: 6, confirmations: 2, chainId: evm.chainId,
    wallet: new Wallet(hot.privateKey, evm.provider), gasLimit: 120_000n, rebroadcastMs: 0, hooks,
  });
}

const tokenBalance = async (a: string) => (await new Contract(evm.tokens.ethUsdt, ERC20_ABI, evm.provider).getFunction('balanceOf')(a)) as bigint;

/** The same address with one letter's case flipped: a checksum typo. */
function badChecksum(a: string): string {
  const i = a.slice(2).search(/[a-fA-F]/) + 2;
  const c = a[i]!;
  return a.slice(0, i) + (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) + a.slice(i + 1);
}

async function refusal(p: Promise<unknown>, code: string) {
  await assert.rejects(p, (e) => isDeskError(e) && e.code === code, code);
}

test('bad requests are refused with a clear code and change nothing', async () => {
  await fund(1, 100_000_000n);
  const dest = Wallet.createRandom().address;
  const req = (over: Record<string, unknown>) => requestChainWithdrawal(db.sql, { owner: user(1), chain: 'ethereum', toAddress: dest, amount: 10_000_000n, ...over } as any, { rules });
  await refusal(req({ toAddress: badChecksum(dest) }), 'invalid_input');
  await refusal(req({ toAddress: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t' }), 'invalid_input');
  await refusal(req({ toAddress: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', chain: 'tron' }), 'invalid_input');
  await refusal(req({ toAddress: '0x1234' }), 'invalid_input');
  await refusal(req({ amount: 0n }), 'invalid_amount');
  await refusal(req({ amount: 999_999n }), 'below_minimum');
  await refusal(req({ amount: 1_000_000_001n }), 'above_maximum');
  await refusal(req({ amount: 200_000_000n }), 'insufficient_funds');
  assert.equal((await db.sql`SELECT count(*)::int AS n FROM withdrawals`)[0].n, 0);
  assert.equal((await walletBalance(db.sql, user(1))).available, 100_000_000n);
  // Lower-case (no checksum) is accepted and stored in checksum form; the retry key returns the same withdrawal.
  const a = await req({ toAddress: dest.toLowerCase(), requestKey: 'k1' });
  const b = await req({ toAddress: dest.toLowerCase(), requestKey: 'k1' });
  assert.equal(a.withdrawal.toAddress, dest);
  assert.equal(b.created, false);
  assert.equal(b.withdrawal.id, a.withdrawal.id);
  assert.equal((await walletBalance(db.sql, user(1))).available, 100_000_000n - 11_000_000n);
  // Two concurrent submissions of one confirmation (double click): one withdrawal.
  const [c, d] = await Promise.all([req({ requestKey: 'k2' }), req({ requestKey: 'k2' })]);
  assert.equal(c.withdrawal.id, d.withdrawal.id);
  assert.deepEqual([c.created, d.created].sort(), [false, true]);
  assert.equal((await walletBalance(db.sql, user(1))).available, 100_000_000n - 22_000_000n);
});

test('daily limit counts earlier withdrawals', async () => {
  await fund(2, 5_000_000_000n);
  const r = { ...rules, daily: 700_000_000n };
  await requestChainWithdrawal(db.sql, { owner: user(2), chain: 'ethereum', toAddress: Wallet.createRandom().address, amount: 400_000_000n }, { rules: r });
  await refusal(requestChainWithdrawal(db.sql, { owner: user(2), chain: 'ethereum', toAddress: Wallet.createRandom().address, amount: 400_000_000n }, { rules: r }), 'outside_limits');
});

test('crashes after signing, after broadcasting and before confirmation: each paid exactly once', async () => {
  const s0 = sender();
  await s0.init();
  const startNonce = await evm.provider.getTransactionCount(hot.address);
  await fund(3, 1_000_000_000n);
  const dests = [0, 1, 2].map(() => Wallet.createRandom().address);
  const ids: number[] = [];
  for (const d of dests) ids.push((await requestChainWithdrawal(db.sql, { owner: user(3), chain: 'ethereum', toAddress: d, amount: 50_000_000n }, { rules })).withdrawal.id);
  // Pending user-1 and user-2 withdrawals from earlier tests are paid along the way too.
  const boom = (at: string) => () => { throw new Error(`crash ${at}`); };

  await assert.rejects(sender({ afterSignStored: boom('after sign') }).signPending(), /after sign/);
  const signedRows = await db.sql`SELECT id FROM withdrawals WHERE status = 'signed'`;
  assert.equal(signedRows.length, 1, 'the first one was signed and stored before the crash');
  const firstId = Number(signedRows[0]!.id);
  const stored = (await getWithdrawal(db.sql, firstId))!.signedTx;

  // "Restart": the next processor signs the rest (only approved ones) and broadcasts; it crashes right after broadcasting.
  await sender().signPending();
  await assert.rejects(sender({ afterBroadcast: boom('after broadcast') }).advance(), /after broadcast/);
  assert.equal((await getWithdrawal(db.sql, firstId))?.status, 'signed', 'the broadcast was rolled back in the DB, but the node has the tx');
  await sender().advance();
  assert.equal((await getWithdrawal(db.sql, firstId))?.status, 'broadcast');
  await evm.mine(2);
  await assert.rejects(sender({ beforeFinish: boom('before finish') }).advance(), /before finish/);
  const r = await sender().advance();
  assert.ok(r.confirmed >= 3, JSON.stringify(r));
  await sender().advance();

  for (const [i, id] of ids.entries()) {
    const w = await getWithdrawal(db.sql, id);
    assert.equal(w?.status, 'confirmed');
    assert.equal(await tokenBalance(dests[i]!), 50_000_000n, 'paid exactly once');
  }
  assert.equal((await getWithdrawal(db.sql, firstId))?.signedTx, stored, 'the stored transaction was rebroadcast, never re-signed');
  const all = await db.sql`SELECT nonce, status FROM withdrawals WHERE nonce IS NOT NULL ORDER BY nonce`;
  assert.deepEqual(all.map((x) => Number(x.nonce)), all.map((_, i) => startNonce + i), 'nonces gap-free, one per withdrawal');
  assert.equal(await evm.provider.getTransactionCount(hot.address), startNonce + all.length);
  const b = await walletBalance(db.sql, user(3));
  assert.equal(b.available, 1_000_000_000n - 3n * 51_000_000n);
  assert.equal(b.held, 0n);
  assert.deepEqual((await checkInvariants(db.sql)).violations, []);
});

test('admin approval above the threshold, rejection refunds, a reverted transfer is refunded', async () => {
  await fund(4, 3_000_000_000n);
  const big = (await requestChainWithdrawal(db.sql, { owner: user(4), chain: 'ethereum', toAddress: Wallet.createRandom().address, amount: 600_000_000n }, { rules })).withdrawal;
  const big2 = (await requestChainWithdrawal(db.sql, { owner: user(4), chain: 'ethereum', toAddress: Wallet.createRandom().address, amount: 700_000_000n }, { rules })).withdrawal;
  assert.equal(big.status, 'awaiting_approval');
  assert.deepEqual((await listAwaitingApproval(db.sql)).map((w) => w.id), [big.id, big2.id]);
  await sender().signPending();
  assert.equal((await getWithdrawal(db.sql, big.id))?.status, 'awaiting_approval', 'nothing is signed before approval');
  await approveWithdrawal(db.sql, big.id, 'admin:7');
  await refusal(approveWithdrawal(db.sql, big.id, 'admin:8'), 'already_done');
  await rejectWithdrawal(db.sql, big2.id, 'admin:7', 'suspicious destination');
  await refusal(approveWithdrawal(db.sql, big2.id, 'admin:7'), 'invalid_transition');
  assert.equal((await walletBalance(db.sql, user(4))).available, 3_000_000_000n - 601_000_000n);

  // The hot wallet cannot cover this one: the token reverts, the user gets everything back.
  await fund(5, 1_000_000_000n);
  const hotBalance = await tokenBalance(hot.address);
  const r = { ...rules, max: 100_000_000_000n, daily: 100_000_000_000n, approvalThreshold: 100_000_000_000n };
  await fund(5, hotBalance);
  const tooBig = (await requestChainWithdrawal(db.sql, { owner: user(5), chain: 'ethereum', toAddress: Wallet.createRandom().address, amount: hotBalance + 1n }, { rules: r })).withdrawal;
  await sender().signPending();
  await sender().advance();
  await evm.mine(2);
  await sender().advance();
  assert.equal((await getWithdrawal(db.sql, big.id))?.status, 'confirmed');
  const failed = await getWithdrawal(db.sql, tooBig.id);
  assert.equal(failed?.status, 'failed');
  assert.equal(failed?.failReason, 'reverted');
  assert.equal((await walletBalance(db.sql, user(5))).available, 1_000_000_000n + hotBalance);
  assert.equal((await walletBalance(db.sql, user(5))).held, 0n);
});

test('two processors racing never sign or pay a withdrawal twice', async () => {
  await fund(6, 1_000_000_000n);
  const dests = [0, 1, 2, 3, 4].map(() => Wallet.createRandom().address);
  for (const d of dests) await requestChainWithdrawal(db.sql, { owner: user(6), chain: 'ethereum', toAddress: d, amount: 10_000_000n }, { rules });
  await Promise.all([sender().signPending(), sender().signPending()]);
  await Promise.all([sender().advance(), sender().advance()]);
  await evm.mine(2);
  await Promise.all([sender().advance(), sender().advance()]);
  for (const d of dests) assert.equal(await tokenBalance(d), 10_000_000n);
  const n = await db.sql`SELECT count(*)::int AS n, count(DISTINCT nonce)::int AS d FROM withdrawals WHERE nonce IS NOT NULL`;
  assert.equal(n[0].n, n[0].d);
});

test('a token whose transfer() returns false (TRON USDT) is judged by the receipt and its Transfer log', async () => {
  const quirky = Wallet.createRandom();
  await evm.provider.send('hardhat_setBalance', [quirky.address, '0x56BC75E2D63100000']);
  const token = new Contract(evm.tokens.tronUsdt, loadArtifact('TronUsdtLike').abi, new Wallet(DEV_KEYS[1]!, evm.provider)); // not account 0: the sandbox's nonce manager owns it
  await (await token.getFunction('mint')(quirky.address, 50_000_000n)).wait();
  const dest = Wallet.createRandom().address;
  // What the token answers: false, although the transfer succeeds.
  assert.equal(await token.connect(new Wallet(quirky.privateKey, evm.provider)).getFunction('transfer').staticCall(dest, 1n), false);
  const s = new EvmSender(db.sql, { chain: 'polygon', provider: evm.provider, token: evm.tokens.tronUsdt, decimals: 6, confirmations: 1, chainId: evm.chainId, wallet: new Wallet(quirky.privateKey, evm.provider), rebroadcastMs: 0 });
  await s.init();
  await fund(8, 100_000_000n);
  const { withdrawal } = await requestChainWithdrawal(db.sql, { owner: user(8), chain: 'polygon', toAddress: dest, amount: 20_000_000n }, { rules: { ...rules, fees: { polygon: 0n } } });
  await s.signPending();
  await s.advance();
  await s.advance();
  assert.equal((await getWithdrawal(db.sql, withdrawal.id))?.status, 'confirmed');
  assert.equal(await new Contract(evm.tokens.tronUsdt, ERC20_ABI, evm.provider).getFunction('balanceOf')(dest), 20_000_000n);
});

test('a nonce used outside the desk: the stored tx is never replaced; admins are alerted after 10 refusals', async () => {
  await fund(7, 100_000_000n);
  const { withdrawal } = await requestChainWithdrawal(db.sql, { owner: user(7), chain: 'ethereum', toAddress: Wallet.createRandom().address, amount: 10_000_000n }, { rules });
  // Someone spends the hot wallet's next nonce directly.
  const external = await new Wallet(hot.privateKey, evm.provider).sendTransaction({ to: Wallet.createRandom().address, value: 1n });
  await external.wait();
  await sender().signPending();
  const signed = await getWithdrawal(db.sql, withdrawal.id);
  for (let i = 0; i < 10; i++) await sender().advance();
  const after = await getWithdrawal(db.sql, withdrawal.id);
  assert.equal(after?.status, 'signed', 'not paid, not refunded, not re-signed: an operator decides');
  assert.equal(after?.signedTx, signed?.signedTx);
  assert.match(after?.lastError ?? '', /nonce/i);
  const stuck = await db.sql`SELECT payload FROM outbox WHERE channel = 'admin' AND topic = 'withdrawal.stuck'`;
  assert.equal(stuck.length, 1);
  assert.equal(stuck[0]!.payload.withdrawalId, withdrawal.id);
  assert.equal((await walletBalance(db.sql, user(7))).held, 11_000_000n);
});
