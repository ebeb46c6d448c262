import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { startEmbedded, type EmbeddedCluster } from '../../db/embedded.ts';
import { connect } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';

export interface TestCluster {
  /** URL of a maintenance database on the server, used to create and drop databases. */
  adminUrl: string;
  template: string;
  stop(): Promise<void>;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Starts an embedded cluster unless TEST_DATABASE_URL names a server, then builds a
 * migrated template database that each test file clones (CREATE DATABASE … TEMPLATE).
 */
export async function startTestCluster(): Promise<TestCluster> {
  let embedded: EmbeddedCluster | undefined;
  let dir: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    dir = mkdtempSync(join(tmpdir(), 'otc-test-pg-'));
    embedded = await startEmbedded(dir);
    adminUrl = embedded.url('postgres');
  }
  const template = `otc_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${template}"`);
  const tpl = connect(withDatabase(adminUrl, template), { max: 2 });
  await migrate(tpl);
  await tpl.close();
  await admin.end();
  return {
    adminUrl,
    template,
    async stop() {
      const a = postgres(adminUrl!, { max: 1, onnotice: () => {} });
      const stale = await a`SELECT datname FROM pg_database WHERE datname LIKE ${'otc_t_' + process.pid + '%'} OR datname = ${template}`;
      for (const row of stale) await a.unsafe(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
      await a.end();
      await embedded?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
