import { InlineKeyboard, type Context } from 'grammy';
import type { BotDeps } from '../context.ts';
import { translator } from '../i18n.ts';
import { ext, waitInput, type Convo } from './kit.ts';
import { acceptorProfile } from '../../core/acceptors.ts';
import { balance } from '../../core/ledger/index.ts';
import { parseDecimal, formatUnits, USDT_SCALE } from '../../core/money/index.ts';

/**
 * Margin deposit / withdrawal: the amount, then a summary whose Confirm button carries
 * the amount. The move itself happens in the acceptor feature on that press, keyed on the
 * summary message, so a double click (or two instances racing) moves once.
 */
export function marginConversation(deps: BotDeps) {
  const { sql } = deps;
  return async function marginMove(conversation: Convo, ctx: Context, lang: string, userId: number, direction: 'deposit' | 'withdraw') {
    const t = translator(lang);
    const state = await ext(conversation, async () => {
      const p = await acceptorProfile(sql, userId);
      const avail = (await balance(sql, { type: 'user', id: userId }, 'available')).available;
      return p && { margin: p.margin, required: p.marginRequired, available: avail };
    });
    if (!state.ok) throw state.error;
    if (!state.value) return void (await ctx.reply(t('error-not-found')));
    const { margin, required, available } = state.value;
    const max = direction === 'deposit' ? available : margin > required ? margin - required : 0n;
    const usdt = (v: bigint) => formatUnits(v, USDT_SCALE);
    if (max === 0n) return void (await ctx.reply(t(direction === 'deposit' ? 'margin-nothing-to-deposit' : 'margin-nothing-to-withdraw', { margin: usdt(margin), required: usdt(required) })));
    await ctx.reply(t(`margin-ask-${direction}`, { max: usdt(max), margin: usdt(margin), required: usdt(required) }), {
      reply_markup: new InlineKeyboard().text(t('margin-all', { max: usdt(max) }), 'mg:all').text(t('common-cancel'), 'mg:x'),
    });
    let amount: bigint | undefined;
    while (amount === undefined) {
      const inp = await waitInput(conversation, 'mg:');
      if (inp.data === 'x') return void (await inp.ctx.reply(t('common-cancelled')));
      if (inp.data === 'all') { amount = max; break; }
      const r = parseDecimal((inp.text ?? '').replace(/\s*usdt$/i, ''), USDT_SCALE);
      if (!r.ok) await inp.ctx.reply(t(`amount-${r.reason.replace(/_/g, '-')}`, { scale: USDT_SCALE }));
      else if (r.value > max) await inp.ctx.reply(t('margin-over-max', { max: usdt(max) }));
      else amount = r.value;
    }
    const after = direction === 'deposit' ? margin + amount : margin - amount;
    await ctx.reply(t(`margin-confirm-${direction}`, { amount: usdt(amount), after: usdt(after), required: usdt(required) }), {
      reply_markup: new InlineKeyboard().text(t('trade-confirm'), `ac:mg:${direction === 'deposit' ? 'd' : 'w'}:${amount}`).text(t('common-cancel'), 'ac:mgx'),
    });
  };
}
