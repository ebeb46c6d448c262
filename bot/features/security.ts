import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.ts';
import { totpEnabled } from '../../core/twofa.ts';

/** Security settings: 2FA (TOTP) for releases and withdrawals. /2fa or Profile → Security. */
export function securityFeature() {
  const c = new Composer<BotContext>();
  const show = async (ctx: BotContext) => {
    const on = await totpEnabled(ctx.deps.sql, ctx.user!.id);
    await ctx.reply(ctx.t(on ? 'twofa-status-on' : 'twofa-status-off'), {
      reply_markup: new InlineKeyboard().text(ctx.t(on ? 'twofa-turn-off' : 'twofa-turn-on'), on ? 'sec:off' : 'sec:on'),
    });
  };
  c.command('2fa', show);
  c.callbackQuery('sec:menu', async (ctx) => {
    await ctx.answerCallbackQuery();
    await show(ctx);
  });
  c.callbackQuery(/^sec:(on|off)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter(ctx.match[1] === 'on' ? 'twofaEnable' : 'twofaDisable', ctx.lang, ctx.user!.id);
  });
  return c;
}
