import { randomBytes } from 'node:crypto';
import type { Exec } from '../db.ts';
import { inTx } from '../db.ts';
import { DeskError } from '../errors.ts';
import { createPayin, markPaid, cancelOrder, getOrder, appealOrder } from '../orders/index.ts';
import type { Order, TransitionResult } from '../orders/types.ts';
import type { Merchant } from './merchants.ts';

export interface PayinInput {
  merchantOrderId: string;
  fiatCurrency: string;
  /** Minor units of fiatCurrency. */
  fiatAmount: bigint;
  paymentMethod?: string;
  customerRef?: string | null;
}

export interface MerchantPayin {
  order: Order;
  /** The hosted payment page token (bearer: whoever holds it may mark the payment sent). */
  token: string;
  /** micro-USDT credited to the merchant, once paid. */
  credited: bigint | null;
}

const newPageToken = () => randomBytes(24).toString('base64url');

function checkMerchantMay(m: Merchant, currency: string) {
  if (m.status !== 'active') throw new DeskError('frozen', { merchant: m.id });
  if (!m.currencies.includes(currency.toUpperCase())) throw new DeskError('unknown_currency', { currency: currency.slice(0, 8), reason: 'not_enabled' });
}

/**
 * Creates the order through core matching (which assigns an acceptor and locks their USDT
 * in auto mode) and the hosted page token, in one transaction.
 */
export async function createMerchantPayin(exec: Exec, merchant: Merchant, input: PayinInput): Promise<MerchantPayin & { result: TransitionResult }> {
  checkMerchantMay(merchant, input.fiatCurrency);
  return inTx(exec, async (tx) => {
    const result = await createPayin(tx, {
      merchantId: merchant.id,
      merchantOrderId: input.merchantOrderId,
      fiatCurrency: input.fiatCurrency.toUpperCase(),
      fiatAmount: input.fiatAmount,
      paymentMethod: input.paymentMethod,
      customerRef: input.customerRef ?? null,
      feeBps: merchant.feeBps,
      commissionBps: merchant.commissionBps,
    });
    const token = newPageToken();
    await tx`INSERT INTO payin_links (order_id, merchant_id, token) VALUES (${result.order.id}, ${merchant.id}, ${token})`;
    return { order: result.order, token, credited: null, result };
  });
}

async function credited(exec: Exec, o: Order): Promise<bigint | null> {
  if (o.status !== 'released' && o.status !== 'resolved') return null;
  const [t] = await exec`SELECT amount FROM transfers WHERE id = ${`order:${o.id}:payout`}`;
  return t ? BigInt(t.amount) : 0n;
}

/** A merchant's own pay-in; another merchant's id answers not_found. */
export async function getMerchantPayin(exec: Exec, merchantId: number, orderId: number): Promise<MerchantPayin | null> {
  const [l] = await exec`SELECT token FROM payin_links WHERE order_id = ${orderId} AND merchant_id = ${merchantId}`;
  if (!l) return null;
  const order = await getOrder(exec, orderId);
  if (!order) return null;
  return { order, token: l.token, credited: await credited(exec, order) };
}

export async function getMerchantPayinByRef(exec: Exec, merchantId: number, merchantOrderId: string): Promise<MerchantPayin | null> {
  const [r] = await exec`SELECT id FROM orders WHERE merchant_id = ${merchantId} AND merchant_order_id = ${merchantOrderId} AND kind = 'payin'`;
  return r ? getMerchantPayin(exec, merchantId, Number(r.id)) : null;
}

export async function cancelMerchantPayin(exec: Exec, merchantId: number, orderId: number, reason?: string): Promise<MerchantPayin> {
  const [l] = await exec`SELECT token FROM payin_links WHERE order_id = ${orderId} AND merchant_id = ${merchantId}`;
  if (!l) throw new DeskError('not_found', { orderId });
  const r = await cancelOrder(exec, orderId, { kind: 'merchant', merchantId }, reason);
  return { order: r.order, token: l.token, credited: null };
}

/** The hosted page's view of a pay-in. */
export async function payinByToken(exec: Exec, token: string): Promise<MerchantPayin | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const [l] = await exec`SELECT order_id FROM payin_links WHERE token = ${token}`;
  if (!l) return null;
  const order = await getOrder(exec, Number(l.order_id));
  return order ? { order, token, credited: await credited(exec, order) } : null;
}

/** The customer, on the hosted page, says the fiat is sent. */
export async function markPayinSent(exec: Exec, token: string): Promise<TransitionResult> {
  const p = await payinByToken(exec, token);
  if (!p) throw new DeskError('not_found');
  return markPaid(exec, p.order.id, { kind: 'customer', orderId: p.order.id }, {});
}

/** The customer, on the hosted page, disputes a payment the acceptor has not confirmed in time. */
export async function appealPayin(exec: Exec, token: string, reason: string): Promise<TransitionResult> {
  const p = await payinByToken(exec, token);
  if (!p) throw new DeskError('not_found');
  return appealOrder(exec, p.order.id, { kind: 'customer', orderId: p.order.id }, reason);
}
