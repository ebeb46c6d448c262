import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Bot } from 'grammy';
import type { BotContext, BotDeps } from './context.ts';
import { createBot } from './create.ts';
import { createNotifier, type Notifier, type NotifierOptions } from './notifier.ts';
import { logger } from '../logger.ts';
import { COMMANDS } from './features/start.ts';
import { translator } from './i18n.ts';

/** The command menu in both languages; a failure here never stops the bot. */
async function publishCommands(bot: Bot<BotContext>): Promise<void> {
  const list = (lang: string) => COMMANDS.map((c) => ({ command: c, description: translator(lang)(`cmd-${c}`) }));
  try {
    await bot.api.setMyCommands(list('en'));
    await bot.api.setMyCommands(list('zh-CN'), { language_code: 'zh' });
  } catch (e) {
    logger.warn({ err: String(e) }, 'setMyCommands failed');
  }
}

export interface RunningBot {
  bot: Bot<BotContext>;
  notifier: Notifier;
  /** Present in polling mode. */
  runner?: RunnerHandle;
  stop(): Promise<void>;
}

/**
 * Starts the bot and its notifier. Polling (default): long polling through grammY's
 * runner, updates of one chat in order. Webhook: only initialises; mount
 * createWebhookApp(bot, …) on an HTTP server and call setWebhook.
 */
export async function startBot(deps: BotDeps, opts: { mode?: 'polling' | 'webhook'; notifier?: NotifierOptions } = {}): Promise<RunningBot> {
  let notifier: Notifier | undefined;
  const bot = createBot({ ...deps, onChange: () => notifier?.kick() });
  notifier = createNotifier(deps, opts.notifier);
  await bot.init();
  await publishCommands(bot);
  const mode = opts.mode ?? deps.config.BOT_MODE;
  let runner: RunnerHandle | undefined;
  if (mode === 'polling') {
    await bot.api.deleteWebhook().catch((e) => logger.warn({ err: String(e) }, 'deleteWebhook failed'));
    runner = run(bot, {
      runner: { fetch: { allowed_updates: ['message', 'callback_query', 'my_chat_member'] }, maxRetryTime: 60 * 60 * 1000, retryInterval: 'exponential' },
    });
  }
  notifier.start();
  logger.info({ username: bot.botInfo.username, mode }, 'bot started');
  return {
    bot,
    notifier,
    runner,
    async stop() {
      await notifier!.stop();
      if (runner?.isRunning()) await runner.stop();
    },
  };
}
