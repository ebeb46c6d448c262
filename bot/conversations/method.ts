import { InlineKeyboard, type Context } from 'grammy';
import type { BotDeps } from '../context.ts';
import { translator } from '../i18n.ts';
import { ext, waitInput, type Convo } from './kit.ts';
import { methodName } from '../format.ts';
import { addPaymentMethod } from '../../core/payment-methods.ts';
import { errorText } from '../errors.ts';

const MAX_FIELD = 128;

/** Adds a receiving payment method: kind → each field the kind needs → saved. */
export function addMethodConversation(deps: BotDeps) {
  const { sql } = deps;
  return async function addMethod(conversation: Convo, ctx: Context, lang: string, userId: number) {
    const t = translator(lang);
    const kinds = await ext(conversation, async () => {
      const rows = await sql`SELECT code, fields, currencies FROM payment_method_kinds WHERE enabled ORDER BY sort`;
      return rows.map((r) => ({ code: r.code as string, fields: r.fields as string[], currencies: (r.currencies as string[] | null) ?? null }));
    });
    if (!kinds.ok) throw kinds.error;
    const kb = new InlineKeyboard();
    kinds.value.forEach((k, i) => { kb.text(methodName(t, k.code), `pa:k:${k.code}`); if (i % 2 === 1) kb.row(); });
    kb.row().text(t('common-cancel'), 'pa:x');
    await ctx.reply(t('methods-choose-kind'), { reply_markup: kb });
    let kind: (typeof kinds.value)[number] | undefined;
    while (!kind) {
      const inp = await waitInput(conversation, 'pa:');
      if (inp.data === 'x') return void (await inp.ctx.reply(t('common-cancelled')));
      kind = kinds.value.find((k) => inp.data === `k:${k.code}`);
      if (!kind) await inp.ctx.reply(t('methods-kind-button'));
    }
    const details: Record<string, string> = {};
    for (const field of kind.fields) {
      const label = t(`field-${field}`) === `field-${field}` ? field : t(`field-${field}`);
      await ctx.reply(t('methods-enter-field', { field: label }), { reply_markup: new InlineKeyboard().text(t('common-cancel'), 'pa:x') });
      while (details[field] === undefined) {
        const inp = await waitInput(conversation, 'pa:');
        if (inp.data === 'x') return void (await inp.ctx.reply(t('common-cancelled')));
        const v = inp.text?.trim();
        if (v && !v.startsWith('/') && v.length <= MAX_FIELD) details[field] = v;
        else await inp.ctx.reply(t('methods-field-invalid', { field: label, max: MAX_FIELD }));
      }
    }
    const currency = kind.currencies?.length === 1 ? kind.currencies[0] : null;
    const saved = await ext(conversation, async () => (await addPaymentMethod(sql, userId, kind!.code, details, currency ? { currency } : {})).id);
    if (!saved.ok) return void (await ctx.reply(errorText(t, saved.error)));
    await ctx.reply(t('methods-saved', { method: methodName(t, kind.code) }));
  };
}
