import type { Order } from './types.ts';

const d = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));
const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** A raw `orders` row (snake_case, strings for timestamps) → Order. */
export function toOrder(r: Record<string, any>): Order {
  return {
    id: Number(r.id),
    kind: r.kind,
    side: r.side,
    mode: r.mode,
    status: r.status,
    traderId: n(r.trader_id),
    merchantId: n(r.merchant_id),
    merchantOrderId: r.merchant_order_id,
    customerRef: r.customer_ref,
    acceptorId: n(r.acceptor_id),
    offerId: n(r.offer_id),
    fiatCurrency: r.fiat_currency,
    fiatAmount: BigInt(r.fiat_amount),
    usdtAmount: BigInt(r.usdt_amount),
    price: r.price,
    fee: BigInt(r.fee),
    commission: BigInt(r.commission ?? 0),
    paymentMethod: r.payment_method,
    paymentDetails: r.payment_details,
    escrowTransferId: r.escrow_transfer_id,
    claimDeadline: d(r.claim_deadline),
    matchDeadline: d(r.match_deadline),
    payDeadline: d(r.pay_deadline),
    extended: r.extended,
    paidAt: d(r.paid_at),
    appealAfter: d(r.appeal_after),
    receiptFileId: r.receipt_file_id,
    closedAt: d(r.closed_at),
    resolution: r.resolution,
    traderRating: r.trader_rating,
    acceptorRating: r.acceptor_rating,
    version: r.version,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

/** The user who sends fiat and receives USDT (null for a pay-in: the merchant's customer). */
export function buyerOf(o: Pick<Order, 'side' | 'kind' | 'traderId' | 'acceptorId'>): number | null {
  if (o.side === 'buy') return o.kind === 'payin' ? null : o.traderId;
  return o.acceptorId;
}

/** The user whose USDT is locked in escrow and who confirms the fiat arrived. */
export function sellerOf(o: Pick<Order, 'side' | 'traderId' | 'acceptorId'>): number | null {
  return o.side === 'buy' ? o.acceptorId : o.traderId;
}
