import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DeskError, type DeskErrorCode } from '../core/errors.ts';

/** Every error answer has this shape: `{ "error": { "code", "message", "params"? } }`. */
export function apiError(c: Context, status: ContentfulStatusCode, code: string, message: string, params?: Record<string, unknown>) {
  return c.json({ error: params && Object.keys(params).length ? { code, message, params } : { code, message } }, status);
}

const STATUS: Partial<Record<DeskErrorCode, ContentfulStatusCode>> = {
  not_found: 404,
  not_your_order: 404,
  forbidden: 403,
  frozen: 403,
  invalid_transition: 409,
  already_done: 409,
  too_early: 409,
  too_late: 409,
  no_acceptor: 409,
  acceptor_unavailable: 409,
  ledger_conflict: 409,
  invalid_amount: 422,
  unknown_currency: 422,
  unknown_payment_method: 422,
  outside_limits: 422,
  below_minimum: 422,
  above_maximum: 422,
  kyc_limit: 422,
  margin_too_low: 422,
  cancel_limit: 422,
  insufficient_funds: 422,
  invalid_input: 422,
};

const MESSAGES: Partial<Record<DeskErrorCode, string>> = {
  not_found: 'No such object for this merchant.',
  not_your_order: 'No such object for this merchant.',
  forbidden: 'Not allowed.',
  frozen: 'This merchant account is suspended.',
  invalid_transition: 'The pay-in is not in a state that allows this.',
  already_done: 'Already done: the object is no longer in a state that allows this.',
  too_early: 'Too early for this action.',
  too_late: 'Too late for this action.',
  no_acceptor: 'No payment partner is available for this amount, currency and method right now; retry later.',
  acceptor_unavailable: 'The payment partner is no longer available.',
  invalid_amount: 'The amount is not valid.',
  unknown_currency: 'This currency is not enabled for this merchant.',
  unknown_payment_method: 'This payment method is not available for this currency.',
  outside_limits: 'The amount is outside the limits of every available payment partner or of the daily limit.',
  below_minimum: 'The amount is below the minimum.',
  above_maximum: 'The amount is above the maximum.',
  insufficient_funds: 'The balance is not enough for this amount and its fee.',
  invalid_input: 'The request is not valid.',
};

/** Maps a core refusal to an HTTP answer; anything else is a bug and surfaces as 500. */
export function deskErrorResponse(c: Context, e: DeskError) {
  if (e.code === 'invalid_input' && e.params.field === 'merchantOrderId' && e.params.reason === 'duplicate') {
    return apiError(c, 409, 'duplicate_merchant_order_id', 'A pay-in with this merchant_order_id already exists.', { payin_id: e.params.orderId });
  }
  if (e.code === 'unknown_currency' && e.params.reason === 'not_enabled') {
    return apiError(c, 422, 'currency_not_enabled', `${e.params.currency} is not enabled for this merchant.`);
  }
  return apiError(c, STATUS[e.code] ?? 500, e.code, MESSAGES[e.code] ?? e.message, e.params);
}
