// One watcher per EVM chain: reads USDT Transfer logs to our deposit addresses up to
// head − (confirmations − 1), credits them exactly once, and reports newer ones as "seen".
import { zeroPadValue } from 'ethers';
import type { Sql } from '../../db/client.ts';
import { getCursor, initCursor, haltChain, recordConfirmedRange, recordSeen, type ChainRules, type ObservedTransfer, type BlockRef } from '../../core/wallet/index.ts';
import { TRANSFER_TOPIC } from './abi.ts';
import type { EvmSource, RawLog } from './source.ts';
import { AddressBook } from '../addressBook.ts';

export interface EvmWatcherOptions extends ChainRules {
  token: string;
  source: EvmSource;
  /** Addresses per eth_getLogs topic list. */
  addressChunk?: number;
  /**
   * Up to this many watched addresses, logs are filtered by the node (recipient topics in
   * chunks). Beyond it, the token's Transfer logs are read unfiltered and matched locally:
   * a node's cost for topic lists grows with logs × addresses, the local match does not.
   * 0 = always local; Infinity = always topics.
   */
  topicFilterMax?: number;
  /** Most blocks per eth_getLogs range. */
  maxRange?: number;
  /** A confirmed range is committed in steps of whole blocks holding at most this many logs (a bigger block is one step). */
  maxLogsPerTx?: number;
  /** First block to watch when the chain has no cursor yet (default: the current confirmed tip). */
  startBlock?: number;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
}

export interface PollResult {
  halted: boolean;
  credited: number;
  seen: number;
  ranges: number;
  logs: number;
  cursor: number;
  head: number;
  /** Time spent reading the node vs writing the database (benchmarks). */
  fetchMs: number;
  dbMs: number;
}

const RANGE_ERROR = /more than \d+ results|query returned more than|block range|range (is )?too (large|wide)|limit exceeded|response size|too many (logs|results)|exceed/i;

export class EvmWatcher {
  readonly book: AddressBook;
  private readonly chunk: number;
  private readonly maxRange: number;

  constructor(private readonly sql: Sql, readonly o: EvmWatcherOptions) {
    this.book = new AddressBook('evm');
    this.chunk = o.addressChunk ?? 2000;
    this.maxRange = o.maxRange ?? 2000;
  }

  /** One pass: catch up the confirmed range in steps, then report unconfirmed logs. */
  async poll(): Promise<PollResult> {
    const { chain, confirmations } = this.o;
    const head = await this.o.source.blockNumber();
    // Addresses are loaded after reading head: every log up to head was sent to an address already committed.
    await this.book.refresh(this.sql);
    const tip = head - confirmations + 1;
    let cursor = await getCursor(this.sql, chain);
    if (!cursor) {
      const start = this.o.startBlock ?? Math.max(tip, 0);
      const b = await this.mustBlock(Math.max(start - 1, 0));
      cursor = await initCursor(this.sql, chain, start === 0 ? { number: -1, hash: '0x' } : b);
    }
    const res: PollResult = { halted: cursor.halted, credited: 0, seen: 0, ranges: 0, logs: 0, cursor: cursor.number, head, fetchMs: 0, dbMs: 0 };
    if (cursor.halted) return res;
    let at: BlockRef = { number: cursor.number, hash: cursor.hash };
    if (at.number >= 0) {
      const canon = await this.o.source.block(at.number);
      if (!canon || canon.hash !== at.hash) {
        // The block we credited up to is gone: the reorg was deeper than our confirmation depth.
        await haltChain(this.sql, chain, 'deep_reorg', { block: at.number, expected: at.hash, found: canon?.hash ?? null, confirmations });
        this.o.log?.('chain halted: deep reorg', { chain, block: at.number });
        return { ...res, halted: true };
      }
    }
    // The next range's logs are read from the node while this range is written to the database.
    const read = (from: number) => {
      const to = Math.min(tip, from + this.maxRange - 1);
      const f0 = performance.now();
      const p = this.fetch(from, to).then((logs) => {
        res.fetchMs += performance.now() - f0;
        return { to, logs: logs.map(toObserved) };
      });
      p.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
      return p;
    };
    let next = at.number < tip ? read(at.number + 1) : null;
    while (next) {
      const { to, logs } = await next;
      next = to < tip ? read(to + 1) : null;
      res.logs += logs.length;
      // Bounded transactions: a confirmed range is committed in steps of whole blocks, so a
      // burst of deposits never makes one huge transaction (and a crash loses little work).
      for (const step of splitByBlock(logs, at.number, to, this.o.maxLogsPerTx ?? 2000)) {
        const toRef = await this.mustBlock(step.to);
        const d0 = performance.now();
        const out = await this.sql.begin((tx) => recordConfirmedRange(tx, this.o, at, toRef, step.logs));
        res.dbMs += performance.now() - d0;
        if (!out) {
          this.o.log?.('cursor moved by another instance', { chain });
          return res;
        }
        res.credited += out.credited;
        res.ranges++;
        at = toRef;
        res.cursor = at.number;
      }
    }
    if (head > at.number && this.book.size > 0) {
      const pending = (await this.fetch(at.number + 1, head)).filter((l) => !l.removed).map(toObserved);
      res.seen = await recordSeen(this.sql, this.o, pending, (l) => head - l.blockNumber + 1);
    }
    return res;
  }

  private async mustBlock(n: number): Promise<BlockRef> {
    const b = await this.o.source.block(n);
    if (!b) throw new Error(`${this.o.chain}: block ${n} not found`);
    return b;
  }

  /** Transfer logs to any of our addresses in [from, to], range halved on provider limits. */
  async fetch(from: number, to: number, mode: 'auto' | 'topics' | 'local' = 'auto'): Promise<RawLog[]> {
    const keys = this.book.keys();
    if (keys.length === 0) return [];
    const local = mode === 'local' || (mode === 'auto' && keys.length > (this.o.topicFilterMax ?? 20_000));
    if (local) {
      const all = await this.fetchRange(from, to, null);
      return all.filter((l) => l.topics.length === 3 && this.book.has(l.topics[2]!.slice(26).toLowerCase()));
    }
    const out: RawLog[] = [];
    for (let i = 0; i < keys.length; i += this.chunk) {
      const topics = keys.slice(i, i + this.chunk).map((k) => zeroPadValue('0x' + k, 32));
      out.push(...(await this.fetchRange(from, to, topics)));
    }
    return out;
  }

  private async fetchRange(from: number, to: number, topics: string[] | null): Promise<RawLog[]> {
    try {
      return await this.o.source.getLogs({ address: this.o.token, topics: topics ? [TRANSFER_TOPIC, null, topics] : [TRANSFER_TOPIC], fromBlock: from, toBlock: to });
    } catch (e) {
      const msg = (e as Error)?.message ?? String(e);
      if (from >= to || !RANGE_ERROR.test(msg)) throw e;
      const mid = from + Math.floor((to - from) / 2);
      this.o.log?.('getLogs range error, halving', { chain: this.o.chain, from, to });
      const a = await this.fetchRange(from, mid, topics);
      const b = await this.fetchRange(mid + 1, to, topics);
      return a.concat(b);
    }
  }
}

/** Consecutive block ranges covering (after, to], each holding at most `max` logs unless one block alone has more. */
function splitByBlock(logs: ObservedTransfer[], after: number, to: number, max: number): { to: number; logs: ObservedTransfer[] }[] {
  const sorted = [...logs].sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
  const steps: { to: number; logs: ObservedTransfer[] }[] = [];
  let cur: ObservedTransfer[] = [];
  for (let i = 0; i < sorted.length; ) {
    const block = sorted[i]!.blockNumber;
    let j = i;
    while (j < sorted.length && sorted[j]!.blockNumber === block) j++;
    if (cur.length > 0 && cur.length + (j - i) > max) {
      steps.push({ to: block - 1, logs: cur });
      cur = [];
    }
    cur.push(...sorted.slice(i, j));
    i = j;
  }
  steps.push({ to, logs: cur });
  return steps;
}

function toObserved(l: RawLog): ObservedTransfer {
  return {
    txHash: l.transactionHash,
    logIndex: Number(l.logIndex),
    blockNumber: Number(l.blockNumber),
    blockHash: l.blockHash,
    toKey: l.topics[2]!.slice(26).toLowerCase(),
    from: '0x' + l.topics[1]!.slice(26),
    value: BigInt(l.data === '0x' ? 0 : l.data),
  };
}
