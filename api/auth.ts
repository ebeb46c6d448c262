import type { Context, MiddlewareHandler } from 'hono';
import type { Exec } from '../core/db.ts';
import { checkTimestamp, signatureMatches, NONCE_PATTERN, lookupKey, acceptRequest, type Acceptance, type Merchant } from '../core/merchants/index.ts';
import { apiError } from './errors.ts';

export interface AuthInfo {
  keyId: string;
  merchantId: number;
  nonce: string;
  /** The raw body exactly as signed. */
  body: string;
}

export type ApiEnv = { Variables: { auth: AuthInfo } };

/** The path the client signed: path and query as they appear in the request line. */
export function signedPath(c: Context): string {
  const u = new URL(c.req.url);
  return u.pathname + u.search;
}

/**
 * A key's secret and merchant never change once issued, so they are cached (this saves a
 * query and a decryption per request). Whether the key is still active, and the merchant's
 * status and settings, are never cached: acceptRequest reads them in the request's own
 * transaction.
 */
function secretCache(sql: Exec, encKey: Buffer, max = 10_000) {
  const cache = new Map<string, { secret: string; merchantId: number }>();
  return async (keyId: string) => {
    const hit = cache.get(keyId);
    if (hit) return hit;
    const k = await lookupKey(sql, encKey, keyId);
    if (!k) return null;
    if (cache.size >= max) cache.clear();
    const v = { secret: k.secret, merchantId: k.merchant.id };
    cache.set(keyId, v);
    return v;
  };
}

/**
 * Checks headers, timestamp window, key and HMAC; nothing is written here. The handler then
 * validates its input and only then accepts the request (`accept`: key still active,
 * merchant active, nonce new), so a refused request leaves no row behind.
 */
export function requireSignature(sql: Exec, encKey: Buffer): MiddlewareHandler<ApiEnv> {
  const keys = secretCache(sql, encKey);
  return async (c, next) => {
    const keyId = c.req.header('x-key-id');
    const ts = c.req.header('x-timestamp');
    const nonce = c.req.header('x-nonce');
    const sig = c.req.header('x-signature');
    const missing = [['X-Key-Id', keyId], ['X-Timestamp', ts], ['X-Nonce', nonce], ['X-Signature', sig]].filter(([, v]) => !v).map(([n]) => n);
    if (missing.length) return apiError(c, 401, 'missing_auth_header', `Missing header(s): ${missing.join(', ')}.`);
    const tsCheck = checkTimestamp(ts!);
    if (tsCheck === 'invalid') return apiError(c, 401, 'invalid_timestamp', 'X-Timestamp must be unix time in seconds.');
    if (tsCheck === 'stale') return apiError(c, 401, 'stale_timestamp', 'X-Timestamp is more than 300 seconds from the server clock.', { server_time: Math.floor(Date.now() / 1000) });
    if (!NONCE_PATTERN.test(nonce!)) return apiError(c, 401, 'invalid_nonce', 'X-Nonce must be 16 to 64 characters of [A-Za-z0-9_-].');
    const key = keyId!.length <= 64 ? await keys(keyId!) : null;
    if (!key) return apiError(c, 401, 'unknown_key', 'Unknown X-Key-Id.');
    const body = await c.req.text();
    if (!signatureMatches(key.secret, sig!, ts!, c.req.method, signedPath(c), body)) {
      return apiError(c, 401, 'invalid_signature', 'X-Signature does not match HMAC-SHA256(secret, timestamp\\nMETHOD\\npath\\nbody).');
    }
    c.set('auth', { keyId: keyId!, merchantId: key.merchantId, nonce: nonce!, body });
    await next();
  };
}

export function refusal(c: Context, reason: Exclude<Acceptance, { ok: true }>['reason']) {
  switch (reason) {
    case 'unknown_key':
      return apiError(c, 401, 'unknown_key', 'Unknown X-Key-Id.');
    case 'key_revoked':
      return apiError(c, 401, 'key_revoked', 'This key was revoked; use your current key.');
    case 'merchant_suspended':
      return apiError(c, 403, 'merchant_suspended', 'This merchant account is suspended.');
    case 'nonce_reused':
      return apiError(c, 401, 'nonce_reused', 'This X-Nonce was already used; every request needs a fresh nonce.');
  }
}

export const acceptArgs = (c: Context<ApiEnv>) => ({ keyId: c.get('auth').keyId, nonce: c.get('auth').nonce });

/** Accepts a read or a non-idempotent action: the merchant as of now, or the refusal response. */
export async function accept(c: Context<ApiEnv>, sql: Exec): Promise<{ ok: true; merchant: Merchant } | { ok: false; res: Response }> {
  const a = await acceptRequest(sql, c.get('auth').keyId, c.get('auth').nonce);
  return a.ok ? a : { ok: false, res: refusal(c, a.reason) };
}
