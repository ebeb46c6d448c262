import cron from 'node-cron';
import type { Logger } from '../logger.ts';

export interface Job {
  name: string;
  /** node-cron pattern with seconds, e.g. '*\/5 * * * * *'. */
  schedule: string;
  run: () => Promise<unknown>;
}

/**
 * Runs jobs on their schedules, never overlapping with themselves in this process. Across
 * processes each job claims its rows with FOR UPDATE SKIP LOCKED, so running several
 * instances is safe.
 */
export function startScheduler(jobs: Job[], logger: Logger): { stop(): Promise<void> } {
  // node-cron's own notices (e.g. a tick missed while the machine was busy) go through pino.
  const cronLogger = {
    info: (m: string) => logger.debug({ cron: true }, m),
    warn: (m: string) => logger.debug({ cron: true }, m),
    error: (m: string | Error, err?: Error) => logger.error({ cron: true, err: err ?? m }, String(m)),
    debug: (m: string | Error) => logger.trace({ cron: true }, String(m)),
  };
  const tasks = jobs.map((job) =>
    cron.schedule(job.schedule, async () => {
      try {
        const result = await job.run();
        if (result && typeof result === 'object' && Object.values(result).some((v) => typeof v === 'number' && v > 0)) {
          logger.debug({ job: job.name, result }, 'job ran');
        }
      } catch (e) {
        logger.error({ job: job.name, err: e }, 'job failed');
      }
    }, { name: job.name, noOverlap: true, logger: cronLogger }),
  );
  return {
    async stop() {
      for (const t of tasks) await t.stop();
      for (const t of tasks) await t.destroy();
    },
  };
}
