import { Bot, Composer } from 'grammy';
import { conversations, createConversation } from '@grammyjs/conversations';
import { autoRetry } from '@grammyjs/auto-retry';
import { limit } from '@grammyjs/ratelimiter';
import { sequentialize } from '@grammyjs/runner';
import type { BotContext, BotDeps } from './context.ts';
import { getI18n, pickLanguage, translator } from './i18n.ts';
import { conversationStorage } from './storage.ts';
import { bootstrap } from './middleware/bootstrap.ts';
import { onBotError } from './errors.ts';
import { menuEntry } from './menu.ts';
import { startFeature, requireOnboarding, showMenu } from './features/start.ts';
import { tradeFeature } from './features/trade.ts';
import { ordersFeature } from './features/orders.ts';
import { methodsFeature } from './features/methods.ts';
import { profileFeature } from './features/profile.ts';
import { acceptorFeature } from './features/acceptor.ts';
import { adminFeature } from './features/admin.ts';
import { walletFeature } from './features/wallet.ts';
import { tradeConversation } from './conversations/trade.ts';
import { receiptConversation, appealConversation, releaseConversation } from './conversations/order-steps.ts';
import { addMethodConversation } from './conversations/method.ts';
import { withdrawConversation, kycConversation } from './conversations/wallet.ts';
import { applyConversation, offerConversation, offerPriceConversation } from './conversations/acceptor.ts';
import { marginConversation } from './conversations/margin.ts';
import { twofaEnableConversation, twofaDisableConversation } from './conversations/security.ts';
import { securityFeature } from './features/security.ts';


/** Bumped whenever a conversation's steps change, so stored replays of old code are dropped. */
const CONVERSATION_VERSION = 1;

/**
 * The whole bot: middleware (dedup, rate limit, i18n, conversations in PostgreSQL),
 * one Composer per feature and an error boundary. `onChange` is called after a
 * handler changed an order so the notifier can deliver at once.
 */
export function createBot(deps: BotDeps & { onChange?: () => void }): Bot<BotContext> {
  const bot = new Bot<BotContext>(deps.token, {
    client: { apiRoot: deps.apiRoot ?? deps.config.TELEGRAM_API_ROOT },
    ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
  });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));
  const kick = () => deps.onChange?.();

  // Updates of one chat run one after another (runner); other chats in parallel.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  bot.use(async (ctx, next) => {
    ctx.deps = deps;
    ctx.lang = 'en';
    await next();
  });
  const rl = deps.rateLimit ?? { windowMs: 3000, limit: 15 };
  const limiter = limit<BotContext, never>({
    timeFrame: rl.windowMs,
    limit: rl.limit,
    keyGenerator: (ctx) => ctx.from?.id.toString(),
    onLimitExceeded: () => {},
  });
  // A flood is dropped before it costs a query; a dropped button press is still answered
  // (the plugin itself reports only the first excess update of a window).
  bot.use(async (ctx, next) => {
    let passed = false;
    await limiter(ctx, async () => {
      passed = true;
      await next();
    });
    if (!passed && ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text: translator(pickLanguage(null, ctx.from?.language_code))('error-too-fast') }).catch(() => {});
    }
  });
  bot.use(bootstrap());
  bot.use(getI18n());
  bot.use(conversations<BotContext, any>({
    storage: { ...conversationStorage<BotContext, any>(deps.sql), version: CONVERSATION_VERSION },
  }));
  // A command or a main-menu button always wins over a half-finished conversation.
  bot.use(async (ctx, next) => {
    const text = ctx.message?.text;
    if (text && (text.startsWith('/') || menuEntry(text)) && Object.keys(ctx.conversation.active()).length) {
      await ctx.conversation.exitAll();
      if (text === '/cancel') return void (await showMenu(ctx, 'common-cancelled'));
    }
    await next();
  });
  bot.use(createConversation(tradeConversation(deps), 'trade'));
  bot.use(createConversation(receiptConversation(deps, kick), 'receipt'));
  bot.use(createConversation(appealConversation(deps, kick), 'appeal'));
  bot.use(createConversation(releaseConversation(deps, kick), 'releaseTotp'));
  bot.use(createConversation(addMethodConversation(deps), 'addMethod'));
  bot.use(createConversation(applyConversation(deps), 'acceptorApply'));
  bot.use(createConversation(offerConversation(deps, kick), 'offerNew'));
  bot.use(createConversation(offerPriceConversation(deps), 'offerPrice'));
  bot.use(createConversation(marginConversation(deps), 'marginMove'));
  bot.use(createConversation(twofaEnableConversation(deps), 'twofaEnable'));
  bot.use(createConversation(twofaDisableConversation(deps), 'twofaDisable'));
  bot.use(createConversation(withdrawConversation(deps, kick), 'withdraw'));
  bot.use(createConversation(kycConversation(deps), 'kyc'));

  bot.use(startFeature());
  bot.command('cancel', (ctx) => showMenu(ctx, 'common-nothing-to-cancel'));
  bot.use(adminFeature());
  bot.use(ordersFeature(kick));
  bot.use(requireOnboarding());
  bot.use(tradeFeature());
  bot.use(methodsFeature());
  bot.use(profileFeature());
  bot.use(securityFeature());
  bot.use(acceptorFeature());
  bot.use(walletFeature());
  bot.use(fallback());
  bot.catch(onBotError);
  return bot;
}

/** Whatever nobody handled still gets an answer. */
function fallback() {
  const c = new Composer<BotContext>();
  c.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: ctx.t('error-stale-button'), show_alert: true }));
  c.chatType('private').on('message', (ctx) => ctx.reply(ctx.t('common-unknown')));
  return c;
}
