import type { Exec } from '../db.ts';

/** Adds (or with a negative delta, takes back) matched volume in the order's creation hour. */
export async function addVolume(exec: Exec, acceptorId: number, createdAt: Date, delta: bigint): Promise<void> {
  await exec`
    INSERT INTO acceptor_volume (acceptor_id, hour, amount)
    VALUES (${acceptorId}, date_trunc('hour', ${createdAt.toISOString()}::timestamptz), ${delta.toString()}::bigint)
    ON CONFLICT (acceptor_id, hour) DO UPDATE SET amount = acceptor_volume.amount + excluded.amount`;
}

export async function volume24h(exec: Exec, acceptorId: number): Promise<bigint> {
  const [r] = await exec`
    SELECT coalesce(sum(amount), 0)::bigint AS v FROM acceptor_volume
    WHERE acceptor_id = ${acceptorId} AND hour > now() - interval '25 hours'`;
  return BigInt(r.v);
}
