import { authenticator } from 'otplib';
import type { Exec } from './db.ts';
import { inTx } from './db.ts';
import { encryptSecret, decryptSecret, loadMerchantSecretKey } from './merchants/secrets.ts';

/**
 * Users' 2FA (TOTP) for releases and withdrawals. The secret is kept in users.totp_secret
 * AES-256-GCM encrypted (same scheme and key as merchant secrets, bound to the user by the
 * associated data), so a database dump alone does not reveal it. Wrong codes are counted
 * in user_totp_guard: MAX_FAILURES per WINDOW_MINUTES, then every check is refused until
 * the window ends — across restarts and bot instances. A code is accepted once.
 */
export const MAX_FAILURES = 5;
export const WINDOW_MINUTES = 15;
const ISSUER = 'otc-desk';
// One step either side forgives clock drift; a clone keeps these options to ourselves.
const auth = authenticator.clone({ window: 1 });

export type CodeCheck = 'ok' | 'wrong' | 'reused' | 'locked' | 'not_enabled' | 'already_enabled';
export interface CheckResult { result: CodeCheck; attemptsLeft: number; lockedUntil?: string }

/** The at-rest key: the merchant-secret key (MERCHANT_SECRET_KEY, or the sandbox's generated one). */
export const loadTotpKey = loadMerchantSecretKey;

const aad = (userId: number) => `user-totp:${userId}`;
/** Rows written before encryption (or by hand in tests) hold the bare base32 secret. */
const open = (key: Buffer, userId: number, stored: string) => (stored.startsWith('v1:') ? decryptSecret(key, aad(userId), stored) : stored);

/** A fresh secret, sealed for this user: safe to keep in conversation state until confirmed. */
export function newUserSecret(key: Buffer, userId: number): string {
  return encryptSecret(key, aad(userId), auth.generateSecret(20));
}

/** The secret in clear and its otpauth:// URI (for the QR code), from a sealed secret. */
export function describeSecret(key: Buffer, userId: number, sealed: string, account: string): { secret: string; uri: string } {
  const secret = open(key, userId, sealed);
  return { secret, uri: auth.keyuri(account, ISSUER, secret) };
}

export async function totpEnabled(exec: Exec, userId: number): Promise<boolean> {
  const [u] = await exec`SELECT totp_secret IS NOT NULL AS on FROM users WHERE id = ${userId}`;
  return !!u?.on;
}

/** The time step `code` belongs to, or null. */
function stepOf(code: string, secret: string): number | null {
  const c = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(c)) return null;
  const delta = auth.checkDelta(c, secret);
  return delta === null ? null : Math.floor(Date.now() / 30_000) + delta;
}

/**
 * Checks `code` against `sealed` (or the user's stored secret) under the user's guard row,
 * locked for the transaction; `onOk` runs in the same transaction when the code is good.
 */
async function guarded(exec: Exec, key: Buffer, userId: number, code: string, sealed: string | null, onOk: (tx: Exec) => Promise<boolean>): Promise<CheckResult> {
  return inTx(exec, async (tx) => {
    await tx`INSERT INTO user_totp_guard (user_id) VALUES (${userId}) ON CONFLICT (user_id) DO NOTHING`;
    const [g] = await tx`
      SELECT g.failures, g.last_step, g.window_started_at > now() - make_interval(mins => ${WINDOW_MINUTES}) AS in_window,
             (g.window_started_at + make_interval(mins => ${WINDOW_MINUTES}))::text AS until, u.totp_secret
      FROM user_totp_guard g JOIN users u ON u.id = g.user_id WHERE g.user_id = ${userId} FOR UPDATE OF g`;
    const failures = g.in_window ? Number(g.failures) : 0;
    const left = MAX_FAILURES - failures;
    if (left <= 0) return { result: 'locked', attemptsLeft: 0, lockedUntil: g.until };
    if (sealed && g.totp_secret) return { result: 'already_enabled', attemptsLeft: left };
    const stored = sealed ?? (g.totp_secret as string | null);
    if (!stored) return { result: 'not_enabled', attemptsLeft: left };
    // Only a six-digit code is a guess worth counting; anything else is a typo.
    if (!/^\d{6}$/.test(code.replace(/\s+/g, ''))) return { result: 'wrong', attemptsLeft: left };
    const step = stepOf(code, open(key, userId, stored));
    if (step !== null && g.last_step !== null && step <= Number(g.last_step)) return { result: 'reused', attemptsLeft: left };
    if (step === null) {
      const [n] = await tx`
        UPDATE user_totp_guard SET
          failures = CASE WHEN ${!!g.in_window} THEN failures + 1 ELSE 1 END,
          window_started_at = CASE WHEN ${!!g.in_window} THEN window_started_at ELSE now() END
        WHERE user_id = ${userId}
        RETURNING failures, (window_started_at + make_interval(mins => ${WINDOW_MINUTES}))::text AS until`;
      const remaining = MAX_FAILURES - Number(n.failures);
      return remaining > 0 ? { result: 'wrong', attemptsLeft: remaining } : { result: 'locked', attemptsLeft: 0, lockedUntil: n.until };
    }
    if (!(await onOk(tx))) return { result: sealed ? 'already_enabled' : 'not_enabled', attemptsLeft: left };
    await tx`UPDATE user_totp_guard SET failures = 0, window_started_at = NULL, last_step = ${step} WHERE user_id = ${userId}`;
    return { result: 'ok', attemptsLeft: MAX_FAILURES };
  });
}

/** A code for a protected action (release, withdrawal). */
export function checkUserCode(exec: Exec, key: Buffer, userId: number, code: string): Promise<CheckResult> {
  return guarded(exec, key, userId, code, null, async () => true);
}

/** Turns 2FA on with a secret from newUserSecret once the user proved their app has it. */
export function enableTotp(exec: Exec, key: Buffer, userId: number, sealed: string, code: string): Promise<CheckResult> {
  return guarded(exec, key, userId, code, sealed, async (tx) =>
    (await tx`UPDATE users SET totp_secret = ${sealed} WHERE id = ${userId} AND totp_secret IS NULL RETURNING id`).length > 0);
}

/** Turns 2FA off; needs a current code of the stored secret. */
export function disableTotp(exec: Exec, key: Buffer, userId: number, code: string): Promise<CheckResult> {
  return guarded(exec, key, userId, code, null, async (tx) =>
    (await tx`UPDATE users SET totp_secret = NULL WHERE id = ${userId} AND totp_secret IS NOT NULL RETURNING id`).length > 0);
}
