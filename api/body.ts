import type { Context } from 'hono';
import type { z } from 'zod';
import type { ApiEnv } from './auth.ts';
import { apiError } from './errors.ts';

/**
 * Parses the signed raw body as JSON and validates it. An empty body counts as `{}` where
 * the schema allows it. Returns the value or the error response (400 malformed, 422 invalid).
 */
export function parseBody<S extends z.ZodType>(c: Context<ApiEnv>, schema: S): { ok: true; value: z.infer<S> } | { ok: false; res: Response } {
  const raw = c.get('auth').body;
  let json: unknown = {};
  if (raw.trim() !== '') {
    try {
      json = JSON.parse(raw);
    } catch {
      return { ok: false, res: apiError(c, 400, 'malformed_json', 'The request body is not valid JSON.') };
    }
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const issues = r.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
    return { ok: false, res: apiError(c, 422, 'invalid_request', `Invalid field(s): ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, { issues }) };
  }
  return { ok: true, value: r.data };
}
