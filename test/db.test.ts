import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyDatabaseUrl } from './helpers/db.ts';
import { connect } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';

test('two instances starting at once on a new database both migrate it, once', async () => {
  const url = await emptyDatabaseUrl();
  const a = connect(url, { max: 2 });
  const b = connect(url, { max: 2 });
  try {
    await Promise.all([migrate(a), migrate(b)]);
    const [m] = await a.sql`SELECT count(*)::int AS n, count(DISTINCT hash)::int AS d FROM drizzle.__drizzle_migrations`;
    assert.equal(m.n, m.d, 'each migration recorded once');
    assert.ok(m.n >= 10);
    const [c] = await a.sql`SELECT count(*)::int AS n FROM currencies`;
    assert.equal(c.n, 23);
    await migrate(a);
  } finally {
    await a.close();
    await b.close();
  }
});
