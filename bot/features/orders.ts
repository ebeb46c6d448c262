import { Composer, GrammyError, InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.ts';
import { getOrder, claimOrder, confirmOrder, declineOrder, releaseOrder, cancelOrder, extendOrder, rateOrder } from '../../core/orders/index.ts';
import type { Actor } from '../../core/orders/types.ts';
import { DeskError } from '../../core/errors.ts';
import { formatUnits, currency } from '../../core/money/index.ts';
import { allowedActions, viewerOf, renderCard, renderReleaseConfirm, type OrderAction } from '../cards.ts';
import { answerError } from '../errors.ts';
import { emit } from '../../core/outbox.ts';
import { sendCard, orderOfCard } from '../orders.ts';
import { menuEntry } from '../menu.ts';
import { totpEnabled } from '../../core/twofa.ts';

const ACTIONS = new Set<OrderAction | 'relok' | 'back'>(['cancel', 'confirm', 'decline', 'paid', 'release', 'extend', 'appeal', 'rate', 'claim', 'relok', 'back']);

function ignoreNotModified(e: unknown): void {
  if (e instanceof GrammyError && /not modified/i.test(e.description)) return;
  throw e;
}

/**
 * Order card buttons. Each press is checked against who pressed it and the order's
 * current state before core is asked (core checks again); the card itself is
 * re-rendered by the notifier from the outbox event the transition wrote.
 */
export function ordersFeature(kick: () => void) {
  const c = new Composer<BotContext>();

  c.callbackQuery(/^o:([a-z]+):(\d+)(?::(\d))?$/, async (ctx) => {
    const action = ctx.match[1] as OrderAction | 'relok' | 'back';
    const orderId = Number(ctx.match[2]);
    const user = ctx.user;
    if (!user || !ACTIONS.has(action)) return void (await ctx.answerCallbackQuery({ text: ctx.t('error-stale-button'), show_alert: true }));
    const { sql } = ctx.deps;
    const order = await getOrder(sql, orderId);
    if (!order) return void (await ctx.answerCallbackQuery({ text: ctx.t('error-not-found'), show_alert: true }));
    const actor: Actor = { kind: 'user', userId: user.id };

    if (action === 'claim') {
      try {
        await claimOrder(sql, orderId, actor);
      } catch (e) {
        if (e instanceof DeskError && (e.code === 'already_done' || e.code === 'invalid_transition')) {
          return void (await ctx.answerCallbackQuery({ text: ctx.t('group-lost', { id: orderId }), show_alert: true }));
        }
        if (e instanceof DeskError && (e.code === 'acceptor_unavailable' || e.code === 'forbidden')) {
          return void (await ctx.answerCallbackQuery({ text: ctx.t('group-not-eligible', { id: orderId }), show_alert: true }));
        }
        return answerError(ctx, e);
      }
      kick();
      return void (await ctx.answerCallbackQuery({ text: ctx.t('group-won', { id: orderId }), show_alert: true }));
    }

    const viewer = viewerOf(order, user.id);
    if (!viewer) return void (await ctx.answerCallbackQuery({ text: ctx.t('error-not-your-order'), show_alert: true }));
    const allowed = allowedActions(order, viewer);
    // Back from the release question shows the card as it is now, whatever happened meanwhile.
    if (action === 'back') {
      await ctx.answerCallbackQuery();
      const card = renderCard(order, viewer, ctx.lang, (await currency(sql, order.fiatCurrency)).exponent);
      return void (await ctx.editMessageText(card.text, { reply_markup: card.keyboard, parse_mode: 'HTML' }).catch(ignoreNotModified));
    }
    // The release question's Confirm stands for the card's Release button.
    if (!allowed.includes(action === 'relok' ? 'release' : action)) {
      return void (await ctx.answerCallbackQuery({ text: ctx.t('order-state-now', { id: orderId, status: ctx.t(`status-${order.status}`) }), show_alert: true }));
    }
    if (action === 'paid') {
      await ctx.answerCallbackQuery();
      await ctx.conversation.exitAll();
      return ctx.conversation.enter('receipt', orderId, ctx.lang);
    }
    if (action === 'release') {
      // Releasing is irrevocable: the card asks first and shows what the seller should have received.
      await ctx.answerCallbackQuery();
      const q = renderReleaseConfirm(order, viewer, ctx.lang, (await currency(sql, order.fiatCurrency)).exponent);
      return void (await ctx.editMessageText(q.text, { reply_markup: q.keyboard, parse_mode: 'HTML' }).catch(ignoreNotModified));
    }
    if (action === 'relok') {
      if (await totpEnabled(sql, user.id)) {
        await ctx.answerCallbackQuery();
        await ctx.conversation.exitAll();
        return ctx.conversation.enter('releaseTotp', orderId, ctx.lang);
      }
    }
    if (action === 'appeal') {
      await ctx.answerCallbackQuery();
      await ctx.conversation.exitAll();
      return ctx.conversation.enter('appeal', orderId, ctx.lang);
    }
    try {
      switch (action) {
        case 'confirm': await confirmOrder(sql, orderId, actor); break;
        case 'decline': await declineOrder(sql, orderId, actor); break;
        case 'relok': await releaseOrder(sql, orderId, actor); break;
        case 'cancel': await cancelOrder(sql, orderId, actor); break;
        case 'extend': await extendOrder(sql, orderId, actor); break;
        case 'rate': await rateOrder(sql, orderId, actor, Number(ctx.match[3])); break;
      }
    } catch (e) {
      return answerError(ctx, e);
    }
    kick();
    await ctx.answerCallbackQuery({ text: ctx.t(`order-done-${action === 'relok' ? 'release' : action}`, { id: orderId }) });
    if (action === 'relok') {
      // The question's buttons go at once; the notifier edits the order's own card too.
      const now = await getOrder(sql, orderId);
      if (now) {
        const card = renderCard(now, viewer, ctx.lang, (await currency(sql, now.fiatCurrency)).exponent);
        await ctx.editMessageText(card.text, { reply_markup: card.keyboard, parse_mode: 'HTML' }).catch(ignoreNotModified);
      }
    }
  });

  const listOrders = async (ctx: BotContext) => {
    const rows = await ctx.deps.sql`
      SELECT o.id, o.side, o.status, o.fiat_amount, o.fiat_currency, o.usdt_amount, c.exponent,
             (o.trader_id = ${ctx.user!.id}) AS mine
      FROM orders o JOIN currencies c ON c.code = o.fiat_currency
      WHERE o.trader_id = ${ctx.user!.id} OR o.acceptor_id = ${ctx.user!.id}
      ORDER BY o.id DESC LIMIT 10`;
    if (!rows.length) return void (await ctx.reply(ctx.t('orders-empty')));
    const kb = new InlineKeyboard();
    const lines = rows.map((r) => {
      kb.text(`#${r.id}`, `od:${r.id}`);
      return ctx.t('orders-line', {
        id: Number(r.id), side: ctx.t(`trade-side-${r.side}`), status: ctx.t(`status-${r.status}`),
        fiat: formatUnits(r.fiat_amount, r.exponent, false), currency: r.fiat_currency, usdt: formatUnits(r.usdt_amount, 6),
      });
    });
    await ctx.reply(ctx.t('orders-title') + '\n' + lines.join('\n'), { reply_markup: kb });
  };
  c.command('orders', listOrders);
  c.filter((ctx) => menuEntry(ctx.message?.text) === 'orders', listOrders);

  c.callbackQuery(/^od:(\d+)$/, async (ctx) => {
    const order = await getOrder(ctx.deps.sql, Number(ctx.match[1]));
    const viewer = order && viewerOf(order, ctx.user!.id);
    if (!order || !viewer) return void (await ctx.answerCallbackQuery({ text: ctx.t('error-not-your-order'), show_alert: true }));
    await ctx.answerCallbackQuery();
    await sendCard(ctx.api, ctx.deps.sql, order, viewer, ctx.chat!.id, ctx.lang);
  });

  // The anonymous in-order chat: a reply to an order card is relayed and kept as evidence.
  c.on('message', async (ctx, next) => {
    const reply = ctx.message.reply_to_message;
    if (!reply || ctx.chat.type !== 'private') return next();
    const { sql } = ctx.deps;
    const orderId = await orderOfCard(sql, ctx.chat.id, reply.message_id);
    if (!orderId) return next();
    const order = await getOrder(sql, orderId);
    const viewer = order && viewerOf(order, ctx.user!.id);
    if (!order || !viewer) return void (await ctx.reply(ctx.t('error-not-your-order')));
    if (!['claimed', 'matched', 'paid', 'disputed'].includes(order.status)) {
      return void (await ctx.reply(ctx.t('chat-closed', { status: ctx.t(`status-${order.status}`) })));
    }
    const text = ctx.message.text ?? ctx.message.caption ?? null;
    const photo = ctx.message.photo?.at(-1)?.file_id ?? null;
    if (!text && !photo) return void (await ctx.reply(ctx.t('chat-text-or-photo')));
    if (text && text.length > 2000) return void (await ctx.reply(ctx.t('chat-too-long')));
    await sql.begin(async (tx) => {
      await tx`INSERT INTO order_messages (order_id, sender_id, text, file_id) VALUES (${orderId}, ${ctx.user!.id}, ${text}, ${photo})`;
      await emit(tx, { channel: 'telegram', topic: 'order.message', payload: { orderId, from: viewer, text, fileId: photo } });
    });
    kick();
    await ctx.reply(ctx.t('chat-sent'));
  });

  return c;
}
