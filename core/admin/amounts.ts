import { parseAmount } from '../money/decimal.ts';

export const USDT_DECIMALS = 6;

/** Admin-typed USDT → micro-USDT through the desk's decimal parser (no floats); "0" only when allowed. */
export function parseUsdt(input: string, opts: { allowZero?: boolean } = {}): bigint {
  if (opts.allowZero && /^\s*0+(\.0+)?\s*$/.test(input)) return 0n;
  return parseAmount(input, USDT_DECIMALS);
}

export function formatUsdt(micro: bigint | string | number | null | undefined): string {
  if (micro === null || micro === undefined) return '—';
  const v = BigInt(micro);
  const neg = v < 0n;
  const a = neg ? -v : v;
  const whole = (a / 1_000_000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = (a % 1_000_000n).toString().padStart(6, '0').replace(/0{1,4}$/, '');
  return `${neg ? '-' : ''}${whole}.${frac.length < 2 ? frac.padEnd(2, '0') : frac}`;
}

/** Fiat minor units with the currency's exponent. */
export function formatMinor(v: bigint | string | number, exponent: number): string {
  const a = BigInt(v);
  if (exponent === 0) return a.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const d = 10n ** BigInt(exponent);
  const whole = (a / d).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${whole}.${(a % d).toString().padStart(exponent, '0')}`;
}
