import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { menuEntry } from '../menu.ts';

/** Buy / Sell USDT from the menu or /buy, /sell: the trade conversation does the rest. */
export function tradeFeature() {
  const c = new Composer<BotContext>();
  const begin = (side: 'buy' | 'sell') => async (ctx: BotContext) => {
    if (ctx.user!.frozen) return void (await ctx.reply(ctx.t('error-frozen')));
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('trade', side, ctx.lang, ctx.user!.id);
  };
  c.command('buy', begin('buy'));
  c.command('sell', begin('sell'));
  c.filter((ctx) => menuEntry(ctx.message?.text) === 'buy', begin('buy'));
  c.filter((ctx) => menuEntry(ctx.message?.text) === 'sell', begin('sell'));
  return c;
}
