import type { TxExec } from '../db.ts';
import { hold, postPending, voidPending, transfer, DESK, toDeskError, type AccountRef, type Owner } from '../ledger/index.ts';
import type { Order } from './types.ts';
import { sellerOf } from './row.ts';

export const escrowTransferId = (orderId: number) => `order:${orderId}:escrow`;

const escrowOf = (o: Order): AccountRef => ({ owner: { type: 'order', id: o.id }, kind: 'escrow' });
const fees: AccountRef = { owner: DESK, kind: 'fees' };

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
  try {
    await hold(tx, {
      id: escrowTransferId(o.id), debitAccountId: { owner: sellerOwner(o), kind: 'available' }, creditAccountId: escrowOf(o),
      amount: o.usdtAmount, code: 'escrow_lock', userData: { orderId: o.id },
    });
  } catch (e) {
    toDeskError(e);
  }
}

export async function voidEscrow(tx: TxExec, o: Order, why: string): Promise<void> {
  await voidPending(tx, { id: `order:${o.id}:void`, pendingId: escrowTransferId(o.id), code: why });
}

/**
 * Release: post the hold into escrow, then pay the buyer less the fee; a pay-in also
 * pays the acceptor's commission out of the desk's fee. The statements are independent
 * on the client, so they go out together; the server still runs them in order.
 */
export async function releaseEscrow(tx: TxExec, o: Order, code: string): Promise<void> {
  const steps: Promise<unknown>[] = [
    postPending(tx, { id: `order:${o.id}:post`, pendingId: escrowTransferId(o.id), code }),
    transfer(tx, { id: `order:${o.id}:payout`, debitAccountId: escrowOf(o), creditAccountId: { owner: buyerOwner(o), kind: 'available' }, amount: o.usdtAmount - o.fee, code: 'trade_payout' }),
  ];
  if (o.fee > 0n) steps.push(transfer(tx, { id: `order:${o.id}:fee`, debitAccountId: escrowOf(o), creditAccountId: fees, amount: o.fee, code: 'trade_fee' }));
  if (o.commission > 0n && o.acceptorId) {
    steps.push(transfer(tx, { id: `order:${o.id}:commission`, debitAccountId: fees, creditAccountId: { owner: { type: 'user', id: o.acceptorId }, kind: 'available' }, amount: o.commission, code: 'acceptor_commission' }));
  }
  await Promise.all(steps);
}

/** A split ruling: `buyerShare` is posted to escrow and paid to the buyer; the rest returns to the seller. */
export async function splitEscrow(tx: TxExec, o: Order, buyerShare: bigint): Promise<void> {
  await Promise.all([
    postPending(tx, { id: `order:${o.id}:post`, pendingId: escrowTransferId(o.id), amount: buyerShare, code: 'dispute_split' }),
    transfer(tx, { id: `order:${o.id}:payout`, debitAccountId: escrowOf(o), creditAccountId: { owner: buyerOwner(o), kind: 'available' }, amount: buyerShare, code: 'dispute_split_payout' }),
  ]);
}
