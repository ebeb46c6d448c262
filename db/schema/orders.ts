import { pgTable, text, integer, boolean, jsonb, index, uniqueIndex, numeric } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { id, money, ts } from './columns.ts';
import { users } from './users.ts';

export const ORDER_STATUSES = ['created', 'claimed', 'matched', 'paid', 'released', 'cancelled', 'expired', 'disputed', 'resolved'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const orders = pgTable('orders', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  kind: text('kind', { enum: ['p2p', 'payin'] }).notNull().default('p2p'),
  // The trader's side: 'buy' means the trader (or merchant customer) buys USDT and the acceptor sells.
  side: text('side', { enum: ['buy', 'sell'] }).notNull(),
  mode: text('mode', { enum: ['auto', 'group'] }).notNull(),
  status: text('status', { enum: ORDER_STATUSES }).notNull().default('created'),
  traderId: id('trader_id').references(() => users.id),
  merchantId: id('merchant_id'),
  merchantOrderId: text('merchant_order_id'),
  customerRef: text('customer_ref'),
  acceptorId: id('acceptor_id').references(() => users.id),
  offerId: id('offer_id'),
  excludedAcceptors: id('excluded_acceptors').array().notNull().default(sql`'{}'::bigint[]`),
  fiatCurrency: text('fiat_currency').notNull(),
  fiatAmount: money('fiat_amount').notNull(),
  usdtAmount: money('usdt_amount').notNull(),
  price: numeric('price', { precision: 20, scale: 4 }),
  fee: money('fee').notNull().default(sql`0`),
  // Paid by the desk to the acceptor on a merchant pay-in, out of the merchant fee.
  commission: money('commission').notNull().default(sql`0`),
  paymentMethod: text('payment_method').notNull(),
  paymentDetails: jsonb('payment_details').$type<Record<string, string>>(),
  escrowAccountId: id('escrow_account_id'),
  escrowTransferId: text('escrow_transfer_id'),
  claimDeadline: ts('claim_deadline'),
  matchDeadline: ts('match_deadline'),
  payDeadline: ts('pay_deadline'),
  extended: boolean('extended').notNull().default(false),
  paidAt: ts('paid_at'),
  appealAfter: ts('appeal_after'),
  appealNotified: boolean('appeal_notified').notNull().default(false),
  receiptFileId: text('receipt_file_id'),
  closedAt: ts('closed_at'),
  resolution: text('resolution', { enum: ['release', 'refund', 'split'] }),
  traderRating: integer('trader_rating'),
  acceptorRating: integer('acceptor_rating'),
  version: integer('version').notNull().default(0),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  index('orders_status_idx').on(t.status),
  index('orders_claim_due_idx').on(t.claimDeadline).where(sql`status = 'claimed'`),
  index('orders_pay_due_idx').on(t.payDeadline).where(sql`status = 'matched'`),
  index('orders_match_due_idx').on(t.matchDeadline).where(sql`status = 'created'`),
  index('orders_appeal_due_idx').on(t.appealAfter).where(sql`status = 'paid' and not appeal_notified`),
  index('orders_trader_idx').on(t.traderId, t.createdAt),
  index('orders_acceptor_idx').on(t.acceptorId, t.status),
  // The 24 h volume behind margin and daily limits is summed per acceptor on every match.
  index('orders_acceptor_recent_idx').on(t.acceptorId, t.createdAt),
  uniqueIndex('orders_merchant_ref_uq').on(t.merchantId, t.merchantOrderId),
]);

/** Append-only history: who did what to an order, when and why. */
export const orderEvents = pgTable('order_events', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  orderId: id('order_id').notNull().references(() => orders.id),
  actorType: text('actor_type', { enum: ['trader', 'acceptor', 'admin', 'system', 'merchant', 'customer'] }).notNull(),
  actorId: id('actor_id'),
  action: text('action').notNull(),
  fromStatus: text('from_status'),
  toStatus: text('to_status'),
  reason: text('reason'),
  data: jsonb('data'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [index('order_events_order_idx').on(t.orderId, t.id)]);

export const disputes = pgTable('disputes', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  orderId: id('order_id').notNull().unique().references(() => orders.id),
  openedBy: id('opened_by'),
  reason: text('reason'),
  openedAt: ts('opened_at').notNull().defaultNow(),
  escalatedAt: ts('escalated_at'),
  firstResponseAt: ts('first_response_at'),
  resolvedAt: ts('resolved_at'),
  resolvedBy: text('resolved_by'),
  resolution: text('resolution', { enum: ['release', 'refund', 'split'] }),
  resolutionReason: text('resolution_reason'),
  buyerShare: money('buyer_share'),
});

/** The anonymous in-order chat, relayed by the bot and kept as evidence. */
export const orderMessages = pgTable('order_messages', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  orderId: id('order_id').notNull().references(() => orders.id),
  senderId: id('sender_id').references(() => users.id),
  text: text('text'),
  fileId: text('file_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [index('order_messages_order_idx').on(t.orderId, t.id)]);
