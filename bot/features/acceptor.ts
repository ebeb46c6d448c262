import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.ts';
import { acceptorProfile, setOnline, moveMargin } from '../../core/acceptors.ts';
import { listOffers, setOfferActive, setOffersActiveFor } from '../../core/offers.ts';
import { formatUnits, currency, USDT_SCALE } from '../../core/money/index.ts';
import { menuEntry } from '../menu.ts';
import { methodName } from '../format.ts';
import { answerError } from '../errors.ts';

/** The acceptor's panel: apply, online / offline, margin and limits, offers. */
export function acceptorFeature() {
  const c = new Composer<BotContext>();

  const panel = async (ctx: BotContext) => {
    const { sql } = ctx.deps;
    const p = await acceptorProfile(sql, ctx.user!.id);
    if (!p) return void (await ctx.reply(ctx.t('acceptor-intro'), { reply_markup: new InlineKeyboard().text(ctx.t('acceptor-apply'), 'ac:apply') }));
    if (p.status !== 'approved') {
      // A suspended or rejected acceptor may still take back margin the rules do not need.
      const free = p.margin > p.marginRequired;
      return void (await ctx.reply(ctx.t(`acceptor-status-${p.status}`), free ? { reply_markup: new InlineKeyboard().text(ctx.t('margin-withdraw'), 'ac:mw') } : {}));
    }
    const offers = await listOffers(sql, ctx.user!.id);
    const kb = new InlineKeyboard();
    const lines: string[] = [];
    for (const o of offers) {
      const { exponent } = await currency(sql, o.fiatCurrency);
      lines.push(ctx.t('offer-line', {
        id: o.id, side: ctx.t(`offer-side-${o.tradeSide}`), currency: o.fiatCurrency, price: o.price,
        min: formatUnits(o.minFiat, exponent), max: formatUnits(o.maxFiat, exponent),
        methods: o.paymentMethods.map((m) => methodName(ctx.t, m)).join(', '),
        state: ctx.t(o.active ? 'offer-active' : 'offer-paused'),
      }));
      kb.text(ctx.t(o.active ? 'offer-pause' : 'offer-resume', { id: o.id }), `of:t:${o.id}`).text(ctx.t('offer-edit-price', { id: o.id }), `of:e:${o.id}`).row();
    }
    kb.text(ctx.t('offer-new'), 'of:new').row();
    kb.text(ctx.t('margin-deposit'), 'ac:md').text(ctx.t('margin-withdraw'), 'ac:mw').row();
    kb.text(ctx.t(p.online ? 'acceptor-go-offline' : 'acceptor-go-online'), p.online ? 'ac:off' : 'ac:on');
    await ctx.reply([
      ctx.t('acceptor-panel', {
        state: ctx.t(p.online ? 'acceptor-online' : 'acceptor-offline'),
        margin: formatUnits(p.margin, 6), required: formatUnits(p.marginRequired, 6), volume: formatUnits(p.volume24h, 6),
        bps: (p.marginBps / 100).toFixed(0), limit: p.dailyLimit == null ? ctx.t('acceptor-no-daily-limit') : ctx.t('acceptor-daily-limit', { limit: formatUnits(p.dailyLimit, 6) }),
      }),
      lines.length ? lines.join('\n') : ctx.t('offer-none'),
    ].join('\n\n'), { reply_markup: kb });
  };
  c.command('acceptor', panel);
  c.filter((ctx) => menuEntry(ctx.message?.text) === 'acceptor', panel);

  c.callbackQuery('ac:apply', async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('acceptorApply', ctx.lang, ctx.user!.id);
  });

  c.callbackQuery(/^ac:(on|off)$/, async (ctx) => {
    try {
      await setOnline(ctx.deps.sql, ctx.user!.id, ctx.match[1] === 'on');
    } catch (e) {
      return answerError(ctx, e);
    }
    await ctx.answerCallbackQuery({ text: ctx.t(ctx.match[1] === 'on' ? 'acceptor-online' : 'acceptor-offline') });
    await panel(ctx);
  });

  // Margin: withdrawing is open to any acceptor (core keeps what the volume requires),
  // depositing only to approved ones.
  c.callbackQuery(/^ac:m(d|w)$/, async (ctx) => {
    const p = await acceptorProfile(ctx.deps.sql, ctx.user!.id);
    if (!p || (ctx.match[1] === 'd' && p.status !== 'approved')) return void (await ctx.answerCallbackQuery({ text: ctx.t('acceptor-not-approved'), show_alert: true }));
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('marginMove', ctx.lang, ctx.user!.id, ctx.match[1] === 'd' ? 'deposit' : 'withdraw');
  });
  c.callbackQuery(/^ac:mg:(d|w):(\d{1,20})$/, async (ctx) => {
    const direction = ctx.match[1] === 'd' ? 'deposit' : 'withdraw';
    const amount = BigInt(ctx.match[2]);
    const msg = ctx.callbackQuery.message;
    const p = await acceptorProfile(ctx.deps.sql, ctx.user!.id);
    if (!msg || !p || (direction === 'deposit' && p.status !== 'approved')) return void (await ctx.answerCallbackQuery({ text: ctx.t('acceptor-not-approved'), show_alert: true }));
    let r: Awaited<ReturnType<typeof moveMargin>>;
    try {
      // The summary message names the request: pressing its button twice moves once.
      r = await moveMargin(ctx.deps.sql, ctx.user!.id, amount, direction, `tg:${msg.chat.id}:${msg.message_id}`);
    } catch (e) {
      return answerError(ctx, e);
    }
    const text = ctx.t(`margin-done-${direction}`, { amount: formatUnits(amount, USDT_SCALE), margin: formatUnits(r.margin, USDT_SCALE) });
    await ctx.answerCallbackQuery({ text: r.result === 'already' ? ctx.t('margin-already-done') : text });
    if (r.result === 'moved') await ctx.editMessageText(text, { reply_markup: new InlineKeyboard() });
  });
  c.callbackQuery('ac:mgx', async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('common-cancelled'), { reply_markup: new InlineKeyboard() });
  });

  const approved = c.filter((ctx) => ctx.user?.acceptorStatus === 'approved');
  approved.callbackQuery('of:new', async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('offerNew', ctx.lang, ctx.user!.id);
  });
  approved.callbackQuery(/^of:e:(\d+)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('offerPrice', ctx.lang, ctx.user!.id, Number(ctx.match[1]));
  });
  approved.callbackQuery(/^of:t:(\d+)$/, async (ctx) => {
    const id = Number(ctx.match[1]);
    const offer = (await listOffers(ctx.deps.sql, ctx.user!.id)).find((o) => o.id === id);
    if (!offer) return void (await ctx.answerCallbackQuery({ text: ctx.t('error-not-found'), show_alert: true }));
    await setOfferActive(ctx.deps.sql, ctx.user!.id, id, !offer.active);
    await ctx.answerCallbackQuery({ text: ctx.t(offer.active ? 'offer-paused' : 'offer-active') });
    await panel(ctx);
  });
  // /pause CNY [method], /resume CNY [method]: every offer of one currency (and method).
  const bulk = (active: boolean) => async (ctx: BotContext & { match: string }) => {
    const [cur, method] = String(ctx.match ?? '').trim().split(/\s+/);
    if (!cur || !/^[A-Za-z]{3}$/.test(cur)) return void (await ctx.reply(ctx.t('offer-bulk-usage')));
    const n = await setOffersActiveFor(ctx.deps.sql, ctx.user!.id, active, cur, method || undefined);
    await ctx.reply(ctx.t(active ? 'offer-bulk-resumed' : 'offer-bulk-paused', { count: n, currency: cur.toUpperCase() }));
  };
  approved.command('pause', bulk(false));
  approved.command('resume', bulk(true));
  c.callbackQuery(/^(of|ac):/, (ctx) => ctx.answerCallbackQuery({ text: ctx.t('acceptor-not-approved'), show_alert: true }));
  return c;
}
