import type { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { login } from '../../core/admin/login.ts';
import { deleteSession, SESSION_TTL_SEC } from '../../core/admin/sessions.ts';
import { audit } from '../../core/admin/audit.ts';
import type { AdminEnv, Ctx } from '../env.ts';
import { Bare } from '../views/layout.tsx';
import { t } from '../strings.ts';
import { LOGIN_CSRF_COOKIE, SESSION_COOKIE, clearSessionCookie, newLoginCsrf, sameToken, setSessionCookie } from '../auth.ts';
import { form } from '../http.tsx';

async function loginPage(c: Ctx, message: string | null, status: 200 | 401 | 403 | 429 = 200, email = '') {
  const token = newLoginCsrf(c);
  const page = (
    <Bare title={t.login.title}>
      <div class="login">
        <h1>{t.appName}</h1>
        <div class="card">
          <h2>{t.login.title}</h2>
          {message ? <div class={status === 200 ? 'flash' : 'flash error'} role="alert">{message}</div> : null}
          <form method="post" action="/login" autocomplete="on">
            <input type="hidden" name="_csrf" value={token} />
            <label for="email">{t.login.email}</label>
            <input id="email" name="email" type="email" required autocomplete="username" value={email} />
            <label for="password">{t.login.password}</label>
            <input id="password" name="password" type="password" required autocomplete="current-password" />
            <label for="code">{t.login.code}</label>
            <input id="code" name="code" type="text" required inputmode="numeric" pattern="[0-9 ]{6,7}" autocomplete="one-time-code" />
            <button type="submit" class="primary">{t.login.submit}</button>
          </form>
        </div>
      </div>
    </Bare>
  );
  return c.html('<!doctype html>' + (await page.toString()), status);
}

export function loginRoutes(app: Hono<AdminEnv>) {
  app.get('/login', (c) => {
    if (c.get('session')) return c.redirect('/', 302);
    const msg = c.req.query('expired') === '1' ? t.login.expired : c.req.query('bye') ? t.login.loggedOut : null;
    return loginPage(c, msg);
  });

  app.post('/login', async (c) => {
    const f = await form(c);
    if (!sameToken(f._csrf, getCookie(c, LOGIN_CSRF_COOKIE))) return loginPage(c, t.common.csrf, 403);
    const r = await login(c.get('deps').sql, {
      email: f.email ?? '', password: f.password ?? '', code: f.code ?? '', ip: c.get('ip'), userAgent: c.req.header('user-agent'),
    });
    if (!r.ok) return loginPage(c, r.reason === 'locked' ? t.login.locked : t.login.invalid, r.reason === 'locked' ? 429 : 401, f.email ?? '');
    setSessionCookie(c, r.token, SESSION_TTL_SEC);
    return c.redirect('/', 303);
  });

  app.post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    const s = c.get('session');
    if (token) await deleteSession(c.get('deps').sql, token);
    if (s) await audit(c.get('deps').sql, { adminId: s.admin.id, action: 'auth.logout', target: `admin:${s.admin.id}`, ip: c.get('ip') });
    clearSessionCookie(c);
    return c.redirect('/login?bye=1', 303);
  });
}
