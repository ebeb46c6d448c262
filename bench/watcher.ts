// EVM watcher throughput and credit latency against a local Hardhat node:
// 100,000 watched addresses, 10,000 USDT transfers to 10,000 of them, then the delay from
// a deposit reaching N confirmations to its credit while the watcher polls on its interval.
import { Contract, NonceManager, Wallet } from 'ethers';
import { benchDatabase } from './util.ts';
import { startLocalEvm, DEV_KEYS } from '../sandbox/chain/evm.ts';
import { EvmWatcher } from '../chain/evm/watcher.ts';
import { rpcSource } from '../chain/evm/source.ts';
import { loadArtifact } from '../chain/evm/abi.ts';
import { checkInvariants } from '../core/ledger/index.ts';

const ADDRESSES = Number(process.env.BENCH_ADDRESSES ?? 100_000);
const TRANSFERS = Number(process.env.BENCH_TRANSFERS ?? 10_000);
const PER_TX = Number(process.env.BENCH_PER_TX ?? 250);
const CONFIRMATIONS = 3;
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 1000);
const CHUNK = Number(process.env.BENCH_ADDRESS_CHUNK ?? 5000);

const db = await benchDatabase('otc_bench_watcher', 6);
let stop = false;
let loop: Promise<void> = Promise.resolve();
let loopDone = false;
const evm = await startLocalEvm();
try {
  const { sql } = db;
  // Random 20-byte addresses (derivation speed is not what is measured here).
  await sql`
    INSERT INTO deposit_addresses (family, address, match_key, owner_type, owner_id, derivation_index)
    SELECT 'evm', '0x' || k, k, 'user', g, g FROM (
      SELECT g, substr(md5('a' || g) || md5('b' || g), 1, 40) AS k FROM generate_series(1, ${ADDRESSES}) g) s`;
  const keys = (await sql`SELECT match_key FROM deposit_addresses ORDER BY id`).map((r) => '0x' + r.match_key);
  const targets = Array.from({ length: TRANSFERS }, (_, i) => keys[Math.floor((i * keys.length) / TRANSFERS)]!);

  const token = new Contract(evm.tokens.ethUsdt, loadArtifact('EthUsdtLike').abi, new NonceManager(new Wallet(DEV_KEYS[1]!, evm.provider)));
  const start = (await evm.provider.getBlockNumber()) + 1;
  const sends = [];
  for (let i = 0; i < targets.length; i += PER_TX) sends.push(await token.getFunction('mintBatch')(targets.slice(i, i + PER_TX), 1_000_000n, { gasLimit: 29_000_000n }));
  for (const s of sends) await s.wait();
  await evm.mine(CONFIRMATIONS);

  const w = new EvmWatcher(sql, {
    chain: 'ethereum', token: evm.tokens.ethUsdt, decimals: 6, confirmations: CONFIRMATIONS, source: rpcSource(evm.provider),
    startBlock: start, addressChunk: CHUNK, maxRange: Number(process.env.BENCH_RANGE ?? 8), maxLogsPerTx: Number(process.env.BENCH_LOGS_PER_TX ?? 2000),
  });
  await w.book.refresh(sql); // address loading is a start-up cost, measured apart
  const end = (await evm.provider.getBlockNumber()) - CONFIRMATIONS + 1;
  for (const mode of ['topics', 'local'] as const) {
    const f0 = performance.now();
    const n = (await w.fetch(start, end, mode)).length;
    const ms = performance.now() - f0;
    console.log(`node read only, ${mode === 'topics' ? `recipient topics in chunks of ${CHUNK}` : 'all Transfer logs, matched locally'}: ${n} logs in ${ms.toFixed(0)} ms → ${((n / ms) * 1000).toFixed(0)} logs/s`);
  }
  const t0 = performance.now();
  const r = await w.poll();
  const ingestMs = performance.now() - t0;
  const logsPerS = (r.logs / ingestMs) * 1000;
  const [c] = await sql`SELECT count(*)::int AS n, coalesce(sum(amount), 0)::bigint AS s FROM chain_deposits WHERE status = 'credited'`;
  console.log(`addresses=${ADDRESSES} transfers=${TRANSFERS} blocks=${r.cursor - start + 1} address_chunk=${CHUNK}`);
  console.log(`ingest: ${r.logs} logs, ${c.n} credited (${c.s} micro-USDT) in ${ingestMs.toFixed(0)} ms → ${logsPerS.toFixed(0)} logs/s (node ${r.fetchMs.toFixed(0)} ms, database ${r.dbMs.toFixed(0)} ms, ${r.ranges} ranges)`);
  if (c.n !== TRANSFERS) throw new Error(`expected ${TRANSFERS} credits, got ${c.n}`);
  console.log(`  (mode: ${ADDRESSES > 20_000 ? 'all Transfer logs matched locally — more than 20,000 watched addresses' : 'recipient topics in chunks'})`);

  // The same range again, forced to recipient-topic filtering, under another chain name (fresh cursor and deposits).
  const wt = new EvmWatcher(sql, {
    chain: 'ethereum-topics', token: evm.tokens.ethUsdt, decimals: 6, confirmations: CONFIRMATIONS, source: rpcSource(evm.provider),
    startBlock: start, addressChunk: CHUNK, maxRange: 2000, topicFilterMax: Infinity,
  });
  await wt.book.refresh(sql);
  const tt = performance.now();
  const rt = await wt.poll();
  const topicMs = performance.now() - tt;
  console.log(`ingest with recipient topics (chunks of ${CHUNK}): ${rt.logs} logs, ${rt.credited} credited in ${topicMs.toFixed(0)} ms → ${((rt.logs / topicMs) * 1000).toFixed(0)} logs/s (node ${rt.fetchMs.toFixed(0)} ms, database ${rt.dbMs.toFixed(0)} ms)`);

  // Credit latency: the watcher polls every POLL_MS; a deposit reaches N confirmations at a known instant.
  stop = false;
  let polls = 0;
  const pollTimes: number[] = [];
  const pollStarts: number[] = [];
  loop = (async () => {
    while (!stop) {
      const p0 = performance.now();
      pollStarts.push(p0);
      await w.poll();
      pollTimes.push(performance.now() - p0);
      polls++;
      // Fixed rate, as the job's loop: a poll starts every POLL_MS.
      await new Promise((res) => setTimeout(res, Math.max(0, POLL_MS - (performance.now() - p0))));
    }
  })();
  const delays: number[] = [];
  // How many polls started between the N-th confirmation and the credit: 1 means the very
  // next poll credited it, i.e. the deposit waited at most one poll interval.
  const pollsNeeded: number[] = [];
  for (let i = 0; i < 5; i++) {
    const to = keys[(i * 7919) % keys.length]!;
    await evm.sendTestUsdt(to, 2_000_000n + BigInt(i));
    await evm.mine(CONFIRMATIONS - 2);
    await new Promise((res) => setTimeout(res, Math.random() * POLL_MS));
    await evm.mine(1); // this block gives the deposit its N-th confirmation
    const reached = performance.now();
    for (;;) {
      const [d] = await sql`SELECT status FROM chain_deposits WHERE owner_id = ${(i * 7919) % keys.length + 1} AND amount = ${(2_000_000n + BigInt(i)).toString()}`;
      if (d?.status === 'credited') break;
      if (performance.now() - reached > 30_000) throw new Error('deposit not credited within 30 s');
      await new Promise((res) => setTimeout(res, 5));
    }
    const credited = performance.now();
    delays.push(credited - reached);
    pollsNeeded.push(pollStarts.filter((t) => t >= reached && t <= credited).length);
  }
  stop = true;
  await loop;
  loopDone = true;
  const maxDelay = Math.max(...delays);
  const avgPoll = pollTimes.reduce((a, b) => a + b, 0) / pollTimes.length;
  console.log(`credit delay after N=${CONFIRMATIONS} confirmations: ${delays.map((d) => d.toFixed(0)).join(', ')} ms (max ${maxDelay.toFixed(0)} ms; poll interval ${POLL_MS} ms, one poll over ${ADDRESSES} addresses takes ${avgPoll.toFixed(0)} ms)`);
  const firstPoll = pollsNeeded.filter((n) => n <= 1).length;
  console.log(`credited by the first poll after reaching N confirmations: ${firstPoll}/${pollsNeeded.length} (polls started before credit: ${pollsNeeded.join(', ')})`);
  const inv = await checkInvariants(sql);
  if (inv.violations.length) throw new Error(`ledger invariants: ${inv.violations.join('; ')}`);
  console.log(`logs_per_s=${logsPerS.toFixed(0)} credit_delay_ms=${maxDelay.toFixed(0)}`);
} finally {
  stop = true;
  if (!loopDone) await loop.catch(() => {});
  await evm.stop();
  await db.drop();
}
