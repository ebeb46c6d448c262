// The whole suite: one PostgreSQL (embedded, or TEST_DATABASE_URL), one migrated
// template, then node's test runner over every *.test.ts with a database per file.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startTestCluster } from './helpers/cluster.ts';

function findTests(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

const args = process.argv.slice(2);
const files = args.length ? args : findTests('test').map((f) => relative('.', f));
const started = Date.now();
const cluster = await startTestCluster();
console.log(`# database: ${process.env.TEST_DATABASE_URL ? 'TEST_DATABASE_URL' : 'embedded PostgreSQL'} (template ${cluster.template})`);

const concurrency = process.env.TEST_CONCURRENCY ?? '3';
const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test', OTC_TEST_ADMIN_URL: cluster.adminUrl, OTC_TEST_TEMPLATE: cluster.template },
});
const stop = () => child.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
const code: number = await new Promise((res) => child.on('exit', (c, sig) => res(c ?? (sig ? 1 : 0))));
await cluster.stop();
console.log(`# suite wall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(code);
