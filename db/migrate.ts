import { migrate as drizzleMigrate } from 'drizzle-orm/postgres-js/migrator';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Database } from './client.ts';

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any fixed 64-bit number; instances starting together take turns on it.
const MIGRATION_LOCK = 7_400_113_251n;

/**
 * Applies every pending migration; safe to call on each start, from several instances at
 * once: an advisory lock on a reserved connection makes them take turns (the pool needs
 * at least two connections).
 */
export async function migrate(database: Database): Promise<void> {
  const conn = await database.sql.reserve();
  try {
    await conn`SELECT pg_advisory_lock(${MIGRATION_LOCK.toString()}::bigint)`;
    await drizzleMigrate(database.db, { migrationsFolder });
  } finally {
    await conn`SELECT pg_advisory_unlock(${MIGRATION_LOCK.toString()}::bigint)`.catch(() => {});
    conn.release();
  }
}
