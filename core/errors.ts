/**
 * Every refusal the desk gives is a DeskError with a stable code; surfaces map the code
 * to a translated message (bot), an HTTP status (API) or a flash (admin).
 */
export type DeskErrorCode =
  | 'invalid_amount'
  | 'unknown_currency'
  | 'unknown_payment_method'
  | 'outside_limits'
  | 'below_minimum'
  | 'above_maximum'
  | 'kyc_limit'
  | 'not_found'
  | 'forbidden'
  | 'not_your_order'
  | 'invalid_transition'
  | 'already_done'
  | 'too_early'
  | 'too_late'
  | 'insufficient_funds'
  | 'no_acceptor'
  | 'acceptor_unavailable'
  | 'margin_too_low'
  | 'cancel_limit'
  | 'frozen'
  | 'invalid_input'
  | 'missing_payment_details'
  | 'ledger_conflict';

export class DeskError extends Error {
  constructor(
    readonly code: DeskErrorCode,
    readonly params: Record<string, string | number> = {},
    message?: string,
  ) {
    super(message ?? `${code}${Object.keys(params).length ? ' ' + JSON.stringify(params) : ''}`);
    this.name = 'DeskError';
  }
}

export const isDeskError = (e: unknown, code?: DeskErrorCode): e is DeskError =>
  e instanceof DeskError && (code === undefined || e.code === code);
