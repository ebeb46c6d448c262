import { Hono } from 'hono';
import { webhookCallback, type Bot } from 'grammy';
import type { BotContext } from './context.ts';

/**
 * Webhook mode: Telegram POSTs updates to `path`; grammY rejects any request whose
 * X-Telegram-Bot-Api-Secret-Token header is not `secretToken`.
 */
export function createWebhookApp(bot: Bot<BotContext>, opts: { secretToken: string; path?: string }): Hono {
  const app = new Hono();
  app.post(opts.path ?? '/telegram/webhook', webhookCallback(bot, 'hono', { secretToken: opts.secretToken }));
  return app;
}
