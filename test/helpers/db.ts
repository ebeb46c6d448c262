import { after } from 'node:test';
import assert from 'node:assert/strict';
import postgres from 'postgres';
import { connect, type Database } from '../../db/client.ts';
import { startTestCluster, withDatabase, type TestCluster } from './cluster.ts';
import { checkInvariants } from '../../core/ledger/invariants.ts';

let standalone: Promise<TestCluster> | undefined;

async function cluster(): Promise<{ adminUrl: string; template: string }> {
  const adminUrl = process.env.OTC_TEST_ADMIN_URL;
  const template = process.env.OTC_TEST_TEMPLATE;
  if (adminUrl && template) return { adminUrl, template };
  // Running one file directly (node --import tsx --test file): bring up our own cluster.
  standalone ??= startTestCluster().then((c) => {
    after(() => c.stop());
    return c;
  });
  return standalone;
}

/**
 * A fresh, migrated database for this test file. After the file's tests, the ledger
 * invariants are asserted on it and it is dropped.
 */
export async function testDatabase(opts: { max?: number; checkLedger?: boolean } = {}): Promise<Database & { url: string }> {
  const { adminUrl, template } = await cluster();
  const name = `otc_t_${process.ppid}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const database = connect(url, { max: opts.max ?? 10 });
  after(async () => {
    try {
      if (opts.checkLedger !== false) {
        const report = await checkInvariants(database.sql);
        assert.deepEqual(report.violations, [], `ledger invariants violated: ${report.violations.join('; ')}`);
      }
    } finally {
      await database.close();
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    }
  });
  return { ...database, url };
}

/** A fresh database with nothing in it (no migrations), dropped after the file. */
export async function emptyDatabaseUrl(): Promise<string> {
  const { adminUrl } = await cluster();
  const name = `otc_t_${process.ppid}_${process.pid}_e${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  await admin.end();
  after(async () => {
    const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await a.end();
  });
  return withDatabase(adminUrl, name);
}
