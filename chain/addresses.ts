import type { Exec } from '../core/db.ts';
import type { ChainFamily, WalletOwner } from '../core/wallet/types.ts';
import { deriveAddress } from './hd.ts';

export interface DepositAddress {
  family: ChainFamily;
  address: string;
  derivationIndex: number;
}

/**
 * The owner's deposit address for a chain family, derived and stored on first call.
 * Concurrent first calls settle on one row (UNIQUE owner+family); the loser's index is skipped.
 */
export async function depositAddressFor(exec: Exec, owner: WalletOwner, family: ChainFamily, xpub: string): Promise<DepositAddress> {
  const existing = await findDepositAddress(exec, owner, family);
  if (existing) return existing;
  const [{ idx }] = await exec`SELECT nextval('deposit_address_index_seq')::int AS idx`;
  const d = deriveAddress(family, xpub, idx);
  await exec`
    INSERT INTO deposit_addresses (family, address, match_key, owner_type, owner_id, derivation_index)
    VALUES (${family}, ${d.address}, ${d.matchKey}, ${owner.type}, ${owner.id}, ${idx})
    ON CONFLICT (owner_type, owner_id, family) DO NOTHING`;
  return (await findDepositAddress(exec, owner, family))!;
}

export async function findDepositAddress(exec: Exec, owner: WalletOwner, family: ChainFamily): Promise<DepositAddress | null> {
  const [r] = await exec`SELECT family, address, derivation_index FROM deposit_addresses WHERE owner_type = ${owner.type} AND owner_id = ${owner.id} AND family = ${family}`;
  return r ? { family: r.family, address: r.address, derivationIndex: r.derivation_index } : null;
}

/** Who owns a deposit address (display form), if it is ours. */
export async function ownerOfAddress(exec: Exec, address: string): Promise<(WalletOwner & { family: ChainFamily }) | null> {
  const [r] = await exec`SELECT owner_type, owner_id, family FROM deposit_addresses WHERE address = ${address} OR (family = 'evm' AND match_key = ${address.toLowerCase().replace(/^0x/, '')})`;
  return r ? { type: r.owner_type, id: Number(r.owner_id), family: r.family } : null;
}
