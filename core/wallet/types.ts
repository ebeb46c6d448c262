import type { Owner } from '../ledger/index.ts';

export type ChainName = 'ethereum' | 'bsc' | 'polygon' | 'tron';
export type ChainFamily = 'evm' | 'tron';
export type WalletOwner = Owner & { type: 'user' | 'merchant' };

export const familyOf = (chain: ChainName | string): ChainFamily => (chain === 'tron' ? 'tron' : 'evm');

/** A block a watcher has fully processed. */
export interface BlockRef {
  number: number;
  hash: string;
}

/** One USDT Transfer log to one of our addresses, as read from a chain. */
export interface ObservedTransfer {
  txHash: string;
  logIndex: number;
  blockNumber: number;
  blockHash: string | null;
  /** Lower-case 20-byte hex of the recipient, no prefix. */
  toKey: string;
  from: string;
  /** Token base units (18 decimals on BSC). */
  value: bigint;
}
