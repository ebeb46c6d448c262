import { createHash } from 'node:crypto';
import type { Exec } from '../db.ts';
import { inTx, type TxExec } from '../db.ts';
import { SIGNATURE_WINDOW_SEC } from './signing.ts';

/**
 * Accepts a (key, nonce) pair once. Returns false for a replay. Rows older than the
 * signature window are useless (the timestamp check refuses them) and are pruned.
 */
export async function consumeNonce(exec: Exec, keyId: string, nonce: string): Promise<boolean> {
  const rows = await exec`INSERT INTO api_nonces (key_id, nonce) VALUES (${keyId}, ${nonce}) ON CONFLICT DO NOTHING RETURNING 1`;
  return rows.length === 1;
}

/** Keeps twice the window so a clock skew at the edge still finds the nonce. */
export async function pruneNonces(exec: Exec): Promise<number> {
  const r = await exec`DELETE FROM api_nonces WHERE created_at < now() - make_interval(secs => ${SIGNATURE_WINDOW_SEC * 2})`;
  return r.count;
}

/** Idempotency keys are honoured for 24 hours. */
export const IDEMPOTENCY_TTL_SEC = 86_400;

export async function pruneIdempotencyKeys(exec: Exec): Promise<number> {
  const r = await exec`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => ${IDEMPOTENCY_TTL_SEC})`;
  return r.count;
}

export const requestHash = (canonicalInput: unknown) => createHash('sha256').update(JSON.stringify(canonicalInput)).digest('hex');

export type IdempotentOutcome<T> =
  | { kind: 'fresh'; status: number; body: T }
  | { kind: 'replay'; status: number; body: T }
  | { kind: 'mismatch' };

/**
 * Runs `fn` once per (merchant, endpoint, key). The key row is inserted in the same
 * transaction as the work, so a concurrent retry waits on the unique index and then sees
 * the committed response; if the work fails nothing is kept and a retry runs it again.
 */
export async function withIdempotency<T>(
  exec: Exec,
  k: { merchantId: number; endpoint: string; key: string; hash: string },
  fn: (tx: TxExec) => Promise<{ status: number; body: T }>,
): Promise<IdempotentOutcome<T>> {
  return inTx(exec, async (tx) => {
    const ins = await tx`
      INSERT INTO idempotency_keys (merchant_id, endpoint, key, request_hash) VALUES (${k.merchantId}, ${k.endpoint}, ${k.key}, ${k.hash})
      ON CONFLICT DO NOTHING RETURNING 1`;
    if (ins.length === 0) {
      const [r] = await tx`
        SELECT request_hash, status_code, response FROM idempotency_keys
        WHERE merchant_id = ${k.merchantId} AND endpoint = ${k.endpoint} AND key = ${k.key}`;
      if (r.request_hash !== k.hash) return { kind: 'mismatch' };
      return { kind: 'replay', status: r.status_code, body: r.response as T };
    }
    const out = await fn(tx);
    await tx`
      UPDATE idempotency_keys SET status_code = ${out.status}, response = ${JSON.stringify(out.body)}::jsonb
      WHERE merchant_id = ${k.merchantId} AND endpoint = ${k.endpoint} AND key = ${k.key}`;
    return { kind: 'fresh', status: out.status, body: out.body };
  });
}
