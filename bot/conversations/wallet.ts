import { InlineKeyboard, type Context } from 'grammy';
import type { BotDeps } from '../context.ts';
import { translator } from '../i18n.ts';
import { ext, waitInput, type Convo } from './kit.ts';
import { parseDecimal, USDT_SCALE } from '../../core/money/index.ts';
import { withdrawalRules, formatUsdt, type ChainName } from '../../core/wallet/index.ts';
import { submitKyc } from '../../core/kyc/index.ts';
import { checkUserCode, totpEnabled } from '../../core/twofa.ts';
import { totpKey, codeRefusal } from '../twofa.ts';
import { normalizeAddress, requestChainWithdrawal, WITHDRAW_CHAINS } from '../../chain/withdraw.ts';
import { enabledWithdrawChains } from '../../chain/runtime.ts';
import { chainLabel } from '../format.ts';
import { DeskError } from '../../core/errors.ts';
import { errorText } from '../errors.ts';


/** Withdrawal: chain → address → amount → fee shown → confirm (TOTP code when 2FA is on). */
export function withdrawConversation(deps: BotDeps, kick: () => void) {
  const { sql } = deps;
  return async function withdraw(conversation: Convo, ctx: Context, lang: string, userId: number) {
    const t = translator(lang);
    const cancel = () => new InlineKeyboard().text(t('common-cancel'), 'wd:x');
    // Only networks the desk can send on (RPC and a hot wallet key configured).
    const enabled = enabledWithdrawChains(deps.config).filter((c) => (WITHDRAW_CHAINS as string[]).includes(c));
    if (!enabled.length) return void (await ctx.reply(t('withdraw-no-chains')));
    const CHAIN_NAMES = Object.fromEntries(enabled.map((c) => [c, chainLabel(t, c)])) as Record<string, string>;
    const kb = new InlineKeyboard();
    enabled.forEach((c, i) => { kb.text(CHAIN_NAMES[c]!, `wd:c:${c}`); if (i % 2 === 1) kb.row(); });
    await ctx.reply(t('withdraw-choose-chain'), { reply_markup: kb.row().text(t('common-cancel'), 'wd:x') });
    let chain: ChainName | undefined;
    while (!chain) {
      const inp = await waitInput(conversation, 'wd:');
      if (inp.data === 'x') return void (await inp.ctx.reply(t('common-cancelled')));
      const c = inp.data?.startsWith('c:') ? inp.data.slice(2) : '';
      if ((enabled as string[]).includes(c)) chain = c as ChainName;
      else await inp.ctx.reply(t('withdraw-chain-button'));
    }
    await ctx.reply(t('withdraw-enter-address', { chain: CHAIN_NAMES[chain] }), { reply_markup: cancel() });
    let address: string | undefined;
    while (!address) {
      const inp = await waitInput(conversation, 'wd:');
      if (inp.data === 'x') return void (await inp.ctx.reply(t('common-cancelled')));
      try {
        address = normalizeAddress(chain, inp.text ?? '');
      } catch (e) {
        if (!(e instanceof DeskError)) throw e;
        await inp.ctx.reply(t('withdraw-address-invalid', { chain: CHAIN_NAMES[chain] }));
      }
    }
    const rules = await ext(conversation, () => withdrawalRules(sql));
    if (!rules.ok) throw rules.error;
    const fee = rules.value.fees[chain] ?? 0n;
    await ctx.reply(t('withdraw-enter-amount', { min: formatUsdt(rules.value.min), fee: formatUsdt(fee) }), { reply_markup: cancel() });
    let amount: bigint | undefined;
    while (amount === undefined) {
      const inp = await waitInput(conversation, 'wd:');
      if (inp.data === 'x') return void (await inp.ctx.reply(t('common-cancelled')));
      const r = parseDecimal((inp.text ?? '').replace(/\s*usdt$/i, ''), USDT_SCALE);
      if (r.ok) amount = r.value;
      else await inp.ctx.reply(t(`amount-${r.reason.replace(/_/g, '-')}`, { scale: USDT_SCALE }));
    }
    await ctx.reply(t('withdraw-summary', { amount: formatUsdt(amount), fee: formatUsdt(fee), total: formatUsdt(amount + fee), chain: CHAIN_NAMES[chain], address }), {
      reply_markup: new InlineKeyboard().text(t('trade-confirm'), 'wd:ok').text(t('common-cancel'), 'wd:x'),
    });
    for (;;) {
      const inp = await waitInput(conversation, 'wd:');
      if (inp.data === 'x') return void (await inp.ctx.reply(t('common-cancelled')));
      if (inp.data === 'ok') break;
      await inp.ctx.reply(t('trade-confirm-expected'));
    }
    const twofa = await ext(conversation, () => totpEnabled(sql, userId));
    if (!twofa.ok) throw twofa.error;
    if (twofa.value) {
      await ctx.reply(t('withdraw-totp'), { reply_markup: cancel() });
      for (;;) {
        const inp = await waitInput(conversation, 'wd:');
        if (inp.data === 'x') return void (await inp.ctx.reply(t('common-cancelled')));
        const r = await ext(conversation, () => checkUserCode(sql, totpKey(deps.config), userId, inp.text ?? ''));
        if (!r.ok) throw r.error;
        if (r.value.result === 'ok' || r.value.result === 'not_enabled') break;
        await inp.ctx.reply(codeRefusal(t, r.value));
        if (r.value.result === 'locked') return void (await inp.ctx.reply(t('withdraw-totp-failed')));
      }
    }
    // The conversation's own random nonce makes a retried confirm return the same withdrawal.
    const key = `bot:${userId}:${Math.floor((await conversation.random()) * 1e12)}`;
    const r = await ext(conversation, () => requestChainWithdrawal(sql, { owner: { type: 'user', id: userId }, chain: chain!, toAddress: address!, amount: amount!, requestKey: key, actor: `user:${userId}` }));
    if (!r.ok) return void (await ctx.reply(errorText(t, r.error)));
    await conversation.external(() => kick());
    const w = r.value.withdrawal;
    await ctx.reply(t(w.status === 'awaiting_approval' ? 'withdraw-awaiting-approval' : 'withdraw-requested', { id: w.id, amount: formatUsdt(w.amount) }));
  };
}

/** KYC: full name, a photo of an ID document, a selfie. */
export function kycConversation(deps: BotDeps) {
  return async function kyc(conversation: Convo, ctx: Context, lang: string, userId: number) {
    const t = translator(lang);
    const cancel = () => new InlineKeyboard().text(t('common-cancel'), 'ky:x');
    await ctx.reply(t('kyc-enter-name'), { reply_markup: cancel() });
    let name: string | undefined;
    while (!name) {
      const inp = await waitInput(conversation, 'ky:');
      if (inp.data === 'x') return void (await inp.ctx.reply(t('common-cancelled')));
      const s = inp.text?.trim();
      if (s && s.length >= 2 && s.length <= 200 && !s.startsWith('/')) name = s;
      else await inp.ctx.reply(t('kyc-name-invalid'));
    }
    const photo = async (key: string): Promise<string | null> => {
      await ctx.reply(t(key), { reply_markup: cancel() });
      for (;;) {
        const inp = await waitInput(conversation, 'ky:');
        if (inp.data === 'x') { await inp.ctx.reply(t('common-cancelled')); return null; }
        if (inp.photo) return inp.photo;
        await inp.ctx.reply(t('kyc-photo-expected'));
      }
    };
    const doc = await photo('kyc-send-document');
    if (!doc) return;
    const selfie = await photo('kyc-send-selfie');
    if (!selfie) return;
    const r = await ext(conversation, () => submitKyc(deps.sql, userId, { fullName: name!, documentFileId: doc, selfieFileId: selfie }));
    if (!r.ok) return void (await ctx.reply(r.error.code === 'already_done' ? t('kyc-pending') : errorText(t, r.error)));
    await ctx.reply(t('kyc-submitted'));
  };
}
