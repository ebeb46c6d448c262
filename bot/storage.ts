import type { StorageAdapter } from 'grammy';
import type { Sql } from '../db/client.ts';
import type { VersionedState } from '@grammyjs/conversations';

/**
 * grammY storage (sessions, conversation state) in the bot_sessions table, so a
 * restarted or second instance resumes where the last one stopped.
 */
export class PgStorage<T> implements StorageAdapter<T> {
  constructor(private readonly sql: Sql, private readonly prefix = '') {}

  async read(key: string): Promise<T | undefined> {
    const rows = await this.sql`SELECT value FROM bot_sessions WHERE key = ${this.prefix + key}`;
    return rows.length ? (rows[0].value as T) : undefined;
  }

  async write(key: string, value: T): Promise<void> {
    await this.sql`
      INSERT INTO bot_sessions (key, value, updated_at) VALUES (${this.prefix + key}, ${JSON.stringify(value)}::jsonb, now())
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`;
  }

  async delete(key: string): Promise<void> {
    await this.sql`DELETE FROM bot_sessions WHERE key = ${this.prefix + key}`;
  }
}

/** Key of a chat's conversation state in bot_sessions. */
export const convKey = (chatId: number | undefined) => `conv:${chatId ?? 'none'}`;

/**
 * Conversation storage keyed by chat. Reads use the state bootstrap already loaded with
 * the user when there is one; writes and deletes go straight to bot_sessions.
 */
export function conversationStorage<C extends { chatId?: number; conversationState?: { loaded: boolean; value: unknown } }, S>(sql: Sql) {
  const store = new PgStorage<VersionedState<S>>(sql);
  return {
    type: 'context' as const,
    adapter: {
      async read(ctx: C) {
        if (ctx.conversationState?.loaded) return ctx.conversationState.value as VersionedState<S> | undefined;
        return store.read(convKey(ctx.chatId));
      },
      write: (ctx: C, state: VersionedState<S>) => store.write(convKey(ctx.chatId), state),
      delete: (ctx: C) => store.delete(convKey(ctx.chatId)),
    },
  };
}
