import type { Translate } from './i18n.ts';

/** A payment kind's translated name; kinds added later by an admin show their code. */
export function methodName(t: Translate, code: string): string {
  const key = `method-${code}`;
  const s = t(key);
  return s === key ? code : s;
}

/** Deadlines come back from raw SQL as strings and from drizzle as Dates. */
export function hhmm(d: Date | string | null | undefined): string {
  if (!d) return '-';
  const x = new Date(d);
  return Number.isNaN(x.getTime()) ? '-' : `${x.toISOString().slice(11, 16)} UTC`;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** "50000.00" → "50,000.00": digits only regrouped, the value is untouched. */
export function groupThousands(s: string): string {
  const [int, frac] = s.split('.');
  const g = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? g : `${g}.${frac}`;
}

/** A chain's name as users know it ("Ethereum", "TRON"); with `token`, its USDT standard too. */
export function chainName(t: Translate, chain: string): string {
  const s = t(`chain-${chain}`);
  return s === `chain-${chain}` ? chain : s;
}

export function chainLabel(t: Translate, chain: string): string {
  const std = t(`chain-std-${chain}`);
  return std === `chain-std-${chain}` ? chainName(t, chain) : `${chainName(t, chain)} (${std})`;
}
