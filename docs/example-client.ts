// A minimal otc-desk merchant client: Node 20+, no dependencies. Copy it into your project.
//
//   const desk = new DeskClient({ baseUrl: 'https://desk.example', keyId: 'mk_…', secret: 'sk_…' });
//   const payin = await desk.createPayin({ merchant_order_id: 'A-1001', amount: '100.50', currency: 'CNY' }, 'A-1001');
//   // send the customer to payin.payment_url, then wait for the payin.paid webhook:
//   const event = verifyWebhook({ 'mk_…': 'sk_…' }, req.headers, rawBody, req.url);
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The signed bytes, for requests and webhooks alike. */
export function canonical(timestamp: string, method: string, pathWithQuery: string, body: string): string {
  return `${timestamp}\n${method.toUpperCase()}\n${pathWithQuery}\n${body}`;
}

export function hmacHex(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message).digest('hex');
}

export interface DeskResponse<T = any> {
  status: number;
  body: T;
  replayed: boolean;
}

export class DeskError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly params?: Record<string, unknown>) {
    super(`${status} ${code}: ${message}`);
  }
}

export class DeskClient {
  constructor(private readonly opts: { baseUrl: string; keyId: string; secret: string; timeoutMs?: number }) {}

  /** Signs and sends one request. Throws DeskError for any non-2xx answer. */
  async request<T = any>(method: string, pathWithQuery: string, body?: unknown, idempotencyKey?: string): Promise<DeskResponse<T>> {
    const raw = body === undefined ? '' : JSON.stringify(body);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      'X-Key-Id': this.opts.keyId,
      'X-Timestamp': timestamp,
      'X-Nonce': randomBytes(16).toString('hex'),
      'X-Signature': hmacHex(this.opts.secret, canonical(timestamp, method, pathWithQuery, raw)),
    };
    if (raw) headers['Content-Type'] = 'application/json';
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    const res = await fetch(new URL(pathWithQuery, this.opts.baseUrl), {
      method, headers, body: raw || undefined, signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000),
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : null;
    if (!res.ok) throw new DeskError(res.status, json?.error?.code ?? 'http_error', json?.error?.message ?? text, json?.error?.params);
    return { status: res.status, body: json as T, replayed: res.headers.get('idempotent-replayed') === 'true' };
  }

  /** Safe to retry with the same idempotencyKey (e.g. your order id) after a timeout. */
  createPayin(p: { merchant_order_id: string; amount: string; currency: string; payment_method?: string; customer_reference?: string }, idempotencyKey: string) {
    return this.request('POST', '/v1/payins', p, idempotencyKey);
  }
  getPayin(id: number) {
    return this.request('GET', `/v1/payins/${id}`);
  }
  findPayin(merchantOrderId: string) {
    return this.request('GET', `/v1/payins?merchant_order_id=${encodeURIComponent(merchantOrderId)}`);
  }
  cancelPayin(id: number, reason?: string) {
    return this.request('POST', `/v1/payins/${id}/cancel`, reason ? { reason } : undefined);
  }
  balance() {
    return this.request('GET', '/v1/balance');
  }
  createPayout(p: { amount: string; chain: 'tron' | 'ethereum' | 'bsc' | 'polygon'; address: string }, idempotencyKey: string) {
    return this.request('POST', '/v1/payouts', p, idempotencyKey);
  }
  getPayout(id: number) {
    return this.request('GET', `/v1/payouts/${id}`);
  }
}

export interface WebhookEvent {
  id: string;
  type: 'payin.paid' | 'payin.expired' | 'payin.cancelled' | 'payin.disputed' | 'payout.sent' | 'payout.failed';
  created_at: string;
  data: Record<string, any>;
}

/**
 * Checks a webhook: known key id, timestamp within 5 minutes, HMAC over the raw body and
 * the path it was POSTed to (req.url). Throws on any mismatch; returns the parsed event.
 * `secrets` maps key id → secret (keep both during a key rotation). Deduplicate on event.id.
 */
export function verifyWebhook(
  secrets: Record<string, string>,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  pathWithQuery: string,
  nowSec = Math.floor(Date.now() / 1000),
): WebhookEvent {
  const h = (name: string) => {
    const v = headers[name] ?? headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  };
  const keyId = h('x-key-id');
  const timestamp = h('x-timestamp');
  const signature = h('x-signature');
  if (!keyId || !timestamp || !signature) throw new Error('webhook: missing signature headers');
  const secret = secrets[keyId];
  if (!secret) throw new Error(`webhook: unknown key ${keyId}`);
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSec - Number(timestamp)) > 300) throw new Error('webhook: stale timestamp');
  const expected = Buffer.from(hmacHex(secret, canonical(timestamp, 'POST', pathWithQuery, rawBody)), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/i.test(signature) ? signature : '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('webhook: bad signature');
  return JSON.parse(rawBody) as WebhookEvent;
}
