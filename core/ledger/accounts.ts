import type { Exec } from '../db.ts';

export type OwnerType = 'user' | 'merchant' | 'desk' | 'order';
export type AccountKind = 'available' | 'escrow' | 'margin' | 'fees' | 'chain_in' | 'chain_out' | 'faucet' | 'dust' | 'withdrawal_hold';

export interface Owner {
  type: OwnerType;
  id: number;
}

export const DESK: Owner = { type: 'desk', id: 0 };

/** Sources and sinks of the outside world may go negative; every other account may not. */
export function isLimited(owner: Owner, kind: AccountKind): boolean {
  return !(owner.type === 'desk' && ['chain_in', 'chain_out', 'faucet'].includes(kind));
}

// (owner, kind) → id never changes once created, so caching it guards no money.
const cache = new Map<string, number>();

/** The account id for an owner and kind, created on first use. */
export async function accountId(exec: Exec, owner: Owner, kind: AccountKind, asset = 'USDT'): Promise<number> {
  const key = `${owner.type}:${owner.id}:${asset}:${kind}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const limited = isLimited(owner, kind);
  const rows = await exec`
    WITH ins AS (
      INSERT INTO accounts (owner_type, owner_id, asset, kind, debits_must_not_exceed_credits)
      VALUES (${owner.type}, ${owner.id}, ${asset}, ${kind}, ${limited})
      ON CONFLICT (owner_type, owner_id, asset, kind) DO NOTHING RETURNING id)
    SELECT id, true AS created FROM ins UNION ALL
    SELECT id, false AS created FROM accounts WHERE owner_type = ${owner.type} AND owner_id = ${owner.id} AND asset = ${asset} AND kind = ${kind}`;
  const id = Number(rows[0].id);
  // A row we just inserted may still be rolled back with the caller's transaction: cache only
  // rows that already existed (committed, and accounts are never deleted).
  if (!rows[0].created) cache.set(key, id);
  return id;
}

/** Forget cached ids (tests drop and recreate databases under the same process). */
export function clearAccountCache(): void {
  cache.clear();
}

export interface Balance {
  accountId: number;
  debitsPosted: bigint;
  creditsPosted: bigint;
  debitsPending: bigint;
  creditsPending: bigint;
  /** What the owner can spend now: credits − debits − debits held. */
  available: bigint;
  /** Held by pending transfers out of this account. */
  held: bigint;
  /** Arriving through pending transfers into this account. */
  incoming: bigint;
}

export async function balanceOf(exec: Exec, id: number): Promise<Balance> {
  const [r] = await exec`SELECT debits_posted, credits_posted, debits_pending, credits_pending FROM accounts WHERE id = ${id}`;
  if (!r) return { accountId: id, debitsPosted: 0n, creditsPosted: 0n, debitsPending: 0n, creditsPending: 0n, available: 0n, held: 0n, incoming: 0n };
  return {
    accountId: id,
    debitsPosted: r.debits_posted,
    creditsPosted: r.credits_posted,
    debitsPending: r.debits_pending,
    creditsPending: r.credits_pending,
    available: (r.credits_posted as bigint) - (r.debits_posted as bigint) - (r.debits_pending as bigint),
    held: r.debits_pending,
    incoming: r.credits_pending,
  };
}

export async function balance(exec: Exec, owner: Owner, kind: AccountKind = 'available'): Promise<Balance> {
  return balanceOf(exec, await accountId(exec, owner, kind));
}
