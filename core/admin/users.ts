import type { Exec } from '../db.ts';
import { inTx } from '../db.ts';
import { DeskError } from '../errors.ts';
import { emit } from '../outbox.ts';
import { audit } from './audit.ts';
import type { AdminCtx } from './context.ts';
import { kycStatus, type KycState } from '../kyc/index.ts';

export interface UserRow {
  id: number;
  telegramId: string | null;
  username: string | null;
  firstName: string | null;
  frozen: boolean;
  frozenReason: string | null;
  kycTier: number;
  createdAt: string;
  acceptorStatus: string | null;
}

const toUser = (r: any): UserRow => ({
  id: Number(r.id), telegramId: r.telegram_id === null ? null : String(r.telegram_id), username: r.username,
  firstName: r.first_name, frozen: r.frozen, frozenReason: r.frozen_reason, kycTier: r.kyc_tier,
  createdAt: String(r.created_at), acceptorStatus: r.acceptor_status ?? null,
});

/** By internal id, Telegram id or username (prefix, with or without @). */
export async function searchUsers(exec: Exec, query: string, limit = 50): Promise<UserRow[]> {
  const q = query.trim().replace(/^@/, '');
  const base = exec`SELECT u.*, a.status AS acceptor_status FROM users u LEFT JOIN acceptors a ON a.user_id = u.id`;
  if (q === '') return (await exec`${base} ORDER BY u.id DESC LIMIT ${limit}`).map(toUser);
  if (/^\d{1,19}$/.test(q)) {
    return (await exec`${base} WHERE u.id = ${q}::bigint OR u.telegram_id = ${q}::bigint ORDER BY u.id LIMIT ${limit}`).map(toUser);
  }
  const like = q.replace(/[\\%_]/g, '\\$&') + '%';
  return (await exec`${base} WHERE u.username ILIKE ${like} ORDER BY u.username LIMIT ${limit}`).map(toUser);
}

export interface UserDetail {
  user: UserRow;
  accounts: { kind: string; posted: bigint; held: bigint; incoming: bigint }[];
  orders: any[];
  kyc: KycState;
  kycHistory: any[];
  acceptor: Record<string, any> | null;
}

export async function userDetail(exec: Exec, userId: number): Promise<UserDetail | null> {
  const [u] = await exec`SELECT u.*, a.status AS acceptor_status FROM users u LEFT JOIN acceptors a ON a.user_id = u.id WHERE u.id = ${userId}`;
  if (!u) return null;
  const accounts = await exec`
    SELECT kind, credits_posted - debits_posted AS posted, debits_pending AS held, credits_pending AS incoming
    FROM accounts WHERE owner_type = 'user' AND owner_id = ${userId} ORDER BY kind`;
  const orders = await exec`
    SELECT o.id, o.side, o.status, o.usdt_amount, o.fiat_amount, o.fiat_currency, coalesce(c.exponent, 2) AS exponent, o.trader_id, o.acceptor_id, o.created_at
    FROM orders o LEFT JOIN currencies c ON c.code = o.fiat_currency
    WHERE o.trader_id = ${userId} OR o.acceptor_id = ${userId} ORDER BY o.id DESC LIMIT 30`;
  const kycHistory = await exec`SELECT id, status, tier, reason, reviewer_name, created_at, reviewed_at FROM kyc_submissions WHERE user_id = ${userId} ORDER BY id DESC LIMIT 10`;
  const [acceptor] = await exec`SELECT * FROM acceptors WHERE user_id = ${userId}`;
  return {
    user: toUser(u),
    accounts: accounts.map((r: any) => ({ kind: r.kind, posted: r.posted, held: r.held, incoming: r.incoming })),
    orders, kyc: await kycStatus(exec, userId), kycHistory, acceptor: acceptor ?? null,
  };
}

function requireReason(reason: string): string {
  const r = reason.trim();
  if (r.length < 3 || r.length > 1000) throw new DeskError('invalid_input', { field: 'reason' });
  return r;
}

export async function freezeUser(exec: Exec, userId: number, reason: string, ctx: AdminCtx): Promise<void> {
  const why = requireReason(reason);
  await inTx(exec, async (tx) => {
    const rows = await tx`UPDATE users SET frozen = true, frozen_reason = ${why} WHERE id = ${userId} AND NOT frozen RETURNING id`;
    if (!rows[0]) throw await notFoundOr(tx, userId, 'frozen');
    await emit(tx, { channel: 'telegram', topic: 'user.frozen', payload: { userId, reason: why } });
    await audit(tx, { adminId: ctx.adminId, action: 'user.freeze', target: `user:${userId}`, before: { frozen: false }, after: { frozen: true, reason: why }, ip: ctx.ip });
  });
}

export async function unfreezeUser(exec: Exec, userId: number, reason: string, ctx: AdminCtx): Promise<void> {
  const why = requireReason(reason);
  await inTx(exec, async (tx) => {
    const rows = await tx`
      UPDATE users u SET frozen = false, frozen_reason = NULL FROM (SELECT id, frozen_reason FROM users WHERE id = ${userId} FOR UPDATE) old
      WHERE u.id = old.id AND u.frozen RETURNING old.frozen_reason`;
    if (!rows[0]) throw await notFoundOr(tx, userId, 'not frozen');
    await emit(tx, { channel: 'telegram', topic: 'user.unfrozen', payload: { userId } });
    await audit(tx, { adminId: ctx.adminId, action: 'user.unfreeze', target: `user:${userId}`, before: { frozen: true, reason: rows[0].frozen_reason }, after: { frozen: false, reason: why }, ip: ctx.ip });
  });
}

async function notFoundOr(exec: Exec, userId: number, status: string): Promise<DeskError> {
  const [u] = await exec`SELECT 1 FROM users WHERE id = ${userId}`;
  return u ? new DeskError('already_done', { status }) : new DeskError('not_found', { userId });
}

export type AcceptorDecision = 'approve' | 'reject' | 'suspend' | 'reinstate';
const MOVES: Record<AcceptorDecision, { from: string[]; to: string }> = {
  approve: { from: ['pending'], to: 'approved' },
  reject: { from: ['pending'], to: 'rejected' },
  suspend: { from: ['approved'], to: 'suspended' },
  reinstate: { from: ['suspended'], to: 'approved' },
};

/** Application decisions and suspensions; a suspended acceptor is taken offline in the same update. */
export async function decideAcceptor(exec: Exec, userId: number, decision: AcceptorDecision, reason: string, ctx: AdminCtx): Promise<void> {
  const why = requireReason(reason);
  const m = MOVES[decision];
  await inTx(exec, async (tx) => {
    const rows = await tx`
      UPDATE acceptors a SET status = ${m.to}, decided_at = now(), online = CASE WHEN ${m.to} = 'approved' THEN a.online ELSE false END
      FROM (SELECT user_id, status FROM acceptors WHERE user_id = ${userId} FOR UPDATE) old
      WHERE a.user_id = old.user_id AND a.status = ANY(${m.from}) RETURNING old.status AS before`;
    if (!rows[0]) {
      const [cur] = await tx`SELECT status FROM acceptors WHERE user_id = ${userId}`;
      throw cur ? new DeskError('invalid_transition', { status: cur.status }) : new DeskError('not_found', { userId });
    }
    await emit(tx, { channel: 'telegram', topic: `acceptor.${m.to}`, payload: { userId, status: m.to, reason: why } });
    await audit(tx, { adminId: ctx.adminId, action: `acceptor.${decision}`, target: `user:${userId}`, before: { status: rows[0].before }, after: { status: m.to, reason: why }, ip: ctx.ip });
  });
}

/** Margin in basis points (0–10000) and the daily limit in micro-USDT (null = none). */
export async function setAcceptorTerms(exec: Exec, userId: number, terms: { marginBps: number; dailyLimit: bigint | null }, ctx: AdminCtx): Promise<void> {
  if (!Number.isInteger(terms.marginBps) || terms.marginBps < 0 || terms.marginBps > 10000) throw new DeskError('invalid_input', { field: 'marginBps' });
  if (terms.dailyLimit !== null && terms.dailyLimit <= 0n) throw new DeskError('invalid_input', { field: 'dailyLimit' });
  await inTx(exec, async (tx) => {
    const [old] = await tx`SELECT margin_bps, daily_limit FROM acceptors WHERE user_id = ${userId} FOR UPDATE`;
    if (!old) throw new DeskError('not_found', { userId });
    await tx`UPDATE acceptors SET margin_bps = ${terms.marginBps}, daily_limit = ${terms.dailyLimit} WHERE user_id = ${userId}`;
    await audit(tx, {
      adminId: ctx.adminId, action: 'acceptor.terms', target: `user:${userId}`,
      before: { marginBps: old.margin_bps, dailyLimit: old.daily_limit }, after: { marginBps: terms.marginBps, dailyLimit: terms.dailyLimit }, ip: ctx.ip,
    });
  });
}

export async function acceptorApplications(exec: Exec, status = 'pending'): Promise<any[]> {
  return exec`
    SELECT a.*, u.username, u.telegram_id, u.kyc_tier FROM acceptors a JOIN users u ON u.id = a.user_id
    WHERE a.status = ${status} ORDER BY a.applied_at ASC LIMIT 200`;
}
