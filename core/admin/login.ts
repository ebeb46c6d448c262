import type { Exec } from '../db.ts';
import { inTx } from '../db.ts';
import { toAdmin, type AdminUser } from './accounts.ts';
import { verifyPassword, dummyHash } from './passwords.ts';
import { totpStep } from './totp.ts';
import { isLocked, recordAttempt } from './throttle.ts';
import { createSession } from './sessions.ts';
import { audit } from './audit.ts';

export type LoginResult =
  | { ok: true; admin: AdminUser; token: string; csrfToken: string }
  | { ok: false; reason: 'locked' | 'invalid' };

/**
 * Password + TOTP. Every failure is recorded before answering, and the answer never says
 * which factor was wrong. A TOTP step is accepted once per admin (conditional update).
 */
export async function login(
  exec: Exec,
  input: { email: string; password: string; code: string; ip: string; userAgent?: string },
): Promise<LoginResult> {
  const email = input.email.trim();
  if (await isLocked(exec, email, input.ip)) {
    await recordAttempt(exec, email, input.ip, false);
    return { ok: false, reason: 'locked' };
  }
  const [row] = await exec`SELECT id, email, name, role, disabled, password_hash, totp_secret FROM admin_users WHERE lower(email) = lower(${email})`;
  const passwordOk = await verifyPassword(input.password, row?.password_hash ?? (await dummyHash()));
  const step = row && passwordOk && !row.disabled ? totpStep(input.code, row.totp_secret) : null;
  if (step === null) {
    await recordAttempt(exec, email, input.ip, false);
    return { ok: false, reason: 'invalid' };
  }
  return inTx(exec, async (tx) => {
    const used = await tx`
      UPDATE admin_users SET last_totp_step = ${step}, last_login_at = now()
      WHERE id = ${row.id} AND (last_totp_step IS NULL OR last_totp_step < ${step}) RETURNING id`;
    if (!used[0]) {
      await recordAttempt(tx, email, input.ip, false);
      return { ok: false, reason: 'invalid' } as const;
    }
    await recordAttempt(tx, email, input.ip, true);
    const admin = toAdmin(row);
    const s = await createSession(tx, admin.id, { ip: input.ip, userAgent: input.userAgent });
    await audit(tx, { adminId: admin.id, action: 'auth.login', target: `admin:${admin.id}`, ip: input.ip });
    return { ok: true, admin, ...s } as const;
  });
}
