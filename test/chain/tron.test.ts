import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SigningKey, Wallet } from 'ethers';
import { testDatabase } from '../helpers/db.ts';
import { startTronSandbox, type TronSandbox } from '../../sandbox/chain/tron/server.ts';
import { TronClient } from '../../chain/tron/client.ts';
import { TronWatcher } from '../../chain/tron/watcher.ts';
import { TronSender } from '../../chain/tron/sender.ts';
import { depositAddressFor } from '../../chain/addresses.ts';
import { requestChainWithdrawal } from '../../chain/withdraw.ts';
import { tronBase58FromHex20 } from '../../chain/hd.ts';
import { walletBalance, getWithdrawal, type WithdrawalRules } from '../../core/wallet/index.ts';
import { DESK, accountId, transfer } from '../../core/ledger/index.ts';
import { testXpubs, outboxTopics } from './helpers.ts';

const db = await testDatabase();
const xpub = testXpubs().tron;
let tron: TronSandbox;
let client: TronClient;
const user = (id: number) => ({ type: 'user' as const, id });
const rules: WithdrawalRules = { min: 1_000_000n, max: 1_000_000_000n, daily: 2_000_000_000n, approvalThreshold: 500_000_000n, fees: { tron: 1_000_000n } };

before(async () => {
  tron = await startTronSandbox({ pageSize: 3 });
  client = new TronClient(tron.url);
});
after(async () => tron?.stop());

test('TRC-20 deposits are credited once, and only after the solidity node has the block', async () => {
  const a = await depositAddressFor(db.sql, user(1), 'tron', xpub);
  const b = await depositAddressFor(db.sql, user(2), 'tron', xpub);
  assert.match(a.address, /^T[1-9A-HJ-NP-Za-km-z]{33}$/);
  const w = new TronWatcher(db.sql, { chain: 'tron', decimals: 6, confirmations: 19, client, token: tron.token, startBlock: tron.head().number + 1 });
  // More events than one page holds (page size 3), to our two addresses and to strangers.
  for (let i = 0; i < 4; i++) tron.injectTransfer(a.address, 1_000_000n);
  tron.injectTransfer(tronBase58FromHex20(Wallet.createRandom().address.slice(2)), 5_000_000n);
  tron.injectTransfer(b.address, 2_500_000n);
  tron.produce(1);
  const inBlock = tron.head().number;
  tron.produce(2);
  let r = await w.poll();
  assert.equal(r.credited, 0, 'not solidified yet');
  assert.equal(r.seen, 5);
  assert.equal((await walletBalance(db.sql, user(1))).available, 0n);
  assert.equal((await walletBalance(db.sql, user(1))).incomingUnconfirmed, 4_000_000n);
  tron.solidify(inBlock - 1);
  assert.equal((await w.poll()).credited, 0);
  tron.solidify(inBlock);
  r = await w.poll();
  assert.equal(r.credited, 5);
  tron.produce(3);
  tron.solidify();
  assert.equal((await w.poll()).credited, 0);
  // A second instance from scratch over the same blocks credits nothing again.
  assert.equal((await new TronWatcher(db.sql, { ...w.o }).poll()).credited, 0);
  assert.equal((await walletBalance(db.sql, user(1))).available, 4_000_000n);
  assert.equal((await walletBalance(db.sql, user(2))).available, 2_500_000n);
  const creditRows = await db.sql`SELECT count(*)::int AS n FROM transfers WHERE id LIKE 'deposit:tron:%'`;
  assert.equal(creditRows[0].n, 5);
  const n = await outboxTopics(db.sql, 'telegram', (p) => p.userId === 2);
  assert.deepEqual(n.map((x) => x.topic), ['deposit.seen', 'deposit.credited']);
});

test('a TRON withdrawal survives a crash after broadcast: the same signed tx, accepted once, paid once', async () => {
  const hot = Wallet.createRandom();
  const boom = () => { throw new Error('crash after broadcast'); };
  const sender = (hooks = {}) => new TronSender(db.sql, { client, token: tron.token, wallet: new Wallet(hot.privateKey), hooks });
  await sender().init();
  tron.mint(sender().hotAddress, 100_000_000n);
  await transfer(db.sql, { id: 'faucet:tron:9', debitAccountId: await accountId(db.sql, DESK, 'faucet'), creditAccountId: await accountId(db.sql, user(9), 'available'), amount: 60_000_000n, code: 'faucet' });
  const dest = tronBase58FromHex20(Wallet.createRandom().address.slice(2));
  const { withdrawal } = await requestChainWithdrawal(db.sql, { owner: user(9), chain: 'tron', toAddress: dest, amount: 25_000_000n }, { rules });
  await sender().signPending();
  const signed = await getWithdrawal(db.sql, withdrawal.id);
  assert.equal(signed?.status, 'signed');
  await assert.rejects(sender({ afterBroadcast: boom }).advance(), /crash after broadcast/);
  assert.equal((await getWithdrawal(db.sql, withdrawal.id))?.status, 'signed');
  // Restart before the block: the stored tx is rebroadcast, the node answers DUP, nothing new is signed.
  await sender().advance();
  assert.equal((await getWithdrawal(db.sql, withdrawal.id))?.status, 'broadcast');
  tron.produce(1);
  await sender().advance();
  assert.equal((await getWithdrawal(db.sql, withdrawal.id))?.status, 'broadcast', 'in a block but not solidified');
  tron.solidify();
  await sender().advance();
  const done = await getWithdrawal(db.sql, withdrawal.id);
  assert.equal(done?.status, 'confirmed', 'success judged by receipt + Transfer log although transfer() returned false');
  assert.equal(done?.signedTx, signed?.signedTx);
  assert.equal(tron.accepted.get(signed!.txHash!), 1);
  assert.equal(tron.balanceOf(dest), 25_000_000n);
  assert.equal(tron.balanceOf(sender().hotAddress), 75_000_000n);
  assert.equal((await walletBalance(db.sql, user(9))).available, 60_000_000n - 26_000_000n);
});

test('a TRON withdrawal that expires unbroadcast is refunded; a forged signature is refused by the node', async () => {
  const hot = Wallet.createRandom();
  const sender = new TronSender(db.sql, { client, token: tron.token, wallet: new Wallet(hot.privateKey) });
  await db.sql`DELETE FROM hot_wallets WHERE chain = 'tron'`;
  await sender.init();
  await transfer(db.sql, { id: 'faucet:tron:10', debitAccountId: await accountId(db.sql, DESK, 'faucet'), creditAccountId: await accountId(db.sql, user(10), 'available'), amount: 10_000_000n, code: 'faucet' });
  const { withdrawal } = await requestChainWithdrawal(db.sql, { owner: user(10), chain: 'tron', toAddress: tronBase58FromHex20(Wallet.createRandom().address.slice(2)), amount: 5_000_000n }, { rules });
  await sender.signPending();
  const w = (await getWithdrawal(db.sql, withdrawal.id))!;
  const forged = JSON.parse(w.signedTx!);
  // A valid signature over the same txID, by a key that is not the owner's.
  const other = new SigningKey(Wallet.createRandom().privateKey).sign('0x' + w.txHash);
  forged.signature = [other.r.slice(2) + other.s.slice(2) + other.v.toString(16)];
  const r = await client.broadcast(forged);
  assert.equal(r.result, false);
  assert.equal(r.code, 'SIGERROR');
  // Blocks move past the expiration (60 s = 20 blocks) before any broadcast.
  tron.produce(25);
  tron.solidify();
  await sender.advance();
  const after = await getWithdrawal(db.sql, withdrawal.id);
  assert.equal(after?.status, 'failed');
  assert.equal(after?.failReason, 'expired');
  assert.equal((await walletBalance(db.sql, user(10))).available, 10_000_000n);
});
