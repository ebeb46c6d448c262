// The surface-facing entry for withdrawals: validates the address for the chain, then
// hands over to core/wallet (limits, holds, approval threshold).
import { getAddress, isAddress } from 'ethers';
import { TronWeb } from 'tronweb';
import type { Exec } from '../core/db.ts';
import { DeskError } from '../core/errors.ts';
import { requestWithdrawal, type WithdrawalRules, type Withdrawal, type ChainName, type WithdrawalRequest } from '../core/wallet/index.ts';

export const WITHDRAW_CHAINS: ChainName[] = ['tron', 'ethereum', 'bsc', 'polygon'];

/**
 * Canonical form of a destination address, or DeskError('invalid_input', {field:'address'}).
 * EVM: 0x + 40 hex; mixed case must carry a valid EIP-55 checksum. TRON: base58check starting with T.
 */
export function normalizeAddress(chain: ChainName, input: string): string {
  const a = (input ?? '').trim();
  if (chain === 'tron') {
    if (/^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(a) && TronWeb.isAddress(a)) return a;
    throw new DeskError('invalid_input', { field: 'address', chain });
  }
  if (/^0x[0-9a-fA-F]{40}$/.test(a) && isAddress(a)) {
    try {
      const c = getAddress(a);
      if (c === '0x0000000000000000000000000000000000000000') throw new Error('zero');
      return c;
    } catch {
      // a mixed-case address whose checksum is wrong: a typo, refuse
    }
  }
  throw new DeskError('invalid_input', { field: 'address', chain });
}

/** As core's request, but the address is as the user typed it: checked and normalised here. */
export type ChainWithdrawalRequest = WithdrawalRequest;

/**
 * Requests a withdrawal. Refusals are DeskError: invalid_input {field:'address'|'chain'},
 * invalid_amount, below_minimum {min}, above_maximum {max}, outside_limits {limit:'daily', remaining},
 * insufficient_funds {needed}, frozen. Nothing changes on a refusal.
 */
export async function requestChainWithdrawal(
  exec: Exec,
  req: ChainWithdrawalRequest,
  opts: { enabledChains?: ChainName[]; rules?: WithdrawalRules } = {},
): Promise<{ withdrawal: Withdrawal; created: boolean }> {
  const enabled = opts.enabledChains ?? WITHDRAW_CHAINS;
  if (!enabled.includes(req.chain)) throw new DeskError('invalid_input', { field: 'chain' });
  const toAddress = normalizeAddress(req.chain, req.toAddress);
  return requestWithdrawal(exec, { ...req, toAddress }, opts.rules);
}
