import type { TxExec } from '../db.ts';
import { DeskError } from '../errors.ts';
import { sellerOf } from './row.ts';
import type { Order } from './types.ts';

/** The seller's receiving details for the order's method, copied onto the order when matched. */
export function snapshotPaymentDetails(tx: TxExec, o: Order): Promise<Record<string, string>> {
  return receivingDetails(tx, sellerOf(o)!, o.paymentMethod, o.fiatCurrency);
}

export async function receivingDetails(tx: TxExec, seller: number, method: string, currency: string): Promise<Record<string, string>> {
  const rows = await tx`
    SELECT kind, label, details FROM user_payment_methods
    WHERE user_id = ${seller} AND kind = ${method} AND active AND (currency IS NULL OR currency = ${currency})
    ORDER BY id LIMIT 1`;
  if (!rows[0]) throw new DeskError('missing_payment_details', { method });
  return { method: rows[0].kind, ...(rows[0].label ? { label: rows[0].label } : {}), ...rows[0].details };
}
