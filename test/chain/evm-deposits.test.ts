import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Wallet } from 'ethers';
import { testDatabase } from '../helpers/db.ts';
import { startLocalEvm, type LocalEvm } from '../../sandbox/chain/evm.ts';
import { EvmWatcher, type EvmWatcherOptions } from '../../chain/evm/watcher.ts';
import { rpcSource, type EvmSource } from '../../chain/evm/source.ts';
import { depositAddressFor } from '../../chain/addresses.ts';
import { walletBalance, listAlerts } from '../../core/wallet/index.ts';
import { testXpubs, outboxTopics } from './helpers.ts';

const db = await testDatabase();
const xpub = testXpubs().evm;
let evm: LocalEvm;
let source: EvmSource;

before(async () => {
  evm = await startLocalEvm();
  source = rpcSource(evm.provider);
});
after(async () => evm?.stop());

const user = (id: number) => ({ type: 'user' as const, id });

async function watcher(chain: string, extra: Partial<EvmWatcherOptions> = {}) {
  const head = await evm.provider.getBlockNumber();
  const bsc = chain.startsWith('bsc');
  return new EvmWatcher(db.sql, {
    chain, decimals: bsc ? 18 : 6, confirmations: 3, token: bsc ? evm.tokens.bscUsdt : evm.tokens.ethUsdt,
    source, startBlock: head + 1, ...extra,
  });
}

const deposits = (chain: string) => db.sql`SELECT * FROM chain_deposits WHERE chain = ${chain} ORDER BY id`;
const creditTransfers = (chain: string) => db.sql`SELECT id, amount FROM transfers WHERE code = 'deposit' AND id LIKE ${'deposit:' + chain + ':%'}`;

test('a deposit is seen n/N, then credited once after N confirmations', async () => {
  const w = await watcher('eth-a');
  const addr = await depositAddressFor(db.sql, user(1), 'evm', xpub);
  assert.equal(addr.address, (await depositAddressFor(db.sql, user(1), 'evm', xpub)).address, 'one address per owner');
  await evm.sendTestUsdt(addr.address, 5_000_000n);
  let r = await w.poll();
  assert.equal(r.credited, 0);
  assert.equal((await walletBalance(db.sql, user(1))).available, 0n, 'unconfirmed is never credited');
  assert.equal((await walletBalance(db.sql, user(1))).incomingUnconfirmed, 5_000_000n);
  await evm.mine(1);
  r = await w.poll();
  assert.equal(r.credited, 0);
  await evm.mine(1);
  r = await w.poll();
  assert.equal(r.credited, 1);
  for (let i = 0; i < 3; i++) {
    await evm.mine(1);
    assert.equal((await w.poll()).credited, 0);
  }
  // A second instance starting over the same range finds nothing new.
  assert.equal((await (await watcher('eth-a')).poll()).credited, 0);
  const rows = await deposits('eth-a');
  assert.equal(rows.length, 1);
  assert.equal(rows[0].status, 'credited');
  assert.equal((await creditTransfers('eth-a')).length, 1);
  assert.equal((await walletBalance(db.sql, user(1))).available, 5_000_000n);
  const notices = (await outboxTopics(db.sql, 'telegram', (p) => p.userId === 1 && p.chain === 'eth-a')).map((n) => `${n.topic} ${n.payload.confirmations}/${n.payload.required}`);
  assert.deepEqual(notices, ['deposit.seen 1/3', 'deposit.seen 2/3', 'deposit.credited 3/3']);
});

test('a transfer to an unknown address is ignored', async () => {
  const w = await watcher('eth-b');
  await evm.sendTestUsdt(Wallet.createRandom().address, 7_000_000n);
  await evm.mine(3);
  await w.poll();
  assert.equal((await deposits('eth-b')).length, 0);
  assert.equal((await creditTransfers('eth-b')).length, 0);
});

test('BEP-20 18 decimals: the rounded-down micro-USDT is credited and the dust recorded', async () => {
  const w = await watcher('bsc-a');
  const addr = await depositAddressFor(db.sql, user(2), 'evm', xpub);
  await evm.sendTestUsdt(addr.address, 12_345678_901234567890n, 'bsc', { raw: true });
  await evm.mine(3);
  assert.equal((await w.poll()).credited, 1);
  const [d] = await deposits('bsc-a');
  assert.equal(d.amount, 12_345678n);
  assert.equal(String(d.dust_raw), '901234567890');
  assert.equal(String(d.amount_raw), '12345678901234567890');
  assert.equal((await walletBalance(db.sql, user(2))).available, 12_345678n);
});

test('a watcher crash in the middle of a range: the restart credits every deposit exactly once', async () => {
  const addrs = await Promise.all([10, 11, 12, 13].map((i) => depositAddressFor(db.sql, user(i), 'evm', xpub)));
  const start = (await evm.provider.getBlockNumber()) + 1;
  for (const a of addrs) await evm.sendTestUsdt(a.address, 1_000_000n);
  for (const a of addrs) await evm.sendTestUsdt(a.address, 2_000_000n);
  await evm.mine(3);
  let calls = 0;
  const flaky: EvmSource = { ...source, getLogs: (f) => (++calls === 4 ? Promise.reject(new Error('connection reset')) : source.getLogs(f)) };
  const w1 = await watcher('eth-c', { source: flaky, startBlock: start, maxRange: 3, addressChunk: 2 });
  await assert.rejects(w1.poll(), /connection reset/);
  const mid = (await db.sql`SELECT block_number FROM chain_cursors WHERE chain = 'eth-c'`)[0].block_number;
  assert.ok(Number(mid) >= start && Number(mid) < start + 7, 'the first range was committed before the crash');
  const w2 = await watcher('eth-c', { startBlock: start, maxRange: 3, addressChunk: 2 });
  await w2.poll();
  assert.equal((await deposits('eth-c')).filter((d) => d.status === 'credited').length, 8);
  assert.equal((await creditTransfers('eth-c')).length, 8);
  for (const i of [10, 11, 12, 13]) assert.equal((await walletBalance(db.sql, user(i))).available, 3_000_000n);
});

test('provider range errors halve the range until it fits', async () => {
  const addr = await depositAddressFor(db.sql, user(20), 'evm', xpub);
  const start = (await evm.provider.getBlockNumber()) + 1;
  for (let i = 0; i < 6; i++) await evm.sendTestUsdt(addr.address, 1_000_000n);
  await evm.mine(3);
  const spans: number[] = [];
  const limited: EvmSource = {
    ...source,
    getLogs: (f) => {
      spans.push(f.toBlock - f.fromBlock + 1);
      if (f.toBlock - f.fromBlock + 1 > 2) return Promise.reject(new Error('query returned more than 10000 results'));
      return source.getLogs(f);
    },
  };
  const w = await watcher('eth-d', { source: limited, startBlock: start });
  const r = await w.poll();
  assert.equal(r.credited, 6);
  assert.ok(spans.some((s) => s > 2) && spans.some((s) => s <= 2), `spans ${spans}`);
  assert.equal((await walletBalance(db.sql, user(20))).available, 6_000_000n);
});

test('a reorg within the confirmation depth credits only the canonical deposit', async () => {
  const addr = await depositAddressFor(db.sql, user(30), 'evm', xpub);
  const w = await watcher('eth-e');
  const snap = await evm.snapshot();
  await evm.sendTestUsdt(addr.address, 4_000_000n);
  await w.poll();
  assert.equal((await deposits('eth-e'))[0].status, 'seen');
  await evm.revert(snap);
  // The same height is re-mined with a different transaction.
  await evm.sendTestUsdt(addr.address, 9_000_000n);
  await evm.mine(3);
  const r = await w.poll();
  assert.equal(r.credited, 1);
  const rows = await deposits('eth-e');
  assert.deepEqual(rows.map((d) => [d.status, d.amount]).sort(), [['credited', 9_000_000n], ['orphaned', 4_000_000n]]);
  assert.equal((await walletBalance(db.sql, user(30))).available, 9_000_000n);
  const dropped = await outboxTopics(db.sql, 'telegram', (p) => p.userId === 30);
  assert.deepEqual(dropped.map((n) => n.topic), ['deposit.seen', 'deposit.credited', 'deposit.dropped']);
});

test('a reorg deeper than the confirmation depth halts the chain and raises an alert', async () => {
  const addr = await depositAddressFor(db.sql, user(40), 'evm', xpub);
  const w = await watcher('eth-f', { confirmations: 2 });
  const snap = await evm.snapshot();
  await evm.sendTestUsdt(addr.address, 3_000_000n);
  await evm.mine(3);
  assert.equal((await w.poll()).credited, 1);
  await evm.revert(snap);
  await evm.sendTestUsdt(Wallet.createRandom().address, 1n);
  await evm.mine(5);
  const r = await w.poll();
  assert.equal(r.halted, true);
  const [c] = await db.sql`SELECT halted_at, halt_reason FROM chain_cursors WHERE chain = 'eth-f'`;
  assert.ok(c.halted_at);
  assert.equal(c.halt_reason, 'deep_reorg');
  const alerts = (await listAlerts(db.sql, { open: true })).filter((a) => a.chain === 'eth-f');
  assert.equal(alerts.length, 1);
  const admin = await outboxTopics(db.sql, 'admin', (p) => p.chain === 'eth-f');
  assert.deepEqual(admin.map((a) => a.topic), ['chain.halted']);
  // Halted stays halted: no more polling work, no second alert.
  await evm.mine(3);
  assert.equal((await w.poll()).halted, true);
  assert.equal((await listAlerts(db.sql, { open: true })).filter((a) => a.chain === 'eth-f').length, 1);
});
