import type { Exec } from '../db.ts';
import { DeskError } from '../errors.ts';
import { ADMIN_ROLES, type AdminRole } from './roles.ts';
import { hashPassword } from './passwords.ts';
import { newTotpSecret, otpauthUrl } from './totp.ts';
import { inTx } from '../db.ts';
import { audit } from './audit.ts';
import type { AdminCtx } from './context.ts';

export interface AdminUser {
  id: number;
  email: string;
  name: string;
  role: AdminRole;
  disabled: boolean;
}

export interface NewAdmin {
  email: string;
  name?: string;
  role: AdminRole;
  password: string;
  /** Fixed secret (sandbox demo account); otherwise a fresh random one. */
  totpSecret?: string;
}

export interface CreatedAdmin extends AdminUser {
  totpSecret: string;
  otpauthUrl: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;
export const MIN_PASSWORD = 10;

export async function createAdmin(exec: Exec, a: NewAdmin): Promise<CreatedAdmin> {
  const email = a.email.trim();
  if (!EMAIL.test(email)) throw new DeskError('invalid_input', { field: 'email' });
  if (!ADMIN_ROLES.includes(a.role)) throw new DeskError('invalid_input', { field: 'role' });
  if (a.password.length < MIN_PASSWORD) throw new DeskError('invalid_input', { field: 'password', min: MIN_PASSWORD });
  const secret = a.totpSecret ?? newTotpSecret();
  const hash = await hashPassword(a.password);
  const rows = await exec`
    INSERT INTO admin_users (email, name, role, password_hash, totp_secret)
    VALUES (${email}, ${a.name?.trim() || email.split('@')[0]}, ${a.role}, ${hash}, ${secret})
    ON CONFLICT DO NOTHING
    RETURNING id, email, name, role, disabled`;
  if (!rows[0]) throw new DeskError('already_done', { email });
  return { ...toAdmin(rows[0]), totpSecret: secret, otpauthUrl: otpauthUrl(email, secret) };
}

export async function getAdmin(exec: Exec, id: number): Promise<AdminUser | null> {
  const [r] = await exec`SELECT id, email, name, role, disabled FROM admin_users WHERE id = ${id}`;
  return r ? toAdmin(r) : null;
}

export async function listAdmins(exec: Exec): Promise<(AdminUser & { lastLoginAt: string | null })[]> {
  const rows = await exec`SELECT id, email, name, role, disabled, last_login_at FROM admin_users ORDER BY id`;
  return rows.map((r: any) => ({ ...toAdmin(r), lastLoginAt: r.last_login_at === null ? null : String(r.last_login_at) }));
}

/** Created from the panel by an admin: audited, the TOTP secret returned once. */
export async function createAdminAudited(exec: Exec, a: NewAdmin, ctx: AdminCtx): Promise<CreatedAdmin> {
  return inTx(exec, async (tx) => {
    const created = await createAdmin(tx, a);
    await audit(tx, { adminId: ctx.adminId, action: 'admin.create', target: `admin:${created.id}`, after: { email: created.email, role: created.role }, ip: ctx.ip });
    return created;
  });
}

/** Disabling ends the account's sessions at once; an admin cannot lock themself out. */
export async function setAdminDisabled(exec: Exec, adminId: number, disabled: boolean, ctx: AdminCtx): Promise<void> {
  if (adminId === ctx.adminId) throw new DeskError('forbidden', { reason: 'self' });
  await inTx(exec, async (tx) => {
    const rows = await tx`UPDATE admin_users SET disabled = ${disabled} WHERE id = ${adminId} AND disabled <> ${disabled} RETURNING id`;
    if (!rows[0]) {
      const [cur] = await tx`SELECT disabled FROM admin_users WHERE id = ${adminId}`;
      throw cur ? new DeskError('already_done', { status: cur.disabled ? 'disabled' : 'enabled' }) : new DeskError('not_found', { adminId });
    }
    if (disabled) await tx`DELETE FROM admin_sessions WHERE admin_id = ${adminId}`;
    await audit(tx, { adminId: ctx.adminId, action: disabled ? 'admin.disable' : 'admin.enable', target: `admin:${adminId}`, before: { disabled: !disabled }, after: { disabled }, ip: ctx.ip });
  });
}

export function toAdmin(r: any): AdminUser {
  return { id: Number(r.id), email: r.email, name: r.name, role: r.role, disabled: r.disabled };
}
