import type { Exec } from '../db.ts';

/** Buckets are kept by the orders_volume trigger (migration 0011). */
export async function volume24h(exec: Exec, acceptorId: number): Promise<bigint> {
  const [r] = await exec`
    SELECT coalesce(sum(amount), 0)::bigint AS v FROM acceptor_volume
    WHERE acceptor_id = ${acceptorId} AND hour > now() - interval '25 hours'`;
  return BigInt(r.v);
}
