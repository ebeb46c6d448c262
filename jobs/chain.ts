// Chain work on a timer: each watcher polls its chain, each sender signs approved
// withdrawals, broadcasts stored ones and settles confirmed ones. Several instances are
// safe: cursors advance conditionally, withdrawals are claimed FOR UPDATE SKIP LOCKED.
import type { Logger } from '../logger.ts';
import type { Job } from './scheduler.ts';
import type { ChainServices } from '../chain/runtime.ts';

/** One pass over every chain; one chain's failure does not stop the others (each is logged). */
export async function runChainOnce(s: ChainServices, logger?: Logger): Promise<{ errors: number }> {
  let errors = 0;
  const guard = async (what: string, chain: string, fn: () => Promise<unknown>) => {
    try {
      const r = await fn();
      logger?.debug({ chain, what, r }, 'chain step');
    } catch (e) {
      errors++;
      logger?.error({ chain, what, err: e }, 'chain step failed');
    }
  };
  await Promise.all([
    ...s.watchers.map((w) => guard('watch', w.chain, () => w.poll())),
    ...s.senders.map((p) => guard('pay', p.chain, async () => {
      await p.signPending();
      await p.advance();
    })),
  ]);
  return { errors };
}

export function chainJobs(s: ChainServices, pollMs: number, logger: Logger): Job[] {
  const sec = Math.max(1, Math.round(pollMs / 1000));
  return [{ name: 'chain', schedule: `*/${sec} * * * * *`, run: () => runChainOnce(s, logger) }];
}

/** A sub-second loop for the sandbox (cron has one-second resolution); never overlaps itself. */
export function startChainLoop(s: ChainServices, pollMs: number, logger?: Logger): { stop(): Promise<void> } {
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const t0 = Date.now();
      await runChainOnce(s, logger);
      // Fixed rate: a pass starts every pollMs (a slow pass is followed at once by the next).
      await new Promise((r) => setTimeout(r, Math.max(0, pollMs - (Date.now() - t0))));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await done;
    },
  };
}
