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

export async function paymentMethodKind(exec: Exec, code: string): Promise<{ code: string; fields: string[]; currencies: string[] | null }> {
  const [r] = await exec`SELECT code, fields, currencies FROM payment_method_kinds WHERE code = ${code} AND enabled`;
  if (!r) throw new DeskError('unknown_payment_method', { method: String(code).slice(0, 32) });
  return { code: r.code, fields: r.fields, currencies: r.currencies };
}
