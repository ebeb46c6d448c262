import { pgTable, text, integer, jsonb, index, uniqueIndex, primaryKey, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { id, ts } from './columns.ts';
import { orders } from './orders.ts';

/** A merchant plugged into the desk through the HTTP API. */
export const merchants = pgTable('merchants', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
  callbackUrl: text('callback_url'),
  // Charged to the merchant on each released pay-in, in basis points of the USDT amount.
  feeBps: integer('fee_bps').notNull().default(0),
  // Paid to the acceptor out of the merchant fee.
  commissionBps: integer('commission_bps').notNull().default(0),
  currencies: text('currencies').array().notNull(),
  status: text('status', { enum: ['active', 'suspended'] }).notNull().default('active'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  check('merchants_fee_range', sql`${t.feeBps} between 0 and 10000 and ${t.commissionBps} between 0 and ${t.feeBps}`),
]);

/**
 * API keys. The secret is kept AES-256-GCM encrypted (HMAC needs the raw secret);
 * at most two are active at once so a merchant can rotate without downtime.
 */
export const merchantKeys = pgTable('merchant_keys', {
  keyId: text('key_id').primaryKey(),
  merchantId: id('merchant_id').notNull().references(() => merchants.id),
  secretEnc: text('secret_enc').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  revokedAt: ts('revoked_at'),
}, (t) => [index('merchant_keys_merchant_idx').on(t.merchantId)]);

/** Replay guard: a (key, nonce) pair is accepted once; rows older than the window are pruned. */
export const apiNonces = pgTable('api_nonces', {
  keyId: text('key_id').notNull(),
  nonce: text('nonce').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.keyId, t.nonce] }), index('api_nonces_created_idx').on(t.createdAt)]);

/** The first response to a create, replayed for retries with the same key and body. */
export const idempotencyKeys = pgTable('idempotency_keys', {
  merchantId: id('merchant_id').notNull(),
  endpoint: text('endpoint').notNull(),
  key: text('key').notNull(),
  requestHash: text('request_hash').notNull(),
  statusCode: integer('status_code'),
  response: jsonb('response'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.merchantId, t.endpoint, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)]);

/** The unguessable token in a pay-in's hosted page URL. */
export const payinLinks = pgTable('payin_links', {
  orderId: id('order_id').primaryKey().references(() => orders.id),
  merchantId: id('merchant_id').notNull(),
  token: text('token').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('payin_links_token_uq').on(t.token)]);

/** One webhook event for one merchant, retried with exponential backoff until delivered or given up. */
export const webhookDeliveries = pgTable('webhook_deliveries', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  eventId: text('event_id').notNull(),
  merchantId: id('merchant_id').notNull().references(() => merchants.id),
  eventType: text('event_type').notNull(),
  payload: jsonb('payload').notNull(),
  // The outbox row it came from: re-draining the same row never makes a second delivery.
  sourceKey: text('source_key'),
  status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
  lockedUntil: ts('locked_until'),
  giveUpAt: ts('give_up_at').notNull(),
  lastStatusCode: integer('last_status_code'),
  lastError: text('last_error'),
  deliveredAt: ts('delivered_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('webhook_deliveries_event_uq').on(t.eventId),
  uniqueIndex('webhook_deliveries_source_uq').on(t.sourceKey),
  index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
  index('webhook_deliveries_merchant_idx').on(t.merchantId, t.createdAt),
]);

/** Every delivery attempt: what the merchant's server answered and how long it took. */
export const webhookAttempts = pgTable('webhook_attempts', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  deliveryId: id('delivery_id').notNull().references(() => webhookDeliveries.id),
  attempt: integer('attempt').notNull(),
  statusCode: integer('status_code'),
  latencyMs: integer('latency_ms').notNull(),
  error: text('error'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.id)]);
