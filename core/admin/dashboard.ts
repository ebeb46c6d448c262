import type { Exec } from '../db.ts';
import { balance, DESK } from '../ledger/index.ts';

export const OPEN_STATUSES = ['created', 'claimed', 'matched', 'paid', 'disputed'] as const;

export interface DailyVolume {
  day: string; // YYYY-MM-DD (UTC)
  usdt: bigint;
  orders: number;
}

export interface Dashboard {
  openByStatus: Record<string, number>;
  appeals: { waiting: number; unanswered: number; overdue: number; oldestAgeSec: number | null; targetSec: number };
  volume: DailyVolume[];
  ledger: { userAvailable: bigint; userHeld: bigint; escrow: bigint; fees: bigint; merchantAvailable: bigint };
  deposits: { available: boolean; credited24h: bigint; count24h: number; seen: number; recent: any[] };
  withdrawals: { available: boolean; byStatus: Record<string, { count: number; amount: bigint }>; recent: any[] };
}

export async function tableExists(exec: Exec, name: string): Promise<boolean> {
  const [r] = await exec`SELECT to_regclass(${name}) IS NOT NULL AS ok`;
  return r.ok;
}

export async function disputeTargetSec(exec: Exec): Promise<number> {
  const [r] = await exec`SELECT value FROM settings WHERE key = 'dispute_response_target_sec'`;
  const n = Number(r?.value);
  return Number.isFinite(n) && n > 0 ? n : 14400;
}

export async function dashboard(exec: Exec, days = 14): Promise<Dashboard> {
  const open = await exec`SELECT status, count(*)::int AS n FROM orders WHERE status = ANY(${OPEN_STATUSES as unknown as string[]}) GROUP BY status`;
  const openByStatus: Record<string, number> = Object.fromEntries(OPEN_STATUSES.map((s) => [s, 0]));
  for (const r of open) openByStatus[r.status] = r.n;

  const targetSec = await disputeTargetSec(exec);
  const [a] = await exec`
    SELECT count(*)::int AS waiting,
           count(*) FILTER (WHERE d.first_response_at IS NULL)::int AS unanswered,
           count(*) FILTER (WHERE d.first_response_at IS NULL AND d.opened_at < now() - make_interval(secs => ${targetSec}))::int AS overdue,
           extract(epoch FROM now() - min(d.opened_at))::int AS oldest
    FROM disputes d JOIN orders o ON o.id = d.order_id WHERE o.status = 'disputed'`;

  const vol = await exec`
    SELECT to_char(g.day, 'YYYY-MM-DD') AS day, coalesce(sum(o.usdt_amount), 0)::bigint AS usdt, count(o.id)::int AS n
    FROM generate_series(date_trunc('day', now() AT TIME ZONE 'UTC') - make_interval(days => ${days - 1}),
                         date_trunc('day', now() AT TIME ZONE 'UTC'), interval '1 day') AS g(day)
    LEFT JOIN orders o ON o.status IN ('released', 'resolved')
      AND (o.closed_at AT TIME ZONE 'UTC') >= g.day AND (o.closed_at AT TIME ZONE 'UTC') < g.day + interval '1 day'
    GROUP BY g.day ORDER BY g.day`;

  const [l] = await exec`
    SELECT
      coalesce(sum(credits_posted - debits_posted - debits_pending) FILTER (WHERE owner_type = 'user' AND kind = 'available'), 0)::bigint AS user_available,
      coalesce(sum(debits_pending) FILTER (WHERE owner_type = 'user'), 0)::bigint AS user_held,
      coalesce(sum(credits_posted - debits_posted + credits_pending) FILTER (WHERE kind = 'escrow'), 0)::bigint AS escrow,
      coalesce(sum(credits_posted - debits_posted - debits_pending) FILTER (WHERE owner_type = 'merchant' AND kind = 'available'), 0)::bigint AS merchant_available
    FROM accounts WHERE asset = 'USDT'`;
  const fees = await balance(exec, DESK, 'fees');

  const deposits: Dashboard['deposits'] = { available: false, credited24h: 0n, count24h: 0, seen: 0, recent: [] };
  if (await tableExists(exec, 'chain_deposits')) {
    deposits.available = true;
    const [d] = await exec`
      SELECT coalesce(sum(amount) FILTER (WHERE status = 'credited' AND credited_at > now() - interval '24 hours'), 0)::bigint AS credited,
             count(*) FILTER (WHERE status = 'credited' AND credited_at > now() - interval '24 hours')::int AS n,
             count(*) FILTER (WHERE status = 'seen')::int AS seen
      FROM chain_deposits`;
    deposits.credited24h = d.credited;
    deposits.count24h = d.n;
    deposits.seen = d.seen;
    deposits.recent = await exec`SELECT id, chain, tx_hash, owner_type, owner_id, amount, status, seen_at FROM chain_deposits ORDER BY id DESC LIMIT 8`;
  }
  const withdrawals: Dashboard['withdrawals'] = { available: false, byStatus: {}, recent: [] };
  if (await tableExists(exec, 'withdrawals')) {
    withdrawals.available = true;
    for (const r of await exec`SELECT status, count(*)::int AS n, sum(amount)::bigint AS amount FROM withdrawals GROUP BY status`) {
      withdrawals.byStatus[r.status] = { count: r.n, amount: r.amount };
    }
    withdrawals.recent = await exec`SELECT id, chain, owner_type, owner_id, amount, status, created_at FROM withdrawals ORDER BY id DESC LIMIT 8`;
  }

  return {
    openByStatus,
    appeals: { waiting: a.waiting, unanswered: a.unanswered, overdue: a.overdue, oldestAgeSec: a.oldest, targetSec },
    volume: vol.map((r: any) => ({ day: r.day, usdt: BigInt(r.usdt), orders: r.n })),
    ledger: { userAvailable: l.user_available, userHeld: l.user_held, escrow: l.escrow, fees: fees.available, merchantAvailable: l.merchant_available },
    deposits,
    withdrawals,
  };
}
