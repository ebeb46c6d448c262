// The withdrawal state machine. Every status change is one conditional UPDATE in the same
// transaction as its ledger transfers, its withdrawal_events row and its outbox events.
//
//   request → awaiting_approval (above the threshold) ─approve→ approved ─sign→ signed ─→ broadcast ─→ confirmed
//           ↘ approved                                  ↘ reject → rejected                       ↘ failed
//
// Ledger: at request two holds leave the owner's available balance — the amount to the
// desk's chain_out and the fee to the desk's fees account (separate, so reports see fees
// apart from payouts). Confirmed posts both; rejected or failed voids both (full refund).
import { inTx, type Exec, type TxExec } from '../db.ts';
import { DeskError } from '../errors.ts';
import { emit, type OutboxEvent } from '../outbox.ts';
import { DESK, accountId, hold, postPending, voidPending, LedgerError } from '../ledger/index.ts';
import { formatUsdt } from './amounts.ts';
import { withdrawalRules, withdrawnLast24h, type WithdrawalRules } from './limits.ts';
import type { ChainName, WalletOwner } from './types.ts';

export type WithdrawalStatus = 'awaiting_approval' | 'approved' | 'signed' | 'broadcast' | 'confirmed' | 'failed' | 'rejected';

export interface Withdrawal {
  id: number;
  ownerType: 'user' | 'merchant';
  ownerId: number;
  chain: ChainName;
  toAddress: string;
  amount: bigint;
  fee: bigint;
  status: WithdrawalStatus;
  requestKey: string | null;
  hotWallet: string | null;
  nonce: number | null;
  txHash: string | null;
  signedTx: string | null;
  expiresAt: string | null;
  broadcastAttempts: number;
  lastError: string | null;
  decidedBy: string | null;
  rejectReason: string | null;
  failReason: string | null;
  createdAt: string;
  updatedAt: string;
}

const fromRow = (r: any): Withdrawal => ({
  id: Number(r.id), ownerType: r.owner_type, ownerId: Number(r.owner_id), chain: r.chain, toAddress: r.to_address,
  amount: r.amount, fee: r.fee, status: r.status, requestKey: r.request_key, hotWallet: r.hot_wallet,
  nonce: r.nonce === null ? null : Number(r.nonce), txHash: r.tx_hash, signedTx: r.signed_tx,
  expiresAt: r.expires_at ? String(r.expires_at) : null, broadcastAttempts: r.broadcast_attempts, lastError: r.last_error,
  decidedBy: r.decided_by, rejectReason: r.reject_reason, failReason: r.fail_reason,
  createdAt: String(r.created_at), updatedAt: String(r.updated_at),
});

const holdId = (id: number) => `withdrawal:${id}:hold`;
const feeHoldId = (id: number) => `withdrawal:${id}:fee`;

function ownerNotice(w: Withdrawal, topic: string, extra: Record<string, unknown> = {}): OutboxEvent {
  const payload = { withdrawalId: w.id, chain: w.chain, toAddress: w.toAddress, amount: w.amount.toString(), amountText: formatUsdt(w.amount),
    fee: w.fee.toString(), feeText: formatUsdt(w.fee), txHash: w.txHash, ...extra };
  return w.ownerType === 'user'
    ? { channel: 'telegram', topic, payload: { userId: w.ownerId, ...payload } }
    : { channel: 'webhook', topic, payload: { merchantId: w.ownerId, ...payload } };
}

async function event(tx: TxExec, id: number, from: string | null, to: string, actor: string, detail?: Record<string, unknown>) {
  await tx`INSERT INTO withdrawal_events (withdrawal_id, from_status, to_status, actor, detail)
           VALUES (${id}, ${from}, ${to}, ${actor}, ${detail ? JSON.stringify(detail) : null}::jsonb)`;
}

export interface WithdrawalRequest {
  owner: WalletOwner;
  chain: ChainName;
  /** Already validated and normalised by the chain layer (chain/withdraw.ts). */
  toAddress: string;
  amount: bigint;
  /** Idempotency key from the surface (e.g. the confirm button's nonce): a retry returns the first withdrawal. */
  requestKey?: string;
  actor?: string;
}

/**
 * Creates a withdrawal and holds amount + fee. Refusals (DeskError, nothing changed):
 * invalid_amount, below_minimum {min}, above_maximum {max}, outside_limits {limit:'daily', remaining},
 * insufficient_funds {needed}, frozen, invalid_input {field:'chain'}.
 */
export async function requestWithdrawal(exec: Exec, req: WithdrawalRequest, rulesIn?: WithdrawalRules): Promise<{ withdrawal: Withdrawal; created: boolean }> {
  if (typeof req.amount !== 'bigint' || req.amount <= 0n) throw new DeskError('invalid_amount');
  return inTx(exec, async (tx) => {
    const rules = rulesIn ?? (await withdrawalRules(tx));
    const fee = rules.fees[req.chain];
    if (fee === undefined) throw new DeskError('invalid_input', { field: 'chain' });
    if (req.amount < rules.min) throw new DeskError('below_minimum', { min: formatUsdt(rules.min) });
    if (req.amount > rules.max) throw new DeskError('above_maximum', { max: formatUsdt(rules.max) });
    // One requester at a time per owner, so two requests cannot both fit under the daily
    // limit and a retried request key finds the first one.
    await tx`SELECT pg_advisory_xact_lock(hashtext(${'withdraw:' + req.owner.type + ':' + req.owner.id}))`;
    if (req.requestKey) {
      const [prev] = await tx`SELECT * FROM withdrawals WHERE owner_type = ${req.owner.type} AND owner_id = ${req.owner.id} AND request_key = ${req.requestKey}`;
      if (prev) return { withdrawal: fromRow(prev), created: false };
    }
    if (req.owner.type === 'user') {
      const [u] = await tx`SELECT frozen FROM users WHERE id = ${req.owner.id}`;
      if (u?.frozen) throw new DeskError('frozen');
    }
    const used = await withdrawnLast24h(tx, req.owner);
    if (used + req.amount > rules.daily) {
      const remaining = rules.daily > used ? rules.daily - used : 0n;
      throw new DeskError('outside_limits', { limit: 'daily', remaining: formatUsdt(remaining) });
    }
    const status: WithdrawalStatus = req.amount > rules.approvalThreshold ? 'awaiting_approval' : 'approved';
    const [row] = await tx`
      INSERT INTO withdrawals (owner_type, owner_id, chain, to_address, amount, fee, status, request_key)
      VALUES (${req.owner.type}, ${req.owner.id}, ${req.chain}, ${req.toAddress}, ${req.amount.toString()}, ${fee.toString()}, ${status}, ${req.requestKey ?? null})
      RETURNING *`;
    const w = fromRow(row);
    const from = await accountId(tx, req.owner, 'available');
    try {
      await hold(tx, { id: holdId(w.id), debitAccountId: from, creditAccountId: await accountId(tx, DESK, 'chain_out'), amount: w.amount, code: 'withdrawal', userData: { withdrawalId: w.id } });
      if (fee > 0n) await hold(tx, { id: feeHoldId(w.id), debitAccountId: from, creditAccountId: await accountId(tx, DESK, 'fees'), amount: fee, code: 'withdrawal_fee', userData: { withdrawalId: w.id } });
    } catch (e) {
      if (e instanceof LedgerError && e.code === 'insufficient_funds') throw new DeskError('insufficient_funds', { needed: formatUsdt(w.amount + fee) });
      throw e;
    }
    await event(tx, w.id, null, status, req.actor ?? `${req.owner.type}:${req.owner.id}`);
    const events = [ownerNotice(w, status === 'approved' ? 'withdrawal.requested' : 'withdrawal.awaiting_approval')];
    if (status === 'awaiting_approval') events.push({ channel: 'admin', topic: 'withdrawal.awaiting_approval', payload: { withdrawalId: w.id, chain: w.chain, amount: w.amount.toString(), ownerType: w.ownerType, ownerId: w.ownerId } });
    await emit(tx, ...events);
    return { withdrawal: w, created: true };
  });
}

/** One conditional status change; throws already_done / invalid_transition when the row is elsewhere. */
async function move(tx: TxExec, id: number, from: WithdrawalStatus[], to: WithdrawalStatus, set: Record<string, unknown> = {}): Promise<Withdrawal> {
  const values: Record<string, any> = { ...set, status: to, updated_at: new Date().toISOString() };
  const rows = await tx`
    UPDATE withdrawals SET ${tx(values)}
    WHERE id = ${id} AND status IN ${tx(from)} RETURNING *`;
  if (rows.length === 1) return fromRow(rows[0]);
  const [cur] = await tx`SELECT status FROM withdrawals WHERE id = ${id}`;
  if (!cur) throw new DeskError('not_found', { what: 'withdrawal', id });
  if (cur.status === to) throw new DeskError('already_done', { status: cur.status });
  throw new DeskError('invalid_transition', { from: cur.status, to });
}

/** Admin approval of a withdrawal above the threshold: awaiting_approval → approved. */
export async function approveWithdrawal(exec: Exec, id: number, actor: string): Promise<Withdrawal> {
  return inTx(exec, async (tx) => {
    const w = await move(tx, id, ['awaiting_approval'], 'approved', { decided_by: actor });
    await event(tx, id, 'awaiting_approval', 'approved', actor);
    await emit(tx, ownerNotice(w, 'withdrawal.approved'));
    return w;
  });
}

/** Admin rejection: awaiting_approval → rejected, the holds are voided (full refund). */
export async function rejectWithdrawal(exec: Exec, id: number, actor: string, reason: string): Promise<Withdrawal> {
  if (!reason.trim()) throw new DeskError('invalid_input', { field: 'reason' });
  return inTx(exec, async (tx) => {
    const w = await move(tx, id, ['awaiting_approval'], 'rejected', { decided_by: actor, reject_reason: reason, finished_at: new Date().toISOString() });
    await releaseHolds(tx, w, 'void');
    await event(tx, id, 'awaiting_approval', 'rejected', actor, { reason });
    await emit(tx, ownerNotice(w, 'withdrawal.rejected', { reason }));
    return w;
  });
}

async function releaseHolds(tx: TxExec, w: Withdrawal, how: 'post' | 'void') {
  const fn = how === 'post' ? postPending : voidPending;
  await fn(tx, { id: `${holdId(w.id)}:${how}`, pendingId: holdId(w.id), code: how === 'post' ? 'withdrawal' : 'withdrawal_refund' });
  if (w.fee > 0n) await fn(tx, { id: `${feeHoldId(w.id)}:${how}`, pendingId: feeHoldId(w.id), code: how === 'post' ? 'withdrawal_fee' : 'withdrawal_fee_refund' });
}

export interface SignedTx {
  signedTx: string;
  txHash: string;
  hotWallet: string;
  nonce?: number;
  expiresAt?: Date;
}

/**
 * Claims the oldest approved withdrawal of `chain` (FOR UPDATE SKIP LOCKED), lets `sign`
 * produce the signed transaction (with the hot wallet's next nonce on EVM), and stores it
 * — status 'signed' — before anything is broadcast. Returns null when there is no work.
 * A crash before the commit leaves no trace (nothing was broadcast; the nonce is not consumed).
 */
export async function signNextWithdrawal(
  exec: Exec,
  chain: ChainName,
  sign: (w: Withdrawal, nextNonce: () => Promise<number>) => Promise<SignedTx>,
): Promise<Withdrawal | null> {
  return inTx(exec, async (tx) => {
    const [row] = await tx`SELECT * FROM withdrawals WHERE chain = ${chain} AND status = 'approved' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`;
    if (!row) return null;
    const w = fromRow(row);
    const nextNonce = async () => {
      // The row lock on the hot wallet orders signers: nonces are handed out gap-free in commit order.
      const [n] = await tx`UPDATE hot_wallets SET next_nonce = next_nonce + 1, updated_at = now() WHERE chain = ${chain} RETURNING next_nonce - 1 AS nonce`;
      if (!n) throw new Error(`no hot wallet row for ${chain}`);
      return Number(n.nonce);
    };
    const s = await sign(w, nextNonce);
    const out = await move(tx, w.id, ['approved'], 'signed', {
      signed_tx: s.signedTx, tx_hash: s.txHash, hot_wallet: s.hotWallet, nonce: s.nonce ?? null,
      expires_at: s.expiresAt ? s.expiresAt.toISOString() : null, signed_at: new Date().toISOString(),
    });
    await event(tx, w.id, 'approved', 'signed', 'system', { txHash: s.txHash, nonce: s.nonce ?? null });
    return out;
  });
}

/** Withdrawals whose stored transaction must be (re)broadcast or tracked, claimed for this worker's transaction. */
export async function claimInFlight(tx: TxExec, chain: ChainName, limit: number): Promise<Withdrawal[]> {
  const rows = await tx`SELECT * FROM withdrawals WHERE chain = ${chain} AND status IN ('signed', 'broadcast')
                        ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
  return rows.map(fromRow);
}

/** The node accepted the stored transaction (or already knew it): signed → broadcast. */
export async function markBroadcast(tx: TxExec, w: Withdrawal): Promise<Withdrawal> {
  if (w.status === 'broadcast') {
    const [r] = await tx`UPDATE withdrawals SET broadcast_attempts = broadcast_attempts + 1, last_error = NULL, updated_at = now() WHERE id = ${w.id} RETURNING *`;
    return fromRow(r);
  }
  const out = await move(tx, w.id, ['signed'], 'broadcast', { broadcast_at: new Date().toISOString(), broadcast_attempts: w.broadcastAttempts + 1, last_error: null });
  await event(tx, w.id, 'signed', 'broadcast', 'system', { txHash: w.txHash });
  await emit(tx, ownerNotice(out, 'withdrawal.broadcast'));
  return out;
}

/** The node refused the stored transaction; it will be retried as is. Admins hear about it once, at the 10th refusal. */
export async function noteBroadcastError(tx: TxExec, w: Withdrawal, error: string): Promise<void> {
  const [r] = await tx`UPDATE withdrawals SET broadcast_attempts = broadcast_attempts + 1, last_error = ${error.slice(0, 500)}, updated_at = now()
                       WHERE id = ${w.id} RETURNING broadcast_attempts`;
  if (r?.broadcast_attempts === STUCK_AFTER) {
    await emit(tx, { channel: 'admin', topic: 'withdrawal.stuck', payload: { withdrawalId: w.id, chain: w.chain, txHash: w.txHash, error: error.slice(0, 200) } });
  }
}

const STUCK_AFTER = 10;

/** Final outcome judged from the chain (receipt status and Transfer event): post or void the holds. */
export async function finishWithdrawal(tx: TxExec, w: Withdrawal, outcome: { ok: true } | { ok: false; reason: string }): Promise<Withdrawal> {
  const to: WithdrawalStatus = outcome.ok ? 'confirmed' : 'failed';
  const out = await move(tx, w.id, ['signed', 'broadcast'], to, {
    finished_at: new Date().toISOString(), fail_reason: outcome.ok ? null : outcome.reason,
  });
  await releaseHolds(tx, out, outcome.ok ? 'post' : 'void');
  await event(tx, w.id, w.status, to, 'system', outcome.ok ? { txHash: w.txHash } : { reason: outcome.reason });
  await emit(tx, ownerNotice(out, outcome.ok ? 'withdrawal.confirmed' : 'withdrawal.failed', outcome.ok ? {} : { reason: outcome.reason }));
  return out;
}

export async function getWithdrawal(exec: Exec, id: number): Promise<Withdrawal | null> {
  const [r] = await exec`SELECT * FROM withdrawals WHERE id = ${id}`;
  return r ? fromRow(r) : null;
}

export interface WithdrawalFilter {
  status?: WithdrawalStatus | WithdrawalStatus[];
  owner?: WalletOwner;
  chain?: ChainName;
  /** Keyset paging: rows with id < beforeId. */
  beforeId?: number;
  limit?: number;
}

export async function listWithdrawals(exec: Exec, f: WithdrawalFilter = {}): Promise<Withdrawal[]> {
  const statuses = f.status === undefined ? null : Array.isArray(f.status) ? f.status : [f.status];
  const rows = await exec`
    SELECT * FROM withdrawals WHERE true
      ${statuses ? exec`AND status IN ${exec(statuses)}` : exec``}
      ${f.owner ? exec`AND owner_type = ${f.owner.type} AND owner_id = ${f.owner.id}` : exec``}
      ${f.chain ? exec`AND chain = ${f.chain}` : exec``}
      ${f.beforeId ? exec`AND id < ${f.beforeId}` : exec``}
    ORDER BY id DESC LIMIT ${Math.min(f.limit ?? 50, 500)}`;
  return rows.map(fromRow);
}

/** The admin queue: withdrawals waiting for a decision, oldest first. */
export async function listAwaitingApproval(exec: Exec, limit = 50): Promise<Withdrawal[]> {
  const rows = await exec`SELECT * FROM withdrawals WHERE status = 'awaiting_approval' ORDER BY id LIMIT ${limit}`;
  return rows.map(fromRow);
}

export async function withdrawalHistory(exec: Exec, id: number) {
  const rows = await exec`SELECT from_status, to_status, actor, detail, created_at FROM withdrawal_events WHERE withdrawal_id = ${id} ORDER BY id`;
  return rows.map((r) => ({ from: r.from_status as string | null, to: r.to_status as string, actor: r.actor as string, detail: r.detail, at: String(r.created_at) }));
}
