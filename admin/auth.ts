import { timingSafeEqual, randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { findSession } from '../core/admin/sessions.ts';
import { can, type Permission } from '../core/admin/roles.ts';
import type { AdminEnv, Ctx } from './env.ts';
import { t } from './strings.ts';

export const SESSION_COOKIE = 'otc_admin';
/** Double-submit token for the login form, which has no session yet. */
export const LOGIN_CSRF_COOKIE = 'otc_admin_login';

/** Paths reachable without a session. Everything else — including routes added later — needs one. */
export const PUBLIC_PATHS = new Set(['/login', '/static/admin.css', '/healthz']);

export function isHttps(c: Ctx): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto')?.split(',')[0].trim() === 'https';
}

/** The socket address; X-Forwarded-For is believed only from a proxy on this host. */
export function clientIp(c: Ctx): string {
  let remote: string | undefined;
  try {
    remote = getConnInfo(c as any).remote.address;
  } catch {
    remote = undefined; // not served by @hono/node-server (app.request in tests)
  }
  const loopback = !remote || remote === '127.0.0.1' || remote === '::1' || remote === '::ffff:127.0.0.1';
  const fwd = c.req.header('x-forwarded-for')?.split(',')[0].trim();
  if (loopback && fwd && /^[0-9a-fA-F:.]{2,45}$/.test(fwd)) return fwd;
  return remote ?? 'local';
}

export function cookieOptions(c: Ctx, maxAgeSec: number) {
  return { httpOnly: true, secure: isHttps(c), sameSite: 'Lax' as const, path: '/', maxAge: maxAgeSec };
}

export function setSessionCookie(c: Ctx, token: string, maxAgeSec: number): void {
  setCookie(c, SESSION_COOKIE, token, cookieOptions(c, maxAgeSec));
}

export function clearSessionCookie(c: Ctx): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
}

/** Reuses the browser's token when it has one: a parallel GET (favicon → redirect → /login) must not invalidate an open form. */
export function newLoginCsrf(c: Ctx): string {
  const existing = getCookie(c, LOGIN_CSRF_COOKIE);
  const token = existing && /^[\w-]{32}$/.test(existing) ? existing : randomBytes(24).toString('base64url');
  setCookie(c, LOGIN_CSRF_COOKIE, token, cookieOptions(c, 3600));
  return token;
}

export function sameToken(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || a.length === 0) return false;
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Loads the session; outside PUBLIC_PATHS a missing or expired one ends the request. */
export const requireSession: MiddlewareHandler<AdminEnv> = async (c, next) => {
  const session = await findSession(c.get('deps').sql, getCookie(c, SESSION_COOKIE));
  c.set('session', session);
  if (PUBLIC_PATHS.has(c.req.path)) return next();
  if (!session) {
    if (getCookie(c, SESSION_COOKIE)) clearSessionCookie(c);
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.redirect('/login?expired=' + (getCookie(c, SESSION_COOKIE) ? '1' : '0'), 302);
    return c.text('Unauthorized', 401);
  }
  return next();
};

/** Every state-changing request carries the session's token in the `_csrf` field. */
export const requireCsrf: MiddlewareHandler<AdminEnv> = async (c, next) => {
  if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.path === '/login') return next();
  const session = c.get('session');
  const type = c.req.header('content-type') ?? '';
  const form = /^(application\/x-www-form-urlencoded|multipart\/form-data)/.test(type) ? await c.req.parseBody() : {};
  if (!session || !sameToken(form._csrf, session.csrfToken)) return c.text(t.common.csrf, 403);
  return next();
};

export function requirePermission(p: Permission): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const s = c.get('session');
    if (!s) return c.text('Unauthorized', 401);
    if (!can(s.admin.role, p)) return c.text(t.common.forbidden, 403);
    return next();
  };
}
