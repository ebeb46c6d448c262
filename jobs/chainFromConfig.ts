import type { Config } from '../config.ts';
import type { Sql } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import type { Job } from './scheduler.ts';
import { buildChainServices, type BuildOptions, type ChainServices } from '../chain/runtime.ts';
import { runChainOnce } from './chain.ts';

/**
 * The chain job for a desk process: watchers and senders built from config on the first
 * run (a node that is down at start only delays them). No job when no chain is configured.
 */
export function chainJobsFromConfig(sql: Sql, config: Config, logger: Logger, opts: BuildOptions = {}): { jobs: Job[]; stop(): void } {
  const configured = config.ETH_RPC_URL || config.BSC_RPC_URL || config.POLYGON_RPC_URL || config.TRON_API_URL;
  if (!configured) return { jobs: [], stop: () => {} };
  let services: Promise<ChainServices> | undefined;
  const get = () => {
    services ??= buildChainServices(sql, config, { log: (msg, extra) => logger.info(extra ?? {}, msg), ...opts }).catch((e) => {
      services = undefined; // retried on the next run
      throw e;
    });
    return services;
  };
  const sec = Math.max(1, Math.round(config.CHAIN_POLL_MS / 1000));
  return {
    jobs: [{ name: 'chain', schedule: `*/${sec} * * * * *`, run: async () => runChainOnce(await get(), logger) }],
    stop: () => void services?.then((s) => s.stop(), () => {}),
  };
}
