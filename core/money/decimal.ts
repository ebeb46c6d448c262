import { DeskError } from '../errors.ts';

export type DecimalRefusal = 'empty' | 'format' | 'exponent' | 'non_ascii_digits' | 'negative' | 'zero' | 'precision' | 'too_large';

export type DecimalParse = { ok: true; value: bigint } | { ok: false; reason: DecimalRefusal; scale: number };

const PLAIN = /^\d+(\.\d+)?$/;
const GROUPED = /^\d{1,3}(,\d{3})+(\.\d+)?$/;
const MAX = 10n ** 30n;

/**
 * Parses a user-typed positive decimal into base units with `scale` decimals.
 * Accepts "1000.5", "1,000.50", ".5" is refused; never goes through a float.
 */
export function parseDecimal(input: string, scale: number): DecimalParse {
  const s = input.trim();
  const no = (reason: DecimalRefusal): DecimalParse => ({ ok: false, reason, scale });
  if (s === '') return no('empty');
  if (/[^\x00-\x7f]/.test(s) && /\p{Nd}/u.test(s)) return no('non_ascii_digits');
  if (/^[+-]?\d*\.?\d+e[+-]?\d+$/i.test(s)) return no('exponent');
  if (s.startsWith('-')) return /\d/.test(s) ? no('negative') : no('format');
  const bare = s.startsWith('+') ? s.slice(1) : s;
  if (!PLAIN.test(bare) && !GROUPED.test(bare)) return no('format');
  const [int, frac = ''] = bare.replace(/,/g, '').split('.');
  if (frac.length > scale) return no('precision');
  const value = BigInt(int + frac.padEnd(scale, '0'));
  if (value === 0n) return no('zero');
  if (value >= MAX) return no('too_large');
  return { ok: true, value };
}

/** Like parseDecimal, but refuses with DeskError('invalid_amount', {reason, scale}). */
export function parseAmount(input: string, scale: number): bigint {
  const r = parseDecimal(input, scale);
  if (!r.ok) throw new DeskError('invalid_amount', { reason: r.reason, scale: r.scale });
  return r.value;
}

/** Base units → a decimal string with exactly `scale` decimals, or trimmed when `trim`. */
export function formatUnits(value: bigint, scale: number, trim = true): string {
  const neg = value < 0n;
  const abs = neg ? -value : value;
  const s = abs.toString().padStart(scale + 1, '0');
  const int = scale ? s.slice(0, -scale) : s;
  let frac = scale ? s.slice(-scale) : '';
  if (trim) frac = frac.replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? '.' + frac : ''}`;
}

/** Checks a value given in base units by an API: positive, integral, within range. */
export function assertPositive(value: bigint, field = 'amount'): bigint {
  if (value <= 0n) throw new DeskError('invalid_amount', { reason: value === 0n ? 'zero' : 'negative', field });
  if (value >= MAX) throw new DeskError('invalid_amount', { reason: 'too_large', field });
  return value;
}
