import { createHash, randomBytes } from 'node:crypto';
import type { Exec } from '../db.ts';
import { toAdmin, type AdminUser } from './accounts.ts';

export const SESSION_TTL_SEC = 8 * 3600;

export interface Session {
  admin: AdminUser;
  csrfToken: string;
  expiresAt: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Returns the cookie token; only its hash is stored, so a database leak yields no live sessions. */
export async function createSession(exec: Exec, adminId: number, meta: { ip?: string; userAgent?: string } = {}): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  await exec`
    INSERT INTO admin_sessions (token_hash, admin_id, csrf_token, ip, user_agent, expires_at)
    VALUES (${sha256(token)}, ${adminId}, ${csrfToken}, ${meta.ip ?? null}, ${meta.userAgent?.slice(0, 300) ?? null},
            now() + make_interval(secs => ${SESSION_TTL_SEC}))`;
  return { token, csrfToken };
}

/** The live session for a cookie token: unexpired, and its admin not disabled. */
export async function findSession(exec: Exec, token: string | undefined): Promise<Session | null> {
  if (!token || token.length > 100) return null;
  const [r] = await exec`
    SELECT s.csrf_token, s.expires_at, a.id, a.email, a.name, a.role, a.disabled
    FROM admin_sessions s JOIN admin_users a ON a.id = s.admin_id
    WHERE s.token_hash = ${sha256(token)} AND s.expires_at > now() AND NOT a.disabled`;
  if (!r) return null;
  return { admin: toAdmin(r), csrfToken: r.csrf_token, expiresAt: String(r.expires_at) };
}

export async function deleteSession(exec: Exec, token: string): Promise<void> {
  await exec`DELETE FROM admin_sessions WHERE token_hash = ${sha256(token)}`;
}

export async function purgeExpiredSessions(exec: Exec): Promise<number> {
  const rows = await exec`DELETE FROM admin_sessions WHERE expires_at <= now() RETURNING 1`;
  return rows.length;
}

export const hashSessionToken = sha256;
