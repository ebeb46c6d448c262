import type { Exec } from '../core/db.ts';
import { createAdmin, currentTotp, otpauthUrl } from '../core/admin/index.ts';

/** Fixed demo credentials: the sandbox prints them. Never use this outside the sandbox. */
export const SANDBOX_ADMIN = {
  email: 'admin@sandbox.local',
  name: 'Sandbox Admin',
  password: 'sandbox-admin-pass',
  totpSecret: 'KVKFKRCPNZQUYMLXOVYDSQKJKZDTSRLD',
  role: 'admin' as const,
};

export interface SandboxAdminLogin {
  email: string;
  password: string;
  role: 'admin';
  totpSecret: string;
  otpauthUrl: string;
  /** The code valid right now (the sandbox can show it next to the login link). */
  currentCode: () => string;
}

/** Creates the demo admin once (idempotent) and returns how to log in. */
export async function seedSandboxAdmin(sql: Exec): Promise<SandboxAdminLogin> {
  const [exists] = await sql`SELECT id FROM admin_users WHERE lower(email) = lower(${SANDBOX_ADMIN.email})`;
  if (!exists) await createAdmin(sql, SANDBOX_ADMIN);
  return {
    email: SANDBOX_ADMIN.email,
    password: SANDBOX_ADMIN.password,
    role: 'admin',
    totpSecret: SANDBOX_ADMIN.totpSecret,
    otpauthUrl: otpauthUrl(SANDBOX_ADMIN.email, SANDBOX_ADMIN.totpSecret),
    currentCode: () => currentTotp(SANDBOX_ADMIN.totpSecret),
  };
}
