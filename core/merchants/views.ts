import { formatUnits } from '../money/decimal.ts';
import type { Order } from '../orders/types.ts';
import type { MerchantPayin } from './payins.ts';

/**
 * The status a merchant sees. `paid` means the acceptor confirmed the fiat and the
 * merchant's balance was credited; `payment_sent` only that the customer says so.
 */
export type PayinStatus = 'pending' | 'awaiting_payment' | 'payment_sent' | 'paid' | 'cancelled' | 'expired' | 'disputed';

export function payinStatus(o: Pick<Order, 'status' | 'resolution'>): PayinStatus {
  switch (o.status) {
    case 'created':
    case 'claimed':
      return 'pending';
    case 'matched':
      return 'awaiting_payment';
    case 'paid':
      return 'payment_sent';
    case 'released':
      return 'paid';
    case 'disputed':
      return 'disputed';
    case 'resolved':
      return o.resolution === 'refund' ? 'cancelled' : 'paid';
    case 'expired':
      return 'expired';
    default:
      return 'cancelled';
  }
}

export const payinReference = (orderId: number) => `PAY${orderId}`;

const FIELD_ORDER = ['holder', 'bank', 'provider', 'account', 'city'];

/**
 * What the customer needs to pay: the acceptor's receiving fields in a stable order. The
 * order's snapshot also carries `method` (shown separately) and the acceptor's private
 * `label` for the account, which stay out.
 */
export function customerDetails(details: Record<string, string>): Record<string, string> {
  const keys = Object.keys(details).filter((k) => k !== 'method' && k !== 'label');
  const rank = (k: string) => (FIELD_ORDER.includes(k) ? FIELD_ORDER.indexOf(k) : FIELD_ORDER.length);
  keys.sort((a, b) => rank(a) - rank(b));
  return Object.fromEntries(keys.map((k) => [k, String(details[k])]));
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export interface PayinJson {
  id: number;
  object: 'payin';
  merchant_order_id: string | null;
  status: PayinStatus;
  order_status: string;
  amount: string;
  currency: string;
  usdt_amount: string;
  fee: string;
  credited: string | null;
  price: string | null;
  payment_method: string;
  customer_reference: string | null;
  instructions: { method: string; details: Record<string, string>; amount: string; currency: string; reference: string } | null;
  payment_url: string;
  expires_at: string | null;
  created_at: string;
  paid_at: string | null;
  closed_at: string | null;
}

/** The API (and webhook) representation: every amount a decimal string in major units. */
export function payinJson(p: MerchantPayin, exponent: number, pageBaseUrl: string): PayinJson {
  const o = p.order;
  const amount = formatUnits(o.fiatAmount, exponent, false);
  const open = o.status === 'matched' || o.status === 'paid';
  return {
    id: o.id,
    object: 'payin',
    merchant_order_id: o.merchantOrderId,
    status: payinStatus(o),
    order_status: o.status,
    amount,
    currency: o.fiatCurrency,
    usdt_amount: formatUnits(o.usdtAmount, 6, false),
    fee: formatUnits(o.fee, 6, false),
    credited: p.credited === null ? null : formatUnits(p.credited, 6, false),
    price: o.price,
    payment_method: o.paymentMethod,
    customer_reference: o.customerRef,
    instructions: open && o.paymentDetails
      ? { method: o.paymentMethod, details: customerDetails(o.paymentDetails), amount, currency: o.fiatCurrency, reference: payinReference(o.id) }
      : null,
    payment_url: `${pageBaseUrl.replace(/\/$/, '')}/pay/${p.token}`,
    expires_at: iso(o.status === 'matched' ? o.payDeadline : o.status === 'created' || o.status === 'claimed' ? o.matchDeadline : null),
    created_at: iso(o.createdAt)!,
    paid_at: iso(o.paidAt),
    closed_at: iso(o.closedAt),
  };
}
