// The sandbox's chains: a local EVM node (Ethereum- and BSC-like USDT tokens, a block every
// 2 s) and a local TronGrid-compatible server, the watchers and withdrawal senders as a
// job, and "send me test USDT" buttons in the web chat.
import type { Config } from '../config.ts';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Job } from '../jobs/scheduler.ts';
import type { ExtraAction } from './telegram/index.ts';
import { logger } from '../logger.ts';
import { startSandboxChains, type SandboxChains } from './chain/index.ts';
import { chainJobsFromConfig } from '../jobs/chainFromConfig.ts';
import { depositAddressFor } from '../chain/addresses.ts';
import { formatUsdt } from '../core/wallet/index.ts';

export interface SandboxChain {
  extraActions(): ExtraAction[];
  attach(database: Database): void;
  jobs(database: Database): Job[];
  describe(): string[];
  stop(): Promise<void>;
}

const TEST_AMOUNT = 100_000_000n;

export async function sandboxChain(config: Config): Promise<SandboxChain> {
  const chains: SandboxChains = await startSandboxChains({ blockMs: 2000, evmConfirmations: 3 });
  // Point this process's config at the local chains (the bot reads the xpubs from it).
  const local = loadConfig({ ...process.env, ...chains.env });
  for (const k of Object.keys(chains.env) as (keyof Config)[]) (config as any)[k] = local[k];
  config.CHAIN_POLL_MS = local.CHAIN_POLL_MS;
  let database: Database | undefined;
  let job: ReturnType<typeof chainJobsFromConfig> | undefined;

  const send = (chain: 'tron' | 'ethereum' | 'bsc', label: string): ExtraAction => ({
    id: `test-usdt-${chain}`,
    label: `Send me ${formatUsdt(TEST_AMOUNT)} test USDT (${label})`,
    async run(persona) {
      if (!database) return 'The desk is still starting.';
      const [u] = await database.sql`SELECT id FROM users WHERE telegram_id = ${persona.user.id}`;
      if (!u) return 'Open the bot first (/start), then try again.';
      const family = chain === 'tron' ? 'tron' : 'evm';
      const xpub = family === 'tron' ? config.CHAIN_TRON_XPUB! : config.CHAIN_EVM_XPUB!;
      const a = await depositAddressFor(database.sql, { type: 'user', id: Number(u.id) }, family, xpub);
      const tx = await chains.sendTestUsdt(a.address, TEST_AMOUNT, chain);
      return `Sent ${formatUsdt(TEST_AMOUNT)} test USDT on ${label} to ${a.address} (tx ${tx.slice(0, 12)}…). It is credited after ${chain === 'tron' ? 'solidification' : '3 confirmations'}.`;
    },
  });

  return {
    extraActions: () => [send('tron', 'TRON'), send('ethereum', 'Ethereum'), send('bsc', 'BSC')],
    attach(d) {
      database = d;
    },
    jobs(d) {
      job = chainJobsFromConfig(d.sql, config, logger);
      return job.jobs;
    },
    describe: () => [
      `  local EVM (Ethereum + BSC USDT)      ${chains.evm.rpcUrl}  tokens ${chains.evm.tokens.ethUsdt} / ${chains.evm.tokens.bscUsdt}`,
      `  local TronGrid                       ${chains.tron.url}  token ${chains.tron.token}`,
    ],
    async stop() {
      job?.stop();
      await chains.stop();
    },
  };
}
