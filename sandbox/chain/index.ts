// Everything chain-side that `npm start` needs with no real chain: a local EVM (Hardhat,
// interval mining) carrying the Ethereum- and BSC-like USDT tokens, a local TronGrid, dev
// xpubs and funded hot wallets — and the env variables that point the desk at them.
import { HDNodeWallet, Mnemonic, Wallet } from 'ethers';
import { startLocalEvm, type LocalEvm, type EvmTestChain } from './evm.ts';
import { startTronSandbox, type TronSandbox } from './tron/server.ts';
import { tronBase58FromHex20 } from '../../chain/hd.ts';

export { startLocalEvm, startTronSandbox };
export type { LocalEvm, TronSandbox, EvmTestChain };

/** The sandbox's well-known wallet mnemonic for hot wallets. Never use it for real funds. */
export const SANDBOX_MNEMONIC = 'test test test test test test test test test test test junk';
/**
 * Deposit xpubs come from a wallet of their own, so users' deposit addresses are not the
 * local node's well-known funded accounts (m/44'/60'/0'/0/0 of the mnemonic above).
 */
export const SANDBOX_DEPOSIT_MNEMONIC = Mnemonic.fromEntropy('0x' + '5a'.repeat(16)).phrase;

export interface SandboxChains {
  evm: LocalEvm;
  tron: TronSandbox;
  /** Variables for loadConfig(): RPC URLs, tokens, xpubs, hot keys, confirmations. */
  env: Record<string, string>;
  /** Test USDT to any address: 'ethereum' | 'bsc' on the local EVM, 'tron' on the local TronGrid. */
  sendTestUsdt(to: string, amount: bigint, chain: EvmTestChain | 'tron'): Promise<string>;
  stop(): Promise<void>;
}

export async function startSandboxChains(opts: { blockMs?: number; evmConfirmations?: number } = {}): Promise<SandboxChains> {
  const blockMs = opts.blockMs ?? 2000;
  const evm = await startLocalEvm({ intervalMs: blockMs });
  const tron = await startTronSandbox({ blockMs, solidifyLag: 3 }).catch(async (e) => {
    await evm.stop();
    throw e;
  });
  const m = Mnemonic.fromPhrase(SANDBOX_MNEMONIC);
  const deposits = Mnemonic.fromPhrase(SANDBOX_DEPOSIT_MNEMONIC);
  const evmHot = HDNodeWallet.fromMnemonic(m, "m/44'/60'/1'/0/0");
  // BSC shares the local node with "ethereum", so it gets its own hot wallet (its own nonces).
  const bscHot = HDNodeWallet.fromMnemonic(m, "m/44'/60'/1'/0/1");
  const tronHot = HDNodeWallet.fromMnemonic(m, "m/44'/195'/1'/0/0");
  for (const a of [evmHot.address, bscHot.address]) await evm.provider.send('hardhat_setBalance', [a, '0x3635C9ADC5DEA00000']);
  await evm.sendTestUsdt(evmHot.address, 1_000_000_000_000n, 'ethereum');
  await evm.sendTestUsdt(bscHot.address, 1_000_000_000_000n, 'bsc');
  tron.mint(tronBase58FromHex20(tronHot.address.slice(2)), 1_000_000_000_000n);
  const confirmations = String(opts.evmConfirmations ?? 3);
  const env: Record<string, string> = {
    CHAIN_EVM_XPUB: HDNodeWallet.fromMnemonic(deposits, "m/44'/60'/0'").neuter().extendedKey,
    CHAIN_TRON_XPUB: HDNodeWallet.fromMnemonic(deposits, "m/44'/195'/0'").neuter().extendedKey,
    CHAIN_POLL_MS: String(Math.max(500, Math.floor(blockMs / 2))),
    ETH_RPC_URL: evm.rpcUrl, ETH_USDT_ADDRESS: evm.tokens.ethUsdt, ETH_USDT_DECIMALS: '6', ETH_CONFIRMATIONS: confirmations, ETH_START_BLOCK: '0',
    BSC_RPC_URL: evm.rpcUrl, BSC_USDT_ADDRESS: evm.tokens.bscUsdt, BSC_USDT_DECIMALS: '18', BSC_CONFIRMATIONS: confirmations, BSC_START_BLOCK: '0',
    TRON_API_URL: tron.url, TRON_USDT_ADDRESS: tron.token, TRON_CONFIRMATIONS: '3', TRON_START_BLOCK: '0', TRON_EVENT_LAG_BLOCKS: '0',
    EVM_HOT_WALLET_KEY: evmHot.privateKey,
    BSC_HOT_WALLET_KEY: bscHot.privateKey,
    TRON_HOT_WALLET_KEY: tronHot.privateKey,
  };
  return {
    evm, tron, env,
    async sendTestUsdt(to, amount, chain) {
      if (chain === 'tron') return tron.injectTransfer(to, amount);
      return evm.sendTestUsdt(to, amount, chain);
    },
    async stop() {
      await tron.stop();
      await evm.stop();
    },
  };
}

/** A throwaway key for tests that need a hot wallet. */
export const randomKey = () => Wallet.createRandom().privateKey;
