import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Exec } from '../../core/db.ts';
import { accountId, transfer, DESK } from '../../core/ledger/index.ts';
import { loadConfig } from '../../config.ts';

export const testConfig = (extra: Record<string, string> = {}) =>
  loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', HTTP_HOST: '127.0.0.1', MERCHANT_SECRET_KEY: randomBytes(32).toString('hex'), ...extra });

let seq = 0;

/** An approved, online acceptor selling USDT for `currency` by bank transfer, funded from the faucet. */
export async function seedAcceptor(sql: Exec, o: { currency?: string; price?: string; usdt?: bigint; margin?: bigint; method?: string } = {}): Promise<number> {
  const n = ++seq + Math.floor(Math.random() * 1e6) * 100;
  const [u] = await sql`INSERT INTO users (telegram_id, username, first_name, language) VALUES (${9_000_000_000 + n}, ${'acc' + n}, 'Acceptor', 'en') RETURNING id`;
  const id = Number(u.id);
  await sql`INSERT INTO acceptors (user_id, status, online) VALUES (${id}, 'approved', true)`;
  await sql`INSERT INTO offers (acceptor_id, trade_side, fiat_currency, price, min_fiat, max_fiat, payment_methods)
            VALUES (${id}, 'buy', ${o.currency ?? 'CNY'}, ${o.price ?? '7.0000'}, 100, 100000000, ${[o.method ?? 'bank']})`;
  await sql`INSERT INTO user_payment_methods (user_id, kind, currency, label, details)
            VALUES (${id}, ${o.method ?? 'bank'}, ${o.currency ?? 'CNY'}, 'main', ${JSON.stringify({ holder: 'Li Wei', bank: 'ICBC', account: '6222 0000 1111 2222' })}::jsonb)`;
  const faucet = await accountId(sql, DESK, 'faucet');
  await transfer(sql, { id: `test:fund:${id}`, debitAccountId: faucet, creditAccountId: await accountId(sql, { type: 'user', id }, 'available'), amount: o.usdt ?? 10_000_000_000n, code: 'test_fund' });
  await transfer(sql, { id: `test:margin:${id}`, debitAccountId: faucet, creditAccountId: await accountId(sql, { type: 'user', id }, 'margin'), amount: o.margin ?? 10_000_000_000n, code: 'test_fund' });
  return id;
}

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A webhook receiver on loopback that answers `status()` and records every request. */
export async function startReceiver(status: () => number = () => 200, port = 0): Promise<{ url: string; port: number; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      res.writeHead(status(), { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}/hooks/desk?src=test`,
    port: bound,
    received,
    close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }),
  };
}

export async function count(sql: Exec, table: string): Promise<number> {
  const [r] = await sql.unsafe(`SELECT count(*)::int AS n FROM ${table}`);
  return r.n;
}

export async function until<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 10_000, stepMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
