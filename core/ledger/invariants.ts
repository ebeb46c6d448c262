import type { Exec } from '../db.ts';

export interface InvariantReport {
  violations: string[];
  totals: { debitsPosted: bigint; creditsPosted: bigint; debitsPending: bigint; creditsPending: bigint };
  accounts: number;
  transfers: number;
}

/**
 * The ledger's laws, checked from scratch against the transfers table:
 * debits equal credits, every account's columns equal the sum of its transfers,
 * and no limited account is overdrawn.
 */
export async function checkInvariants(exec: Exec): Promise<InvariantReport> {
  const violations: string[] = [];
  const [t] = await exec`
    SELECT coalesce(sum(debits_posted), 0)::bigint AS dp, coalesce(sum(credits_posted), 0)::bigint AS cp,
           coalesce(sum(debits_pending), 0)::bigint AS dpe, coalesce(sum(credits_pending), 0)::bigint AS cpe,
           count(*)::bigint AS n FROM accounts`;
  if (t.dp !== t.cp) violations.push(`posted debits ${t.dp} ≠ posted credits ${t.cp}`);
  if (t.dpe !== t.cpe) violations.push(`pending debits ${t.dpe} ≠ pending credits ${t.cpe}`);

  const mismatched = await exec`
    WITH open_pending AS (
      SELECT p.debit_account_id, p.credit_account_id, p.amount FROM transfers p
      WHERE p.kind = 'pending' AND NOT EXISTS (SELECT 1 FROM transfers r WHERE r.pending_id = p.id)
    ), moves AS (
      SELECT debit_account_id AS acc, amount AS dp, 0::bigint AS cp, 0::bigint AS dpe, 0::bigint AS cpe FROM transfers WHERE kind IN ('posted', 'post_pending')
      UNION ALL SELECT credit_account_id, 0, amount, 0, 0 FROM transfers WHERE kind IN ('posted', 'post_pending')
      UNION ALL SELECT debit_account_id, 0, 0, amount, 0 FROM open_pending
      UNION ALL SELECT credit_account_id, 0, 0, 0, amount FROM open_pending
    ), sums AS (
      SELECT acc, sum(dp) AS dp, sum(cp) AS cp, sum(dpe) AS dpe, sum(cpe) AS cpe FROM moves GROUP BY acc
    )
    SELECT a.id, a.debits_posted, a.credits_posted, a.debits_pending, a.credits_pending,
           coalesce(s.dp, 0) AS dp, coalesce(s.cp, 0) AS cp, coalesce(s.dpe, 0) AS dpe, coalesce(s.cpe, 0) AS cpe
    FROM accounts a LEFT JOIN sums s ON s.acc = a.id
    WHERE a.debits_posted <> coalesce(s.dp, 0) OR a.credits_posted <> coalesce(s.cp, 0)
       OR a.debits_pending <> coalesce(s.dpe, 0) OR a.credits_pending <> coalesce(s.cpe, 0)`;
  for (const m of mismatched) {
    violations.push(`account ${m.id}: columns (${m.debits_posted}, ${m.credits_posted}, ${m.debits_pending}, ${m.credits_pending}) ≠ transfers (${m.dp}, ${m.cp}, ${m.dpe}, ${m.cpe})`);
  }
  const negative = await exec`
    SELECT id FROM accounts
    WHERE (debits_must_not_exceed_credits AND debits_posted + debits_pending > credits_posted)
       OR (credits_must_not_exceed_debits AND credits_posted + credits_pending > debits_posted)`;
  for (const n of negative) violations.push(`account ${n.id} is overdrawn`);
  const [c] = await exec`SELECT count(*)::bigint AS n FROM transfers`;
  return {
    violations,
    totals: { debitsPosted: t.dp, creditsPosted: t.cp, debitsPending: t.dpe, creditsPending: t.cpe },
    accounts: Number(t.n),
    transfers: Number(c.n),
  };
}
