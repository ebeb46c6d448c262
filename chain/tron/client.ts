// The few TronGrid / java-tron HTTP endpoints the desk calls, over fetch.
export interface TronBlock {
  number: number;
  id: string;
  timestamp: number;
}

export interface TronEvent {
  block_number: number;
  block_timestamp: number;
  contract_address: string;
  event_index: number;
  event_name: string;
  transaction_id: string;
  result: Record<string, string>;
  _unconfirmed?: boolean;
}

export class TronClient {
  constructor(readonly url: string, private readonly apiKey?: string, private readonly timeoutMs = 15_000) {}

  private async call(path: string, body?: unknown): Promise<any> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.apiKey) headers['TRON-PRO-API-KEY'] = this.apiKey;
    const res = await fetch(this.url + path, {
      method: body === undefined ? 'GET' : 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`TRON ${path}: HTTP ${res.status} ${await res.text().catch(() => '')}`.slice(0, 300));
    return res.json();
  }

  private static block(b: any): TronBlock | null {
    if (!b?.blockID) return null;
    return { number: Number(b.block_header.raw_data.number), id: b.blockID, timestamp: Number(b.block_header.raw_data.timestamp) };
  }

  async nowBlock(): Promise<TronBlock> {
    return TronClient.block(await this.call('/wallet/getnowblock', {}))!;
  }

  /** The latest solidified (irreversible) block. */
  async solidBlock(): Promise<TronBlock> {
    return TronClient.block(await this.call('/walletsolidity/getnowblock', {}))!;
  }

  async blockByNum(num: number): Promise<TronBlock | null> {
    return TronClient.block(await this.call('/wallet/getblockbynum', { num }));
  }

  /** All Transfer events of `contract` in a timestamp window, following fingerprint pages. */
  async transferEvents(contract: string, q: { minTs: number; maxTs?: number; onlyConfirmed?: boolean; onlyUnconfirmed?: boolean; limit?: number }): Promise<TronEvent[]> {
    const out: TronEvent[] = [];
    let fingerprint: string | undefined;
    for (let page = 0; page < 10_000; page++) {
      const p = new URLSearchParams({ event_name: 'Transfer', order_by: 'block_timestamp,asc', limit: String(q.limit ?? 200), min_block_timestamp: String(q.minTs) });
      if (q.maxTs !== undefined) p.set('max_block_timestamp', String(q.maxTs));
      if (q.onlyConfirmed) p.set('only_confirmed', 'true');
      if (q.onlyUnconfirmed) p.set('only_unconfirmed', 'true');
      if (fingerprint) p.set('fingerprint', fingerprint);
      const r = await this.call(`/v1/contracts/${contract}/events?${p}`);
      if (r.success === false) throw new Error(`TRON events: ${r.error ?? 'failed'}`);
      out.push(...(r.data ?? []));
      fingerprint = r.meta?.fingerprint;
      if (!fingerprint) return out;
    }
    throw new Error('TRON events: too many pages');
  }

  triggerSmartContract(body: Record<string, unknown>): Promise<any> {
    return this.call('/wallet/triggersmartcontract', body);
  }

  broadcast(signedTx: unknown): Promise<{ result?: boolean; code?: string; message?: string; txid?: string }> {
    return this.call('/wallet/broadcasttransaction', signedTx);
  }

  txInfo(txID: string, solidified: boolean): Promise<any> {
    return this.call(solidified ? '/walletsolidity/gettransactioninfobyid' : '/wallet/gettransactioninfobyid', { value: txID });
  }
}
