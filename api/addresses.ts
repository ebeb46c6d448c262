import { getAddress } from 'ethers';
import { tronHex20FromBase58 } from '../chain/hd.ts';

/** The normalised address (EIP-55 for EVM, base58check for TRON) or null when invalid. */
export function normaliseAddress(chain: 'tron' | 'ethereum' | 'bsc' | 'polygon', address: string): string | null {
  try {
    if (chain === 'tron') {
      tronHex20FromBase58(address);
      return address;
    }
    if (!/^0x[0-9a-fA-F]{40}$/.test(address)) return null;
    // Mixed case must carry a valid EIP-55 checksum; ethers refuses a wrong one.
    return getAddress(address);
  } catch {
    return null;
  }
}
