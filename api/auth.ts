import type { Context, MiddlewareHandler } from 'hono';
import type { Exec } from '../core/db.ts';
import { checkTimestamp, signatureMatches, NONCE_PATTERN, lookupKey, consumeNonce, type Merchant } from '../core/merchants/index.ts';
import { apiError } from './errors.ts';

export interface AuthInfo {
  merchant: Merchant;
  keyId: string;
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
 * Checks headers, timestamp window, key and HMAC; nothing is written here. The nonce is
 * consumed by the handler once the request is known to be well-formed (see `acceptNonce`),
 * so a refused request leaves no row behind.
 */
export function requireSignature(sql: Exec, encKey: Buffer): MiddlewareHandler<ApiEnv> {
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
    if (keyId!.length > 64) return apiError(c, 401, 'unknown_key', 'Unknown X-Key-Id.');
    const key = await lookupKey(sql, encKey, keyId!);
    if (!key) return apiError(c, 401, 'unknown_key', 'Unknown X-Key-Id.');
    if (key.revoked) return apiError(c, 401, 'key_revoked', 'This key was revoked; use your current key.');
    const body = await c.req.text();
    if (!signatureMatches(key.secret, sig!, ts!, c.req.method, signedPath(c), body)) {
      return apiError(c, 401, 'invalid_signature', 'X-Signature does not match HMAC-SHA256(secret, timestamp\\nMETHOD\\npath\\nbody).');
    }
    if (key.merchant.status !== 'active') return apiError(c, 403, 'merchant_suspended', 'This merchant account is suspended.');
    c.set('auth', { merchant: key.merchant, keyId: key.keyId, nonce: nonce!, body });
    await next();
  };
}

/** Records the nonce; a second use inside the window is a replay. Returns an error response or null. */
export async function acceptNonce(c: Context<ApiEnv>, sql: Exec) {
  const a = c.get('auth');
  if (await consumeNonce(sql, a.keyId, a.nonce)) return null;
  return apiError(c, 401, 'nonce_reused', 'This X-Nonce was already used; every request needs a fresh nonce.');
}
