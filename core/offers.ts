import type { Exec } from './db.ts';
import { DeskError } from './errors.ts';
import { currency, paymentMethodKind } from './money/currencies.ts';
import { parsePrice } from './money/price.ts';
import { formatUnits } from './money/decimal.ts';

export interface OfferInput {
  tradeSide: 'buy' | 'sell';
  fiatCurrency: string;
  /** Fiat per USDT, up to 4 decimals, as typed. */
  price: string;
  minFiat: bigint;
  maxFiat: bigint;
  paymentMethods: string[];
}

export interface Offer extends OfferInput {
  id: number;
  acceptorId: number;
  active: boolean;
}

const toOffer = (r: Record<string, any>): Offer => ({
  id: Number(r.id), acceptorId: Number(r.acceptor_id), tradeSide: r.trade_side, fiatCurrency: r.fiat_currency,
  price: r.price, minFiat: BigInt(r.min_fiat), maxFiat: BigInt(r.max_fiat), paymentMethods: r.payment_methods, active: r.active,
});

async function validate(exec: Exec, input: OfferInput) {
  if (input.tradeSide !== 'buy' && input.tradeSide !== 'sell') throw new DeskError('invalid_input', { field: 'tradeSide' });
  const cur = await currency(exec, input.fiatCurrency);
  const priceE4 = parsePrice(input.price);
  if (input.minFiat <= 0n || input.maxFiat < input.minFiat) throw new DeskError('invalid_amount', { field: 'limits' });
  if (!input.paymentMethods.length) throw new DeskError('unknown_payment_method', { method: '' });
  for (const m of input.paymentMethods) {
    const k = await paymentMethodKind(exec, m);
    if (k.currencies && !k.currencies.includes(cur.code)) throw new DeskError('unknown_payment_method', { method: m, currency: cur.code });
  }
  return { cur, price: formatUnits(priceE4, 4, false) };
}

async function assertApproved(exec: Exec, acceptorId: number) {
  const [a] = await exec`SELECT status FROM acceptors WHERE user_id = ${acceptorId}`;
  if (!a || a.status !== 'approved') throw new DeskError('forbidden', { status: a?.status ?? 'none' });
}

export async function createOffer(exec: Exec, acceptorId: number, input: OfferInput): Promise<Offer> {
  await assertApproved(exec, acceptorId);
  const { cur, price } = await validate(exec, input);
  const [r] = await exec`
    INSERT INTO offers (acceptor_id, trade_side, fiat_currency, price, min_fiat, max_fiat, payment_methods)
    VALUES (${acceptorId}, ${input.tradeSide}, ${cur.code}, ${price}, ${input.minFiat.toString()}, ${input.maxFiat.toString()}, ${input.paymentMethods})
    RETURNING *`;
  return toOffer(r);
}

/** Only the owner may edit; the WHERE clause enforces it. */
export async function updateOffer(exec: Exec, acceptorId: number, offerId: number, input: OfferInput): Promise<Offer> {
  const { cur, price } = await validate(exec, input);
  const [r] = await exec`
    UPDATE offers SET trade_side = ${input.tradeSide}, fiat_currency = ${cur.code}, price = ${price},
      min_fiat = ${input.minFiat.toString()}, max_fiat = ${input.maxFiat.toString()}, payment_methods = ${input.paymentMethods}, updated_at = now()
    WHERE id = ${offerId} AND acceptor_id = ${acceptorId} RETURNING *`;
  if (!r) throw new DeskError('not_found', { offerId });
  return toOffer(r);
}

export async function setOfferActive(exec: Exec, acceptorId: number, offerId: number, active: boolean): Promise<Offer> {
  const [r] = await exec`UPDATE offers SET active = ${active}, updated_at = now() WHERE id = ${offerId} AND acceptor_id = ${acceptorId} RETURNING *`;
  if (!r) throw new DeskError('not_found', { offerId });
  return toOffer(r);
}

/** Pause or resume every offer of one currency (and optionally one method). */
export async function setOffersActiveFor(exec: Exec, acceptorId: number, active: boolean, fiatCurrency: string, method?: string): Promise<number> {
  const rows = await exec`
    UPDATE offers SET active = ${active}, updated_at = now()
    WHERE acceptor_id = ${acceptorId} AND fiat_currency = ${fiatCurrency.toUpperCase()} ${method ? exec`AND ${method} = ANY(payment_methods)` : exec``}
    RETURNING id`;
  return rows.length;
}

export async function listOffers(exec: Exec, acceptorId: number): Promise<Offer[]> {
  const rows = await exec`SELECT * FROM offers WHERE acceptor_id = ${acceptorId} ORDER BY fiat_currency, trade_side, id`;
  return rows.map(toOffer);
}

export interface Market {
  currency: string;
  exponent: number;
  /** The widest limits across the currency's offers, in fiat minor units. */
  minFiat: bigint;
  maxFiat: bigint;
}

/** Currencies that have at least one open offer for a side, with their overall limits. */
export async function openMarkets(exec: Exec, side: 'buy' | 'sell'): Promise<Market[]> {
  // Open: an online approved acceptor who is not frozen (the matcher checks balances and blocks on top).
  const rows = await exec`
    SELECT o.fiat_currency, c.exponent, min(o.min_fiat)::bigint AS min_fiat, max(o.max_fiat)::bigint AS max_fiat
    FROM offers o JOIN currencies c ON c.code = o.fiat_currency
      JOIN acceptors a ON a.user_id = o.acceptor_id JOIN users u ON u.id = o.acceptor_id
    WHERE o.active AND o.trade_side = ${side} AND a.status = 'approved' AND a.online AND NOT u.frozen
    GROUP BY o.fiat_currency, c.exponent, c.sort ORDER BY c.sort, o.fiat_currency`;
  return rows.map((r) => ({ currency: r.fiat_currency, exponent: Number(r.exponent), minFiat: BigInt(r.min_fiat), maxFiat: BigInt(r.max_fiat) }));
}

/**
 * Enabled payment methods of the open offers whose limits take this amount (fiat minor
 * units, or micro-USDT converted at each offer's price). Empty: no offer takes it.
 */
export async function methodsForAmount(exec: Exec, side: 'buy' | 'sell', fiatCurrency: string, amount: { unit: 'fiat' | 'usdt'; value: bigint }): Promise<string[]> {
  const cur = await currency(exec, fiatCurrency);
  const v = amount.value.toString();
  const fiat = amount.unit === 'fiat' ? exec`${v}::numeric` : exec`(${v}::numeric * o.price * ${(10n ** BigInt(cur.exponent)).toString()}::numeric / 1000000)`;
  const rows = await exec`
    SELECT k.code FROM payment_method_kinds k
    WHERE k.enabled AND (k.currencies IS NULL OR ${cur.code} = ANY(k.currencies)) AND EXISTS (
      SELECT 1 FROM offers o JOIN acceptors a ON a.user_id = o.acceptor_id JOIN users u ON u.id = o.acceptor_id
      WHERE o.active AND o.trade_side = ${side} AND a.status = 'approved' AND a.online AND NOT u.frozen
        AND o.fiat_currency = ${cur.code} AND k.code = ANY(o.payment_methods)
        AND ${fiat} BETWEEN o.min_fiat AND o.max_fiat)
    ORDER BY k.sort`;
  return rows.map((r) => r.code as string);
}
