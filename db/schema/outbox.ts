import { pgTable, text, integer, jsonb, index } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { id, ts } from './columns.ts';

/**
 * Events written in the same transaction as the state change that caused them;
 * each channel's worker drains its own rows (telegram, webhook, …).
 */
export const outbox = pgTable('outbox', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  channel: text('channel').notNull(),
  topic: text('topic').notNull(),
  payload: jsonb('payload').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  availableAt: ts('available_at').notNull().defaultNow(),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  doneAt: ts('done_at'),
}, (t) => [index('outbox_pending_idx').on(t.channel, t.availableAt).where(sql`done_at is null`)]);

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  updatedBy: text('updated_by'),
});
