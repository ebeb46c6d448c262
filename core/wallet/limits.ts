import type { Exec } from '../db.ts';

export interface WithdrawalRules {
  min: bigint;
  max: bigint;
  daily: bigint;
  /** Above this amount an admin must approve. */
  approvalThreshold: bigint;
  /** Per-chain network fee charged to the owner, micro-USDT. */
  fees: Record<string, bigint>;
}

/** Used when a setting row is missing (the migration seeds them; admins change them). */
export const DEFAULT_WITHDRAWAL_RULES: WithdrawalRules = {
  min: 10_000_000n,
  max: 50_000_000_000n,
  daily: 100_000_000_000n,
  approvalThreshold: 5_000_000_000n,
  fees: { tron: 1_000_000n, ethereum: 5_000_000n, bsc: 500_000n, polygon: 200_000n },
};

const big = (v: unknown, fallback: bigint): bigint => {
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  return fallback;
};

export async function withdrawalRules(exec: Exec, defaults: WithdrawalRules = DEFAULT_WITHDRAWAL_RULES): Promise<WithdrawalRules> {
  const rows = await exec`SELECT key, value FROM settings WHERE key LIKE 'withdraw\\_%'`;
  const s = Object.fromEntries(rows.map((r) => [r.key as string, r.value]));
  const fees: Record<string, bigint> = { ...defaults.fees };
  if (s.withdraw_fee_usdt && typeof s.withdraw_fee_usdt === 'object') {
    for (const [chain, v] of Object.entries(s.withdraw_fee_usdt)) fees[chain] = big(v, fees[chain] ?? 0n);
  }
  return {
    min: big(s.withdraw_min_usdt, defaults.min),
    max: big(s.withdraw_max_usdt, defaults.max),
    daily: big(s.withdraw_daily_usdt, defaults.daily),
    approvalThreshold: big(s.withdraw_approval_threshold_usdt, defaults.approvalThreshold),
    fees,
  };
}

/** Amounts (fees excluded) of the owner's withdrawals in the last 24 h that were not rejected or failed. */
export async function withdrawnLast24h(exec: Exec, owner: { type: string; id: number }): Promise<bigint> {
  const [r] = await exec`
    SELECT coalesce(sum(amount), 0)::bigint AS s FROM withdrawals
    WHERE owner_type = ${owner.type} AND owner_id = ${owner.id} AND created_at > now() - interval '24 hours'
      AND status NOT IN ('rejected', 'failed')`;
  return r.s as bigint;
}
