// Merchant API pay-in creations over real HTTP on loopback, signed like a merchant would.
// The API runs in a child process (its own event loop, as in production); this process
// signs and sends. Phase 1: closed loop → creations/s. Phase 2: open loop at a fixed
// offered rate → latency measured from each request's scheduled start (no coordinated omission).
//   BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_CLIENTS (32),
//   BENCH_SECONDS (10), BENCH_RATE (200 creations/s offered in phase 2).
import { spawn } from 'node:child_process';
import { loadavg, cpus } from 'node:os';
import { createHmac, randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { benchDatabase, closedLoop, percentile } from './util.ts';
import { connect } from '../db/client.ts';
import { loadConfig } from '../config.ts';
import { accountId, transfer, DESK } from '../core/ledger/index.ts';
import { createMerchant } from '../core/merchants/index.ts';
import { createPayin } from '../core/orders/index.ts';
import { startApiServer } from '../api/server.ts';

if (process.argv[2] === 'serve') {
  // Child: serve the API on a free loopback port and report it on stdout.
  const [, , , url, keyHex] = process.argv;
  const db = connect(url, { max: Number(process.env.BENCH_POOL ?? 16) });
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'error', HTTP_HOST: '127.0.0.1', MERCHANT_SECRET_KEY: keyHex, DATABASE_URL: url });
  const api = await startApiServer({ sql: db.sql, db: db.db, config }, { port: 0, hostname: '127.0.0.1' });
  console.log(JSON.stringify({ url: api.url }));
  // The parent asks for this process's CPU time around each phase.
  process.on('message', () => process.send!(process.cpuUsage()));
  process.on('SIGTERM', async () => {
    await api.close();
    await db.close();
    process.exit(0);
  });
} else {
  await main();
}

async function main() {
  const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
  const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
  const RATE = Number(process.env.BENCH_RATE ?? 200);
  const ACCEPTORS = Number(process.env.BENCH_ACCEPTORS ?? 20);

  const db = await benchDatabase('otc_bench_api', Number(process.env.BENCH_CLIENTS ?? 32));
  const { sql } = db;
  const keyHex = randomBytes(32).toString('hex');
  const faucet = await accountId(sql, DESK, 'faucet');
  for (let i = 0; i < ACCEPTORS; i++) {
    const [u] = await sql`INSERT INTO users (telegram_id, username) VALUES (${900_000 + i}, ${'acc' + i}) RETURNING id`;
    const id = Number(u.id);
    await sql`INSERT INTO acceptors (user_id, status, online) VALUES (${id}, 'approved', true)`;
    await sql`INSERT INTO offers (acceptor_id, trade_side, fiat_currency, price, min_fiat, max_fiat, payment_methods)
              VALUES (${id}, 'buy', 'CNY', '7.2000', 100, 100000000000, '{bank}')`;
    await sql`INSERT INTO user_payment_methods (user_id, kind, currency, details) VALUES (${id}, 'bank', 'CNY', '{"holder":"A","bank":"B","account":"1"}'::jsonb)`;
    for (const kind of ['available', 'margin'] as const) {
      await transfer(sql, { id: `bench:${kind}:${id}`, debitAccountId: faucet, creditAccountId: await accountId(sql, { type: 'user', id }, kind), amount: 10n ** 14n, code: 'bench_fund' });
    }
  }
  const { key } = await createMerchant(sql, Buffer.from(keyHex, 'hex'), { name: 'Bench', feeBps: 100, commissionBps: 40, currencies: ['CNY'] });

  const child = spawn(process.execPath, [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), '--import', 'tsx', fileURLToPath(import.meta.url), 'serve', db.url, keyHex], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const base: string = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`API server exited (${code})`)));
    createInterface({ input: child.stdout! }).once('line', (l) => resolve(JSON.parse(l).url));
  });

  const serverCpu = (): Promise<NodeJS.CpuUsage> => new Promise((r) => { child.once('message', (m) => r(m as NodeJS.CpuUsage)); child.send('cpu'); });
  const cpuMs = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) => (b.user - a.user + b.system - a.system) / 1000;
  // node:http with keep-alive: a real HTTP client that leaves more of the shared CPUs to the server than fetch.
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS * 8 });
  const target = new URL(base);
  const post = (body: string, headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const req = request({ agent, host: target.hostname, port: target.port, path: '/v1/payins', method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
      req.end(body);
    });
  let seq = 0;
  let errors = 0;
  const createOne = async () => {
    const n = ++seq;
    const body = JSON.stringify({ merchant_order_id: `B-${process.pid}-${n}`, amount: `${100 + (n % 900)}.${String(n % 100).padStart(2, '0')}`, currency: 'CNY' });
    const ts = String(Math.floor(Date.now() / 1000));
    const status = await post(body, {
      'content-type': 'application/json',
      'idempotency-key': `bench-${n}`,
      'x-key-id': key.keyId,
      'x-timestamp': ts,
      'x-nonce': randomBytes(16).toString('hex'),
      'x-signature': createHmac('sha256', key.secret).update(`${ts}\nPOST\n/v1/payins\n${body}`).digest('hex'),
    });
    if (status !== 201) {
      errors++;
      if (errors <= 3) console.error(`unexpected ${status}`);
    }
  };

  const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
  try {
    console.log(`server ${base}, ${ACCEPTORS} acceptors, ${CLIENTS} clients, ${SECONDS} s per phase; ${cpus().length} CPUs, load average ${load()}`);
    await closedLoop(8, 2, createOne); // warm-up: JIT, pools, caches
    const cpu0 = await serverCpu();
    const closed = await closedLoop(CLIENTS, SECONDS, createOne);
    const cpu1 = await serverCpu();
    closed.latencies.sort((a, b) => a - b);
    console.log(`closed loop: ${closed.ops} creations, ${closed.perSec.toFixed(0)} creations/s, p50 ${percentile(closed.latencies, 50).toFixed(1)} ms, p99 ${percentile(closed.latencies, 99).toFixed(1)} ms; ` +
      `API process CPU ${(cpuMs(cpu0, cpu1) / closed.ops).toFixed(2)} ms per creation (${((cpuMs(cpu0, cpu1) / SECONDS / 1000) * 100).toFixed(0)}% of a core)`);

    const total = RATE * SECONDS;
    const latencies: number[] = [];
    const t0 = performance.now();
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inflight.push(createOne().then(() => void latencies.push(performance.now() - due)));
    }
    await Promise.all(inflight);
    const achieved = total / ((performance.now() - t0) / 1000);
    latencies.sort((a, b) => a - b);
    const p99 = percentile(latencies, 99);
    console.log(`open loop at ${RATE}/s offered: ${total} creations, achieved ${achieved.toFixed(0)}/s, p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`);
    // For scale: the same pay-ins through core/orders in this process, with no HTTP, auth or idempotency.
    const core = await closedLoop(CLIENTS, Math.min(SECONDS, 5), async () => {
      const i = ++seq;
      await createPayin(sql, { merchantId: 1, merchantOrderId: `core-${i}`, fiatCurrency: 'CNY', fiatAmount: 72_000n + BigInt(i % 1000), feeBps: 100, commissionBps: 40 });
    });
    core.latencies.sort((a, b) => a - b);
    console.log(`reference, core createPayin in-process (no HTTP): ${core.perSec.toFixed(0)}/s, p50 ${percentile(core.latencies, 50).toFixed(1)} ms, p99 ${percentile(core.latencies, 99).toFixed(1)} ms; load average ${load()}`);
    const [{ n }] = await sql`SELECT count(*)::int AS n FROM orders WHERE kind = 'payin' AND status = 'matched'`;
    console.log(`errors ${errors}; matched pay-ins in the database ${n}`);
    console.log(`creations_per_s=${closed.perSec.toFixed(0)} p99_ms=${p99.toFixed(1)}`);
  } finally {
    agent.destroy();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await db.drop();
  }
}
