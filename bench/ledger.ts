// Ledger transfers/s and complete trades/s through core/orders, against pgbench's
// TPC-B-like TPS on the same server with the same client count.
import { execFileSync } from 'node:child_process';
import postgres from 'postgres';
import { benchDatabase, closedLoop, percentile, BENCH_URL, withDb } from './util.ts';
import { accountId, transfer, checkInvariants, DESK } from '../core/ledger/index.ts';
import { createOrder, confirmOrder, markPaid, releaseOrder } from '../core/orders/index.ts';
import { moveMargin } from '../core/acceptors.ts';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ACCOUNTS = 10_000;

const db = await benchDatabase('otc_bench_ledger', CLIENTS + 2);
const { sql } = db;
console.log(`server ${new URL(BENCH_URL).host}, ${CLIENTS} clients, ${SECONDS} s per phase`);

// Phase 1: single-phase transfers between random funded accounts.
const faucet = await accountId(sql, DESK, 'faucet');
await sql`INSERT INTO accounts (owner_type, owner_id, kind) SELECT 'user', g, 'available' FROM generate_series(1, ${ACCOUNTS}) g`;
const ids = (await sql`SELECT id FROM accounts WHERE owner_type = 'user' ORDER BY owner_id`).map((r) => Number(r.id));
for (let i = 0; i < ids.length; i += 500) {
  await Promise.all(ids.slice(i, i + 500).map((id) => transfer(sql, { id: `fund:${id}`, debitAccountId: faucet, creditAccountId: id, amount: 1_000_000_000_000n, code: 'bench_fund' })));
}
let seq = 0;
const ledger = await closedLoop(CLIENTS, SECONDS, async () => {
  const a = ids[Math.floor(Math.random() * ids.length)];
  let b = ids[Math.floor(Math.random() * ids.length)];
  if (b === a) b = ids[(ids.indexOf(a) + 1) % ids.length];
  await transfer(sql, { id: `t:${process.pid}:${++seq}`, debitAccountId: a, creditAccountId: b, amount: 1_000n, code: 'bench' });
});
ledger.latencies.sort((x, y) => x - y);
console.log(`ledger: ${ledger.ops} transfers, ${ledger.perSec.toFixed(0)} transfers/s, p50 ${percentile(ledger.latencies, 50).toFixed(2)} ms, p99 ${percentile(ledger.latencies, 99).toFixed(2)} ms`);

// Phase 2: complete trades (create → confirm → paid → release), auto mode.
const acceptors: number[] = [];
for (let i = 0; i < 20; i++) {
  const [u] = await sql`INSERT INTO users (telegram_id, referral_code) VALUES (${800_000 + i}, ${'a' + i}) RETURNING id`;
  const uid = Number(u.id);
  acceptors.push(uid);
  await transfer(sql, { id: `fund-acc:${uid}`, debitAccountId: faucet, creditAccountId: await accountId(sql, { type: 'user', id: uid }, 'available'), amount: 10n ** 15n, code: 'bench_fund' });
  await sql`INSERT INTO acceptors (user_id, status, online) VALUES (${uid}, 'approved', true)`;
  await moveMargin(sql, uid, 10n ** 14n, 'deposit', 'bench');
  await sql`INSERT INTO user_payment_methods (user_id, kind, details) VALUES (${uid}, 'bank', '{"holder":"A","bank":"B","account":"1"}')`;
  await sql`INSERT INTO offers (acceptor_id, trade_side, fiat_currency, price, min_fiat, max_fiat, payment_methods)
            VALUES (${uid}, 'buy', 'CNY', '7.2000', 1, 1000000000000, '{bank}')`;
}
const traders = (await sql`INSERT INTO users (telegram_id, referral_code, kyc_tier) SELECT 700000 + g, 't' || g, 2 FROM generate_series(1, ${CLIENTS * 50}) g RETURNING id`).map((r) => Number(r.id));
await sql`UPDATE settings SET value = '"1000000000000000000"' WHERE key = 'max_order_usdt'`;
await sql`UPDATE settings SET value = '{"0":"1000000000000000000","1":"1000000000000000000","2":"1000000000000000000"}' WHERE key = 'kyc_daily_limits'`;
const trades = await closedLoop(CLIENTS, SECONDS, async (c, i) => {
  const trader = traders[(c * 50 + i) % traders.length];
  const o = await createOrder(sql, { traderId: trader, side: 'buy', fiatCurrency: 'CNY', fiatAmount: 72_000n, paymentMethod: 'bank' });
  const acc = { kind: 'user', userId: o.order.acceptorId! } as const;
  await confirmOrder(sql, o.order.id, acc);
  await markPaid(sql, o.order.id, { kind: 'user', userId: trader });
  await releaseOrder(sql, o.order.id, acc);
});
trades.latencies.sort((x, y) => x - y);
console.log(`trades: ${trades.ops} complete trades, ${trades.perSec.toFixed(1)} trades/s, p50 ${percentile(trades.latencies, 50).toFixed(1)} ms, p99 ${percentile(trades.latencies, 99).toFixed(1)} ms per trade (4 transactions)`);
const report = await checkInvariants(sql);
console.log(`invariants: ${report.violations.length ? report.violations.join('; ') : 'hold'} (${report.transfers} transfers, ${report.accounts} accounts)`);
await db.drop();

// Phase 3: pgbench TPC-B-like on the same server, same clients.
let pgbenchTps = NaN;
const pgName = `otc_bench_pgbench_${process.pid}`;
const admin = postgres(BENCH_URL, { max: 1, onnotice: () => {} });
await admin.unsafe(`DROP DATABASE IF EXISTS "${pgName}"`);
await admin.unsafe(`CREATE DATABASE "${pgName}"`);
try {
  const url = withDb(BENCH_URL, pgName);
  const scale = Math.max(10, CLIENTS);
  execFileSync('pgbench', ['-i', '-q', '-s', String(scale), url], { stdio: 'ignore' });
  const out = execFileSync('pgbench', ['-c', String(CLIENTS), '-j', String(Math.min(CLIENTS, 2)), '-T', String(SECONDS), url], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const m = out.match(/tps = ([\d.]+)/);
  pgbenchTps = m ? Number(m[1]) : NaN;
  console.log(`pgbench: TPC-B-like, scale ${scale}, ${CLIENTS} clients, ${SECONDS} s: ${pgbenchTps.toFixed(0)} tps`);
} catch (e) {
  console.log(`pgbench: not run (${(e as Error).message.split('\n')[0]})`);
} finally {
  await admin.unsafe(`DROP DATABASE IF EXISTS "${pgName}" WITH (FORCE)`);
  await admin.end();
}
const ratio = ledger.perSec / pgbenchTps;
console.log(`ledger_tps=${ledger.perSec.toFixed(0)} trades_per_s=${trades.perSec.toFixed(1)} pgbench_tps=${pgbenchTps.toFixed(0)} ratio=${ratio.toFixed(2)}`);
