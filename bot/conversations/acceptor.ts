import { InlineKeyboard, type Context } from 'grammy';
import type { BotDeps } from '../context.ts';
import { translator } from '../i18n.ts';
import { ext, waitInput, type Convo } from './kit.ts';
import { applyAsAcceptor } from '../../core/acceptors.ts';
import { createOffer, updateOffer, listOffers } from '../../core/offers.ts';
import { parseDecimal, PRICE_SCALE, formatUnits, currency } from '../../core/money/index.ts';
import { errorText } from '../errors.ts';
import { markChosen } from '../chosen.ts';
import { methodName } from '../format.ts';

/** Becoming an acceptor: a short application an admin reviews. */
export function applyConversation(deps: BotDeps) {
  return async function acceptorApply(conversation: Convo, ctx: Context, lang: string, userId: number) {
    const t = translator(lang);
    await ctx.reply(t('acceptor-apply-ask'), { reply_markup: new InlineKeyboard().text(t('common-cancel'), 'aa:x') });
    let about: string | undefined;
    while (!about) {
      const inp = await waitInput(conversation, 'aa:');
      if (inp.data === 'x') return void (await inp.ctx.reply(t('common-cancelled')));
      const s = inp.text?.trim();
      if (s && s.length >= 10 && s.length <= 1000 && !s.startsWith('/')) about = s;
      else await inp.ctx.reply(t('acceptor-apply-invalid'));
    }
    const r = await ext(conversation, () => applyAsAcceptor(deps.sql, userId, { about: about! }));
    if (!r.ok) return void (await ctx.reply(errorText(t, r.error)));
    await ctx.reply(t(r.value === 'applied' ? 'acceptor-applied' : 'acceptor-already-applied'));
  };
}

async function askDecimal(conversation: Convo, t: (k: string, v?: Record<string, string | number>) => string, prefix: string, scale: number, retryKey: string): Promise<{ value: bigint; text: string } | null> {
  for (;;) {
    const inp = await waitInput(conversation, prefix);
    if (inp.data === 'x') { await inp.ctx.reply(t('common-cancelled')); return null; }
    const r = parseDecimal(inp.text ?? '', scale);
    if (r.ok) return { value: r.value, text: formatUnits(r.value, scale, false) };
    await inp.ctx.reply(t(`amount-${r.reason.replace(/_/g, '-')}`, { scale }) + '\n' + t(retryKey));
  }
}

/** A new offer: which side, currency, fixed price, fiat limits, payment methods. */
export function offerConversation(deps: BotDeps, kick: () => void) {
  const { sql } = deps;
  return async function offerNew(conversation: Convo, ctx: Context, lang: string, userId: number) {
    const t = translator(lang);
    const x = () => new InlineKeyboard().text(t('common-cancel'), 'ofc:x');
    await ctx.reply(t('offer-choose-side'), {
      reply_markup: new InlineKeyboard().text(t('offer-side-buy'), 'ofc:s:buy').row().text(t('offer-side-sell'), 'ofc:s:sell').row().text(t('common-cancel'), 'ofc:x'),
    });
    let side: 'buy' | 'sell' | undefined;
    while (!side) {
      const inp = await waitInput(conversation, 'ofc:');
      if (inp.data === 'x') return void (await inp.ctx.reply(t('common-cancelled')));
      if (inp.data === 's:buy' || inp.data === 's:sell') side = inp.data.slice(2) as 'buy' | 'sell';
      else await inp.ctx.reply(t('offer-side-button'));
    }
    await ctx.reply(t('offer-enter-currency'), { reply_markup: x() });
    let cur: { code: string; exponent: number } | undefined;
    while (!cur) {
      const inp = await waitInput(conversation, 'ofc:');
      if (inp.data === 'x') return void (await inp.ctx.reply(t('common-cancelled')));
      const code = (inp.text ?? '').trim().toUpperCase();
      const r = await ext(conversation, async () => {
        const [c] = /^[A-Z]{3}$/.test(code) ? await sql`SELECT code, exponent FROM currencies WHERE code = ${code}` : [];
        return c ? { code: c.code as string, exponent: c.exponent as number } : null;
      });
      if (r.ok && r.value) cur = r.value;
      else await inp.ctx.reply(t('trade-unknown-currency'));
    }
    await ctx.reply(t('offer-enter-price', { currency: cur.code }), { reply_markup: x() });
    const price = await askDecimal(conversation, t, 'ofc:', PRICE_SCALE, 'offer-price-example');
    if (!price) return;
    await ctx.reply(t('offer-enter-min', { currency: cur.code }), { reply_markup: x() });
    const min = await askDecimal(conversation, t, 'ofc:', cur.exponent, 'offer-limit-example');
    if (!min) return;
    await ctx.reply(t('offer-enter-max', { currency: cur.code }), { reply_markup: x() });
    let max: { value: bigint } | null = null;
    while (!max) {
      const m = await askDecimal(conversation, t, 'ofc:', cur.exponent, 'offer-limit-example');
      if (!m) return;
      if (m.value >= min.value) max = m;
      else await ctx.reply(t('offer-max-below-min', { min: min.text }));
    }
    const kinds = await ext(conversation, async () => (await sql`
      SELECT code FROM payment_method_kinds WHERE enabled AND (currencies IS NULL OR ${cur!.code} = ANY(currencies)) ORDER BY sort`).map((r) => r.code as string));
    if (!kinds.ok) throw kinds.error;
    const chosen = new Set<string>();
    const methodsKb = () => {
      const kb = new InlineKeyboard();
      kinds.value.forEach((k, i) => { kb.text(`${chosen.has(k) ? '✅ ' : ''}${methodName(t, k)}`, `ofc:m:${k}`); if (i % 2 === 1) kb.row(); });
      return kb.row().text(t('offer-methods-done'), 'ofc:done').text(t('common-cancel'), 'ofc:x');
    };
    await ctx.reply(t('offer-choose-methods'), { reply_markup: methodsKb() });
    for (;;) {
      const inp = await waitInput(conversation, 'ofc:', { keepKeyboard: true });
      if (inp.data === 'x' || (inp.data === 'done' && chosen.size)) await markChosen(inp.ctx);
      if (inp.data === 'x') return void (await inp.ctx.reply(t('common-cancelled')));
      if (inp.data === 'done') {
        if (chosen.size) break;
        await inp.ctx.reply(t('offer-methods-none'));
        continue;
      }
      const k = inp.data?.startsWith('m:') ? inp.data.slice(2) : undefined;
      if (k && kinds.value.includes(k)) {
        if (chosen.has(k)) chosen.delete(k); else chosen.add(k);
        await inp.ctx.editMessageReplyMarkup({ reply_markup: methodsKb() });
      } else await inp.ctx.reply(t('offer-methods-button'));
    }
    const r = await ext(conversation, () => createOffer(sql, userId, {
      tradeSide: side!, fiatCurrency: cur!.code, price: price.text, minFiat: min.value, maxFiat: max!.value, paymentMethods: [...chosen],
    }));
    if (!r.ok) return void (await ctx.reply(errorText(t, r.error)));
    await conversation.external(() => kick());
    await ctx.reply(t('offer-created', { id: r.value.id }));
  };
}

/** Edits an offer: fixed price, then the fiat limits; "Keep" leaves a value as it is. */
export function offerPriceConversation(deps: BotDeps) {
  const { sql } = deps;
  return async function offerPrice(conversation: Convo, ctx: Context, lang: string, userId: number, offerId: number) {
    const t = translator(lang);
    const offer = await ext(conversation, async () => (await listOffers(sql, userId)).find((o) => o.id === offerId) ?? null);
    if (!offer.ok || !offer.value) return void (await ctx.reply(t('error-not-found')));
    const o = offer.value;
    const exp = await ext(conversation, async () => (await currency(sql, o.fiatCurrency)).exponent);
    if (!exp.ok) throw exp.error;
    const cur = exp.value;
    const keep = () => new InlineKeyboard().text(t('offer-keep'), 'ofc:keep').text(t('common-cancel'), 'ofc:x');
    const ask = async (prompt: string, scale: number, example: string, current: string): Promise<{ value: bigint; text: string } | 'keep' | null> => {
      await ctx.reply(`${prompt}\n${t('offer-current', { value: current })}`, { reply_markup: keep() });
      for (;;) {
        const inp = await waitInput(conversation, 'ofc:');
        if (inp.data === 'x') { await inp.ctx.reply(t('common-cancelled')); return null; }
        if (inp.data === 'keep') return 'keep';
        const r = parseDecimal(inp.text ?? '', scale);
        if (r.ok) return { value: r.value, text: formatUnits(r.value, scale, false) };
        await inp.ctx.reply(t(`amount-${r.reason.replace(/_/g, '-')}`, { scale }) + '\n' + t(example));
      }
    };
    const price = await ask(t('offer-enter-price', { currency: o.fiatCurrency }), PRICE_SCALE, 'offer-price-example', o.price);
    if (!price) return;
    const min = await ask(t('offer-enter-min', { currency: o.fiatCurrency }), cur, 'offer-limit-example', formatUnits(o.minFiat, cur));
    if (!min) return;
    const max = await ask(t('offer-enter-max', { currency: o.fiatCurrency }), cur, 'offer-limit-example', formatUnits(o.maxFiat, cur));
    if (!max) return;
    const r = await ext(conversation, () => updateOffer(sql, userId, offerId, {
      tradeSide: o.tradeSide, fiatCurrency: o.fiatCurrency, paymentMethods: o.paymentMethods,
      price: price === 'keep' ? o.price : price.text,
      minFiat: min === 'keep' ? o.minFiat : min.value,
      maxFiat: max === 'keep' ? o.maxFiat : max.value,
    }));
    if (!r.ok) return void (await ctx.reply(errorText(t, r.error)));
    const u = r.value;
    await ctx.reply(t('offer-updated', { id: offerId, price: u.price, min: formatUnits(u.minFiat, cur), max: formatUnits(u.maxFiat, cur), currency: u.fiatCurrency }));
  };
}
