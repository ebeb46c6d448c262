import type { Exec } from '../db.ts';
import { inTx } from '../db.ts';
import { DeskError } from '../errors.ts';
import { currencies } from '../money/currencies.ts';
import { decryptSecret, encryptSecret, newKeyId, newSecret } from './secrets.ts';

export interface Merchant {
  id: number;
  name: string;
  callbackUrl: string | null;
  feeBps: number;
  commissionBps: number;
  currencies: string[];
  status: 'active' | 'suspended';
  createdAt: string;
}

export interface MerchantKey {
  keyId: string;
  merchantId: number;
  createdAt: string;
  revokedAt: string | null;
}

/** Returned once, at creation or rotation: the secret is never shown again. */
export interface IssuedKey {
  keyId: string;
  secret: string;
}

export interface MerchantSettings {
  name: string;
  callbackUrl?: string | null;
  feeBps: number;
  commissionBps?: number;
  currencies: string[];
}

/** At most two keys are active: the current one and the one being rotated out. */
export const MAX_ACTIVE_KEYS = 2;

/** Raw queries on this client return timestamptz as Postgres text ("2026-11-22 01:07:00.27+00"): normalise to ISO 8601. */
export function pgIso(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  const d = new Date(String(v).replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString();
}

export const toMerchant = (r: any): Merchant => ({
  id: Number(r.id),
  name: r.name,
  callbackUrl: r.callback_url,
  feeBps: r.fee_bps,
  commissionBps: r.commission_bps,
  currencies: r.currencies,
  status: r.status,
  createdAt: pgIso(r.created_at),
});

function checkCallbackUrl(url: string | null | undefined): string | null {
  if (url === undefined || url === null || url === '') return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new DeskError('invalid_input', { field: 'callbackUrl', reason: 'not_a_url' });
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new DeskError('invalid_input', { field: 'callbackUrl', reason: 'scheme' });
  if (u.username || u.password) throw new DeskError('invalid_input', { field: 'callbackUrl', reason: 'credentials' });
  return u.toString();
}

function checkBps(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 10_000) throw new DeskError('invalid_input', { field, reason: 'bps_range' });
  return value;
}

async function checkCurrencies(exec: Exec, list: string[]): Promise<string[]> {
  const known = await currencies(exec);
  const out = [...new Set(list.map((c) => String(c).trim().toUpperCase()))];
  if (out.length === 0) throw new DeskError('invalid_input', { field: 'currencies', reason: 'empty' });
  for (const c of out) if (!known.has(c)) throw new DeskError('unknown_currency', { currency: c.slice(0, 8) });
  return out;
}

async function validate(exec: Exec, s: MerchantSettings) {
  const name = String(s.name ?? '').trim();
  if (!name || name.length > 100) throw new DeskError('invalid_input', { field: 'name', reason: 'length' });
  const feeBps = checkBps(s.feeBps, 'feeBps');
  const commissionBps = checkBps(s.commissionBps ?? 0, 'commissionBps');
  if (commissionBps > feeBps) throw new DeskError('invalid_input', { field: 'commissionBps', reason: 'above_fee' });
  return { name, callbackUrl: checkCallbackUrl(s.callbackUrl), feeBps, commissionBps, currencies: await checkCurrencies(exec, s.currencies) };
}

async function issueKey(exec: Exec, encKey: Buffer, merchantId: number): Promise<IssuedKey> {
  const keyId = newKeyId();
  const secret = newSecret();
  await exec`INSERT INTO merchant_keys (key_id, merchant_id, secret_enc) VALUES (${keyId}, ${merchantId}, ${encryptSecret(encKey, keyId, secret)})`;
  return { keyId, secret };
}

/** Creates a merchant and its first API key. `encKey` is loadMerchantSecretKey(config). */
export async function createMerchant(exec: Exec, encKey: Buffer, settings: MerchantSettings): Promise<{ merchant: Merchant; key: IssuedKey }> {
  const v = await validate(exec, settings);
  return inTx(exec, async (tx) => {
    const [r] = await tx`
      INSERT INTO merchants (name, callback_url, fee_bps, commission_bps, currencies)
      VALUES (${v.name}, ${v.callbackUrl}, ${v.feeBps}, ${v.commissionBps}, ${v.currencies}) RETURNING *`;
    const merchant = toMerchant(r);
    return { merchant, key: await issueKey(tx, encKey, merchant.id) };
  });
}

export async function updateMerchant(exec: Exec, merchantId: number, patch: Partial<MerchantSettings> & { status?: 'active' | 'suspended' }): Promise<Merchant> {
  const current = await getMerchant(exec, merchantId);
  if (!current) throw new DeskError('not_found', { merchant: merchantId });
  const v = await validate(exec, { ...current, ...patch });
  const status = patch.status ?? current.status;
  if (status !== 'active' && status !== 'suspended') throw new DeskError('invalid_input', { field: 'status' });
  const [r] = await exec`
    UPDATE merchants SET name = ${v.name}, callback_url = ${v.callbackUrl}, fee_bps = ${v.feeBps}, commission_bps = ${v.commissionBps},
      currencies = ${v.currencies}, status = ${status}, updated_at = now()
    WHERE id = ${merchantId} RETURNING *`;
  return toMerchant(r);
}

export async function getMerchant(exec: Exec, merchantId: number): Promise<Merchant | null> {
  const [r] = await exec`SELECT * FROM merchants WHERE id = ${merchantId}`;
  return r ? toMerchant(r) : null;
}

export async function listMerchants(exec: Exec): Promise<Merchant[]> {
  return (await exec`SELECT * FROM merchants ORDER BY id`).map(toMerchant);
}

export async function listMerchantKeys(exec: Exec, merchantId: number): Promise<MerchantKey[]> {
  const rows = await exec`SELECT key_id, merchant_id, created_at, revoked_at FROM merchant_keys WHERE merchant_id = ${merchantId} ORDER BY created_at, key_id`;
  return rows.map((r) => ({ keyId: r.key_id, merchantId: Number(r.merchant_id), createdAt: pgIso(r.created_at), revokedAt: r.revoked_at ? pgIso(r.revoked_at) : null }));
}

/**
 * Issues a new key while the old one keeps working, so the merchant can switch without
 * downtime; revoke the old one afterwards. Refused while two keys are already active.
 * The merchant row lock serialises concurrent rotations.
 */
export async function rotateMerchantKey(exec: Exec, encKey: Buffer, merchantId: number): Promise<IssuedKey> {
  return inTx(exec, async (tx) => {
    const [m] = await tx`SELECT id FROM merchants WHERE id = ${merchantId} FOR UPDATE`;
    if (!m) throw new DeskError('not_found', { merchant: merchantId });
    const [{ n }] = await tx`SELECT count(*)::int AS n FROM merchant_keys WHERE merchant_id = ${merchantId} AND revoked_at IS NULL`;
    if (n >= MAX_ACTIVE_KEYS) throw new DeskError('invalid_transition', { status: 'two_active_keys' });
    return issueKey(tx, encKey, merchantId);
  });
}

/** Takes effect on the next request: keys are read from the database on every call. */
export async function revokeMerchantKey(exec: Exec, merchantId: number, keyId: string): Promise<MerchantKey> {
  const [r] = await exec`
    UPDATE merchant_keys SET revoked_at = now() WHERE key_id = ${keyId} AND merchant_id = ${merchantId} AND revoked_at IS NULL
    RETURNING key_id, merchant_id, created_at, revoked_at`;
  if (!r) {
    const [k] = await exec`SELECT revoked_at FROM merchant_keys WHERE key_id = ${keyId} AND merchant_id = ${merchantId}`;
    if (!k) throw new DeskError('not_found', { key: keyId.slice(0, 40) });
    throw new DeskError('already_done', { status: 'revoked' });
  }
  return { keyId: r.key_id, merchantId: Number(r.merchant_id), createdAt: pgIso(r.created_at), revokedAt: pgIso(r.revoked_at) };
}

export interface KeyLookup {
  keyId: string;
  secret: string;
  revoked: boolean;
  merchant: Merchant;
}

/** The key and its merchant, for request verification. */
export async function lookupKey(exec: Exec, encKey: Buffer, keyId: string): Promise<KeyLookup | null> {
  const [r] = await exec`
    SELECT k.key_id, k.secret_enc, k.revoked_at, m.* FROM merchant_keys k JOIN merchants m ON m.id = k.merchant_id
    WHERE k.key_id = ${keyId}`;
  if (!r) return null;
  return { keyId: r.key_id, secret: decryptSecret(encKey, r.key_id, r.secret_enc), revoked: r.revoked_at !== null, merchant: toMerchant(r) };
}

/** Webhooks are signed with the newest active key; the receiver sees which one in X-Key-Id. */
export async function signingKey(exec: Exec, encKey: Buffer, merchantId: number): Promise<IssuedKey | null> {
  const [r] = await exec`
    SELECT key_id, secret_enc FROM merchant_keys WHERE merchant_id = ${merchantId} AND revoked_at IS NULL
    ORDER BY created_at DESC, key_id DESC LIMIT 1`;
  return r ? { keyId: r.key_id, secret: decryptSecret(encKey, r.key_id, r.secret_enc) } : null;
}
