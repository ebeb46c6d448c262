import type { Exec } from '../db.ts';

export interface AuditEntry {
  adminId: number | null;
  action: string;
  target?: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
}

const json = (v: unknown) =>
  v === undefined || v === null ? null : JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));

/** One append-only row; call it with the transaction that performs the action. */
export async function audit(exec: Exec, e: AuditEntry): Promise<void> {
  await exec`
    INSERT INTO audit_log (admin_id, admin_email, action, target, before, after, ip)
    VALUES (${e.adminId}, (SELECT email FROM admin_users WHERE id = ${e.adminId}), ${e.action}, ${e.target ?? null},
            ${json(e.before)}::jsonb, ${json(e.after)}::jsonb, ${e.ip ?? null})`;
}

export interface AuditRow {
  id: number;
  adminId: number | null;
  adminEmail: string | null;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  createdAt: string;
}

export interface AuditQuery {
  adminId?: number;
  action?: string;
  /** Rows with id below this (keyset pagination, newest first). */
  beforeId?: number;
  limit?: number;
}

export async function listAudit(exec: Exec, q: AuditQuery = {}): Promise<{ rows: AuditRow[]; nextBeforeId: number | null }> {
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
  const rows = await exec`
    SELECT id, admin_id, admin_email, action, target, before, after, ip, created_at FROM audit_log
    WHERE (${q.adminId ?? null}::bigint IS NULL OR admin_id = ${q.adminId ?? null})
      AND (${q.action ?? null}::text IS NULL OR action LIKE ${(q.action ?? '').replace(/[\\%_]/g, '\\$&') + '%'})
      AND (${q.beforeId ?? null}::bigint IS NULL OR id < ${q.beforeId ?? null})
    ORDER BY id DESC LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit).map((r: any) => ({
    id: Number(r.id), adminId: r.admin_id === null ? null : Number(r.admin_id), adminEmail: r.admin_email,
    action: r.action, target: r.target, before: r.before, after: r.after, ip: r.ip, createdAt: String(r.created_at),
  }));
  return { rows: page, nextBeforeId: rows.length > limit ? page[page.length - 1].id : null };
}

export async function auditActions(exec: Exec): Promise<string[]> {
  const rows = await exec`SELECT DISTINCT action FROM audit_log ORDER BY action`;
  return rows.map((r: any) => r.action);
}
