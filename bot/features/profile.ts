import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.ts';
import { userStats } from '../../core/orders/index.ts';
import { menuEntry } from '../menu.ts';

/** Trades, completion rate, average release time and rating, across both roles. */
export function profileFeature() {
  const c = new Composer<BotContext>();
  const show = async (ctx: BotContext) => {
    const s = await userStats(ctx.deps.sql, ctx.user!.id);
    await ctx.reply(ctx.t('profile-card', {
      trades: s.trades,
      completed: s.completed,
      rate: Math.round(s.completionRate * 100),
      release: s.avgReleaseSec == null ? '-' : Math.max(1, Math.round(s.avgReleaseSec / 60)),
      rating: s.rating == null ? '-' : s.rating.toFixed(1),
      ratings: s.ratingCount,
      kyc: ctx.user!.kycTier,
      code: ctx.user!.referralCode ?? '-',
    }), { reply_markup: new InlineKeyboard().text(ctx.t('kyc-start'), 'kyc:start').text(ctx.t('twofa-security'), 'sec:menu') });
  };
  c.command('profile', show);
  c.filter((ctx) => menuEntry(ctx.message?.text) === 'profile', show);
  return c;
}
