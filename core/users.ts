import { randomBytes } from 'node:crypto';
import type { Exec } from './db.ts';
import { inTx } from './db.ts';
import { DeskError } from './errors.ts';
import { emit } from './outbox.ts';

export interface User {
  id: number;
  telegramId: number | null;
  username: string | null;
  firstName: string | null;
  language: string | null;
  termsAcceptedAt: Date | null;
  referralCode: string | null;
  referredBy: number | null;
  frozen: boolean;
  kycTier: number;
  totpEnabled: boolean;
  isAdmin: boolean;
}

const toUser = (r: Record<string, any>): User => ({
  id: Number(r.id),
  telegramId: r.telegram_id === null ? null : Number(r.telegram_id),
  username: r.username,
  firstName: r.first_name,
  language: r.language,
  termsAcceptedAt: r.terms_accepted_at ? new Date(r.terms_accepted_at) : null,
  referralCode: r.referral_code,
  referredBy: r.referred_by === null ? null : Number(r.referred_by),
  frozen: r.frozen,
  kycTier: r.kyc_tier,
  totpEnabled: !!r.totp_secret,
  isAdmin: r.is_admin,
});

/** The desk's user for a Telegram account, created on first contact; profile fields refreshed. */
export async function ensureTelegramUser(exec: Exec, tg: { id: number; username?: string; first_name?: string }): Promise<User> {
  const code = randomBytes(5).toString('hex');
  const [r] = await exec`
    INSERT INTO users (telegram_id, username, first_name, referral_code)
    VALUES (${tg.id}, ${tg.username ?? null}, ${tg.first_name ?? null}, ${code})
    ON CONFLICT (telegram_id) DO UPDATE SET username = excluded.username, first_name = excluded.first_name
    RETURNING *`;
  return toUser(r);
}

export async function getUser(exec: Exec, id: number): Promise<User | null> {
  const [r] = await exec`SELECT * FROM users WHERE id = ${id}`;
  return r ? toUser(r) : null;
}

export async function findUserByTelegram(exec: Exec, telegramId: number): Promise<User | null> {
  const [r] = await exec`SELECT * FROM users WHERE telegram_id = ${telegramId}`;
  return r ? toUser(r) : null;
}

/** Referral is set once, never to oneself. */
export async function applyReferral(exec: Exec, userId: number, code: string): Promise<boolean> {
  const rows = await exec`
    UPDATE users u SET referred_by = r.id FROM users r
    WHERE u.id = ${userId} AND u.referred_by IS NULL AND r.referral_code = ${code} AND r.id <> u.id
    RETURNING u.id`;
  return rows.length > 0;
}

export async function setLanguage(exec: Exec, userId: number, language: string): Promise<void> {
  await exec`UPDATE users SET language = ${language} WHERE id = ${userId}`;
}

export async function acceptTerms(exec: Exec, userId: number): Promise<void> {
  await exec`UPDATE users SET terms_accepted_at = coalesce(terms_accepted_at, now()) WHERE id = ${userId}`;
}

/** Emergency stop by an admin: a frozen user can start nothing new. */
export async function setFrozen(exec: Exec, userId: number, frozen: boolean, reason: string | null, by: string): Promise<boolean> {
  return inTx(exec, async (tx) => {
    const rows = await tx`UPDATE users SET frozen = ${frozen}, frozen_reason = ${frozen ? reason : null} WHERE id = ${userId} AND frozen <> ${frozen} RETURNING id`;
    if (rows.length === 0) {
      const [u] = await tx`SELECT 1 FROM users WHERE id = ${userId}`;
      if (!u) throw new DeskError('not_found', { userId });
      return false;
    }
    if (frozen) await tx`UPDATE acceptors SET online = false WHERE user_id = ${userId}`;
    await emit(tx, { channel: 'telegram', topic: frozen ? 'user.frozen' : 'user.unfrozen', payload: { userId, reason, by } });
    return true;
  });
}
