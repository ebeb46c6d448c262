// Merchant webhooks: outbox rows on the 'webhook' channel become webhook_deliveries (one per
// event), which are POSTed, signed like API requests, with exponential backoff for 24 h.
import { randomBytes } from 'node:crypto';
import type { Exec } from '../core/db.ts';
import { drainOutbox, type OutboxRow } from '../core/outbox.ts';
import { currencies } from '../core/money/currencies.ts';
import { getOrder } from '../core/orders/index.ts';
import {
  webhookEventType, enqueueWebhook, claimDueWebhooks, recordWebhookAttempt, getMerchant, signingKey, sign,
  getMerchantPayin, payinJson, payinStatus, getMerchantPayout, payoutJson, pruneNonces, pruneIdempotencyKeys,
  loadMerchantSecretKey, pgIso, type WebhookDelivery, type AttemptOutcome,
} from '../core/merchants/index.ts';
import type { Config } from '../config.ts';
import { logger } from '../logger.ts';

export interface WebhookJobDeps {
  sql: Exec;
  config: Config;
  secretKey?: Buffer;
  /** Base of payment_url in payin data; defaults to PUBLIC_API_URL, then http://HTTP_HOST:API_PORT. */
  publicUrl?: string;
  /** First retry delay; defaults to config.WEBHOOK_BACKOFF_BASE_MS. */
  backoffBaseMs?: number;
  timeoutMs?: number;
}

async function eventData(deps: WebhookJobDeps, row: OutboxRow, merchantId: number): Promise<Record<string, unknown> | null> {
  const p = row.payload;
  if (row.topic.startsWith('order.')) {
    const payin = await getMerchantPayin(deps.sql, merchantId, Number(p.orderId));
    if (!payin) return null;
    const exponent = (await currencies(deps.sql)).get(payin.order.fiatCurrency)!.exponent;
    const base = deps.publicUrl ?? deps.config.PUBLIC_API_URL ?? `http://${deps.config.HTTP_HOST}:${deps.config.API_PORT}`;
    const json = payinJson(payin, exponent, base);
    // The status as of this event, even if the order has moved on since.
    return { ...json, status: payinStatus({ status: p.to, resolution: payin.order.resolution }), order_status: p.to };
  }
  const w = await getMerchantPayout(deps.sql, merchantId, Number(p.withdrawalId));
  return w ? { ...payoutJson(w), ...(p.reason ? { failure_reason: String(p.reason) } : {}) } : null;
}

/** Turns new 'webhook' outbox rows into deliveries. Returns how many rows were handled. */
export async function enqueueWebhookEvents(deps: WebhookJobDeps, limit = 100): Promise<number> {
  return drainOutbox(deps.sql, 'webhook', limit, async (row) => {
    const merchantId = Number(row.payload.merchantId);
    if (!merchantId) return { ok: true };
    let payload = row.payload;
    if (row.topic === 'order.resolve') payload = { ...payload, resolution: (await getOrder(deps.sql, Number(payload.orderId)))?.resolution };
    const type = webhookEventType(row.topic, payload);
    if (!type) return { ok: true };
    const data = await eventData(deps, row, merchantId);
    if (!data) return { ok: false, error: `no ${type} object for merchant ${merchantId}`, retryInMs: 0, giveUp: true };
    const eventId = `evt_${row.id}`;
    await enqueueWebhook(deps.sql, { eventId, merchantId, eventType: type, sourceKey: `outbox:${row.id}`, payload: { id: eventId, type, created_at: pgIso(row.createdAt), data } });
    return { ok: true };
  });
}

/** One signed POST. Never throws: the outcome is logged as an attempt. */
export async function sendWebhook(deps: WebhookJobDeps, key: Buffer, d: WebhookDelivery): Promise<AttemptOutcome> {
  const started = performance.now();
  const fail = (error: string, statusCode: number | null = null): AttemptOutcome => ({ statusCode, latencyMs: performance.now() - started, error });
  const merchant = await getMerchant(deps.sql, d.merchantId);
  if (!merchant?.callbackUrl) return fail('merchant has no callback URL');
  const signer = await signingKey(deps.sql, key, d.merchantId);
  if (!signer) return fail('merchant has no active key to sign with');
  const url = new URL(merchant.callbackUrl);
  const body = JSON.stringify(d.payload);
  const ts = String(Math.floor(Date.now() / 1000));
  try {
    const res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'otc-desk-webhooks/1',
        'X-Key-Id': signer.keyId,
        'X-Timestamp': ts,
        'X-Nonce': randomBytes(16).toString('hex'),
        'X-Signature': sign(signer.secret, ts, 'POST', url.pathname + url.search, body),
        'X-Event-Id': d.eventId,
        'X-Event-Type': d.eventType,
      },
      body,
    });
    await res.body?.cancel();
    const latencyMs = performance.now() - started;
    return res.ok ? { statusCode: res.status, latencyMs, error: null } : { statusCode: res.status, latencyMs, error: `HTTP ${res.status}` };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    return fail(err.name === 'TimeoutError' ? 'timeout' : (err.cause?.code ?? err.message));
  }
}

/** Sends what is due (leased, several at once) and records each attempt. */
export async function deliverDueWebhooks(deps: WebhookJobDeps, limit = 20): Promise<{ delivered: number; retrying: number; failed: number }> {
  const key = deps.secretKey ?? loadMerchantSecretKey(deps.config);
  const base = deps.backoffBaseMs ?? deps.config.WEBHOOK_BACKOFF_BASE_MS;
  const due = await claimDueWebhooks(deps.sql, limit);
  const out = { delivered: 0, retrying: 0, failed: 0 };
  await Promise.all(due.map(async (d) => {
    const attempt = await sendWebhook(deps, key, d);
    const status = await recordWebhookAttempt(deps.sql, d, attempt, base);
    if (status === 'delivered') out.delivered++;
    else if (status === 'failed') out.failed++;
    else out.retrying++;
    if (attempt.error) logger.info({ deliveryId: d.id, eventId: d.eventId, attempt: d.attempts + 1, status, error: attempt.error }, 'webhook attempt failed');
  }));
  return out;
}

/** Drops nonces past the signature window and idempotency keys past 24 h. */
export async function pruneApiReplayGuards(sql: Exec): Promise<{ nonces: number; idempotencyKeys: number }> {
  return { nonces: await pruneNonces(sql), idempotencyKeys: await pruneIdempotencyKeys(sql) };
}

/**
 * Runs the webhook pipeline every `intervalMs` (no overlapping ticks; several instances
 * may run it: both steps claim with SKIP LOCKED). Prunes replay guards once a minute.
 */
export function startWebhookWorker(deps: WebhookJobDeps, opts: { intervalMs?: number } = {}): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let lastPrune = 0;
  const tick = async () => {
    try {
      while ((await enqueueWebhookEvents(deps)) > 0);
      await deliverDueWebhooks(deps);
      if (Date.now() - lastPrune > 60_000) {
        lastPrune = Date.now();
        await pruneApiReplayGuards(deps.sql);
      }
    } catch (e) {
      logger.error({ err: e }, 'webhook worker tick failed');
    }
  };
  const timer = setInterval(() => {
    if (!running) running = tick().finally(() => (running = null));
  }, opts.intervalMs ?? 1000);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
