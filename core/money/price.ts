import { DeskError } from '../errors.ts';
import { parseDecimal } from './decimal.ts';

/** Prices are fiat per USDT with 4 decimals, held as bigint ×10⁴. */
export const PRICE_SCALE = 4;
export const USDT_SCALE = 6;

export function parsePrice(price: string): bigint {
  const r = parseDecimal(price, PRICE_SCALE);
  if (!r.ok) throw new DeskError('invalid_amount', { reason: r.reason, scale: PRICE_SCALE, field: 'price' });
  return r.value;
}

const divRound = (n: bigint, d: bigint, up: boolean) => (up ? (n + d - 1n) / d : n / d);

/**
 * micro-USDT → fiat minor units at `priceE4`. `up` rounds a fraction of a minor unit up.
 * fiat = usdt × price × 10^exp / (10^6 × 10^4)
 */
export function fiatForUsdt(usdt: bigint, priceE4: bigint, exponent: number, up: boolean): bigint {
  return divRound(usdt * priceE4 * 10n ** BigInt(exponent), 10n ** BigInt(USDT_SCALE + PRICE_SCALE), up);
}

/** fiat minor units → micro-USDT at `priceE4`; `up` rounds a fraction of a micro-USDT up. */
export function usdtForFiat(fiat: bigint, priceE4: bigint, exponent: number, up: boolean): bigint {
  return divRound(fiat * 10n ** BigInt(USDT_SCALE + PRICE_SCALE), priceE4 * 10n ** BigInt(exponent), up);
}

/**
 * Both legs of a trade, rounded in the desk's favour by at most one base unit: the
 * acceptor (the desk's side) never pays out a fraction more than the price says.
 * Trader buys: fiat given → USDT rounds down; USDT asked → fiat rounds up.
 * Trader sells: USDT given → fiat rounds down; fiat asked → USDT rounds up.
 */
export function tradeAmounts(
  side: 'buy' | 'sell',
  priceE4: bigint,
  exponent: number,
  given: { fiat: bigint } | { usdt: bigint },
): { fiat: bigint; usdt: bigint } {
  if ('fiat' in given) return { fiat: given.fiat, usdt: usdtForFiat(given.fiat, priceE4, exponent, side === 'sell') };
  return { usdt: given.usdt, fiat: fiatForUsdt(given.usdt, priceE4, exponent, side === 'buy') };
}

/** Fee in micro-USDT: rounds up (the desk's favour, by less than one micro-USDT). */
export function feeFor(amount: bigint, bps: number): bigint {
  return divRound(amount * BigInt(bps), 10_000n, true);
}
