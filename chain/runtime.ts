// Builds the configured watchers and withdrawal senders from config: one EVM watcher per
// chain with an RPC URL, the TRON watcher when an API URL is set, senders when a hot key is.
import type { Config } from '../config.ts';
import type { Sql } from '../db/client.ts';
import { DEFAULT_WITHDRAWAL_RULES, type ChainName, type WithdrawalRules } from '../core/wallet/index.ts';
import { EvmWatcher } from './evm/watcher.ts';
import { EvmSender } from './evm/sender.ts';
import { makeProvider, rpcSource } from './evm/source.ts';
import { TronClient } from './tron/client.ts';
import { TronWatcher } from './tron/watcher.ts';
import { TronSender } from './tron/sender.ts';
import { loadHotKey } from './keys.ts';

export interface Poller {
  chain: string;
  poll(): Promise<unknown>;
}
export interface Payer {
  chain: string;
  init(): Promise<void>;
  signPending(max?: number): Promise<number>;
  advance(max?: number): Promise<unknown>;
}

export interface ChainServices {
  watchers: Poller[];
  senders: Payer[];
  /** Chains a user may withdraw on (a sender is configured). */
  withdrawChains: ChainName[];
  rules: WithdrawalRules;
  stop(): void;
}

type EvmKey = 'ETH' | 'BSC' | 'POLYGON';
const EVM: [ChainName, EvmKey][] = [['ethereum', 'ETH'], ['bsc', 'BSC'], ['polygon', 'POLYGON']];

export function withdrawalDefaults(cfg: Config): WithdrawalRules {
  return {
    min: cfg.WITHDRAW_MIN_USDT, max: cfg.WITHDRAW_MAX_USDT, daily: cfg.WITHDRAW_DAILY_USDT, approvalThreshold: cfg.WITHDRAW_APPROVAL_USDT,
    fees: { ...DEFAULT_WITHDRAWAL_RULES.fees, tron: cfg.WITHDRAW_FEE_TRON_USDT, ethereum: cfg.WITHDRAW_FEE_ETH_USDT, bsc: cfg.WITHDRAW_FEE_BSC_USDT, polygon: cfg.WITHDRAW_FEE_POLYGON_USDT },
  };
}

export interface BuildOptions {
  log?: (msg: string, extra?: Record<string, unknown>) => void;
  /** Chains that get a withdrawal sender (default: every configured one). */
  senderChains?: ChainName[];
}

/** Chains a withdrawal can be paid on with this config: a node URL and a hot key. */
export function enabledWithdrawChains(cfg: Config): ChainName[] {
  const evmKey = Boolean(cfg.EVM_HOT_WALLET_KEYSTORE || cfg.EVM_HOT_WALLET_KEY);
  const out: ChainName[] = [];
  if (cfg.TRON_API_URL && (cfg.TRON_HOT_WALLET_KEYSTORE || cfg.TRON_HOT_WALLET_KEY)) out.push('tron');
  for (const [chain, k] of EVM) if (cfg[`${k}_RPC_URL`] && (evmKey || cfg[`${k}_HOT_WALLET_KEY`])) out.push(chain);
  return out;
}

export async function buildChainServices(sql: Sql, cfg: Config, opts: BuildOptions = {}): Promise<ChainServices> {
  const log = opts.log;
  const wantSender = (c: ChainName) => !opts.senderChains || opts.senderChains.includes(c);
  const watchers: Poller[] = [];
  const senders: Payer[] = [];
  const providers: { destroy(): void }[] = [];
  const evmKey = cfg.EVM_HOT_WALLET_KEYSTORE || cfg.EVM_HOT_WALLET_KEY
    ? await loadHotKey({ keystorePath: cfg.EVM_HOT_WALLET_KEYSTORE, keystorePassword: cfg.EVM_HOT_WALLET_PASSWORD, privateKey: cfg.EVM_HOT_WALLET_KEY })
    : null;
  for (const [chain, k] of EVM) {
    const url = cfg[`${k}_RPC_URL`];
    if (!url) continue;
    const provider = makeProvider(url);
    providers.push(provider);
    const token = cfg[`${k}_USDT_ADDRESS`];
    const decimals = cfg[`${k}_USDT_DECIMALS`];
    const confirmations = cfg[`${k}_CONFIRMATIONS`];
    if (cfg.CHAIN_EVM_XPUB) {
      const w = new EvmWatcher(sql, { chain, token, decimals, confirmations, source: rpcSource(provider), startBlock: cfg[`${k}_START_BLOCK`], log });
      watchers.push({ chain, poll: () => w.poll() });
    }
    const chainKey = cfg[`${k}_HOT_WALLET_KEY`] ? await loadHotKey({ privateKey: cfg[`${k}_HOT_WALLET_KEY`] }) : evmKey;
    if (chainKey && wantSender(chain)) {
      const chainId = Number((await provider.getNetwork()).chainId);
      const s = new EvmSender(sql, { chain, provider, token, decimals, confirmations, chainId, wallet: chainKey.connect(provider) });
      senders.push({ chain, init: () => s.init(), signPending: (m) => s.signPending(m), advance: (m) => s.advance(m) });
    }
  }
  if (cfg.TRON_API_URL) {
    const client = new TronClient(cfg.TRON_API_URL, cfg.TRON_API_KEY);
    if (cfg.CHAIN_TRON_XPUB) {
      const w = new TronWatcher(sql, { chain: 'tron', token: cfg.TRON_USDT_ADDRESS, decimals: 6, confirmations: cfg.TRON_CONFIRMATIONS, client, startBlock: cfg.TRON_START_BLOCK, eventLagBlocks: cfg.TRON_EVENT_LAG_BLOCKS, log });
      watchers.push({ chain: 'tron', poll: () => w.poll() });
    }
    if ((cfg.TRON_HOT_WALLET_KEYSTORE || cfg.TRON_HOT_WALLET_KEY) && wantSender('tron')) {
      const key = await loadHotKey({ keystorePath: cfg.TRON_HOT_WALLET_KEYSTORE, keystorePassword: cfg.TRON_HOT_WALLET_PASSWORD, privateKey: cfg.TRON_HOT_WALLET_KEY });
      const s = new TronSender(sql, { client, token: cfg.TRON_USDT_ADDRESS, wallet: key });
      senders.push({ chain: 'tron', init: () => s.init(), signPending: (m) => s.signPending(m), advance: (m) => s.advance(m) });
    }
  }
  for (const s of senders) await s.init();
  return {
    watchers, senders, withdrawChains: senders.map((s) => s.chain as ChainName), rules: withdrawalDefaults(cfg),
    stop: () => providers.forEach((p) => p.destroy()),
  };
}
