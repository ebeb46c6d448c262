import { DeskError } from '../errors.ts';

export type LedgerErrorCode =
  | 'id_conflict'
  | 'invalid_amount'
  | 'invalid_accounts'
  | 'invalid_kind'
  | 'pending_not_found'
  | 'pending_already_resolved'
  | 'pending_expired'
  | 'account_not_found'
  | 'insufficient_funds'
  | 'exceeds_debits';

export class LedgerError extends Error {
  constructor(readonly code: LedgerErrorCode, readonly detail?: string) {
    super(`ledger: ${code}${detail ? ` (${detail})` : ''}`);
    this.name = 'LedgerError';
  }
}

/** Turns the database's refusal into a typed error; anything else is rethrown untouched. */
export function mapLedgerError(e: unknown): never {
  const err = e as { message?: string; detail?: string; code?: string; constraint_name?: string };
  if (typeof err?.message === 'string' && err.message.startsWith('ledger:')) {
    throw new LedgerError(err.message.slice(7) as LedgerErrorCode, err.detail);
  }
  if (err?.code === '23505' && err.constraint_name === 'transfers_pending_resolution_uq') {
    throw new LedgerError('pending_already_resolved');
  }
  if (err?.code === '23514' && err.constraint_name?.startsWith('accounts_')) {
    throw new LedgerError('insufficient_funds', err.constraint_name);
  }
  throw e;
}

/** For surfaces: a ledger refusal a user can act on becomes a DeskError. */
export function toDeskError(e: unknown): never {
  if (e instanceof LedgerError && e.code === 'insufficient_funds') throw new DeskError('insufficient_funds');
  if (e instanceof LedgerError && e.code === 'pending_already_resolved') throw new DeskError('already_done');
  throw e;
}
