import type { Exec } from '../db.ts';
import { balance } from '../ledger/index.ts';
import type { WalletOwner } from './types.ts';

export interface WalletBalance {
  /** Spendable now, micro-USDT. */
  available: bigint;
  /** Held by pending transfers (withdrawals in flight, order escrow locks). */
  held: bigint;
  /** Deposits seen on chain but not yet confirmed (never spendable). */
  incomingUnconfirmed: bigint;
}

export async function walletBalance(exec: Exec, owner: WalletOwner): Promise<WalletBalance> {
  const b = await balance(exec, owner, 'available');
  const [s] = await exec`SELECT coalesce(sum(amount), 0)::bigint AS s FROM chain_deposits WHERE owner_type = ${owner.type} AND owner_id = ${owner.id} AND status = 'seen'`;
  return { available: b.available, held: b.held, incomingUnconfirmed: s.s as bigint };
}
