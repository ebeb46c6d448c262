// Deposit addresses from account-level extended public keys: the watchers never hold a private key.
import { HDNodeWallet, getAddress } from 'ethers';
import { TronWeb } from 'tronweb';
import type { ChainFamily } from '../db/schema/chain.ts';

export interface DerivedAddress {
  /** Display form: EIP-55 for EVM, base58check for TRON. */
  address: string;
  /** Lower-case 20-byte hex without prefix: the key logs are matched on. */
  matchKey: string;
}

/**
 * Derives external-chain address `index` (…/0/index) from an xpub at m/44'/60'/0' (EVM)
 * or m/44'/195'/0' (TRON). Both families use secp256k1 and keccak addresses; TRON
 * prefixes 0x41 and encodes base58check.
 */
export function deriveAddress(family: ChainFamily, xpub: string, index: number): DerivedAddress {
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** 31) throw new Error(`bad derivation index ${index}`);
  const node = HDNodeWallet.fromExtendedKey(xpub);
  if (node.depth !== 3) throw new Error(`expected an account-level xpub (depth 3), got depth ${node.depth}`);
  const child = node.deriveChild(0).deriveChild(index);
  const hex20 = child.address.slice(2).toLowerCase();
  if (family === 'evm') return { address: getAddress(child.address), matchKey: hex20 };
  return { address: tronBase58FromHex20(hex20), matchKey: hex20 };
}

export function tronBase58FromHex20(hex20: string): string {
  return TronWeb.address.fromHex('41' + hex20.replace(/^0x/, '').toLowerCase());
}

/** TRON base58check → lower-case 20-byte hex (no 41 prefix). Throws on a bad checksum. */
export function tronHex20FromBase58(address: string): string {
  if (!TronWeb.isAddress(address) || !address.startsWith('T')) throw new Error(`not a TRON address: ${address}`);
  return TronWeb.address.toHex(address).slice(2).toLowerCase();
}
