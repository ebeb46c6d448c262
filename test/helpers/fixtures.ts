import type { Exec } from '../../core/db.ts';
import { accountId, transfer, DESK } from '../../core/ledger/index.ts';
import { moveMargin } from '../../core/acceptors.ts';
import { setSetting } from '../../core/settings.ts';

let seq = 0;
const next = () => `${process.pid}${++seq}${Math.floor(Math.random() * 1000)}`;

/** Credits a user (or merchant) from the test faucet. */
export async function fund(exec: Exec, userId: number, usdt: bigint, owner: 'user' | 'merchant' = 'user'): Promise<void> {
  const to = await accountId(exec, { type: owner, id: userId }, 'available');
  const from = await accountId(exec, DESK, 'faucet');
  await transfer(exec, { id: `test-fund:${owner}:${userId}:${next()}`, debitAccountId: from, creditAccountId: to, amount: usdt, code: 'test_fund' });
}

export async function makeUser(exec: Exec, opts: { usdt?: bigint; kycTier?: number; payment?: Record<string, Record<string, string>> } = {}): Promise<number> {
  const tg = Number(next()) % 2_000_000_000;
  const [u] = await exec`INSERT INTO users (telegram_id, username, first_name, kyc_tier, referral_code, terms_accepted_at)
                         VALUES (${tg}, ${'u' + tg}, ${'User ' + tg}, ${opts.kycTier ?? 2}, ${'ref' + tg}, now()) RETURNING id`;
  const id = Number(u.id);
  if (opts.usdt) await fund(exec, id, opts.usdt);
  for (const [kind, details] of Object.entries(opts.payment ?? {})) {
    await exec`INSERT INTO user_payment_methods (user_id, kind, details) VALUES (${id}, ${kind}, ${JSON.stringify(details)}::jsonb)`;
  }
  return id;
}

export interface AcceptorOpts {
  usdt?: bigint;
  margin?: bigint;
  price?: string;
  currency?: string;
  side?: 'buy' | 'sell';
  methods?: string[];
  minFiat?: bigint;
  maxFiat?: bigint;
  online?: boolean;
}

/** An approved, online acceptor with an offer, receiving details, USDT and margin. */
export async function makeAcceptor(exec: Exec, o: AcceptorOpts = {}): Promise<{ userId: number; offerId: number }> {
  const methods = o.methods ?? ['bank'];
  const payment = Object.fromEntries(methods.map((m) => [m, { holder: 'Acceptor', bank: 'Test Bank', account: '6222 0000 1111', provider: 'Wallet', city: 'Shanghai' }]));
  const userId = await makeUser(exec, { usdt: (o.usdt ?? 10_000_000_000n) + (o.margin ?? 5_000_000_000n), payment });
  await exec`INSERT INTO acceptors (user_id, status, online) VALUES (${userId}, 'approved', ${o.online ?? true})`;
  if ((o.margin ?? 5_000_000_000n) > 0n) await moveMargin(exec, userId, o.margin ?? 5_000_000_000n, 'deposit', 'fixture');
  const [offer] = await exec`
    INSERT INTO offers (acceptor_id, trade_side, fiat_currency, price, min_fiat, max_fiat, payment_methods)
    VALUES (${userId}, ${o.side ?? 'buy'}, ${o.currency ?? 'CNY'}, ${o.price ?? '7.2000'}, ${(o.minFiat ?? 100n).toString()},
            ${(o.maxFiat ?? 100_000_000n).toString()}, ${methods}) RETURNING id`;
  return { userId, offerId: Number(offer.id) };
}

export async function setMode(exec: Exec, mode: 'auto' | 'group'): Promise<void> {
  await setSetting(exec, 'matching_mode', mode, 'test');
}

/** Moves an order's deadlines into the past so its timers are due. */
export async function makeDue(exec: Exec, orderId: number, column: 'claim_deadline' | 'pay_deadline' | 'match_deadline' | 'appeal_after'): Promise<void> {
  await exec.unsafe(`UPDATE orders SET ${column} = now() - interval '1 second' WHERE id = $1`, [orderId]);
}
