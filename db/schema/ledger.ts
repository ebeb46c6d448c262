import { pgTable, text, boolean, jsonb, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { id, money, ts } from './columns.ts';

/** TigerBeetle-style account: four balance columns, one side optionally limited. */
export const accounts = pgTable('accounts', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  ownerType: text('owner_type', { enum: ['user', 'merchant', 'desk', 'order'] }).notNull(),
  ownerId: id('owner_id').notNull(),
  asset: text('asset').notNull().default('USDT'),
  kind: text('kind').notNull(),
  debitsPosted: money('debits_posted').notNull().default(sql`0`),
  creditsPosted: money('credits_posted').notNull().default(sql`0`),
  debitsPending: money('debits_pending').notNull().default(sql`0`),
  creditsPending: money('credits_pending').notNull().default(sql`0`),
  debitsMustNotExceedCredits: boolean('debits_must_not_exceed_credits').notNull().default(true),
  creditsMustNotExceedDebits: boolean('credits_must_not_exceed_debits').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('accounts_owner_kind_uq').on(t.ownerType, t.ownerId, t.asset, t.kind),
  check('accounts_nonneg', sql`${t.debitsPosted} >= 0 and ${t.creditsPosted} >= 0 and ${t.debitsPending} >= 0 and ${t.creditsPending} >= 0`),
  check('accounts_debits_limit', sql`not ${t.debitsMustNotExceedCredits} or ${t.debitsPosted} + ${t.debitsPending} <= ${t.creditsPosted}`),
  check('accounts_credits_limit', sql`not ${t.creditsMustNotExceedDebits} or ${t.creditsPosted} + ${t.creditsPending} <= ${t.debitsPosted}`),
]);

/**
 * Immutable. `id` is chosen by the caller and is the idempotency key.
 * A pending transfer is resolved by at most one post or void (unique pending_id).
 */
export const transfers = pgTable('transfers', {
  id: text('id').primaryKey(),
  debitAccountId: id('debit_account_id').notNull().references(() => accounts.id),
  creditAccountId: id('credit_account_id').notNull().references(() => accounts.id),
  amount: money('amount').notNull(),
  kind: text('kind', { enum: ['posted', 'pending', 'post_pending', 'void_pending'] }).notNull(),
  pendingId: text('pending_id'),
  code: text('code').notNull(),
  timeoutAt: ts('timeout_at'),
  userData: jsonb('user_data'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('transfers_pending_resolution_uq').on(t.pendingId),
  index('transfers_debit_idx').on(t.debitAccountId),
  index('transfers_credit_idx').on(t.creditAccountId),
  check('transfers_amount_nonneg', sql`${t.amount} >= 0`),
  check('transfers_distinct_accounts', sql`${t.debitAccountId} <> ${t.creditAccountId}`),
]);
