import type { Exec } from '../core/db.ts';
import { ensureTelegramUser, acceptTerms, setLanguage } from '../core/users.ts';
import { accountId, transfer, balance, DESK } from '../core/ledger/index.ts';
import { moveMargin } from '../core/acceptors.ts';

export interface PersonaRef {
  key: string;
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

const OFFERS: { side: 'buy' | 'sell'; currency: string; price: string; min: bigint; max: bigint; methods: string[] }[][] = [
  [
    { side: 'buy', currency: 'CNY', price: '7.2500', min: 10_000n, max: 5_000_000n, methods: ['bank', 'alipay', 'wechat'] },
    { side: 'sell', currency: 'CNY', price: '7.1500', min: 10_000n, max: 5_000_000n, methods: ['bank', 'alipay'] },
    { side: 'buy', currency: 'USD', price: '1.0100', min: 1_000n, max: 1_000_000n, methods: ['bank'] },
  ],
  [
    { side: 'buy', currency: 'CNY', price: '7.2500', min: 10_000n, max: 2_000_000n, methods: ['bank', 'alipay'] },
    { side: 'buy', currency: 'EUR', price: '0.9300', min: 1_000n, max: 500_000n, methods: ['bank'] },
    { side: 'sell', currency: 'EUR', price: '0.9100', min: 1_000n, max: 500_000n, methods: ['bank'] },
  ],
];

async function fundOnce(exec: Exec, userId: number, amount: bigint, tag: string) {
  const from = await accountId(exec, DESK, 'faucet');
  const to = await accountId(exec, { type: 'user', id: userId }, 'available');
  await transfer(exec, { id: `sandbox:${tag}:${userId}`, debitAccountId: from, creditAccountId: to, amount, code: 'sandbox_seed' });
}

/**
 * A demo desk, idempotent across restarts: two approved acceptors online with offers in
 * CNY, USD and EUR (margin deposited), a trader with 1,000 USDT and bank details, an admin.
 */
export async function seedDemoDesk(exec: Exec, personas: PersonaRef[]): Promise<void> {
  const byKey = new Map(personas.map((p) => [p.key, p]));
  const trader = byKey.get('trader');
  if (trader) {
    const u = await ensureTelegramUser(exec, trader);
    await fundOnce(exec, u.id, 1_000_000_000n, 'trader');
    const [pm] = await exec`SELECT 1 FROM user_payment_methods WHERE user_id = ${u.id} LIMIT 1`;
    if (!pm) await exec`INSERT INTO user_payment_methods (user_id, kind, currency, label, details) VALUES (${u.id}, 'bank', NULL, 'My bank', '{"holder":"Tina Trader","bank":"Demo Bank","account":"6222 0201 0000 0001"}')`;
  }
  for (const [i, key] of ['acceptor', 'acceptor2'].entries()) {
    const p = byKey.get(key);
    if (!p) continue;
    const u = await ensureTelegramUser(exec, p);
    await acceptTerms(exec, u.id);
    if (p.language_code?.startsWith('zh')) await setLanguage(exec, u.id, 'zh-CN');
    await fundOnce(exec, u.id, 25_000_000_000n, 'acceptor');
    await exec`INSERT INTO acceptors (user_id, status, online, decided_at) VALUES (${u.id}, 'approved', true, now()) ON CONFLICT (user_id) DO NOTHING`;
    if ((await balance(exec, { type: 'user', id: u.id }, 'margin')).available === 0n) await moveMargin(exec, u.id, 5_000_000_000n, 'deposit', 'sandbox');
    const [has] = await exec`SELECT 1 FROM offers WHERE acceptor_id = ${u.id} LIMIT 1`;
    if (!has) {
      for (const o of OFFERS[i]) {
        await exec`INSERT INTO offers (acceptor_id, trade_side, fiat_currency, price, min_fiat, max_fiat, payment_methods)
                   VALUES (${u.id}, ${o.side}, ${o.currency}, ${o.price}, ${o.min.toString()}, ${o.max.toString()}, ${o.methods})`;
      }
      const name = [p.first_name, p.last_name].filter(Boolean).join(' ');
      await exec`INSERT INTO user_payment_methods (user_id, kind, label, details) VALUES
        (${u.id}, 'bank', 'Bank', ${JSON.stringify({ holder: name, bank: 'Demo Bank', account: `6222 8888 0000 00${i + 1}` })}::jsonb),
        (${u.id}, 'alipay', 'Alipay', ${JSON.stringify({ holder: name, account: `${p.username ?? 'acceptor'}@alipay.demo` })}::jsonb),
        (${u.id}, 'wechat', 'WeChat', ${JSON.stringify({ holder: name, account: `wx_${p.username ?? 'acceptor'}` })}::jsonb)`;
    }
  }
  const admin = byKey.get('admin');
  if (admin) {
    const u = await ensureTelegramUser(exec, admin);
    await exec`UPDATE users SET is_admin = true WHERE id = ${u.id}`;
  }
}
