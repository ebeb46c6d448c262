import type { Exec } from '../db.ts';

type Fragment = ReturnType<Exec>;

/**
 * SQL for an acceptor's matched volume over the last 24 h, from the hourly buckets the
 * orders_volume trigger keeps (a bucket may reach up to an hour further back: the safe side
 * for margin and daily limits). `acceptorId` is a fragment: a column or a parameter.
 */
export function volume24hSql(exec: Exec, acceptorId: Fragment): Fragment {
  return exec`(SELECT coalesce(sum(v.amount), 0) FROM acceptor_volume v WHERE v.acceptor_id = ${acceptorId} AND v.hour > now() - interval '25 hours')`;
}
