import type { Exec } from '../db.ts';
import { inTx } from '../db.ts';
import { DeskError } from '../errors.ts';
import { resolveDispute, type Resolution } from '../orders/index.ts';
import { approveKyc, rejectKyc, getKycSubmission } from '../kyc/index.ts';
import { approveWithdrawal, rejectWithdrawal } from '../wallet/index.ts';
import { resendWebhook, getWebhookDelivery } from '../merchants/webhooks.ts';
import { audit } from './audit.ts';
import type { AdminCtx } from './context.ts';

/*
 * Panel actions that belong to other features: the feature's function does the work, and the
 * audit row is written in the same transaction, so an action and its record commit together.
 */

export async function resolveDisputeAsAdmin(
  exec: Exec, orderId: number, ruling: { outcome: Resolution; reason: string; buyerShare?: bigint }, ctx: AdminCtx,
) {
  return inTx(exec, async (tx) => {
    const r = await resolveDispute(tx, orderId, { kind: 'admin', adminId: ctx.adminId, name: ctx.name }, ruling);
    await audit(tx, {
      adminId: ctx.adminId, action: `dispute.${ruling.outcome}`, target: `order:${orderId}`,
      before: { status: r.from }, after: { status: r.to, outcome: ruling.outcome, buyerShare: ruling.buyerShare ?? null, reason: ruling.reason }, ip: ctx.ip,
    });
    return r;
  });
}

export async function approveKycAsAdmin(exec: Exec, submissionId: number, tier: number, ctx: AdminCtx) {
  return inTx(exec, async (tx) => {
    const before = await getKycSubmission(tx, submissionId);
    if (!before) throw new DeskError('not_found', { submissionId });
    const [u] = await tx`SELECT kyc_tier FROM users WHERE id = ${before.userId}`;
    const s = await approveKyc(tx, submissionId, { adminId: ctx.adminId, name: ctx.name }, tier);
    await audit(tx, { adminId: ctx.adminId, action: 'kyc.approve', target: `kyc:${submissionId}`, before: { status: before.status, userId: s.userId, kycTier: u?.kyc_tier }, after: { status: s.status, kycTier: tier }, ip: ctx.ip });
    return s;
  });
}

export async function rejectKycAsAdmin(exec: Exec, submissionId: number, reason: string, ctx: AdminCtx) {
  return inTx(exec, async (tx) => {
    const s = await rejectKyc(tx, submissionId, { adminId: ctx.adminId, name: ctx.name }, reason);
    await audit(tx, { adminId: ctx.adminId, action: 'kyc.reject', target: `kyc:${submissionId}`, before: { status: 'pending', userId: s.userId }, after: { status: s.status, reason: s.reason }, ip: ctx.ip });
    return s;
  });
}


const who = (ctx: AdminCtx) => `admin:${ctx.adminId}:${ctx.name}`;

export async function approveWithdrawalAsAdmin(exec: Exec, id: number, ctx: AdminCtx) {
  return inTx(exec, async (tx) => {
    const w = await approveWithdrawal(tx, id, who(ctx));
    await audit(tx, { adminId: ctx.adminId, action: 'withdrawal.approve', target: `withdrawal:${id}`, before: { status: 'awaiting_approval' }, after: { status: w.status, amount: w.amount, chain: w.chain, toAddress: w.toAddress }, ip: ctx.ip });
    return w;
  });
}

export async function rejectWithdrawalAsAdmin(exec: Exec, id: number, reason: string, ctx: AdminCtx) {
  const why = reason.trim();
  if (why.length < 3) throw new DeskError('invalid_input', { field: 'reason' });
  return inTx(exec, async (tx) => {
    const w = await rejectWithdrawal(tx, id, who(ctx), why);
    await audit(tx, { adminId: ctx.adminId, action: 'withdrawal.reject', target: `withdrawal:${id}`, before: { status: 'awaiting_approval' }, after: { status: w.status, reason: why, amount: w.amount }, ip: ctx.ip });
    return w;
  });
}

/** Queues a merchant webhook again (after the merchant fixed its endpoint), audited. */
export async function resendWebhookAsAdmin(exec: Exec, deliveryId: number, ctx: AdminCtx) {
  return inTx(exec, async (tx) => {
    const before = await getWebhookDelivery(tx, deliveryId);
    if (!before) throw new DeskError('not_found', { delivery: deliveryId });
    const d = await resendWebhook(tx, deliveryId);
    await audit(tx, {
      adminId: ctx.adminId, action: 'webhook.resend', target: `webhook_delivery:${deliveryId}`,
      before: { status: before.status, attempts: before.attempts }, after: { status: d.status, merchantId: d.merchantId, eventType: d.eventType }, ip: ctx.ip,
    });
    return d;
  });
}
