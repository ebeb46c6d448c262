import type { Exec } from '../db.ts';
import { inTx } from '../db.ts';
import { DeskError } from '../errors.ts';
import { emit } from '../outbox.ts';
import type { KycStatus } from '../../db/schema/admin.ts';

export interface KycReviewer {
  adminId: number;
  name: string;
}

export interface KycSubmission {
  id: number;
  userId: number;
  fullName: string;
  documentFileId: string;
  selfieFileId: string;
  status: KycStatus;
  tier: number | null;
  reason: string | null;
  reviewerName: string | null;
  createdAt: string;
  reviewedAt: string | null;
}

const FILE_ID = /^[A-Za-z0-9_\-:.]{1,200}$/;

/** A trader's submission from the bot. One pending submission per user at a time. */
export async function submitKyc(
  exec: Exec,
  userId: number,
  input: { fullName: string; documentFileId: string; selfieFileId: string },
): Promise<KycSubmission> {
  const fullName = input.fullName.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (fullName.length < 2 || fullName.length > 200) throw new DeskError('invalid_input', { field: 'fullName' });
  if (!FILE_ID.test(input.documentFileId)) throw new DeskError('invalid_input', { field: 'documentFileId' });
  if (!FILE_ID.test(input.selfieFileId)) throw new DeskError('invalid_input', { field: 'selfieFileId' });
  return inTx(exec, async (tx) => {
    const [u] = await tx`SELECT id FROM users WHERE id = ${userId}`;
    if (!u) throw new DeskError('not_found', { userId });
    const rows = await tx`
      INSERT INTO kyc_submissions (user_id, full_name, document_file_id, selfie_file_id)
      VALUES (${userId}, ${fullName}, ${input.documentFileId}, ${input.selfieFileId})
      ON CONFLICT (user_id) WHERE status = 'pending' DO NOTHING
      RETURNING *`;
    if (!rows[0]) throw new DeskError('already_done', { status: 'pending' });
    await emit(tx, { channel: 'admin', topic: 'kyc.submitted', payload: { submissionId: Number(rows[0].id), userId } });
    return toSubmission(rows[0]);
  });
}

/** The tiers the desk has limits for (settings kyc_daily_limits), above the default tier 0. */
export async function kycTiers(exec: Exec): Promise<number[]> {
  const [r] = await exec`SELECT value FROM settings WHERE key = 'kyc_daily_limits'`;
  const keys = Object.keys((r?.value as Record<string, string>) ?? {}).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  return keys.sort((a, b) => a - b);
}

export async function approveKyc(exec: Exec, submissionId: number, reviewer: KycReviewer, tier: number): Promise<KycSubmission> {
  return inTx(exec, async (tx) => {
    if (!(await kycTiers(tx)).includes(tier)) throw new DeskError('invalid_input', { field: 'tier' });
    const s = await decide(tx, submissionId, reviewer, 'approved', { tier, reason: null });
    await tx`UPDATE users SET kyc_tier = ${tier} WHERE id = ${s.userId}`;
    await emit(tx, { channel: 'telegram', topic: 'kyc.approved', payload: { userId: s.userId, submissionId, tier } });
    return s;
  });
}

export async function rejectKyc(exec: Exec, submissionId: number, reviewer: KycReviewer, reason: string): Promise<KycSubmission> {
  const why = reason.trim();
  if (why.length < 3 || why.length > 1000) throw new DeskError('invalid_input', { field: 'reason' });
  return inTx(exec, async (tx) => {
    const s = await decide(tx, submissionId, reviewer, 'rejected', { tier: null, reason: why });
    await emit(tx, { channel: 'telegram', topic: 'kyc.rejected', payload: { userId: s.userId, submissionId, reason: why } });
    return s;
  });
}

async function decide(
  tx: Exec, submissionId: number, reviewer: KycReviewer, status: 'approved' | 'rejected', d: { tier: number | null; reason: string | null },
): Promise<KycSubmission> {
  const rows = await tx`
    UPDATE kyc_submissions SET status = ${status}, tier = ${d.tier}, reason = ${d.reason},
      reviewed_by = ${reviewer.adminId}, reviewer_name = ${reviewer.name}, reviewed_at = now()
    WHERE id = ${submissionId} AND status = 'pending' RETURNING *`;
  if (rows[0]) return toSubmission(rows[0]);
  const [cur] = await tx`SELECT status FROM kyc_submissions WHERE id = ${submissionId}`;
  if (!cur) throw new DeskError('not_found', { submissionId });
  throw new DeskError('already_done', { status: cur.status });
}

export interface KycState {
  tier: number;
  latest: KycSubmission | null;
}

export async function kycStatus(exec: Exec, userId: number): Promise<KycState> {
  const [u] = await exec`SELECT kyc_tier FROM users WHERE id = ${userId}`;
  if (!u) throw new DeskError('not_found', { userId });
  const [s] = await exec`SELECT * FROM kyc_submissions WHERE user_id = ${userId} ORDER BY id DESC LIMIT 1`;
  return { tier: u.kyc_tier, latest: s ? toSubmission(s) : null };
}

export async function getKycSubmission(exec: Exec, id: number): Promise<KycSubmission | null> {
  const [s] = await exec`SELECT * FROM kyc_submissions WHERE id = ${id}`;
  return s ? toSubmission(s) : null;
}

export async function listKycSubmissions(exec: Exec, status: KycStatus = 'pending', limit = 100): Promise<(KycSubmission & { username: string | null; currentTier: number })[]> {
  const rows = await exec`
    SELECT k.*, u.username, u.kyc_tier AS current_tier FROM kyc_submissions k JOIN users u ON u.id = k.user_id
    WHERE k.status = ${status} ORDER BY ${status === 'pending' ? exec`k.id ASC` : exec`k.id DESC`} LIMIT ${limit}`;
  return rows.map((r: any) => ({ ...toSubmission(r), username: r.username, currentTier: r.current_tier }));
}

function toSubmission(r: any): KycSubmission {
  return {
    id: Number(r.id), userId: Number(r.user_id), fullName: r.full_name, documentFileId: r.document_file_id,
    selfieFileId: r.selfie_file_id, status: r.status, tier: r.tier, reason: r.reason, reviewerName: r.reviewer_name,
    createdAt: String(r.created_at), reviewedAt: r.reviewed_at === null ? null : String(r.reviewed_at),
  };
}
