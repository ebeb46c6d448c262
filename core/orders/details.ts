import type { TxExec } from '../db.ts';
import { DeskError } from '../errors.ts';
import { sellerOf } from './row.ts';
import type { Order } from './types.ts';

/** The seller's receiving details for the order's method, copied onto the order when matched. */
export async function snapshotPaymentDetails(tx: TxExec, o: Order): Promise<Record<string, string>> {
  const seller = sellerOf(o);
  const rows = await tx`
    SELECT kind, label, details FROM user_payment_methods
    WHERE user_id = ${seller} AND kind = ${o.paymentMethod} AND active AND (currency IS NULL OR currency = ${o.fiatCurrency})
    ORDER BY id LIMIT 1`;
  if (!rows[0]) throw new DeskError('missing_payment_details', { method: o.paymentMethod });
  return { method: rows[0].kind, ...(rows[0].label ? { label: rows[0].label } : {}), ...rows[0].details };
}
