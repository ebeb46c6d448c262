import type { Exec } from '../core/db.ts';
import { runDueTimers } from '../core/orders/index.ts';
import { checkInvariants } from '../core/ledger/index.ts';
import { emit } from '../core/outbox.ts';
import type { Logger } from '../logger.ts';
import type { Job } from './scheduler.ts';
import { purgeExpiredSessions } from '../core/admin/sessions.ts';

/** Order timers (expiry, claim timeouts, appeal unlock, escalation) and ledger reconciliation. */
export function coreJobs(sql: Exec, logger: Logger): Job[] {
  return [
    { name: 'order-timers', schedule: '*/2 * * * * *', run: () => runDueTimers(sql) },
    { name: 'admin-session-purge', schedule: '0 */15 * * * *', run: async () => ({ purged: await purgeExpiredSessions(sql) }) },
    {
      name: 'ledger-reconciliation',
      schedule: '0 */10 * * * *',
      run: async () => {
        const report = await checkInvariants(sql);
        if (report.violations.length) {
          logger.error({ violations: report.violations }, 'ledger invariants violated');
          await emit(sql, { channel: 'admin', topic: 'ledger.violation', payload: { violations: report.violations.slice(0, 20) } });
        }
        return { violations: report.violations.length };
      },
    },
  ];
}
