import { InlineKeyboard, type Context } from 'grammy';
import type { BotDeps } from '../context.ts';
import { translator } from '../i18n.ts';
import { ext, waitInput, type Convo } from './kit.ts';
import { markPaid, appealOrder, releaseOrder } from '../../core/orders/index.ts';
import { checkUserCode } from '../../core/twofa.ts';
import { totpKey, codeRefusal } from '../twofa.ts';
import { errorText } from '../errors.ts';

/** "I have paid": a receipt photo (or an explicit skip), then markPaid. */
export function receiptConversation(deps: BotDeps, kick: () => void) {
  return async function receipt(conversation: Convo, ctx: Context, orderId: number, lang: string) {
    const t = translator(lang);
    const userId = await conversation.external((octx) => octx.user!.id);
    await ctx.reply(t('receipt-ask', { id: orderId }), {
      reply_markup: new InlineKeyboard().text(t('receipt-skip'), 'rc:skip').text(t('common-cancel'), 'rc:x'),
    });
    let fileId: string | null | undefined;
    while (fileId === undefined) {
      const inp = await waitInput(conversation, 'rc:');
      if (inp.data === 'x') return void (await inp.ctx.reply(t('common-cancelled')));
      if (inp.data === 'skip') fileId = null;
      else if (inp.photo) fileId = inp.photo;
      else await inp.ctx.reply(t('receipt-photo-expected'));
    }
    const r = await ext(conversation, () => markPaid(deps.sql, orderId, { kind: 'user', userId }, { receiptFileId: fileId }));
    if (!r.ok) return void (await ctx.reply(errorText(t, r.error)));
    await conversation.external(() => kick());
    await ctx.reply(t('receipt-done', { id: orderId }));
  };
}

/** Appeal: the reason in the user's words, then appealOrder. */
export function appealConversation(deps: BotDeps, kick: () => void) {
  return async function appeal(conversation: Convo, ctx: Context, orderId: number, lang: string) {
    const t = translator(lang);
    const userId = await conversation.external((octx) => octx.user!.id);
    await ctx.reply(t('appeal-ask', { id: orderId }), { reply_markup: new InlineKeyboard().text(t('common-cancel'), 'ap:x') });
    let reason: string | undefined;
    while (!reason) {
      const inp = await waitInput(conversation, 'ap:');
      if (inp.data === 'x') return void (await inp.ctx.reply(t('common-cancelled')));
      const s = inp.text?.trim();
      if (s && s.length >= 5 && s.length <= 1000) reason = s;
      else await inp.ctx.reply(t('appeal-reason-expected'));
    }
    const r = await ext(conversation, () => appealOrder(deps.sql, orderId, { kind: 'user', userId }, reason!));
    if (!r.ok) return void (await ctx.reply(errorText(t, r.error)));
    await conversation.external(() => kick());
    await ctx.reply(t('appeal-done', { id: orderId }));
  };
}

/** Release when the seller turned on 2FA: the authenticator code first, then releaseOrder. */
export function releaseConversation(deps: BotDeps, kick: () => void) {
  return async function releaseTotp(conversation: Convo, ctx: Context, orderId: number, lang: string) {
    const t = translator(lang);
    const userId = await conversation.external((octx) => octx.user!.id);
    await ctx.reply(t('release-totp', { id: orderId }), { reply_markup: new InlineKeyboard().text(t('common-cancel'), 'rl:x') });
    // Wrong codes count against the user's 2FA window (core/twofa), whatever asked for them.
    for (;;) {
      const inp = await waitInput(conversation, 'rl:');
      if (inp.data === 'x') return void (await inp.ctx.reply(t('common-cancelled')));
      const r = await ext(conversation, () => checkUserCode(deps.sql, totpKey(deps.config), userId, inp.text ?? ''));
      if (!r.ok) throw r.error;
      // 2FA turned off meanwhile: the release needs no code any more.
      if (r.value.result === 'ok' || r.value.result === 'not_enabled') break;
      await inp.ctx.reply(codeRefusal(t, r.value));
      if (r.value.result === 'locked') return;
    }
    const r = await ext(conversation, () => releaseOrder(deps.sql, orderId, { kind: 'user', userId }));
    if (!r.ok) return void (await ctx.reply(errorText(t, r.error)));
    await conversation.external(() => kick());
    await ctx.reply(t('order-done-release', { id: orderId }));
  };
}
