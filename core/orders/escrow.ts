import type { TxExec } from '../db.ts';
import { accountId, hold, postPending, voidPending, transfer, DESK, toDeskError, type Owner } from '../ledger/index.ts';
import type { Order } from './types.ts';
import { sellerOf } from './row.ts';

export const escrowTransferId = (orderId: number) => `order:${orderId}:escrow`;

/** The owner whose USDT the order moves into escrow. */
function sellerOwner(o: Order): Owner {
  return { type: 'user', id: sellerOf(o)! };
}

/** The owner credited on release: the trader or acceptor who bought, or the merchant of a pay-in. */
function buyerOwner(o: Order): Owner {
  if (o.kind === 'payin') return { type: 'merchant', id: o.merchantId! };
  return { type: 'user', id: (o.side === 'buy' ? o.traderId : o.acceptorId)! };
}

/** Locks the seller's USDT: a pending transfer from their available account to the order's escrow. */
export async function lockEscrow(tx: TxExec, o: Order): Promise<void> {
  const from = await accountId(tx, sellerOwner(o), 'available');
  const to = await accountId(tx, { type: 'order', id: o.id }, 'escrow');
  try {
    await hold(tx, { id: escrowTransferId(o.id), debitAccountId: from, creditAccountId: to, amount: o.usdtAmount, code: 'escrow_lock', userData: { orderId: o.id } });
  } catch (e) {
    toDeskError(e);
  }
}

export async function voidEscrow(tx: TxExec, o: Order, why: string): Promise<void> {
  await voidPending(tx, { id: `order:${o.id}:void`, pendingId: escrowTransferId(o.id), code: why });
}

/**
 * Release: post the hold into escrow, then pay the buyer less the fee; a pay-in also
 * pays the acceptor's commission out of the desk's fee.
 */
export async function releaseEscrow(tx: TxExec, o: Order, code: string): Promise<void> {
  await postPending(tx, { id: `order:${o.id}:post`, pendingId: escrowTransferId(o.id), code });
  const escrow = await accountId(tx, { type: 'order', id: o.id }, 'escrow');
  const buyer = await accountId(tx, buyerOwner(o), 'available');
  await transfer(tx, { id: `order:${o.id}:payout`, debitAccountId: escrow, creditAccountId: buyer, amount: o.usdtAmount - o.fee, code: 'trade_payout' });
  if (o.fee > 0n) {
    const fees = await accountId(tx, DESK, 'fees');
    await transfer(tx, { id: `order:${o.id}:fee`, debitAccountId: escrow, creditAccountId: fees, amount: o.fee, code: 'trade_fee' });
  }
  if (o.commission > 0n && o.acceptorId) {
    const fees = await accountId(tx, DESK, 'fees');
    const acceptor = await accountId(tx, { type: 'user', id: o.acceptorId }, 'available');
    await transfer(tx, { id: `order:${o.id}:commission`, debitAccountId: fees, creditAccountId: acceptor, amount: o.commission, code: 'acceptor_commission' });
  }
}

/** A split ruling: `buyerShare` is posted to escrow and paid to the buyer; the rest returns to the seller. */
export async function splitEscrow(tx: TxExec, o: Order, buyerShare: bigint): Promise<void> {
  await postPending(tx, { id: `order:${o.id}:post`, pendingId: escrowTransferId(o.id), amount: buyerShare, code: 'dispute_split' });
  if (buyerShare === 0n) return;
  const escrow = await accountId(tx, { type: 'order', id: o.id }, 'escrow');
  const buyer = await accountId(tx, buyerOwner(o), 'available');
  await transfer(tx, { id: `order:${o.id}:payout`, debitAccountId: escrow, creditAccountId: buyer, amount: buyerShare, code: 'dispute_split_payout' });
}
