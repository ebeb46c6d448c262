import { createHmac, timingSafeEqual } from 'node:crypto';

/** Five minutes either side of the server clock. */
export const SIGNATURE_WINDOW_SEC = 300;

export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The exact bytes that are signed, for API requests and for webhooks alike:
 * `${timestamp}\n${METHOD}\n${pathWithQuery}\n${body}` (body is the raw text, '' when empty).
 */
export function canonicalString(timestamp: string, method: string, pathWithQuery: string, body: string): string {
  return `${timestamp}\n${method.toUpperCase()}\n${pathWithQuery}\n${body}`;
}

export function sign(secret: string, timestamp: string, method: string, pathWithQuery: string, body: string): string {
  return createHmac('sha256', secret).update(canonicalString(timestamp, method, pathWithQuery, body)).digest('hex');
}

/** Constant-time check of a hex signature. */
export function signatureMatches(secret: string, signatureHex: string, timestamp: string, method: string, pathWithQuery: string, body: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(signatureHex)) return false;
  const expected = Buffer.from(sign(secret, timestamp, method, pathWithQuery, body), 'hex');
  return timingSafeEqual(expected, Buffer.from(signatureHex, 'hex'));
}

export type TimestampCheck = 'ok' | 'invalid' | 'stale';

export function checkTimestamp(ts: string, nowSec = Math.floor(Date.now() / 1000)): TimestampCheck {
  if (!/^\d{1,12}$/.test(ts)) return 'invalid';
  return Math.abs(nowSec - Number(ts)) <= SIGNATURE_WINDOW_SEC ? 'ok' : 'stale';
}
