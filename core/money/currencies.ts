import type { Exec } from '../db.ts';
import { DeskError } from '../errors.ts';

export interface Currency {
  code: string;
  exponent: number;
  name: string;
}

let cache: Map<string, Currency> | undefined;

/** Reference data seeded by migration; read once per process. */
export async function currencies(exec: Exec): Promise<Map<string, Currency>> {
  if (cache) return cache;
  const rows = await exec`SELECT code, exponent, name FROM currencies ORDER BY sort, code`;
  const map = new Map<string, Currency>(rows.map((r) => [r.code as string, { code: r.code, exponent: r.exponent, name: r.name }]));
  if (map.size) cache = map;
  return map;
}

export async function currency(exec: Exec, code: string): Promise<Currency> {
  const c = (await currencies(exec)).get(String(code).toUpperCase());
  if (!c) throw new DeskError('unknown_currency', { currency: String(code).slice(0, 8) });
  return c;
}

export interface PaymentMethodKind {
  code: string;
  fields: string[];
  currencies: string[] | null;
}

let kinds: { at: number; map: Map<string, PaymentMethodKind> } | undefined;

/** Reference data, re-read at most every 30 s (an operator may disable a kind). */
export async function paymentMethodKinds(exec: Exec): Promise<Map<string, PaymentMethodKind>> {
  if (kinds && Date.now() - kinds.at < 30_000) return kinds.map;
  const rows = await exec`SELECT code, fields, currencies FROM payment_method_kinds WHERE enabled ORDER BY sort, code`;
  const map = new Map<string, PaymentMethodKind>(rows.map((r) => [r.code as string, { code: r.code, fields: r.fields, currencies: r.currencies }]));
  kinds = { at: Date.now(), map };
  return map;
}

export async function paymentMethodKind(exec: Exec, code: string): Promise<PaymentMethodKind> {
  const k = (await paymentMethodKinds(exec)).get(String(code));
  if (!k) throw new DeskError('unknown_payment_method', { method: String(code).slice(0, 32) });
  return k;
}
