import postgres from 'postgres';
import { connect, type Database } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';

export const BENCH_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function withDb(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh migrated database on the bench server, dropped by `drop()`. */
export async function benchDatabase(prefix: string, max: number): Promise<Database & { url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}`;
  const admin = postgres(BENCH_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = withDb(BENCH_URL, name);
  const d = connect(url, { max });
  await migrate(d);
  return {
    ...d,
    url,
    async drop() {
      await d.close();
      const a = postgres(BENCH_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    },
  };
}

/** Runs `worker` on `clients` concurrent loops for `seconds`; returns completed operations/s. */
export async function closedLoop(clients: number, seconds: number, worker: (client: number, i: number) => Promise<void>): Promise<{ ops: number; perSec: number; latencies: number[] }> {
  const deadline = performance.now() + seconds * 1000;
  let ops = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    for (let i = 0; performance.now() < deadline; i++) {
      const t0 = performance.now();
      await worker(c, i);
      latencies.push(performance.now() - t0);
      ops++;
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  return { ops, perSec: ops / elapsed, latencies };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
