// The Telegram bot: createBot (middleware + features), startBot (polling runner or
// webhook-ready instance, plus the notifier), createWebhookApp (Hono route), createNotifier.
export { createBot } from './create.ts';
export { startBot, type RunningBot } from './runner.ts';
export { createWebhookApp } from './webhook.ts';
export { createNotifier, type Notifier, type NotifierOptions } from './notifier.ts';
export type { BotContext, BotDeps, DeskUser } from './context.ts';
export { pruneBotState } from './maintenance.ts';
