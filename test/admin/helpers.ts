import { randomBytes } from 'node:crypto';
import type { Exec } from '../../core/db.ts';
import { createAdmin, createSession, type AdminRole } from '../../core/admin/index.ts';
import { createOrder, confirmOrder, markPaid, appealOrder, runDueTimers } from '../../core/orders/index.ts';
import { requestWithdrawal } from '../../core/wallet/index.ts';
import { makeUser, makeAcceptor, makeDue, setMode, fund } from '../helpers/fixtures.ts';

export interface TestAdmin { id: number; email: string; name: string; password: string; secret: string; role: AdminRole }

export async function makeAdmin(sql: Exec, role: AdminRole): Promise<TestAdmin> {
  const email = `${role}-${randomBytes(4).toString('hex')}@test.local`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const a = await createAdmin(sql, { email, role, password, name: `${role} tester` });
  return { id: a.id, email, name: a.name, password, secret: a.totpSecret, role };
}

/** A live session straight from core (login itself is tested through the form). */
export async function sessionFor(sql: Exec, adminId: number): Promise<{ cookie: string; csrf: string; token: string }> {
  const s = await createSession(sql, adminId, { ip: '127.0.0.1' });
  return { cookie: `otc_admin=${s.token}`, csrf: s.csrfToken, token: s.token };
}

export function formBody(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams(fields);
}

/**
 * A disputed order made the way the bot makes one: a buy in auto mode, the acceptor
 * confirms (escrow locked), the trader marks it paid with a receipt, the appeal window
 * passes and the trader appeals. Two chat lines are relayed like the bot relays them.
 */
export async function disputedOrder(sql: Exec, currency = 'USD', price = '1.0000') {
  await setMode(sql, 'auto');
  const { userId: acceptor } = await makeAcceptor(sql, { currency, price, usdt: 1_000_000_000n });
  const trader = await makeUser(sql);
  const o = await createOrder(sql, { traderId: trader, side: 'buy', fiatCurrency: currency, usdtAmount: 100_000_000n, paymentMethod: 'bank' });
  const orderId = o.order.id;
  await confirmOrder(sql, orderId, { kind: 'user', userId: acceptor });
  await markPaid(sql, orderId, { kind: 'user', userId: trader }, { receiptFileId: `receipt-${orderId}` });
  await sql`INSERT INTO order_messages (order_id, sender_id, text) VALUES (${orderId}, ${trader}, 'I sent the money 20 minutes ago, see the receipt.')`;
  await sql`INSERT INTO order_messages (order_id, sender_id, text) VALUES (${orderId}, ${acceptor}, 'Nothing has arrived on my account yet.')`;
  await makeDue(sql, orderId, 'appeal_after');
  await runDueTimers(sql);
  await appealOrder(sql, orderId, { kind: 'user', userId: trader }, 'The seller does not release');
  return { orderId, trader, acceptor, usdt: o.order.usdtAmount };
}

/** A user withdrawal above the approval threshold (default 5,000 USDT) → awaiting_approval. */
export async function pendingWithdrawal(sql: Exec, amount = 6_000_000_000n) {
  const userId = await makeUser(sql);
  await fund(sql, userId, amount + 10_000_000n);
  const { withdrawal } = await requestWithdrawal(sql, { owner: { type: 'user', id: userId }, chain: 'tron', toAddress: 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7', amount });
  return { userId, withdrawalId: withdrawal.id, status: withdrawal.status };
}
