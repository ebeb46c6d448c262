import type { Exec } from './db.ts';
import { DeskError } from './errors.ts';
import { paymentMethodKind } from './money/currencies.ts';

export interface PaymentMethod {
  id: number;
  kind: string;
  currency: string | null;
  label: string | null;
  details: Record<string, string>;
}

/** Adds receiving details; every field the kind needs must be present and sane. */
export async function addPaymentMethod(exec: Exec, userId: number, kind: string, details: Record<string, string>, opts: { currency?: string; label?: string } = {}): Promise<PaymentMethod> {
  const k = await paymentMethodKind(exec, kind);
  const clean: Record<string, string> = {};
  for (const f of k.fields) {
    const v = String(details[f] ?? '').trim();
    if (!v || v.length > 128) throw new DeskError('invalid_input', { field: f });
    clean[f] = v;
  }
  const [r] = await exec`
    INSERT INTO user_payment_methods (user_id, kind, currency, label, details)
    VALUES (${userId}, ${k.code}, ${opts.currency ?? null}, ${opts.label ?? null}, ${JSON.stringify(clean)}::jsonb) RETURNING *`;
  return { id: Number(r.id), kind: r.kind, currency: r.currency, label: r.label, details: r.details };
}

export async function listPaymentMethods(exec: Exec, userId: number): Promise<PaymentMethod[]> {
  const rows = await exec`SELECT * FROM user_payment_methods WHERE user_id = ${userId} AND active ORDER BY id`;
  return rows.map((r) => ({ id: Number(r.id), kind: r.kind, currency: r.currency, label: r.label, details: r.details }));
}

export async function removePaymentMethod(exec: Exec, userId: number, id: number): Promise<void> {
  const rows = await exec`UPDATE user_payment_methods SET active = false WHERE id = ${id} AND user_id = ${userId} AND active RETURNING id`;
  if (!rows.length) throw new DeskError('not_found', { paymentMethodId: id });
}

type Fragment = ReturnType<Exec>;

/**
 * SQL for a user's receiving details for one method and currency, as the JSON copied onto
 * orders: { method, label?, …fields }. Arguments are SQL fragments (columns or parameters).
 */
export function receivingDetailsSql(exec: Exec, userId: Fragment, method: Fragment, currency: Fragment): Fragment {
  return exec`(
    SELECT jsonb_build_object('method', p.kind) || CASE WHEN p.label IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('label', p.label) END || p.details
    FROM user_payment_methods p
    WHERE p.user_id = ${userId} AND p.kind = ${method} AND p.active AND (p.currency IS NULL OR p.currency = ${currency})
    ORDER BY p.id LIMIT 1)`;
}
