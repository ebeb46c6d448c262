import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.ts';
import { menuEntry } from '../menu.ts';
import { methodName } from '../format.ts';

/** The user's receiving payment methods: list, add (a conversation), remove. */
export function methodsFeature() {
  const c = new Composer<BotContext>();

  const list = async (ctx: BotContext) => {
    const rows = await ctx.deps.sql`
      SELECT id, kind, details FROM user_payment_methods WHERE user_id = ${ctx.user!.id} AND active ORDER BY id`;
    const kb = new InlineKeyboard();
    const lines = rows.map((r, i) => {
      kb.text(ctx.t('methods-remove', { n: i + 1 }), `pm:rm:${r.id}`).row();
      const d = Object.entries(r.details as Record<string, string>).map(([k, v]) => `${k}: ${v}`).join(', ');
      return `${i + 1}. ${methodName(ctx.t, r.kind)} — ${d}`;
    });
    kb.text(ctx.t('methods-add'), 'pm:add');
    await ctx.reply(rows.length ? ctx.t('methods-title') + '\n' + lines.join('\n') : ctx.t('methods-empty'), { reply_markup: kb });
  };
  c.command('methods', list);
  c.filter((ctx) => menuEntry(ctx.message?.text) === 'methods', list);

  c.callbackQuery('pm:add', async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('addMethod', ctx.lang, ctx.user!.id);
  });

  c.callbackQuery(/^pm:rm:(\d+)$/, async (ctx) => {
    // Only the owner's row matches; a foreign or already removed id changes nothing.
    const r = await ctx.deps.sql`
      UPDATE user_payment_methods SET active = false WHERE id = ${Number(ctx.match[1])} AND user_id = ${ctx.user!.id} AND active RETURNING id`;
    await ctx.answerCallbackQuery({ text: ctx.t(r.length ? 'methods-removed' : 'error-stale-button'), show_alert: !r.length });
    if (r.length) await list(ctx);
  });

  return c;
}
