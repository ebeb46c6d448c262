import type postgres from 'postgres';
import type { Exec } from '../db.ts';
import { isDeskError } from '../errors.ts';
import { emit } from '../outbox.ts';
import { getSettings } from '../settings.ts';
import { claimTimeout, expireOrder } from './actions.ts';

type Due = (tx: postgres.TransactionSql<any>) => postgres.PendingQuery<any>;

/**
 * Takes one due order at a time with FOR UPDATE SKIP LOCKED and fires its timer inside
 * the same transaction, so two processes never fire the same timer, and a user racing
 * the timer meets the conditional update: exactly one of them wins.
 */
async function fireDue(sql: Exec, due: Due, fire: (tx: Exec, id: number) => Promise<unknown>, max: number): Promise<number> {
  let fired = 0;
  for (let i = 0; i < max; i++) {
    const took = await (sql as postgres.Sql<any>).begin(async (tx) => {
      const [row] = await due(tx);
      if (!row) return false;
      try {
        await tx.savepoint((sp) => fire(sp, Number(row.id)));
        fired++;
      } catch (e) {
        // Someone else changed the order first; the timer has nothing left to do.
        if (!isDeskError(e)) throw e;
      }
      return true;
    });
    if (!took) break;
  }
  return fired;
}

export interface TimerReport {
  expired: number;
  claimTimeouts: number;
  appealsUnlocked: number;
  escalated: number;
}

export async function runDueTimers(sql: Exec, max = 500): Promise<TimerReport> {
  const claimTimeouts = await fireDue(sql, (tx) => tx`
    SELECT id FROM orders WHERE status = 'claimed' AND claim_deadline <= now()
    ORDER BY claim_deadline LIMIT 1 FOR UPDATE SKIP LOCKED`, (tx, id) => claimTimeout(tx, id), max);
  const expired = await fireDue(sql, (tx) => tx`
    SELECT id FROM orders WHERE (status = 'matched' AND pay_deadline <= now())
       OR (status IN ('created', 'claimed') AND match_deadline <= now())
    ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`, (tx, id) => expireOrder(tx, id), max);
  return { expired, claimTimeouts, appealsUnlocked: await unlockAppeals(sql), escalated: await escalateDisputes(sql) };
}

/** Tells both sides once when the seller's release window has passed and appeals are open. */
async function unlockAppeals(sql: Exec): Promise<number> {
  return (sql as postgres.Sql<any>).begin(async (tx) => {
    const rows = await tx`
      UPDATE orders SET appeal_notified = true WHERE id IN (
        SELECT id FROM orders WHERE status = 'paid' AND NOT appeal_notified AND appeal_after <= now()
        LIMIT 200 FOR UPDATE SKIP LOCKED)
      RETURNING id`;
    for (const r of rows) await emit(tx, { channel: 'telegram', topic: 'order.appeal_available', payload: { orderId: Number(r.id) } });
    return rows.length;
  });
}

/** A dispute nobody answered in time goes to the admins' queue. */
async function escalateDisputes(sql: Exec): Promise<number> {
  const s = await getSettings(sql);
  return (sql as postgres.Sql<any>).begin(async (tx) => {
    const rows = await tx`
      UPDATE disputes SET escalated_at = now() WHERE id IN (
        SELECT id FROM disputes WHERE resolved_at IS NULL AND escalated_at IS NULL AND first_response_at IS NULL
          AND opened_at <= now() - make_interval(secs => ${s.appeal_escalate_sec})
        LIMIT 200 FOR UPDATE SKIP LOCKED)
      RETURNING order_id`;
    for (const r of rows) await emit(tx, { channel: 'admin', topic: 'dispute.escalated', payload: { orderId: Number(r.order_id) } }, { channel: 'telegram', topic: 'dispute.escalated', payload: { orderId: Number(r.order_id) } });
    return rows.length;
  });
}
