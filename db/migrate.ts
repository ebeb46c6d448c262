import { migrate as drizzleMigrate } from 'drizzle-orm/postgres-js/migrator';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Database } from './client.ts';

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies every pending migration; safe to call on each start. */
export async function migrate(database: Database): Promise<void> {
  await drizzleMigrate(database.db, { migrationsFolder });
}
