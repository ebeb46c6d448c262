import type { Context } from 'hono';
import type { Sql, Db } from '../db/client.ts';
import type { Config } from '../config.ts';
import type { Session } from '../core/admin/sessions.ts';
import type { AdminCtx } from '../core/admin/context.ts';

export interface TelegramFile {
  body: ReadableStream<Uint8Array> | ArrayBuffer | Uint8Array;
  contentType?: string;
}

export interface AdminDeps {
  sql: Sql;
  db: Db;
  config: Pick<Config, 'NODE_ENV'> & Partial<Config>;
  /** Called after each successful admin action (e.g. to wake the outbox notifier); never required. */
  notify?: (event: { action: string; target: string }) => void | Promise<void>;
  /** Streams a Telegram file (receipt, KYC photo) by file id; absent → a placeholder image. */
  fetchTelegramFile?: (fileId: string) => Promise<TelegramFile | null>;
}

export type AdminEnv = {
  Variables: {
    deps: AdminDeps;
    session: Session | null;
    ip: string;
  };
};

export type Ctx = Context<AdminEnv>;

export function actor(c: Ctx): AdminCtx {
  const s = c.get('session');
  if (!s) throw new Error('actor() outside an authenticated route');
  return { adminId: s.admin.id, name: s.admin.name, ip: c.get('ip') };
}
