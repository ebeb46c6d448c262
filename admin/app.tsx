import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { bodyLimit } from 'hono/body-limit';
import { logger } from '../logger.ts';
import type { AdminDeps, AdminEnv } from './env.ts';
import { clientIp, requireCsrf, requireSession } from './auth.ts';
import { t } from './strings.ts';
import { loginRoutes } from './routes/login.tsx';
import { dashboardRoutes } from './routes/dashboard.tsx';
import { disputeRoutes } from './routes/disputes.tsx';
import { kycRoutes } from './routes/kyc.tsx';
import { userRoutes } from './routes/users.tsx';
import { withdrawalRoutes } from './routes/withdrawals.tsx';
import { merchantRoutes } from './routes/merchants.tsx';
import { settingsRoutes } from './routes/settings.tsx';
import { auditRoutes } from './routes/audit.tsx';
import { adminRoutes } from './routes/admins.tsx';

const CSS = readFileSync(new URL('./static/admin.css', import.meta.url), 'utf8');

/**
 * The admin panel. Order matters: headers, then the session gate (everything outside
 * PUBLIC_PATHS needs a live session), then the CSRF check on every non-GET, then routes,
 * each of which names the permission it needs.
 */
export function createAdminApp(deps: AdminDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.use('*', secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'"], fontSrc: ["'self'"],
      connectSrc: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"], baseUri: ["'none'"], objectSrc: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
  }));
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('ip', clientIp(c));
    c.set('session', null);
    await next();
    // Pages show money and personal data: never cache them in shared or browser caches.
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
  });
  app.use('*', bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('Payload too large', 413) }));
  app.use('*', requireSession);
  app.use('*', requireCsrf);

  app.get('/static/admin.css', (c) => c.body(CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }));
  app.get('/healthz', (c) => c.text('ok'));

  loginRoutes(app);
  dashboardRoutes(app);
  disputeRoutes(app);
  kycRoutes(app);
  userRoutes(app);
  withdrawalRoutes(app);
  merchantRoutes(app);
  settingsRoutes(app);
  auditRoutes(app);
  adminRoutes(app);

  app.notFound((c) => c.text(t.common.notFound, 404));
  app.onError((err, c) => {
    logger.error({ err, path: c.req.path, method: c.req.method }, 'admin: request failed');
    return c.text(t.common.serverError, 500);
  });
  return app;
}
