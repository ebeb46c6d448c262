import { badRequest } from '../errors.ts';
import type { MethodTable } from './registry.ts';

export const updateMethods: MethodTable = {
  getUpdates(tg, p, io) {
    return tg.updates.getUpdates({ offset: p.int('offset'), limit: p.int('limit'), timeout: p.int('timeout'), allowed: p.json<string[]>('allowed_updates') }, io);
  },

  setWebhook(tg, p) {
    const url = p.str('url') ?? '';
    if (!url) {
      tg.updates.setWebhook(undefined, p.bool('drop_pending_updates'), p.json<string[]>('allowed_updates'));
      return true;
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badRequest('bad webhook: invalid URL');
    }
    if (!/^https?:$/.test(parsed.protocol)) throw badRequest('bad webhook: URL scheme must be https');
    const secret = p.str('secret_token');
    if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) throw badRequest('bad webhook: secret token contains unallowed characters');
    const max = p.int('max_connections') ?? 40;
    if (max < 1 || max > 100) throw badRequest('bad webhook: max_connections must be between 1 and 100');
    tg.updates.setWebhook({ url, secret, maxConnections: max }, p.bool('drop_pending_updates'), p.json<string[]>('allowed_updates'));
    return true;
  },

  deleteWebhook(tg, p) {
    tg.updates.setWebhook(undefined, p.bool('drop_pending_updates'));
    return true;
  },

  getWebhookInfo(tg) {
    return tg.updates.webhookInfo();
  },
};
