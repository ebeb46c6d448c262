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
 * which factor was wrong. Attempts for one email and from one address are serialised by
 * advisory locks (always email, then address — no lock cycles), so a burst of parallel
 * guesses cannot slip past the failure count. A TOTP step is accepted once per admin.
 */
export async function login(
  exec: Exec,
  input: { email: string; password: string; code: string; ip: string; userAgent?: string },
): Promise<LoginResult> {
  const email = input.email.trim();
  return inTx(exec, async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtext(${'admin-login:email:' + email.toLowerCase()}))`;
    await tx`SELECT pg_advisory_xact_lock(hashtext(${'admin-login:ip:' + input.ip}))`;
    if (await isLocked(tx, email, input.ip)) {
      await recordAttempt(tx, email, input.ip, false);
      return { ok: false, reason: 'locked' } as const;
    }
    const [row] = await tx`SELECT id, email, name, role, disabled, password_hash, totp_secret FROM admin_users WHERE lower(email) = lower(${email})`;
    const passwordOk = await verifyPassword(input.password, row?.password_hash ?? (await dummyHash()));
    const step = row && passwordOk && !row.disabled ? totpStep(input.code, row.totp_secret) : null;
    const used = step === null ? [] : await tx`
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
