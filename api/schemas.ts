import { z } from 'zod';

/** Plain digits with an optional fraction: no sign, grouping or exponent. */
export const PLAIN_DECIMAL = /^\d{1,20}(\.\d{1,18})?$/;

// Amounts travel as decimal strings in major units ("100.50"): JSON numbers would pass
// through a float on many clients. Here the field is only typed (the pattern is for the
// OpenAPI description); the handler judges it with parseDecimal against the currency's
// exponent, so a "-5" or "1e3" gets a specific invalid_amount reason.
const decimal = z.string().max(40).meta({ pattern: PLAIN_DECIMAL.source, example: '100.50' });
const text = (max: number) => z.string().min(1).max(max).regex(/^[\x20-\x7e]+$/, 'printable ASCII');

export const payinCreate = z.strictObject({
  merchant_order_id: text(128).describe('Your order id; unique per merchant.'),
  amount: decimal.describe('Fiat amount in major units, at most the currency\'s decimals (CNY "100.50", JPY "1500").'),
  currency: z.string().regex(/^[A-Z]{3}$/).describe('ISO 4217 code enabled for your account.'),
  payment_method: z.string().regex(/^[a-z_]{1,32}$/).optional().describe('bank (default), alipay, wechat, cash, ewallet.'),
  customer_reference: text(128).optional().describe('Your reference for the customer; returned as is.'),
});
export type PayinCreate = z.infer<typeof payinCreate>;

export const payinCancel = z.strictObject({
  reason: z.string().max(200).optional(),
});

export const payoutCreate = z.strictObject({
  amount: decimal.describe('USDT in major units, at most 6 decimals.'),
  chain: z.enum(['tron', 'ethereum', 'bsc', 'polygon']),
  address: z.string().min(20).max(64).regex(/^[A-Za-z0-9]+$/).describe('Recipient address on that chain.'),
});
export type PayoutCreate = z.infer<typeof payoutCreate>;

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;
