import type { OrderStatus } from '../../db/schema/orders.ts';
export type { OrderStatus };

/** Who asks for a change. Core works out the role (buyer / seller / acceptor / trader) from the order. */
export type Actor =
  | { kind: 'user'; userId: number }
  | { kind: 'admin'; adminId: number; name: string }
  | { kind: 'merchant'; merchantId: number }
  /** The merchant's customer on the hosted payment page (the API checks the page token). */
  | { kind: 'customer'; orderId: number }
  | { kind: 'system' };

export type OrderAction =
  | 'create' | 'claim' | 'confirm' | 'claim_timeout' | 'decline' | 'paid' | 'release'
  | 'cancel' | 'expire' | 'extend' | 'appeal' | 'resolve';

export type Resolution = 'release' | 'refund' | 'split';

export interface Order {
  id: number;
  kind: 'p2p' | 'payin';
  side: 'buy' | 'sell';
  mode: 'auto' | 'group';
  status: OrderStatus;
  traderId: number | null;
  merchantId: number | null;
  merchantOrderId: string | null;
  customerRef: string | null;
  acceptorId: number | null;
  offerId: number | null;
  fiatCurrency: string;
  fiatAmount: bigint;
  usdtAmount: bigint;
  price: string | null;
  fee: bigint;
  /** Paid by the desk to the acceptor out of a pay-in's fee. */
  commission: bigint;
  paymentMethod: string;
  paymentDetails: Record<string, string> | null;
  /** Set once the seller's USDT is held for this order. */
  escrowTransferId: string | null;
  claimDeadline: Date | null;
  matchDeadline: Date | null;
  payDeadline: Date | null;
  extended: boolean;
  paidAt: Date | null;
  appealAfter: Date | null;
  receiptFileId: string | null;
  closedAt: Date | null;
  resolution: Resolution | null;
  traderRating: number | null;
  acceptorRating: number | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The result of a transition: the order after it, and what it did. */
export interface TransitionResult {
  order: Order;
  action: OrderAction;
  from: OrderStatus;
  to: OrderStatus;
}
