import type { Exec } from '../db.ts';
import { mapLedgerError } from './errors.ts';
import { isLimited, type AccountKind, type Owner } from './accounts.ts';

/** An account named by owner and kind, created on first use inside the transfer's own statement. */
export interface AccountRef {
  owner: Owner;
  kind: AccountKind;
}

export type AccountSpec = number | AccountRef;

function accountSql(exec: Exec, a: AccountSpec | null) {
  if (a === null) return exec`${null}::bigint`;
  if (typeof a === 'number') return exec`${a}::bigint`;
  return exec`ensure_account(${a.owner.type}, ${a.owner.id}::bigint, ${a.kind}, ${isLimited(a.owner, a.kind)})`;
}

export interface TransferResult {
  /** 'created' the first time; 'exists' when this id was already applied (a retry). */
  result: 'created' | 'exists';
  debitAccountId: number;
  creditAccountId: number;
  amount: bigint;
}

export interface NewTransfer {
  /** Caller-chosen idempotency key, e.g. `order:42:lock`. */
  id: string;
  debitAccountId: AccountSpec;
  creditAccountId: AccountSpec;
  amount: bigint;
  code: string;
  timeoutAt?: Date;
  userData?: unknown;
}

async function call(
  exec: Exec,
  id: string,
  debit: AccountSpec | null,
  credit: AccountSpec | null,
  amount: bigint | null,
  kind: 'posted' | 'pending' | 'post_pending' | 'void_pending',
  pendingId: string | null,
  code: string,
  timeoutAt: Date | null,
  userData: unknown,
): Promise<TransferResult> {
  try {
    const [r] = await exec`
      SELECT result, t_debit, t_credit, t_amount FROM ledger_transfer(
        ${id}, ${accountSql(exec, debit)}, ${accountSql(exec, credit)}, ${amount === null ? null : amount.toString()}::bigint, ${kind},
        ${pendingId}, ${code}, ${timeoutAt ? timeoutAt.toISOString() : null}::timestamptz, ${userData === undefined || userData === null ? null : JSON.stringify(userData)}::jsonb)`;
    return { result: r.result, debitAccountId: Number(r.t_debit), creditAccountId: Number(r.t_credit), amount: BigInt(r.t_amount) };
  } catch (e) {
    mapLedgerError(e);
  }
}

/** A single-phase transfer: posted at once. */
export function transfer(exec: Exec, t: NewTransfer): Promise<TransferResult> {
  return call(exec, t.id, t.debitAccountId, t.creditAccountId, t.amount, 'posted', null, t.code, t.timeoutAt ?? null, t.userData);
}

/** Phase one: holds `amount` on the debit account until posted or voided. */
export function hold(exec: Exec, t: NewTransfer): Promise<TransferResult> {
  return call(exec, t.id, t.debitAccountId, t.creditAccountId, t.amount, 'pending', null, t.code, t.timeoutAt ?? null, t.userData);
}

/** Phase two: posts all of a pending transfer, or part of it (the rest returns to the debit account). */
export function postPending(exec: Exec, p: { id: string; pendingId: string; code: string; amount?: bigint }): Promise<TransferResult> {
  return call(exec, p.id, null, null, p.amount ?? null, 'post_pending', p.pendingId, p.code, null, undefined);
}

/** Phase two: releases the whole hold back to the debit account. */
export function voidPending(exec: Exec, p: { id: string; pendingId: string; code: string }): Promise<TransferResult> {
  return call(exec, p.id, null, null, null, 'void_pending', p.pendingId, p.code, null, undefined);
}
