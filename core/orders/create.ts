import type { Exec, TxExec } from '../db.ts';
import { inTx } from '../db.ts';
import { DeskError } from '../errors.ts';
import { currency, paymentMethodKind } from '../money/currencies.ts';
import { assertPositive, formatUnits } from '../money/decimal.ts';
import { feeFor } from '../money/price.ts';
import { getSettings, type Settings } from '../settings.ts';
import { eligibleOffers, pickOffer, type Candidate } from '../matching/index.ts';
import { lockEscrow, escrowTransferId } from './escrow.ts';
import { toOrder } from './row.ts';
import { record, recordAll, settleAll } from './transition.ts';
import type { Order, TransitionResult } from './types.ts';

export interface QuoteRequest {
  traderId: number;
  side: 'buy' | 'sell';
  fiatCurrency: string;
  fiatAmount?: bigint;
  usdtAmount?: bigint;
  paymentMethod: string;
}

export interface Quote {
  offerId: number;
  acceptorId: number;
  price: string;
  fiatAmount: bigint;
  usdtAmount: bigint;
  fee: bigint;
  acceptor: { completed: number; completionRate: number; avgReleaseSec: number | null; rating: number | null };
}

function given(req: { fiatAmount?: bigint; usdtAmount?: bigint }): { fiat: bigint } | { usdt: bigint } {
  if ((req.fiatAmount === undefined) === (req.usdtAmount === undefined)) throw new DeskError('invalid_amount', { reason: 'one_of_fiat_or_usdt' });
  if (req.fiatAmount !== undefined) return { fiat: assertPositive(req.fiatAmount, 'fiatAmount') };
  return { usdt: assertPositive(req.usdtAmount!, 'usdtAmount') };
}

function toQuote(c: Candidate, feeBps: number): Quote {
  const done = c.completed + c.cancelled + c.timeouts;
  return {
    offerId: c.offerId,
    acceptorId: c.acceptorId,
    price: c.price,
    fiatAmount: c.fiat,
    usdtAmount: c.usdt,
    fee: feeFor(c.usdt, feeBps),
    acceptor: {
      completed: c.completed,
      completionRate: done ? c.completed / done : 1,
      avgReleaseSec: c.avgReleaseSec,
      rating: c.ratingCount ? c.ratingSum / c.ratingCount : null,
    },
  };
}

function checkSize(s: Settings, usdt: bigint): void {
  const min = BigInt(s.min_order_usdt);
  const max = BigInt(s.max_order_usdt);
  if (usdt < min) throw new DeskError('below_minimum', { min: formatUnits(min, 6) });
  if (usdt > max) throw new DeskError('above_maximum', { max: formatUnits(max, 6) });
}

async function validateTrader(exec: Exec, traderId: number, side: 'buy' | 'sell') {
  const [u] = await exec`SELECT id, frozen, buy_suspended_until, kyc_tier FROM users WHERE id = ${traderId}`;
  if (!u) throw new DeskError('not_found', { userId: traderId });
  if (u.frozen) throw new DeskError('frozen');
  if (side === 'buy' && u.buy_suspended_until && new Date(u.buy_suspended_until) > new Date()) {
    throw new DeskError('cancel_limit', { until: new Date(u.buy_suspended_until).toISOString() });
  }
  return { kycTier: u.kyc_tier as number };
}

/** USDT a trader has in today's (UTC) orders that did not fall through. */
async function usedToday(exec: Exec, traderId: number): Promise<bigint> {
  const [r] = await exec`
    SELECT coalesce(sum(usdt_amount), 0)::bigint AS used FROM orders
    WHERE trader_id = ${traderId} AND created_at >= date_trunc('day', now(), 'UTC')
      AND status NOT IN ('cancelled', 'expired')`;
  return BigInt(r.used);
}

/** The KYC tier caps how much USDT a trader may trade per UTC day. */
function checkKycLimit(tier: number, used: bigint, usdt: bigint, s: Settings): void {
  const limit = s.kyc_daily_limits?.[String(tier)];
  if (limit === undefined) return;
  if (used + usdt > BigInt(limit)) {
    throw new DeskError('kyc_limit', { tier, limit: formatUnits(BigInt(limit), 6), used: formatUnits(used, 6) });
  }
}

async function candidatesFor(exec: Exec, req: QuoteRequest & { offerId?: number }) {
  const cur = await currency(exec, req.fiatCurrency);
  const kind = await paymentMethodKind(exec, req.paymentMethod);
  if (kind.currencies && !kind.currencies.includes(cur.code)) throw new DeskError('unknown_payment_method', { method: kind.code, currency: cur.code });
  const res = await eligibleOffers(exec, {
    side: req.side, fiatCurrency: cur.code, exponent: cur.exponent, paymentMethod: kind.code,
    given: given(req), traderId: req.traderId, offerId: req.offerId,
  });
  return { cur, ...res };
}

function noAcceptor(refused: string[], offerId?: number): DeskError {
  if (offerId) return new DeskError('acceptor_unavailable', { offerId });
  if (refused.includes('limits')) return new DeskError('outside_limits');
  return new DeskError('no_acceptor');
}

/** The best offer for a trader's request now, with its price, totals and the acceptor's record. */
export async function quote(exec: Exec, req: QuoteRequest): Promise<Quote> {
  const s = await getSettings(exec);
  await validateTrader(exec, req.traderId, req.side);
  const { eligible, refused } = await candidatesFor(exec, req);
  const best = pickOffer(eligible);
  if (!best) throw noAcceptor(refused);
  checkSize(s, best.usdt);
  return toQuote(best, s.trade_fee_bps);
}

async function insertOrder(tx: TxExec, values: Record<string, unknown>): Promise<Order> {
  try {
    const [r] = await tx`INSERT INTO orders ${tx(values)} RETURNING *`;
    return toOrder(r);
  } catch (e) {
    if ((e as { constraint_name?: string }).constraint_name === 'orders_merchant_ref_uq') {
      throw new DeskError('invalid_input', { field: 'merchantOrderId', reason: 'duplicate' });
    }
    throw e;
  }
}

/**
 * A trader's order. `auto` mode proposes the chosen offer's acceptor at once (status
 * claimed, awaiting their confirmation); `group` mode leaves it created for the group.
 * A sell locks the trader's USDT immediately.
 */
export async function createOrder(exec: Exec, req: QuoteRequest & { offerId?: number }): Promise<TransitionResult> {
  return inTx(exec, async (tx) => {
    // The reads are independent: one write, one round trip.
    const [s, { kycTier }, { cur, eligible, refused }, used, hasDetails] = await Promise.all([
      getSettings(tx),
      validateTrader(tx, req.traderId, req.side),
      candidatesFor(tx, req),
      usedToday(tx, req.traderId),
      req.side === 'sell'
        ? tx`SELECT 1 FROM user_payment_methods WHERE user_id = ${req.traderId} AND kind = ${req.paymentMethod} AND active LIMIT 1`.execute().then((r) => r.length > 0)
        : Promise.resolve(true),
    ]);
    const chosen = pickOffer(eligible);
    if (!chosen) throw noAcceptor(refused, req.offerId);
    checkSize(s, chosen.usdt);
    checkKycLimit(kycTier, used, chosen.usdt, s);
    if (!hasDetails) throw new DeskError('missing_payment_details', { method: req.paymentMethod });
    const auto = s.matching_mode !== 'group';
    const now = Date.now();
    const order = await insertOrder(tx, {
      kind: 'p2p',
      side: req.side,
      mode: auto ? 'auto' : 'group',
      status: auto ? 'claimed' : 'created',
      trader_id: req.traderId,
      acceptor_id: auto ? chosen.acceptorId : null,
      offer_id: auto ? chosen.offerId : null,
      fiat_currency: cur.code,
      fiat_amount: chosen.fiat,
      usdt_amount: chosen.usdt,
      price: chosen.price,
      fee: feeFor(chosen.usdt, s.trade_fee_bps),
      payment_method: req.paymentMethod,
      claim_deadline: auto ? new Date(now + s.claim_timeout_sec * 1000).toISOString() : null,
      match_deadline: new Date(now + s.match_timeout_sec * 1000).toISOString(),
    });
    const actor = { kind: 'user', userId: req.traderId } as const;
    const steps: Promise<unknown>[] = [];
    if (req.side === 'sell') {
      order.escrowTransferId = escrowTransferId(order.id);
      steps.push(tx`UPDATE orders SET escrow_transfer_id = ${order.escrowTransferId} WHERE id = ${order.id}`.execute(), lockEscrow(tx, order));
    }
    steps.push(auto
      ? recordAll(tx, [
          { order: { ...order, status: 'created' }, action: 'create', actor, from: null },
          { order, action: 'claim', actor: { kind: 'system' }, from: 'created', data: { acceptorId: chosen.acceptorId, offerId: chosen.offerId } },
        ])
      : record(tx, order, 'create', actor, null));
    await settleAll(steps);
    return { order, action: 'create', from: 'created', to: order.status };
  });
}

export interface PayinRequest {
  merchantId: number;
  merchantOrderId: string;
  fiatCurrency: string;
  fiatAmount: bigint;
  paymentMethod?: string;
  customerRef?: string | null;
  feeBps: number;
  commissionBps: number;
}

/**
 * A merchant pay-in: the customer buys USDT for the merchant. In `auto` mode an acceptor
 * is assigned and their USDT locked at once, so the API can answer with payment details.
 */
export async function createPayin(exec: Exec, req: PayinRequest): Promise<TransitionResult> {
  if (!Number.isInteger(req.feeBps) || !Number.isInteger(req.commissionBps) || req.feeBps < 0 || req.commissionBps < 0 || req.commissionBps > req.feeBps) {
    throw new DeskError('invalid_input', { field: 'fee' });
  }
  if (!req.merchantOrderId || req.merchantOrderId.length > 128) throw new DeskError('invalid_input', { field: 'merchantOrderId' });
  return inTx(exec, async (tx) => {
    const method = req.paymentMethod ?? 'bank';
    const cur = await currency(tx, req.fiatCurrency);
    const kind = await paymentMethodKind(tx, method);
    const [s, { eligible, refused }] = await Promise.all([
      getSettings(tx),
      eligibleOffers(tx, {
        side: 'buy', fiatCurrency: cur.code, exponent: cur.exponent, paymentMethod: kind.code,
        given: { fiat: assertPositive(req.fiatAmount, 'fiatAmount') }, traderId: null,
      }),
    ]);
    const chosen = pickOffer(eligible);
    if (!chosen) throw noAcceptor(refused);
    checkSize(s, chosen.usdt);
    const auto = s.matching_mode !== 'group';
    const now = Date.now();
    const fee = feeFor(chosen.usdt, req.feeBps);
    const commission = feeFor(chosen.usdt, req.commissionBps) > fee ? fee : feeFor(chosen.usdt, req.commissionBps);
    let order = await insertOrder(tx, {
      kind: 'payin', side: 'buy', mode: auto ? 'auto' : 'group', status: auto ? 'matched' : 'created',
      merchant_id: req.merchantId, merchant_order_id: req.merchantOrderId, customer_ref: req.customerRef ?? null,
      acceptor_id: auto ? chosen.acceptorId : null, offer_id: auto ? chosen.offerId : null,
      fiat_currency: cur.code, fiat_amount: chosen.fiat, usdt_amount: chosen.usdt, price: chosen.price,
      fee, commission, payment_method: kind.code,
      payment_details: auto ? JSON.stringify(chosen.details) : null,
      match_deadline: new Date(now + s.match_timeout_sec * 1000).toISOString(),
      pay_deadline: auto ? new Date(now + s.payment_window_sec * 1000).toISOString() : null,
    });
    const merchant = { kind: 'merchant', merchantId: req.merchantId } as const;
    if (auto) {
      order = { ...order, escrowTransferId: escrowTransferId(order.id) };
      // Independent statements go out in one write; the server runs them in order.
      await settleAll([
        tx`UPDATE orders SET escrow_transfer_id = ${order.escrowTransferId} WHERE id = ${order.id}`.execute(),
        lockEscrow(tx, order),
        recordAll(tx, [
          { order: { ...order, status: 'created' }, action: 'create', actor: merchant, from: null },
          { order: { ...order, status: 'claimed' }, action: 'claim', actor: { kind: 'system' }, from: 'created', data: { acceptorId: chosen.acceptorId } },
          { order, action: 'confirm', actor: { kind: 'system' }, from: 'claimed' },
        ]),
      ]);
    } else {
      await record(tx, order, 'create', merchant, null);
    }
    return { order, action: 'create', from: 'created', to: order.status };
  });
}
