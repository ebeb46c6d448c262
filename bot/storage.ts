import type { StorageAdapter } from 'grammy';
import type { Sql } from '../db/client.ts';

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
