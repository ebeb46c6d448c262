import type { Exec } from '../db.ts';
import { parsePrice, tradeAmounts } from '../money/price.ts';
import { receivingDetailsSql } from '../payment-methods.ts';
import { volume24hSql } from './volume.ts';

export interface MatchRequest {
  side: 'buy' | 'sell';
  fiatCurrency: string;
  exponent: number;
  paymentMethod: string;
  given: { fiat: bigint } | { usdt: bigint };
  /** The trader (null for a merchant pay-in). */
  traderId: number | null;
  exclude?: number[];
  /** Restrict to one offer (the one the trader was quoted) or one acceptor (a group claim). */
  offerId?: number;
  acceptorId?: number;
  /** The order's amounts are already fixed (re-offer, group claim): judge candidates on these. */
  fixed?: { fiat: bigint; usdt: bigint };
}

export interface Candidate {
  offerId: number;
  acceptorId: number;
  price: string;
  priceE4: bigint;
  fiat: bigint;
  usdt: bigint;
  completed: number;
  cancelled: number;
  timeouts: number;
  ratingSum: number;
  ratingCount: number;
  avgReleaseSec: number | null;
  available: bigint;
  margin: bigint;
  volume24h: bigint;
  marginBps: number;
  dailyLimit: bigint | null;
  minFiat: bigint;
  maxFiat: bigint;
  /** The acceptor's receiving details for this method (used when the acceptor sells). */
  details: Record<string, string> | null;
}

export type Ineligible = 'limits' | 'balance' | 'margin' | 'daily_limit' | 'details';

/** Why one candidate cannot take the amount, or null when it can. */
export function ineligibility(c: Candidate, side: 'buy' | 'sell'): Ineligible | null {
  if (c.fiat < c.minFiat || c.fiat > c.maxFiat || c.usdt <= 0n) return 'limits';
  if (side === 'buy' && c.available < c.usdt) return 'balance';
  // The buyer must be told where to pay: a selling acceptor needs details for this method.
  if (side === 'buy' && !c.details) return 'details';
  // At least margin_bps of the acceptor's 24 h volume (this order included) stays locked as margin.
  if (c.margin * 10_000n < BigInt(c.marginBps) * (c.volume24h + c.usdt)) return 'margin';
  if (c.dailyLimit !== null && c.volume24h + c.usdt > c.dailyLimit) return 'daily_limit';
  return null;
}

/**
 * Offers that can take this order now: online approved acceptor, same currency and
 * method, amount inside the offer's limits, enough USDT (trader buys) and margin, the
 * acceptor has a payout method of that kind, and nobody blocks anybody. Best price first.
 */
export async function eligibleOffers(exec: Exec, req: MatchRequest): Promise<{ eligible: Candidate[]; refused: Ineligible[] }> {
  const exclude = req.exclude ?? [];
  const trader = req.traderId ?? 0;
  const rows = await exec`
    SELECT o.id AS offer_id, o.acceptor_id, o.price::text AS price, o.min_fiat, o.max_fiat,
           a.completed_count, a.cancelled_count, a.timeout_count, a.rating_sum, a.rating_count,
           a.release_seconds_total, a.margin_bps, a.daily_limit,
           coalesce(av.credits_posted - av.debits_posted - av.debits_pending, 0) AS available,
           coalesce(mg.credits_posted - mg.debits_posted - mg.debits_pending, 0) AS margin,
           ${receivingDetailsSql(exec, exec`o.acceptor_id`, exec`${req.paymentMethod}`, exec`${req.fiatCurrency}`)} AS details,
           ${volume24hSql(exec, exec`o.acceptor_id`)} AS volume24h
    FROM offers o
    JOIN acceptors a ON a.user_id = o.acceptor_id
    JOIN users u ON u.id = o.acceptor_id
    LEFT JOIN accounts av ON av.owner_type = 'user' AND av.owner_id = o.acceptor_id AND av.asset = 'USDT' AND av.kind = 'available'
    LEFT JOIN accounts mg ON mg.owner_type = 'user' AND mg.owner_id = o.acceptor_id AND mg.asset = 'USDT' AND mg.kind = 'margin'
    WHERE o.active AND o.trade_side = ${req.side} AND o.fiat_currency = ${req.fiatCurrency}
      AND ${req.paymentMethod} = ANY(o.payment_methods)
      AND a.status = 'approved' AND a.online AND NOT u.frozen
      AND o.acceptor_id <> ${trader} AND NOT (o.acceptor_id = ANY(${exclude}::bigint[]))
      ${req.offerId ? exec`AND o.id = ${req.offerId}` : exec``}
      ${req.acceptorId ? exec`AND o.acceptor_id = ${req.acceptorId}` : exec``}
      AND (${req.side} = 'sell' OR EXISTS (SELECT 1 FROM user_payment_methods p
            WHERE p.user_id = o.acceptor_id AND p.kind = ${req.paymentMethod} AND p.active))
      AND NOT EXISTS (SELECT 1 FROM user_blocks b
            WHERE (b.blocker_id = o.acceptor_id AND b.blocked_id = ${trader}) OR (b.blocker_id = ${trader} AND b.blocked_id = o.acceptor_id))
    ORDER BY CASE WHEN ${req.side} = 'buy' THEN o.price END ASC, CASE WHEN ${req.side} = 'sell' THEN o.price END DESC, o.id`;
  const eligible: Candidate[] = [];
  const refused: Ineligible[] = [];
  for (const r of rows) {
    const priceE4 = parsePrice(r.price);
    const { fiat, usdt } = tradeAmounts(req.side, priceE4, req.exponent, req.given);
    const c: Candidate = {
      offerId: Number(r.offer_id),
      acceptorId: Number(r.acceptor_id),
      price: r.price,
      priceE4,
      fiat,
      usdt,
      completed: r.completed_count,
      cancelled: r.cancelled_count,
      timeouts: r.timeout_count,
      ratingSum: r.rating_sum,
      ratingCount: r.rating_count,
      avgReleaseSec: r.completed_count ? Number(BigInt(r.release_seconds_total) / BigInt(r.completed_count)) : null,
      available: BigInt(r.available),
      margin: BigInt(r.margin),
      volume24h: BigInt(r.volume24h),
      marginBps: r.margin_bps,
      dailyLimit: r.daily_limit === null ? null : BigInt(r.daily_limit),
      minFiat: BigInt(r.min_fiat),
      maxFiat: BigInt(r.max_fiat),
      details: r.details,
    };
    if (req.fixed) Object.assign(c, req.fixed);
    const why = ineligibility(c, req.side);
    if (why) refused.push(why);
    else eligible.push(c);
  }
  return { eligible, refused };
}
