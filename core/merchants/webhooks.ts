import type { Exec } from '../db.ts';
import { DeskError } from '../errors.ts';
import { pgIso } from './merchants.ts';

export type WebhookEventType = 'payin.paid' | 'payin.expired' | 'payin.cancelled' | 'payin.disputed' | 'payout.sent' | 'payout.failed';

export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = ['payin.paid', 'payin.expired', 'payin.cancelled', 'payin.disputed', 'payout.sent', 'payout.failed'];

/** Retries stop this long after the event. */
export const WEBHOOK_GIVE_UP_MS = 24 * 3_600_000;
export const WEBHOOK_MAX_DELAY_MS = 3_600_000;

/**
 * Which merchant event an outbox row on the 'webhook' channel is, if any. Order topics come
 * from core/orders (`order.<action>`), payout topics from core/wallet (`withdrawal.<status>`).
 * A refunded dispute means the merchant is not paid: it is reported as cancelled.
 */
export function webhookEventType(topic: string, payload: Record<string, any>): WebhookEventType | null {
  switch (topic) {
    case 'order.release':
      return 'payin.paid';
    case 'order.resolve':
      return payload.resolution === 'refund' ? 'payin.cancelled' : 'payin.paid';
    case 'order.expire':
      return 'payin.expired';
    case 'order.cancel':
      return 'payin.cancelled';
    case 'order.appeal':
      return 'payin.disputed';
    case 'withdrawal.confirmed':
      return 'payout.sent';
    case 'withdrawal.failed':
    case 'withdrawal.rejected':
      return 'payout.failed';
    default:
      return null;
  }
}

/** Delay before attempt `failures + 1`: base, 2×base, 4×base … capped at an hour. */
export function backoffMs(baseMs: number, failures: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, failures - 1), WEBHOOK_MAX_DELAY_MS);
}

export interface WebhookDelivery {
  id: number;
  eventId: string;
  merchantId: number;
  eventType: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  giveUpAt: string;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

const toDelivery = (r: any): WebhookDelivery => ({
  id: Number(r.id),
  eventId: r.event_id,
  merchantId: Number(r.merchant_id),
  eventType: r.event_type,
  payload: r.payload,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: pgIso(r.next_attempt_at),
  giveUpAt: pgIso(r.give_up_at),
  lastStatusCode: r.last_status_code,
  lastError: r.last_error,
  deliveredAt: r.delivered_at ? pgIso(r.delivered_at) : null,
  createdAt: pgIso(r.created_at),
});

/** Idempotent per source: the same outbox row never yields a second delivery. */
export async function enqueueWebhook(
  exec: Exec,
  e: { eventId: string; merchantId: number; eventType: WebhookEventType; payload: Record<string, unknown>; sourceKey: string; giveUpAfterMs?: number },
): Promise<boolean> {
  const rows = await exec`
    INSERT INTO webhook_deliveries (event_id, merchant_id, event_type, payload, source_key, give_up_at)
    VALUES (${e.eventId}, ${e.merchantId}, ${e.eventType}, ${JSON.stringify(e.payload)}::jsonb, ${e.sourceKey},
            now() + make_interval(secs => ${(e.giveUpAfterMs ?? WEBHOOK_GIVE_UP_MS) / 1000}))
    ON CONFLICT DO NOTHING RETURNING id`;
  return rows.length === 1;
}

/**
 * Leases due deliveries (SKIP LOCKED, then a lease time instead of a held transaction, so
 * no transaction stays open across the HTTP call). A crashed worker's lease simply runs out.
 */
export async function claimDueWebhooks(exec: Exec, limit: number, leaseMs = 60_000): Promise<WebhookDelivery[]> {
  const rows = await exec`
    UPDATE webhook_deliveries d SET locked_until = now() + make_interval(secs => ${leaseMs / 1000})
    WHERE d.id IN (
      SELECT id FROM webhook_deliveries
      WHERE status = 'pending' AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until < now())
      ORDER BY next_attempt_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING d.*`;
  return rows.map(toDelivery);
}

export interface AttemptOutcome {
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

/** Logs the attempt and moves the delivery on: delivered, retried after backoff, or given up. */
export async function recordWebhookAttempt(exec: Exec, d: WebhookDelivery, out: AttemptOutcome, backoffBaseMs: number): Promise<WebhookDelivery['status']> {
  const ok = out.statusCode !== null && out.statusCode >= 200 && out.statusCode < 300;
  const attempt = d.attempts + 1;
  const delay = backoffMs(backoffBaseMs, attempt);
  const [r] = await exec`
    WITH a AS (
      INSERT INTO webhook_attempts (delivery_id, attempt, status_code, latency_ms, error)
      VALUES (${d.id}, ${attempt}, ${out.statusCode}, ${Math.round(out.latencyMs)}, ${out.error}))
    UPDATE webhook_deliveries SET
      attempts = attempts + 1, locked_until = NULL, last_status_code = ${out.statusCode}, last_error = ${out.error},
      status = CASE WHEN ${ok}::boolean THEN 'delivered'
                    WHEN now() + make_interval(secs => ${delay / 1000}) > give_up_at THEN 'failed' ELSE 'pending' END,
      delivered_at = CASE WHEN ${ok}::boolean THEN now() END,
      next_attempt_at = now() + make_interval(secs => ${delay / 1000})
    WHERE id = ${d.id} AND status = 'pending'
    RETURNING status`;
  return r?.status ?? d.status;
}

/**
 * For admins: sends an event again now (delivered or given up alike), with a fresh 24 h of
 * retries. The event id stays the same so the merchant can deduplicate.
 */
export async function resendWebhook(exec: Exec, deliveryId: number): Promise<WebhookDelivery> {
  const [r] = await exec`
    UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), locked_until = NULL,
      give_up_at = now() + make_interval(secs => ${WEBHOOK_GIVE_UP_MS / 1000})
    WHERE id = ${deliveryId} AND NOT (status = 'pending' AND locked_until > now())
    RETURNING *`;
  if (r) return toDelivery(r);
  const [cur] = await exec`SELECT status FROM webhook_deliveries WHERE id = ${deliveryId}`;
  if (!cur) throw new DeskError('not_found', { delivery: deliveryId });
  throw new DeskError('already_done', { status: 'sending' });
}

export async function getWebhookDelivery(exec: Exec, deliveryId: number): Promise<WebhookDelivery | null> {
  const [r] = await exec`SELECT * FROM webhook_deliveries WHERE id = ${deliveryId}`;
  return r ? toDelivery(r) : null;
}

export async function listWebhookDeliveries(exec: Exec, f: { merchantId?: number; status?: WebhookDelivery['status']; limit?: number } = {}): Promise<WebhookDelivery[]> {
  const rows = await exec`
    SELECT * FROM webhook_deliveries
    WHERE (${f.merchantId ?? null}::bigint IS NULL OR merchant_id = ${f.merchantId ?? null})
      AND (${f.status ?? null}::text IS NULL OR status = ${f.status ?? null})
    ORDER BY id DESC LIMIT ${f.limit ?? 50}`;
  return rows.map(toDelivery);
}

export async function webhookAttempts(exec: Exec, deliveryId: number) {
  const rows = await exec`SELECT * FROM webhook_attempts WHERE delivery_id = ${deliveryId} ORDER BY id`;
  return rows.map((r) => ({
    attempt: r.attempt as number,
    statusCode: r.status_code as number | null,
    latencyMs: r.latency_ms as number,
    error: r.error as string | null,
    createdAt: pgIso(r.created_at),
  }));
}
