// The sandbox's chains. Filled in by the chain work: a local EVM node with USDT tokens,
// a local TronGrid-compatible server, watchers as jobs, and the "send test USDT" action.
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Job } from '../jobs/scheduler.ts';
import type { ExtraAction } from './telegram/index.ts';

export interface SandboxChain {
  extraActions(): ExtraAction[];
  attach(database: Database): void;
  jobs(database: Database): Job[];
  describe(): string[];
  stop(): Promise<void>;
}

export async function sandboxChain(_config: Config): Promise<SandboxChain> {
  return {
    extraActions: () => [],
    attach: () => {},
    jobs: () => [],
    describe: () => ['  chains                               (not started)'],
    stop: async () => {},
  };
}
