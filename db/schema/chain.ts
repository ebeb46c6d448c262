import { pgTable, text, integer, jsonb, index, uniqueIndex, check, numeric, pgSequence } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { id, money, ts } from './columns.ts';

export const CHAINS = ['ethereum', 'bsc', 'polygon', 'tron'] as const;
export type ChainName = (typeof CHAINS)[number];
export type ChainFamily = 'evm' | 'tron';

/** HD index shared by both families: gaps are harmless, reuse is not. */
export const depositAddressIndexSeq = pgSequence('deposit_address_index_seq', { startWith: 0, minValue: 0 });

/** One deposit address per owner per chain family, derived from the family's account xpub. */
export const depositAddresses = pgTable('deposit_addresses', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  family: text('family', { enum: ['evm', 'tron'] }).notNull(),
  // Display form: EIP-55 checksum for EVM, base58check for TRON.
  address: text('address').notNull(),
  // Lower-case 20-byte hex (no 0x, no 41 prefix): what logs and events are matched on.
  matchKey: text('match_key').notNull(),
  ownerType: text('owner_type', { enum: ['user', 'merchant'] }).notNull(),
  ownerId: id('owner_id').notNull(),
  derivationIndex: integer('derivation_index').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('deposit_addresses_address_uq').on(t.address),
  uniqueIndex('deposit_addresses_owner_uq').on(t.ownerType, t.ownerId, t.family),
  uniqueIndex('deposit_addresses_match_uq').on(t.family, t.matchKey),
  uniqueIndex('deposit_addresses_index_uq').on(t.family, t.derivationIndex),
]);

/** How far each chain's watcher has credited: the last fully processed block. */
export const chainCursors = pgTable('chain_cursors', {
  chain: text('chain').primaryKey(),
  blockNumber: id('block_number').notNull(),
  blockHash: text('block_hash').notNull(),
  haltedAt: ts('halted_at'),
  haltReason: text('halt_reason'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Incoming USDT transfers to our addresses: 'seen' while unconfirmed, then credited (or orphaned by a reorg). */
export const chainDeposits = pgTable('chain_deposits', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  chain: text('chain').notNull(),
  txHash: text('tx_hash').notNull(),
  logIndex: integer('log_index').notNull(),
  blockNumber: id('block_number').notNull(),
  blockHash: text('block_hash'),
  addressId: id('address_id').notNull().references(() => depositAddresses.id),
  ownerType: text('owner_type', { enum: ['user', 'merchant'] }).notNull(),
  ownerId: id('owner_id').notNull(),
  fromAddress: text('from_address'),
  // Token base units as on chain (18 decimals on BSC), the credited micro-USDT, and the remainder not credited.
  amountRaw: numeric('amount_raw', { precision: 78, scale: 0 }).notNull(),
  amount: money('amount').notNull(),
  dustRaw: numeric('dust_raw', { precision: 78, scale: 0 }).notNull().default('0'),
  status: text('status', { enum: ['seen', 'credited', 'orphaned'] }).notNull(),
  notifiedConfirmations: integer('notified_confirmations').notNull().default(0),
  transferId: text('transfer_id'),
  seenAt: ts('seen_at').notNull().defaultNow(),
  creditedAt: ts('credited_at'),
}, (t) => [
  uniqueIndex('chain_deposits_log_uq').on(t.chain, t.txHash, t.logIndex),
  index('chain_deposits_owner_idx').on(t.ownerType, t.ownerId, t.id),
  index('chain_deposits_seen_idx').on(t.chain, t.blockNumber).where(sql`status = 'seen'`),
  check('chain_deposits_amount_nonneg', sql`${t.amount} >= 0`),
]);

/** Things an operator must look at (a deep reorg halts a chain). */
export const chainAlerts = pgTable('chain_alerts', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  chain: text('chain').notNull(),
  kind: text('kind').notNull(),
  detail: jsonb('detail').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  resolvedAt: ts('resolved_at'),
});

/** The desk's sending address per chain, and the next nonce it will sign with (EVM). */
export const hotWallets = pgTable('hot_wallets', {
  chain: text('chain').primaryKey(),
  address: text('address').notNull(),
  nextNonce: id('next_nonce').notNull().default(0),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const WITHDRAWAL_STATUSES = ['awaiting_approval', 'approved', 'signed', 'broadcast', 'confirmed', 'failed', 'rejected'] as const;
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];

/**
 * A USDT withdrawal. The signed transaction is stored before it is ever broadcast, so a
 * retry can only rebroadcast it — a second signature for the same withdrawal never exists.
 */
export const withdrawals = pgTable('withdrawals', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  ownerType: text('owner_type', { enum: ['user', 'merchant'] }).notNull(),
  ownerId: id('owner_id').notNull(),
  chain: text('chain').notNull(),
  toAddress: text('to_address').notNull(),
  amount: money('amount').notNull(),
  fee: money('fee').notNull(),
  status: text('status', { enum: WITHDRAWAL_STATUSES }).notNull(),
  requestKey: text('request_key'),
  hotWallet: text('hot_wallet'),
  nonce: id('nonce'),
  txHash: text('tx_hash'),
  signedTx: text('signed_tx'),
  expiresAt: ts('expires_at'),
  broadcastAttempts: integer('broadcast_attempts').notNull().default(0),
  lastError: text('last_error'),
  decidedBy: text('decided_by'),
  rejectReason: text('reject_reason'),
  failReason: text('fail_reason'),
  createdAt: ts('created_at').notNull().defaultNow(),
  signedAt: ts('signed_at'),
  broadcastAt: ts('broadcast_at'),
  finishedAt: ts('finished_at'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('withdrawals_request_key_uq').on(t.ownerType, t.ownerId, t.requestKey),
  uniqueIndex('withdrawals_nonce_uq').on(t.chain, t.hotWallet, t.nonce),
  index('withdrawals_status_idx').on(t.status, t.id),
  index('withdrawals_owner_idx').on(t.ownerType, t.ownerId, t.createdAt),
  check('withdrawals_amount_pos', sql`${t.amount} > 0 and ${t.fee} >= 0`),
]);

/** Who moved a withdrawal from one status to the next, and why. */
export const withdrawalEvents = pgTable('withdrawal_events', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  withdrawalId: id('withdrawal_id').notNull().references(() => withdrawals.id),
  fromStatus: text('from_status'),
  toStatus: text('to_status').notNull(),
  actor: text('actor').notNull(),
  detail: jsonb('detail'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [index('withdrawal_events_w_idx').on(t.withdrawalId)]);
