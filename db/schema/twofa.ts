import { pgTable, integer } from 'drizzle-orm/pg-core';
import { id, ts } from './columns.ts';
import { users } from './users.ts';

/**
 * Per-user guard for the bot's TOTP codes: wrong codes counted in a window (a lockout that
 * holds across bot instances and restarts) and the last accepted time step (a code is
 * accepted once). The secret itself stays in users.totp_secret, encrypted.
 */
export const userTotpGuard = pgTable('user_totp_guard', {
  userId: id('user_id').primaryKey().references(() => users.id),
  failures: integer('failures').notNull().default(0),
  windowStartedAt: ts('window_started_at'),
  lastStep: id('last_step'),
});
