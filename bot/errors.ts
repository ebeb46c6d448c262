import { GrammyError, HttpError, type BotError } from 'grammy';
import { DeskError } from '../core/errors.ts';
import { formatUnits, USDT_SCALE } from '../core/money/index.ts';
import type { BotContext } from './context.ts';
import { translator, type Translate } from './i18n.ts';
import { logger } from '../logger.ts';

const kebab = (s: string) => s.replace(/_/g, '-');

/** The translated sentence for a refusal or failure; unknown errors get a generic apology. */
export function errorText(t: Translate, err: unknown): string {
  if (err instanceof DeskError) {
    const params: Record<string, string | number> = { ...err.params };
    if (typeof params.status === 'string') params.status = t(`status-${params.status}`);
    if (err.code === 'margin_too_low' && /^\d+$/.test(String(params.required ?? ''))) params.required = formatUnits(BigInt(params.required!), USDT_SCALE);
    if (err.code === 'invalid_amount' && typeof params.reason === 'string') {
      return t(`amount-${kebab(params.reason)}`, { scale: params.scale ?? 0 });
    }
    return t(`error-${kebab(err.code)}`, params);
  }
  return t('error-internal');
}

/**
 * Answers the user whatever went wrong: a callback gets an alert, a message a reply.
 * Telegram failures while answering are logged, never thrown again.
 */
export async function answerError(ctx: BotContext, err: unknown): Promise<void> {
  const t = translator(ctx.lang ?? 'en');
  const text = errorText(t, err);
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
    else if (ctx.chat) await ctx.reply(text);
  } catch (e) {
    logger.warn({ err: String(e) }, 'could not deliver an error answer');
  }
}

/** bot.catch: the last line of defence, so no update goes unanswered. */
export async function onBotError(err: BotError<BotContext>): Promise<void> {
  const e = err.error;
  if (!(e instanceof DeskError)) {
    const kind = e instanceof GrammyError ? 'telegram' : e instanceof HttpError ? 'network' : 'handler';
    logger.error({ err: e instanceof Error ? { message: e.message, stack: e.stack } : String(e), kind, update: err.ctx.update.update_id }, 'update failed');
  }
  await answerError(err.ctx, e);
}
