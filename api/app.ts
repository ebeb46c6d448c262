import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { Database } from '../db/client.ts';
import type { Config } from '../config.ts';
import { isDeskError } from '../core/errors.ts';
import { loadMerchantSecretKey } from '../core/merchants/index.ts';
import { logger } from '../logger.ts';
import { v1Routes } from './v1.ts';
import { payPageRoutes } from './pay-page.ts';
import { openApiSpec } from './openapi.ts';
import { renderDocs } from './docs-page.ts';
import { apiError, deskErrorResponse } from './errors.ts';

export interface ApiDeps {
  sql: Database['sql'];
  db: Database['db'];
  config: Config;
  /** Where customers and merchants reach this server; defaults to PUBLIC_API_URL, then http://HTTP_HOST:API_PORT. */
  publicUrl?: string;
  /** The key that encrypts merchant secrets; defaults to loadMerchantSecretKey(config). */
  secretKey?: Buffer;
}

export function publicUrlOf(config: Config): string {
  return config.PUBLIC_API_URL ?? `http://${config.HTTP_HOST}:${config.API_PORT}`;
}

/** The merchant API (/v1, signed), its description (/openapi.json, /docs) and the hosted payment page (/pay). */
export function createApiApp(deps: ApiDeps) {
  const base = (deps.publicUrl ?? publicUrlOf(deps.config)).replace(/\/$/, '');
  const key = deps.secretKey ?? loadMerchantSecretKey(deps.config);
  const spec = openApiSpec(base);
  const docs = renderDocs(spec).toString();
  const app = new Hono();

  app.use('*', secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], formAction: ["'self'"], frameAncestors: ["'none'"] } }));
  app.use('*', bodyLimit({ maxSize: 64 * 1024, onError: (c) => apiError(c, 413, 'body_too_large', 'The body is over 64 KiB.') }));

  app.get('/openapi.json', (c) => c.json(spec));
  app.get('/docs', (c) => c.html(docs));
  app.get('/health', (c) => c.json({ ok: true }));
  app.route('/v1', v1Routes(deps.sql, key, base));
  app.route('/pay', payPageRoutes(deps.sql));

  app.notFound((c) => apiError(c, 404, 'not_found', 'No such endpoint.'));
  app.onError((e, c) => {
    if (isDeskError(e)) return deskErrorResponse(c, e);
    logger.error({ err: e, path: c.req.path }, 'api: unhandled error');
    return apiError(c, 500, 'internal_error', 'Internal error; it was logged. Retry with the same Idempotency-Key is safe.');
  });
  return app;
}
