import { InlineKeyboard, type Context } from 'grammy';
import type { BotDeps } from '../context.ts';
import { translator } from '../i18n.ts';
import { ext, waitInput, type Convo } from './kit.ts';
import { parseDecimal, formatUnits, USDT_SCALE } from '../../core/money/index.ts';
import { quote, createOrder } from '../../core/orders/index.ts';
import { errorText } from '../errors.ts';
import { methodName, groupThousands } from '../format.ts';
import { openMarkets, methodsForAmount, type Market } from '../../core/offers.ts';

export interface AmountInput {
  unit: 'fiat' | 'usdt';
  value: bigint;
}

/** "100 USDT" / "100u" is USDT; "720" or "720 CNY" is fiat. Refusals carry a message key. */
export function parseTradeAmount(text: string, currency: string, exponent: number): { ok: true; amount: AmountInput } | { ok: false; key: string; scale: number } {
  let s = text.trim();
  let unit: 'fiat' | 'usdt' = 'fiat';
  const usdt = /^(.*?)\s*(usdt|u)$/i.exec(s);
  const fiat = new RegExp(`^(.*?)\\s*${currency}$`, 'i').exec(s);
  if (usdt) { s = usdt[1]; unit = 'usdt'; } else if (fiat) s = fiat[1];
  const scale = unit === 'usdt' ? USDT_SCALE : exponent;
  const r = parseDecimal(s, scale);
  if (!r.ok) return { ok: false, key: `amount-${r.reason.replace(/_/g, '-')}`, scale };
  return { ok: true, amount: { unit, value: r.value } };
}

/** Buy or sell: currency → amount → payment method → quote → confirm → createOrder. */
export function tradeConversation(deps: BotDeps) {
  const { sql } = deps;
  return async function trade(conversation: Convo, ctx: Context, side: 'buy' | 'sell', lang: string, userId: number) {
    const t = translator(lang);
    const cancelKb = (kb: InlineKeyboard) => kb.row().text(t('common-cancel'), 'tr:x');

    // 1. currency: only those some acceptor takes right now for this side
    const markets = await ext(conversation, () => openMarkets(sql, side));
    if (!markets.ok) throw markets.error;
    if (!markets.value.length) return void (await ctx.reply(t('trade-no-offers')));
    const kb = new InlineKeyboard();
    markets.value.forEach((c, i) => { kb.text(c.currency, `tr:c:${c.currency}`); if (i % 4 === 3) kb.row(); });
    await ctx.reply(t(`trade-${side}-title`) + '\n' + t('trade-choose-currency'), { reply_markup: cancelKb(kb) });
    let market: Market | undefined;
    while (!market) {
      const inp = await waitInput(conversation, 'tr:');
      if (inp.data === 'x') return void (await inp.ctx.reply(t('common-cancelled')));
      const code = (inp.data?.startsWith('c:') ? inp.data.slice(2) : inp.text ?? '').trim().toUpperCase();
      market = markets.value.find((m) => m.currency === code);
      if (!market) await inp.ctx.reply(t('trade-currency-not-offered'));
    }
    const currency = { code: market.currency, exponent: market.exponent };

    // 2. amount, in fiat or USDT; one no offer takes is asked again with the range that is taken
    await ctx.reply(t('trade-enter-amount', { currency: currency.code }), { reply_markup: cancelKb(new InlineKeyboard()) });
    let amount: AmountInput | undefined;
    let methods: string[] = [];
    while (!amount) {
      const inp = await waitInput(conversation, 'tr:');
      if (inp.data === 'x') return void (await inp.ctx.reply(t('common-cancelled')));
      if (inp.text === undefined) { await inp.ctx.reply(t('trade-amount-expected', { currency: currency.code })); continue; }
      const r = parseTradeAmount(inp.text, currency.code, currency.exponent);
      if (!r.ok) { await inp.ctx.reply(t(r.key, { scale: r.scale }) + '\n' + t('trade-amount-example', { currency: currency.code })); continue; }
      const fit = await ext(conversation, () => methodsForAmount(sql, side, currency.code, r.amount));
      if (!fit.ok) throw fit.error;
      if (!fit.value.length) {
        await inp.ctx.reply(t('trade-amount-outside', {
          min: groupThousands(formatUnits(market.minFiat, currency.exponent, false)),
          max: groupThousands(formatUnits(market.maxFiat, currency.exponent, false)),
          currency: currency.code,
        }));
        continue;
      }
      amount = r.amount;
      methods = fit.value;
    }

    // 3. payment method: those of the offers that take this amount
    const mkb = new InlineKeyboard();
    methods.forEach((m, i) => { mkb.text(methodName(t, m), `tr:m:${m}`); if (i % 2 === 1) mkb.row(); });
    await ctx.reply(t('trade-choose-method'), { reply_markup: cancelKb(mkb) });
    let method: string | undefined;
    while (!method) {
      const inp = await waitInput(conversation, 'tr:');
      if (inp.data === 'x') return void (await inp.ctx.reply(t('common-cancelled')));
      const m = inp.data?.startsWith('m:') ? inp.data.slice(2) : undefined;
      if (m && methods.includes(m)) method = m;
      else await inp.ctx.reply(t('trade-choose-method-button'));
    }

    // 4. quote, then confirm
    const req = {
      traderId: userId, side, fiatCurrency: currency.code, paymentMethod: method,
      ...(amount.unit === 'fiat' ? { fiatAmount: amount.value } : { usdtAmount: amount.value }),
    };
    const q = await ext(conversation, () => quote(sql, req));
    if (!q.ok) return void (await ctx.reply(errorText(t, q.error)));
    const qv = q.value;
    const a = qv.acceptor;
    const accArgs = {
      completed: a.completed,
      rate: Math.round(a.completionRate * 100),
      release: a.avgReleaseSec == null ? '-' : Math.max(1, Math.round(a.avgReleaseSec / 60)),
      rating: a.rating == null ? '-' : Number(a.rating).toFixed(1),
    };
    // On a sell the trader releases, so the acceptor's release time says nothing.
    const accLine = a.completed === 0 ? t('trade-quote-acceptor-new')
      : side === 'buy' ? t('trade-quote-acceptor', accArgs) : t('trade-quote-acceptor-sell', accArgs);
    const receive = side === 'buy'
      ? `${formatUnits(qv.usdtAmount - qv.fee, USDT_SCALE)} USDT`
      : `${formatUnits(qv.fiatAmount, currency.exponent, false)} ${currency.code}`;
    const quoteText = [t('trade-quote', {
      side: t(`trade-side-${side}`),
      price: qv.price,
      currency: currency.code,
      fiat: formatUnits(qv.fiatAmount, currency.exponent, false),
      usdt: formatUnits(qv.usdtAmount, USDT_SCALE),
      fee: formatUnits(qv.fee, USDT_SCALE),
      method: methodName(t, method),
    }), t('trade-quote-receive', { amount: receive }), accLine].join('\n');
    await ctx.reply(quoteText, { reply_markup: new InlineKeyboard().text(t('trade-confirm'), 'tr:q:yes').text(t('common-cancel'), 'tr:x') });
    for (;;) {
      const inp = await waitInput(conversation, 'tr:');
      if (inp.data === 'x') return void (await inp.ctx.reply(t('common-cancelled')));
      if (inp.data === 'q:yes') break;
      await inp.ctx.reply(t('trade-confirm-expected'));
    }

    // 5. the order; its card arrives through the notifier
    const created = await ext(conversation, () => createOrder(sql, { ...req, offerId: qv.offerId }));
    if (!created.ok) return void (await ctx.reply(errorText(t, created.error)));
    await ctx.reply(t('trade-created', { id: created.value.order.id }));
  };
}
