import { InlineKeyboard, InputFile, type Context } from 'grammy';
import QRCode from 'qrcode';
import type { BotDeps } from '../context.ts';
import { translator } from '../i18n.ts';
import { ext, waitInput, type Convo } from './kit.ts';
import { newUserSecret, describeSecret, enableTotp, disableTotp, totpEnabled } from '../../core/twofa.ts';
import { totpKey, codeRefusal } from '../twofa.ts';

/**
 * Turning 2FA on: a new secret as a QR code and as text, then a current code from the
 * app before it is saved. The secret lives sealed in the conversation state; the messages
 * that show it are sent outside the replay log (only their ids are kept) and deleted once
 * 2FA is on, so neither the bot's tables nor the chat keep it in clear.
 */
export function twofaEnableConversation(deps: BotDeps) {
  const { sql, config } = deps;
  return async function twofaEnable(conversation: Convo, ctx: Context, lang: string, userId: number) {
    const t = translator(lang);
    const on = await ext(conversation, () => totpEnabled(sql, userId));
    if (!on.ok) throw on.error;
    if (on.value) return void (await ctx.reply(t('twofa-already-enabled')));
    const sealed = await ext(conversation, async () => newUserSecret(totpKey(config), userId));
    if (!sealed.ok) throw sealed.error;
    const chatId = ctx.chat!.id;
    const account = ctx.from?.username ?? `user${userId}`;
    const shown = await conversation.external(async (octx) => {
      const { secret, uri } = describeSecret(totpKey(config), userId, sealed.value, account);
      const png = await QRCode.toBuffer(uri, { margin: 2, width: 320 });
      const qr = await octx.api.sendPhoto(chatId, new InputFile(png, 'totp.png'), { caption: t('twofa-scan') });
      const text = await octx.api.sendMessage(chatId, t('twofa-secret', { secret }), {
        reply_markup: new InlineKeyboard().text(t('common-cancel'), 'tf:x'),
      });
      return [qr.message_id, text.message_id];
    });
    const forget = () => conversation.external(async (octx) => {
      for (const id of shown) await octx.api.deleteMessage(chatId, id).catch(() => {});
    });
    for (;;) {
      const inp = await waitInput(conversation, 'tf:');
      if (inp.data === 'x') {
        await forget();
        return void (await inp.ctx.reply(t('common-cancelled')));
      }
      const r = await ext(conversation, () => enableTotp(sql, totpKey(config), userId, sealed.value, inp.text ?? ''));
      if (!r.ok) throw r.error;
      if (r.value.result === 'ok') {
        await forget();
        return void (await inp.ctx.reply(t('twofa-enabled')));
      }
      await inp.ctx.reply(codeRefusal(t, r.value));
      if (r.value.result === 'locked' || r.value.result === 'already_enabled') return void (await forget());
    }
  };
}

/** Turning 2FA off: a current code first. */
export function twofaDisableConversation(deps: BotDeps) {
  const { sql, config } = deps;
  return async function twofaDisable(conversation: Convo, ctx: Context, lang: string, userId: number) {
    const t = translator(lang);
    await ctx.reply(t('twofa-disable-ask'), { reply_markup: new InlineKeyboard().text(t('common-cancel'), 'tf:x') });
    for (;;) {
      const inp = await waitInput(conversation, 'tf:');
      if (inp.data === 'x') return void (await inp.ctx.reply(t('common-cancelled')));
      const r = await ext(conversation, () => disableTotp(sql, totpKey(config), userId, inp.text ?? ''));
      if (!r.ok) throw r.error;
      if (r.value.result === 'ok') return void (await inp.ctx.reply(t('twofa-disabled')));
      await inp.ctx.reply(codeRefusal(t, r.value));
      if (r.value.result === 'locked' || r.value.result === 'not_enabled') return;
    }
  };
}
