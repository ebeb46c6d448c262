import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { setFrozen } from '../../core/users.ts';

/** Emergency controls for admins in Telegram: /freeze and /unfreeze a user. */
export function adminFeature() {
  const c = new Composer<BotContext>();
  const admins = c.filter((ctx) => !!ctx.user?.isAdmin);

  const toggle = (frozen: boolean) => async (ctx: BotContext & { match: string }) => {
    const [who, ...rest] = String(ctx.match ?? '').trim().split(/\s+/);
    const reason = rest.join(' ').trim() || null;
    if (!who || (frozen && !reason)) return void (await ctx.reply(ctx.t(frozen ? 'admin-freeze-usage' : 'admin-unfreeze-usage')));
    const { sql } = ctx.deps;
    const rows = /^@\w{3,}$/.test(who)
      ? await sql`SELECT id FROM users WHERE lower(username) = lower(${who.slice(1)})`
      : /^\d{1,15}$/.test(who) ? await sql`SELECT id FROM users WHERE telegram_id = ${Number(who)}` : [];
    if (!rows.length) return void (await ctx.reply(ctx.t('admin-user-not-found', { who })));
    const changed = await setFrozen(sql, Number(rows[0].id), frozen, reason, `telegram:${ctx.from!.id}`);
    await ctx.reply(ctx.t(changed ? (frozen ? 'admin-frozen' : 'admin-unfrozen') : 'admin-no-change', { who }));
  };
  admins.command('freeze', toggle(true));
  admins.command('unfreeze', toggle(false));
  // Non-admins get the same answer as for any unknown command.
  return c;
}
