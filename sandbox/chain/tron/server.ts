// A small TronGrid-compatible HTTP server for tests and the sandbox: just the endpoints the
// desk calls, with real transaction encoding (protobuf raw_data, sha256 txID) and real
// signature checks, plus test controls to produce and solidify blocks and inject transfers.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { SigningKey, Signature, computeAddress, AbiCoder, id as keccakId } from 'ethers';
import { TronWeb, utils as tronUtils } from 'tronweb';

const TRANSFER_SELECTOR = keccakId('transfer(address,uint256)').slice(2, 10);
const TRANSFER_TOPIC = keccakId('Transfer(address,address,uint256)').slice(2);
const abi = AbiCoder.defaultAbiCoder();
const sha256 = (hex: string) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');
const hex20 = (addr: string) => (addr.startsWith('T') ? TronWeb.address.toHex(addr).slice(2) : addr.replace(/^0x/, '').replace(/^41(?=[0-9a-fA-F]{40}$)/, '')).toLowerCase();

interface Block { number: number; id: string; timestamp: number; parent: string; txs: string[] }
interface TronEvent {
  block_number: number; block_timestamp: number; caller_contract_address: string; contract_address: string;
  event_index: number; event_name: 'Transfer'; result: Record<string, string>; result_type: Record<string, string>;
  event: string; transaction_id: string;
}
interface TxInfo { id: string; blockNumber: number; blockTimeStamp: number; contractResult: string[]; contract_address: string; receipt: { result: string }; log?: { address: string; topics: string[]; data: string }[] }

export interface TronSandboxOptions {
  port?: number;
  /** Events per page (TronGrid's default 20, max 200); small values exercise fingerprint paging. */
  pageSize?: number;
  /** Produce a block every `blockMs` (0 = only on /_test/produce). */
  blockMs?: number;
  /** Solidify blocks this far behind the head automatically when producing (TRON: 19). 0 = only on /_test/solidify. */
  solidifyLag?: number;
}

export interface TronSandbox {
  url: string;
  /** The USDT-like token contract (base58). */
  token: string;
  produce(n?: number): Block[];
  solidify(upTo?: number): number;
  /** Puts a Transfer of the token to `to` (base58) into the next block. */
  injectTransfer(to: string, value: bigint, from?: string): string;
  mint(to: string, value: bigint): void;
  balanceOf(address: string): bigint;
  head(): Block;
  solid(): Block;
  /** How many times each txID was accepted by /wallet/broadcasttransaction. */
  accepted: Map<string, number>;
  stop(): Promise<void>;
}

export async function startTronSandbox(opts: TronSandboxOptions = {}): Promise<TronSandbox> {
  const pageSize = opts.pageSize ?? 20;
  const token = TronWeb.address.fromHex('41' + randomBytes(20).toString('hex'));
  const tokenHex = hex20(token);
  const blocks: Block[] = [];
  let solidNumber = 0;
  const events: TronEvent[] = [];
  const infos = new Map<string, TxInfo>();
  const mempool: { txID: string; tx: any; inject?: { from: string; to: string; value: bigint } }[] = [];
  const known = new Set<string>();
  const balances = new Map<string, bigint>();
  const accepted = new Map<string, number>();
  let t0 = Date.now() - 3000;

  const newBlock = (): Block => {
    const prev = blocks[blocks.length - 1];
    const number = prev ? prev.number + 1 : 0;
    t0 += 3000;
    // blockID: 8 bytes of height then 24 bytes of hash, like java-tron.
    const id = number.toString(16).padStart(16, '0') + sha256(randomBytes(32).toString('hex')).slice(16);
    const b: Block = { number, id, timestamp: t0, parent: prev?.id ?? '0'.repeat(64), txs: [] };
    blocks.push(b);
    return b;
  };
  newBlock();

  const emitTransfer = (b: Block, txID: string, index: number, from: string, to: string, value: bigint) => {
    events.push({
      block_number: b.number, block_timestamp: b.timestamp, caller_contract_address: token, contract_address: token,
      event_index: index, event_name: 'Transfer', transaction_id: txID, event: 'Transfer(address indexed from, address indexed to, uint256 value)',
      result: { 0: '0x' + from, 1: '0x' + to, 2: value.toString(), from: '0x' + from, to: '0x' + to, value: value.toString() },
      result_type: { from: 'address', to: 'address', value: 'uint256' },
    });
  };

  const produce = (n = 1): Block[] => {
    const out: Block[] = [];
    for (let i = 0; i < n; i++) {
      const b = newBlock();
      for (const m of mempool.splice(0)) {
        b.txs.push(m.txID);
        const base = { id: m.txID, blockNumber: b.number, blockTimeStamp: b.timestamp, contract_address: tokenHex };
        let from: string, to: string, value: bigint;
        if (m.inject) ({ from, to, value } = m.inject);
        else {
          const v = m.tx.raw_data.contract[0].parameter.value;
          from = hex20(v.owner_address);
          const [dest, amount] = abi.decode(['address', 'uint256'], '0x' + v.data.slice(8));
          to = hex20(dest);
          value = amount;
          if (m.tx.raw_data.expiration < b.timestamp) continue; // expired: never included
        }
        const bal = balances.get(from) ?? 0n;
        if (!m.inject && bal < value) {
          infos.set(m.txID, { ...base, contractResult: [''], receipt: { result: 'REVERT' } });
          continue;
        }
        if (!m.inject) balances.set(from, bal - value);
        balances.set(to, (balances.get(to) ?? 0n) + value);
        emitTransfer(b, m.txID, 0, from, to, value);
        infos.set(m.txID, {
          ...base,
          // TRON USDT's transfer() returns false even on success.
          contractResult: ['0'.repeat(64)],
          receipt: { result: 'SUCCESS' },
          log: [{ address: tokenHex, topics: [TRANSFER_TOPIC, from.padStart(64, '0'), to.padStart(64, '0')], data: value.toString(16).padStart(64, '0') }],
        });
      }
      if (opts.solidifyLag) solidNumber = Math.max(solidNumber, b.number - opts.solidifyLag);
      out.push(b);
    }
    return out;
  };

  const blockJson = (b: Block) => ({ blockID: b.id, block_header: { raw_data: { number: b.number, timestamp: b.timestamp, parentHash: b.parent } } });
  const head = () => blocks[blocks.length - 1]!;
  const solid = () => blocks[solidNumber]!;

  function triggerSmartContract(body: any) {
    const owner = hex20(body.owner_address);
    const contract = hex20(body.contract_address);
    if (contract !== tokenHex) return { result: { result: false, code: 'CONTRACT_VALIDATE_ERROR', message: Buffer.from('no contract').toString('hex') } };
    const selector = keccakId(String(body.function_selector)).slice(2, 10);
    const h = head();
    const raw_data = {
      contract: [{
        parameter: {
          value: { data: selector + String(body.parameter ?? ''), owner_address: '41' + owner, contract_address: '41' + contract },
          type_url: 'type.googleapis.com/protocol.TriggerSmartContract',
        },
        type: 'TriggerSmartContract',
      }],
      ref_block_bytes: h.number.toString(16).padStart(16, '0').slice(-4),
      ref_block_hash: h.id.slice(16, 32),
      expiration: h.timestamp + 60_000,
      fee_limit: Number(body.fee_limit ?? 0),
      timestamp: Date.now(),
    };
    const tx: any = { visible: false, raw_data };
    const pb = tronUtils.transaction.txJsonToPb(tx);
    tx.raw_data_hex = tronUtils.transaction.txPbToRawDataHex(pb).toLowerCase();
    tx.txID = sha256(tx.raw_data_hex);
    return { result: { result: true }, transaction: tx };
  }

  function broadcast(tx: any) {
    const fail = (code: string, message: string) => ({ result: false, code, txid: tx?.txID, message: Buffer.from(message).toString('hex') });
    try {
      if (!tx?.raw_data || !tx.raw_data_hex || !tx.txID) return fail('OTHER_ERROR', 'malformed transaction');
      const rawHex = tronUtils.transaction.txPbToRawDataHex(tronUtils.transaction.txJsonToPb(tx)).toLowerCase();
      if (rawHex !== String(tx.raw_data_hex).toLowerCase() || sha256(rawHex) !== tx.txID) return fail('SIGERROR', 'txID does not match raw_data');
      if (known.has(tx.txID)) return fail('DUP_TRANSACTION_ERROR', 'dup transaction');
      if (tx.raw_data.expiration < head().timestamp) return fail('TRANSACTION_EXPIRATION_ERROR', 'transaction expired');
      const sig = String(tx.signature?.[0] ?? '');
      if (sig.length !== 130) return fail('SIGERROR', 'missing signature');
      const v = parseInt(sig.slice(128), 16);
      let signer: string;
      try {
        signer = computeAddress(SigningKey.recoverPublicKey('0x' + tx.txID, Signature.from({ r: '0x' + sig.slice(0, 64), s: '0x' + sig.slice(64, 128), v: v < 27 ? v + 27 : v })));
      } catch {
        return fail('SIGERROR', 'signature does not recover');
      }
      const owner = hex20(tx.raw_data.contract[0].parameter.value.owner_address);
      if (signer.slice(2).toLowerCase() !== owner) return fail('SIGERROR', 'signature does not match owner_address');
      known.add(tx.txID);
      mempool.push({ txID: tx.txID, tx });
      accepted.set(tx.txID, (accepted.get(tx.txID) ?? 0) + 1);
      return { result: true, txid: tx.txID };
    } catch (e) {
      return fail('OTHER_ERROR', (e as Error).message);
    }
  }

  function listEvents(contract: string, q: URLSearchParams) {
    if (hex20(contract) !== tokenHex) return { data: [], success: true, meta: { at: Date.now(), page_size: 0 } };
    const name = q.get('event_name');
    const onlyConfirmed = q.get('only_confirmed') === 'true';
    const onlyUnconfirmed = q.get('only_unconfirmed') === 'true';
    const minTs = Number(q.get('min_block_timestamp') ?? 0);
    const maxTs = Number(q.get('max_block_timestamp') ?? Number.MAX_SAFE_INTEGER);
    const limit = Math.min(Number(q.get('limit') ?? pageSize), pageSize, 200);
    const desc = (q.get('order_by') ?? 'block_timestamp,desc').endsWith('desc');
    let list = events.filter((e) => (!name || e.event_name === name) && e.block_timestamp >= minTs && e.block_timestamp <= maxTs
      && (!onlyConfirmed || e.block_number <= solidNumber) && (!onlyUnconfirmed || e.block_number > solidNumber));
    list = list.sort((a, b) => (a.block_number - b.block_number || a.transaction_id.localeCompare(b.transaction_id) || a.event_index - b.event_index) * (desc ? -1 : 1));
    // The fingerprint is an opaque cursor: here, the offset into the filtered list.
    const offset = q.get('fingerprint') ? Number(Buffer.from(q.get('fingerprint')!, 'base64url').toString()) : 0;
    const page = list.slice(offset, offset + limit).map((e) => (e.block_number > solidNumber ? { ...e, _unconfirmed: true } : e));
    const meta: any = { at: Date.now(), page_size: page.length };
    if (offset + limit < list.length) {
      meta.fingerprint = Buffer.from(String(offset + limit)).toString('base64url');
      const next = new URLSearchParams(q);
      next.set('fingerprint', meta.fingerprint);
      meta.links = { next: `/v1/contracts/${contract}/events?${next}` };
    }
    return { data: page, success: true, meta };
  }

  const readBody = async (req: IncomingMessage): Promise<any> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const s = Buffer.concat(chunks).toString();
    return s ? JSON.parse(s) : {};
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
    };
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      const body = req.method === 'POST' ? await readBody(req) : {};
      const p = url.pathname;
      const ev = /^\/v1\/contracts\/([^/]+)\/events$/.exec(p);
      if (ev) return send(200, listEvents(ev[1]!, url.searchParams));
      switch (p) {
        case '/wallet/getnowblock': return send(200, blockJson(head()));
        case '/walletsolidity/getnowblock': return send(200, blockJson(solid()));
        case '/wallet/getblockbynum': case '/walletsolidity/getblockbynum': {
          const n = Number(body.num);
          const b = blocks[n];
          if (!b || (p.startsWith('/walletsolidity') && n > solidNumber)) return send(200, {});
          return send(200, blockJson(b));
        }
        case '/wallet/triggersmartcontract': return send(200, triggerSmartContract(body));
        case '/wallet/broadcasttransaction': return send(200, broadcast(body));
        case '/wallet/gettransactioninfobyid': return send(200, infos.get(String(body.value)) ?? {});
        case '/walletsolidity/gettransactioninfobyid': {
          const i = infos.get(String(body.value));
          return send(200, i && i.blockNumber <= solidNumber ? i : {});
        }
        case '/_test/produce': return send(200, produce(Number(body.count ?? 1)).map(blockJson));
        case '/_test/solidify': return send(200, { solid: api.solidify(body.upTo === undefined ? undefined : Number(body.upTo)) });
        case '/_test/inject-transfer': return send(200, { txID: api.injectTransfer(String(body.to), BigInt(body.value), body.from) });
        case '/_test/mint': api.mint(String(body.to), BigInt(body.value)); return send(200, { ok: true });
        default: return send(404, { Error: `not implemented by the TRON sandbox: ${p}` });
      }
    } catch (e) {
      send(500, { Error: (e as Error).message });
    }
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const timer = opts.blockMs ? setInterval(() => produce(1), opts.blockMs) : undefined;

  const api: TronSandbox = {
    url: `http://127.0.0.1:${port}`,
    token,
    produce,
    solidify(upTo) {
      solidNumber = Math.min(upTo ?? head().number, head().number);
      return solidNumber;
    },
    injectTransfer(to, value, from) {
      const txID = sha256(randomBytes(32).toString('hex'));
      mempool.push({ txID, tx: null, inject: { from: from ? hex20(from) : randomBytes(20).toString('hex'), to: hex20(to), value } });
      return txID;
    },
    mint(to, value) {
      balances.set(hex20(to), (balances.get(hex20(to)) ?? 0n) + value);
    },
    balanceOf: (a) => balances.get(hex20(a)) ?? 0n,
    head,
    solid,
    accepted,
    async stop() {
      if (timer) clearInterval(timer);
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return api;
}
