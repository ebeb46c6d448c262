import type { Child } from 'hono/jsx';
import { isDeskError } from '../core/errors.ts';
import { logger } from '../logger.ts';
import type { Ctx } from './env.ts';
import { Page } from './views/layout.tsx';
import { errorText, t } from './strings.ts';

/** A full panel page; ?flash=<key> and ?error=<code> (set by the redirect after a POST) become banners. */
export async function render(c: Ctx, title: string, body: Child, status: 200 | 404 | 403 = 200) {
  const session = c.get('session')!;
  const flashKey = c.req.query('flash');
  const errorCode = c.req.query('error');
  const html = <Page title={title} session={session} path={c.req.path} flash={flashKey ? t.flash[flashKey] ?? null : null} error={errorCode ? errorText(errorCode) : null}>{body}</Page>;
  return c.html('<!doctype html>' + (await html.toString()), status);
}

export async function form(c: Ctx): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function idParam(c: Ctx, name = 'id'): number | null {
  const v = c.req.param(name) ?? '';
  return /^\d{1,15}$/.test(v) ? Number(v) : null;
}

function withQuery(path: string, key: string, value: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}${key}=${encodeURIComponent(value)}`;
}

/**
 * Runs an admin action and answers Post/Redirect/Get: back to `back` with a flash on success,
 * with the refusal code on a DeskError. Anything else propagates to onError (logged, 500).
 */
export async function act(c: Ctx, back: string, flash: string, fn: () => Promise<unknown>, notifyTarget?: string) {
  try {
    const result = await fn();
    const deps = c.get('deps');
    if (deps.notify && notifyTarget) await deps.notify({ action: flash, target: notifyTarget });
    return c.redirect(withQuery(back, 'flash', result === false ? 'unchanged' : flash), 303);
  } catch (e) {
    if (isDeskError(e)) {
      logger.info({ code: e.code, params: e.params, path: c.req.path }, 'admin action refused');
      return c.redirect(withQuery(back, 'error', e.code), 303);
    }
    throw e;
  }
}
