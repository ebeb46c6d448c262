import type { TxExec } from '../db.ts';
import { mapLedgerError } from './errors.ts';

export interface Credit {
  /** Ledger transfer id (idempotency key). */
  id: string;
  ownerType: string;
  ownerId: number;
  amount: bigint;
  userData: Record<string, unknown>;
}

/**
 * The ledger's batch form of `transfer()` for credits from one source to many owners
 * (deposits): many single-phase transfers from one unlimited source account (the desk's chain_in)
 * to owners' 'available' accounts in three statements, whatever the count. The rows and
 * balance columns are exactly what `transfer()` would write one by one, but the source
 * account row is updated once per batch: a PostgreSQL row updated thousands of times in
 * one transaction gets quadratically slower, and deposits arrive in bursts.
 * Accounts are locked in id order first, as ledger_transfer does, so this cannot deadlock
 * with concurrent transfers. Ids already present are skipped (idempotent).
 */
export async function postCreditsFrom(tx: TxExec, sourceAccountId: number, credits: Credit[], code: string): Promise<number> {
  if (credits.length === 0) return 0;
  const uniqOwners = [...new Map(credits.map((c) => [`${c.ownerType}:${c.ownerId}`, { t: c.ownerType, o: c.ownerId }])).values()];
  try {
    await tx`
      INSERT INTO accounts (owner_type, owner_id, asset, kind, debits_must_not_exceed_credits)
      SELECT x.t, x.o, 'USDT', 'available', true FROM json_to_recordset(${JSON.stringify(uniqOwners)}::json) AS x(t text, o bigint)
      ORDER BY x.t, x.o
      ON CONFLICT (owner_type, owner_id, asset, kind) DO NOTHING`;
    const owners = await tx`
      SELECT a.id, a.owner_type, a.owner_id FROM json_to_recordset(${JSON.stringify(uniqOwners)}::json) AS x(t text, o bigint)
      CROSS JOIN LATERAL (SELECT id, owner_type, owner_id FROM accounts a
        WHERE a.owner_type = x.t AND a.owner_id = x.o AND a.asset = 'USDT' AND a.kind = 'available' LIMIT 1) a`;
    const accountOf = new Map(owners.map((o) => [`${o.owner_type}:${o.owner_id}`, Number(o.id)]));
    const ids = [...accountOf.values(), sourceAccountId];
    await tx`SELECT id FROM accounts WHERE id = ANY(${ids}::bigint[]) ORDER BY id FOR UPDATE`;
    const rows = credits.filter((c) => c.amount > 0n).map((c) => ({ id: c.id, acc: accountOf.get(`${c.ownerType}:${c.ownerId}`), amount: c.amount.toString(), user_data: c.userData }));
    const [r] = await tx`
      WITH ins AS (
        INSERT INTO transfers (id, debit_account_id, credit_account_id, amount, kind, code, user_data)
        SELECT x.id, ${sourceAccountId}, x.acc, x.amount::bigint, 'posted', ${code}, x.user_data
        FROM json_to_recordset(${JSON.stringify(rows)}::json) AS x(id text, acc bigint, amount text, user_data jsonb)
        ON CONFLICT (id) DO NOTHING
        RETURNING credit_account_id, amount
      ), per AS (
        SELECT credit_account_id AS id, sum(amount)::bigint AS s FROM ins GROUP BY credit_account_id
      ), up AS (
        UPDATE accounts SET credits_posted = accounts.credits_posted + per.s FROM per WHERE accounts.id = per.id RETURNING accounts.id
      ), src AS (
        UPDATE accounts SET debits_posted = debits_posted + (SELECT coalesce(sum(amount), 0)::bigint FROM ins)
        WHERE id = ${sourceAccountId} RETURNING id
      )
      SELECT (SELECT count(*) FROM ins)::int AS n, (SELECT count(*) FROM up)::int AS u, (SELECT count(*) FROM src)::int AS s`;
    if (r.s !== 1) throw new Error('credit source account missing');
    return r.n;
  } catch (e) {
    mapLedgerError(e);
  }
}
