import { pgTable, text, integer, boolean, jsonb, primaryKey, index, numeric } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { id, money, ts } from './columns.ts';

export const users = pgTable('users', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  telegramId: id('telegram_id').unique(),
  username: text('username'),
  firstName: text('first_name'),
  language: text('language'),
  termsAcceptedAt: ts('terms_accepted_at'),
  referralCode: text('referral_code').unique(),
  referredBy: id('referred_by'),
  frozen: boolean('frozen').notNull().default(false),
  frozenReason: text('frozen_reason'),
  buySuspendedUntil: ts('buy_suspended_until'),
  kycTier: integer('kyc_tier').notNull().default(0),
  totpSecret: text('totp_secret'),
  isAdmin: boolean('is_admin').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const acceptors = pgTable('acceptors', {
  userId: id('user_id').primaryKey().references(() => users.id),
  status: text('status', { enum: ['pending', 'approved', 'suspended', 'rejected'] }).notNull().default('pending'),
  online: boolean('online').notNull().default(false),
  marginBps: integer('margin_bps').notNull().default(2000),
  dailyLimit: money('daily_limit'),
  completedCount: integer('completed_count').notNull().default(0),
  cancelledCount: integer('cancelled_count').notNull().default(0),
  timeoutCount: integer('timeout_count').notNull().default(0),
  releaseSecondsTotal: money('release_seconds_total').notNull().default(sql`0`),
  ratingSum: integer('rating_sum').notNull().default(0),
  ratingCount: integer('rating_count').notNull().default(0),
  application: jsonb('application'),
  appliedAt: ts('applied_at').notNull().defaultNow(),
  decidedAt: ts('decided_at'),
}, (t) => [index('acceptors_online_idx').on(t.online, t.status)]);

export const offers = pgTable('offers', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  acceptorId: id('acceptor_id').notNull().references(() => acceptors.userId),
  // The side the trader takes: 'buy' means the trader buys USDT from this acceptor.
  tradeSide: text('trade_side', { enum: ['buy', 'sell'] }).notNull(),
  fiatCurrency: text('fiat_currency').notNull(),
  price: numeric('price', { precision: 20, scale: 4 }).notNull(),
  minFiat: money('min_fiat').notNull(),
  maxFiat: money('max_fiat').notNull(),
  paymentMethods: text('payment_methods').array().notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [index('offers_lookup_idx').on(t.tradeSide, t.fiatCurrency, t.active)]);

export const userPaymentMethods = pgTable('user_payment_methods', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  userId: id('user_id').notNull().references(() => users.id),
  kind: text('kind').notNull(),
  currency: text('currency'),
  label: text('label'),
  details: jsonb('details').$type<Record<string, string>>().notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [index('upm_user_idx').on(t.userId)]);

export const userBlocks = pgTable('user_blocks', {
  blockerId: id('blocker_id').notNull().references(() => users.id),
  blockedId: id('blocked_id').notNull().references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.blockerId, t.blockedId] })]);

/**
 * An acceptor's matched volume per hour, kept by a trigger on orders (migration 0011)
 * (and taken back when a matched order is cancelled or expires), so margin and daily
 * limits read at most 25 rows instead of summing every recent order.
 */
export const acceptorVolume = pgTable('acceptor_volume', {
  acceptorId: id('acceptor_id').notNull(),
  hour: ts('hour').notNull(),
  amount: money('amount').notNull(),
}, (t) => [primaryKey({ columns: [t.acceptorId, t.hour] })]);
