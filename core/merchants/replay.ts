import { createHash } from 'node:crypto';
import type { Exec } from '../db.ts';
import { inTx, type TxExec } from '../db.ts';
import { SIGNATURE_WINDOW_SEC } from './signing.ts';
import { toMerchant, type Merchant } from './merchants.ts';

export type Acceptance = { ok: true; merchant: Merchant } | { ok: false; reason: 'unknown_key' | 'key_revoked' | 'merchant_suspended' | 'nonce_reused' };

/**
 * The authoritative per-request check, in one statement: the key is still active, its
 * merchant is active (and read fresh: fees, currencies), and the nonce is new — recorded
 * only when all hold. Run it inside the work's transaction so both commit together.
 */
export async function acceptRequest(exec: Exec, keyId: string, nonce: string): Promise<Acceptance> {
  const r = await acceptWith(exec, keyId, nonce, null);
  return r.ok ? { ok: true, merchant: r.merchant } : r;
}

/**
 * acceptRequest, and with `idem` also claims the idempotency key in the same statement (a
 * create is then one round trip before the work). `fresh` is false when the key exists.
 */
async function acceptWith(
  exec: Exec,
  keyId: string,
  nonce: string,
  idem: { endpoint: string; key: string; hash: string } | null,
): Promise<(Acceptance & { ok: false }) | { ok: true; merchant: Merchant; fresh: boolean }> {
  const [r] = await exec`
    WITH k AS (
      SELECT k.revoked_at, m.* FROM merchant_keys k JOIN merchants m ON m.id = k.merchant_id WHERE k.key_id = ${keyId}),
    n AS (
      INSERT INTO api_nonces (key_id, nonce) SELECT ${keyId}, ${nonce} FROM k WHERE k.revoked_at IS NULL AND k.status = 'active'
      ON CONFLICT DO NOTHING RETURNING 1),
    i AS (
      INSERT INTO idempotency_keys (merchant_id, endpoint, key, request_hash)
      SELECT k.id, ${idem?.endpoint ?? ''}, ${idem?.key ?? ''}, ${idem?.hash ?? ''} FROM k
      WHERE ${idem !== null}::boolean AND EXISTS (SELECT 1 FROM n)
      ON CONFLICT DO NOTHING RETURNING 1)
    SELECT k.*, (SELECT count(*) FROM n)::int AS accepted, (SELECT count(*) FROM i)::int AS fresh FROM k`;
  if (!r) return { ok: false, reason: 'unknown_key' };
  if (r.revoked_at !== null) return { ok: false, reason: 'key_revoked' };
  if (r.status !== 'active') return { ok: false, reason: 'merchant_suspended' };
  if (r.accepted !== 1) return { ok: false, reason: 'nonce_reused' };
  return { ok: true, merchant: toMerchant(r), fresh: r.fresh === 1 };
}

/** Burns a nonce on its own (for a request accepted but then refused by the desk). */
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
  | { kind: 'mismatch' }
  | { kind: 'refused'; reason: Exclude<Acceptance, { ok: true }>['reason'] };

class Refused extends Error {
  constructor(readonly reason: Exclude<Acceptance, { ok: true }>['reason']) {
    super(reason);
  }
}

type IdemKey = { merchantId: number; endpoint: string; key: string; hash: string; accept?: { keyId: string; nonce: string } };

/**
 * Runs `fn` once per (merchant, endpoint, key). The key row is inserted in the same
 * transaction as the work, so a concurrent retry waits on the unique index and then sees
 * the committed response; if the work fails nothing is kept and a retry runs it again.
 *
 * With `accept`, the request is accepted (acceptRequest) in the same transaction, so a
 * create costs one commit, and `fn` gets the merchant as of now. If the work fails, the
 * nonce is still burned afterwards, so a captured refused request cannot be replayed
 * later when it might succeed.
 */
export async function withIdempotency<T>(
  exec: Exec,
  k: IdemKey,
  fn: (tx: TxExec, merchant: Merchant | null) => Promise<{ status: number; body: T }>,
): Promise<IdempotentOutcome<T>> {
  try {
    return await runIdempotent(exec, k, fn);
  } catch (e) {
    if (e instanceof Refused) return { kind: 'refused', reason: e.reason };
    if (k.accept) await consumeNonce(exec, k.accept.keyId, k.accept.nonce);
    throw e;
  }
}

async function runIdempotent<T>(
  exec: Exec,
  k: IdemKey,
  fn: (tx: TxExec, merchant: Merchant | null) => Promise<{ status: number; body: T }>,
): Promise<IdempotentOutcome<T>> {
  return inTx(exec, async (tx) => {
    let merchant: Merchant | null = null;
    let fresh: boolean;
    if (k.accept) {
      const a = await acceptWith(tx, k.accept.keyId, k.accept.nonce, k);
      if (!a.ok) throw new Refused(a.reason);
      if (a.merchant.id !== k.merchantId) throw new Error('idempotency key scoped to another merchant');
      merchant = a.merchant;
      fresh = a.fresh;
    } else {
      const ins = await tx`
        INSERT INTO idempotency_keys (merchant_id, endpoint, key, request_hash) VALUES (${k.merchantId}, ${k.endpoint}, ${k.key}, ${k.hash})
        ON CONFLICT DO NOTHING RETURNING 1`;
      fresh = ins.length === 1;
    }
    if (!fresh) {
      const [r] = await tx`
        SELECT request_hash, status_code, response FROM idempotency_keys
        WHERE merchant_id = ${k.merchantId} AND endpoint = ${k.endpoint} AND key = ${k.key}`;
      if (r.request_hash !== k.hash) return { kind: 'mismatch' };
      return { kind: 'replay', status: r.status_code, body: r.response as T };
    }
    const out = await fn(tx, merchant);
    await tx`
      UPDATE idempotency_keys SET status_code = ${out.status}, response = ${JSON.stringify(out.body)}::jsonb
      WHERE merchant_id = ${k.merchantId} AND endpoint = ${k.endpoint} AND key = ${k.key}`;
    return { kind: 'fresh', status: out.status, body: out.body };
  });
}
