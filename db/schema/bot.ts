import { pgTable, text, jsonb, primaryKey, integer } from 'drizzle-orm/pg-core';
import { id, ts } from './columns.ts';

/** grammY session and conversation state, keyed by grammY's storage key. */
export const botSessions = pgTable('bot_sessions', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** update_id deduplication across restarts and instances. */
export const processedUpdates = pgTable('processed_updates', {
  botId: id('bot_id').notNull(),
  updateId: id('update_id').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.botId, t.updateId] })]);

/** Where an order's card lives in each chat, so it is edited in place. */
export const orderCards = pgTable('order_cards', {
  orderId: id('order_id').notNull(),
  chatId: id('chat_id').notNull(),
  messageId: integer('message_id').notNull(),
  role: text('role').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.orderId, t.chatId] })]);
