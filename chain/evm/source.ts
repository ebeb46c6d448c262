import { FetchRequest, JsonRpcProvider } from 'ethers';
import type { BlockRef } from '../../core/wallet/types.ts';

export interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  logIndex: string;
  removed?: boolean;
}

export interface LogFilter {
  address: string;
  topics: (string | string[] | null)[];
  fromBlock: number;
  toBlock: number;
}

/** What a watcher needs from a node. Tests wrap it to inject provider errors. */
export interface EvmSource {
  blockNumber(): Promise<number>;
  block(n: number): Promise<BlockRef | null>;
  getLogs(f: LogFilter): Promise<RawLog[]>;
}

const hex = (n: number) => '0x' + n.toString(16);

/** eth_* over JSON-RPC with ethers v6; logs are fetched raw (no per-log object churn). */
export function rpcSource(provider: JsonRpcProvider): EvmSource {
  return {
    async blockNumber() {
      return Number(await provider.send('eth_blockNumber', []));
    },
    async block(n) {
      const b = await provider.send('eth_getBlockByNumber', [hex(n), false]);
      return b ? { number: Number(b.number), hash: b.hash } : null;
    },
    getLogs(f) {
      return provider.send('eth_getLogs', [{ address: f.address, topics: f.topics, fromBlock: hex(f.fromBlock), toBlock: hex(f.toBlock) }]);
    },
  };
}

export function makeProvider(url: string, timeoutMs = 30_000): JsonRpcProvider {
  const req = new FetchRequest(url);
  req.timeout = timeoutMs;
  // ethers' default Node transport concatenates response chunks one by one, which is
  // quadratic in the body size: a 6 MB eth_getLogs answer took ~24 s instead of ~0.3 s.
  req.getUrlFunc = async (r, signal) => {
    const ac = new AbortController();
    signal?.addListener(() => ac.abort());
    const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body ? Buffer.from(r.body) : undefined, signal: ac.signal });
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    return { statusCode: res.status, statusMessage: res.statusText, headers, body: new Uint8Array(await res.arrayBuffer()) };
  };
  // Static network: no chainId probe per call; no batching so a big getLogs stays one request.
  return new JsonRpcProvider(req, undefined, { staticNetwork: true, batchMaxCount: 1, cacheTimeout: -1 });
}
