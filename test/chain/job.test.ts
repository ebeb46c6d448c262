// The chain job wired from config against the sandbox chains: deposits on three chains and
// withdrawals on two, driven only by runChainOnce (what the scheduler calls).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Contract, Wallet, HDNodeWallet, Mnemonic } from 'ethers';
import { ERC20_ABI } from '../../chain/evm/abi.ts';
import { testDatabase } from '../helpers/db.ts';
import { startSandboxChains, SANDBOX_DEPOSIT_MNEMONIC, type SandboxChains } from '../../sandbox/chain/index.ts';
import { loadConfig } from '../../config.ts';
import { buildChainServices, enabledWithdrawChains, type ChainServices } from '../../chain/runtime.ts';
import { runChainOnce } from '../../jobs/chain.ts';
import { depositAddressFor } from '../../chain/addresses.ts';
import { requestChainWithdrawal } from '../../chain/withdraw.ts';
import { tronBase58FromHex20 } from '../../chain/hd.ts';
import { walletBalance, listWithdrawals } from '../../core/wallet/index.ts';

const db = await testDatabase();
let chains: SandboxChains;
let services: ChainServices;
const merchant = { type: 'merchant' as const, id: 77 };

before(async () => {
  chains = await startSandboxChains({ blockMs: 0, evmConfirmations: 2 });
});
after(async () => {
  services?.stop();
  await chains?.stop();
});

test('deposits on ethereum, bsc and tron, then withdrawals, all through the chain job', async () => {
  const cfg = loadConfig({ ...chains.env, NODE_ENV: 'test' });
  services = await buildChainServices(db.sql, cfg);
  assert.deepEqual(services.watchers.map((w) => w.chain).sort(), ['bsc', 'ethereum', 'tron']);
  assert.deepEqual(services.withdrawChains.sort(), ['bsc', 'ethereum', 'tron']);
  assert.deepEqual(enabledWithdrawChains(cfg).sort(), ['bsc', 'ethereum', 'tron']);

  const evmAddr = await depositAddressFor(db.sql, merchant, 'evm', cfg.CHAIN_EVM_XPUB!);
  const tronAddr = await depositAddressFor(db.sql, merchant, 'tron', cfg.CHAIN_TRON_XPUB!);
  // The xpub-derived address is the one the mnemonic's private path gives (what a recovery wallet would show).
  const m = Mnemonic.fromPhrase(SANDBOX_DEPOSIT_MNEMONIC);
  assert.equal(evmAddr.address, HDNodeWallet.fromMnemonic(m, `m/44'/60'/0'/0/${evmAddr.derivationIndex}`).address);
  assert.equal(tronAddr.address, tronBase58FromHex20(HDNodeWallet.fromMnemonic(m, `m/44'/195'/0'/0/${tronAddr.derivationIndex}`).address.slice(2)));

  await runChainOnce(services); // cursors start at block 0
  await chains.sendTestUsdt(evmAddr.address, 100_000_000n, 'ethereum');
  await chains.sendTestUsdt(evmAddr.address, 50_000_000n, 'bsc');
  await chains.sendTestUsdt(tronAddr.address, 70_000_000n, 'tron');
  chains.tron.produce(5);
  await chains.evm.mine(2);
  assert.equal((await runChainOnce(services)).errors, 0);
  assert.equal((await walletBalance(db.sql, merchant)).available, 220_000_000n);
  const webhooks = await db.sql`SELECT topic, payload FROM outbox WHERE channel = 'webhook' AND topic = 'deposit.credited'`;
  assert.equal(webhooks.length, 3, 'a merchant hears about deposits on the webhook channel');

  const evmDest = Wallet.createRandom().address;
  const tronDest = tronBase58FromHex20(Wallet.createRandom().address.slice(2));
  await requestChainWithdrawal(db.sql, { owner: merchant, chain: 'ethereum', toAddress: evmDest, amount: 20_000_000n }, { enabledChains: services.withdrawChains });
  await requestChainWithdrawal(db.sql, { owner: merchant, chain: 'tron', toAddress: tronDest, amount: 30_000_000n }, { enabledChains: services.withdrawChains });
  await requestChainWithdrawal(db.sql, { owner: merchant, chain: 'bsc', toAddress: evmDest, amount: 15_000_000n }, { enabledChains: services.withdrawChains });
  await assert.rejects(requestChainWithdrawal(db.sql, { owner: merchant, chain: 'polygon', toAddress: evmDest, amount: 20_000_000n }, { enabledChains: services.withdrawChains }));
  for (let i = 0; i < 4; i++) {
    assert.equal((await runChainOnce(services)).errors, 0);
    chains.tron.produce(2);
    await chains.evm.mine(1);
  }
  const ws = await listWithdrawals(db.sql, { owner: merchant });
  assert.deepEqual(ws.map((w) => w.status), ['confirmed', 'confirmed', 'confirmed']);
  assert.equal(chains.tron.balanceOf(tronDest), 30_000_000n);
  const erc20 = (t: string) => new Contract(t, ERC20_ABI, chains.evm.provider).getFunction('balanceOf')(evmDest);
  assert.equal(await erc20(chains.evm.tokens.ethUsdt), 20_000_000n);
  assert.equal(await erc20(chains.evm.tokens.bscUsdt), 15_000_000n * 10n ** 12n, 'BEP-20: 18 decimals on chain');
  const fees = ws.reduce((a, w) => a + w.fee, 0n);
  assert.equal((await walletBalance(db.sql, merchant)).available, 220_000_000n - 65_000_000n - fees);
});
