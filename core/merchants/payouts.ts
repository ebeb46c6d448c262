import type { Exec } from '../db.ts';
import { DeskError } from '../errors.ts';
import { formatUnits } from '../money/decimal.ts';
import { requestWithdrawal, getWithdrawal, type Withdrawal } from '../wallet/withdrawals.ts';
import type { ChainName } from '../wallet/types.ts';
import type { Merchant } from './merchants.ts';

/**
 * A merchant payout is a chain withdrawal owned by the merchant: the wallet flow holds the
 * amount and fee on the merchant's ledger balance, applies limits and admin approval, signs,
 * broadcasts and confirms; its outbox events become payout.* webhooks.
 */
export const PAYOUT_CHAINS: readonly ChainName[] = ['tron', 'ethereum', 'bsc', 'polygon'];

export async function requestMerchantPayout(
  exec: Exec,
  merchant: Merchant,
  req: { chain: ChainName; address: string; amount: bigint; requestKey: string },
): Promise<Withdrawal> {
  if (merchant.status !== 'active') throw new DeskError('frozen', { merchant: merchant.id });
  if (!PAYOUT_CHAINS.includes(req.chain)) throw new DeskError('invalid_input', { field: 'chain' });
  const { withdrawal } = await requestWithdrawal(exec, {
    owner: { type: 'merchant', id: merchant.id },
    chain: req.chain,
    toAddress: req.address,
    amount: req.amount,
    requestKey: `api:${req.requestKey}`,
    actor: `merchant:${merchant.id}`,
  });
  return withdrawal;
}

export async function getMerchantPayout(exec: Exec, merchantId: number, id: number): Promise<Withdrawal | null> {
  const w = await getWithdrawal(exec, id);
  return w && w.ownerType === 'merchant' && w.ownerId === merchantId ? w : null;
}

export type PayoutStatus = 'pending_approval' | 'processing' | 'sent' | 'failed';

export function payoutStatus(w: Pick<Withdrawal, 'status'>): PayoutStatus {
  switch (w.status) {
    case 'awaiting_approval':
      return 'pending_approval';
    case 'confirmed':
      return 'sent';
    case 'failed':
    case 'rejected':
      return 'failed';
    default:
      return 'processing';
  }
}

export function payoutJson(w: Withdrawal) {
  return {
    id: w.id,
    object: 'payout' as const,
    status: payoutStatus(w),
    withdrawal_status: w.status,
    chain: w.chain,
    address: w.toAddress,
    amount: formatUnits(w.amount, 6, false),
    network_fee: formatUnits(w.fee, 6, false),
    tx_hash: w.txHash,
    failure_reason: w.failReason ?? w.rejectReason ?? null,
    created_at: new Date(w.createdAt).toISOString(),
    updated_at: new Date(w.updatedAt).toISOString(),
  };
}
