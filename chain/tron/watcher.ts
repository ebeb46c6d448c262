// The TRON watcher: TRC-20 USDT Transfer events from the events API, credited only up to
// the solidity node's block (irreversible), with the same cursor and exactly-once rules as EVM.
import type { Sql } from '../../db/client.ts';
import { getCursor, initCursor, haltChain, recordConfirmedRange, recordSeen, type ChainRules, type ObservedTransfer, type BlockRef } from '../../core/wallet/index.ts';
import { AddressBook } from '../addressBook.ts';
import { tronHex20FromBase58 } from '../hd.ts';
import type { TronClient, TronEvent } from './client.ts';

export interface TronWatcherOptions extends ChainRules {
  client: TronClient;
  /** USDT contract, base58. */
  token: string;
  maxRange?: number;
  startBlock?: number;
  /**
   * Stay this many blocks behind the solidity node: TronGrid's event index is a separate
   * service and can trail the node, and a range closed before its events are indexed
   * would be skipped for good.
   */
  eventLagBlocks?: number;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
}

/** Event addresses come as 0x-hex (TronGrid v1), 41-hex, or base58 when `visible`. */
function hex20(a: string): string {
  if (a.startsWith('T')) {
    try {
      return tronHex20FromBase58(a);
    } catch {
      return '';
    }
  }
  return a.replace(/^0x/, '').replace(/^41(?=[0-9a-fA-F]{40}$)/, '').toLowerCase();
}

export class TronWatcher {
  readonly book = new AddressBook('tron');

  constructor(private readonly sql: Sql, readonly o: TronWatcherOptions) {}

  async poll(): Promise<{ halted: boolean; credited: number; seen: number; cursor: number; solid: number }> {
    const { client, chain } = this.o;
    const head = await client.nowBlock();
    const solidNode = await client.solidBlock();
    const lag = this.o.eventLagBlocks ?? 0;
    const solid = lag > 0 ? await this.mustBlock(Math.max(solidNode.number - lag, 0)) : solidNode;
    await this.book.refresh(this.sql);
    let cursor = await getCursor(this.sql, chain);
    if (!cursor) {
      const start = this.o.startBlock ?? solid.number;
      const b = await this.mustBlock(Math.max(start - 1, 0));
      cursor = await initCursor(this.sql, chain, { number: b.number, hash: b.id });
    }
    const res = { halted: cursor.halted, credited: 0, seen: 0, cursor: cursor.number, solid: solid.number };
    if (cursor.halted) return res;
    const at0 = await client.blockByNum(cursor.number);
    if (!at0 || at0.id !== cursor.hash) {
      await haltChain(this.sql, chain, 'deep_reorg', { block: cursor.number, expected: cursor.hash, found: at0?.id ?? null });
      return { ...res, halted: true };
    }
    let at = { ref: { number: cursor.number, hash: cursor.hash } as BlockRef, ts: at0.timestamp };
    while (at.ref.number < solid.number) {
      const to = at.ref.number + (this.o.maxRange ?? 5000) >= solid.number ? solid : await this.mustBlock(at.ref.number + (this.o.maxRange ?? 5000));
      const events = await client.transferEvents(this.o.token, { minTs: at.ts, maxTs: to.timestamp, onlyConfirmed: true });
      // Only what the solidity node has made irreversible, inside (cursor, to].
      const mine = this.ours(events).filter((e) => e.blockNumber > at.ref.number && e.blockNumber <= to.number);
      const toRef = { number: to.number, hash: to.id };
      const out = await this.sql.begin((tx) => recordConfirmedRange(tx, this.o, at.ref, toRef, mine));
      if (!out) return res;
      res.credited += out.credited;
      at = { ref: toRef, ts: to.timestamp };
      res.cursor = to.number;
    }
    if (head.number > at.ref.number && this.book.size > 0) {
      const events = await client.transferEvents(this.o.token, { minTs: at.ts, onlyUnconfirmed: true });
      const pending = this.ours(events).filter((e) => e.blockNumber > at.ref.number);
      res.seen = await recordSeen(this.sql, this.o, pending, (e) => head.number - e.blockNumber + 1);
    }
    return res;
  }

  private async mustBlock(n: number) {
    const b = await this.o.client.blockByNum(n);
    if (!b) throw new Error(`tron: block ${n} not found`);
    return b;
  }

  private ours(events: TronEvent[]): ObservedTransfer[] {
    const out: ObservedTransfer[] = [];
    for (const e of events) {
      if (e.event_name !== 'Transfer') continue;
      const to = hex20(String(e.result.to ?? e.result['1'] ?? ''));
      if (!this.book.has(to)) continue;
      out.push({
        txHash: e.transaction_id, logIndex: e.event_index, blockNumber: e.block_number, blockHash: null, toKey: to,
        from: String(e.result.from ?? e.result['0'] ?? ''), value: BigInt(e.result.value ?? e.result['2'] ?? 0),
      });
    }
    return out;
  }
}
