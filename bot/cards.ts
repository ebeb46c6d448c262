import { InlineKeyboard } from 'grammy';
import type { Order } from '../core/orders/types.ts';
import { formatUnits, USDT_SCALE } from '../core/money/index.ts';
import { translator } from './i18n.ts';
import { hhmm, methodName, escapeHtml } from './format.ts';

export type Viewer = 'trader' | 'acceptor';
export type OrderAction = 'cancel' | 'confirm' | 'decline' | 'paid' | 'release' | 'extend' | 'appeal' | 'rate' | 'claim';

/** Whether the release window has passed, so either side may appeal. */
export function appealOpen(order: Pick<Order, 'appealAfter'>, now = Date.now()): boolean {
  return order.appealAfter != null && new Date(order.appealAfter).getTime() <= now;
}

/** Whether the viewer pays fiat (the buyer of USDT) or receives it (the seller). */
export function viewerSide(order: Pick<Order, 'side'>, viewer: Viewer): 'buyer' | 'seller' {
  const traderBuys = order.side === 'buy';
  return (viewer === 'trader') === traderBuys ? 'buyer' : 'seller';
}

export function viewerOf(order: Pick<Order, 'traderId' | 'acceptorId'>, userId: number): Viewer | null {
  if (order.traderId === userId) return 'trader';
  if (order.acceptorId === userId) return 'acceptor';
  return null;
}

/** The buttons a state allows for one viewer; anything else is refused as stale. */
export function allowedActions(order: Order, viewer: Viewer): OrderAction[] {
  const side = viewerSide(order, viewer);
  switch (order.status) {
    case 'created':
      return viewer === 'trader' ? ['cancel'] : [];
    case 'claimed':
      return viewer === 'acceptor' ? ['confirm', 'decline'] : ['cancel'];
    case 'matched': {
      const a: OrderAction[] = [];
      // No release before the buyer says the fiat was sent: one stray click is irrevocable.
      if (side === 'buyer') a.push('paid');
      if (side === 'seller' && !order.extended) a.push('extend');
      if (side === 'buyer') a.push('cancel');
      return a;
    }
    case 'paid':
      return [...(side === 'seller' ? ['release' as const] : []), ...(appealOpen(order) ? ['appeal' as const] : [])];
    case 'released':
    case 'resolved':
      // The trader's stars land in acceptor_rating and the acceptor's in trader_rating.
      return (viewer === 'trader' ? order.acceptorRating : order.traderRating) == null ? ['rate'] : [];
    default:
      return [];
  }
}

// The method is on the card already; the label is the seller's own name for the account.
const HIDDEN_FIELDS = new Set(['method', 'label']);
const FIELD_ORDER = ['holder', 'bank', 'city', 'provider', 'account'];
// Fields the payer copies into a banking app.
const COPY_FIELDS = new Set(['account', 'iban', 'card', 'phone', 'wallet', 'address']);

/** Receiving details, one translated field per line (HTML); numbers in <code> to copy with a tap. */
export function detailLines(t: (key: string) => string, details: Record<string, string>): string[] {
  // jsonb keeps keys ordered by length, not as typed: show them in the order a payer fills a form.
  const rank = (k: string) => { const i = FIELD_ORDER.indexOf(k); return i < 0 ? FIELD_ORDER.length : i; };
  const entries = Object.entries(details).filter(([k]) => !HIDDEN_FIELDS.has(k)).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  return entries.map(([k, v]) => {
    const name = t(`field-${k}`) === `field-${k}` ? k : t(`field-${k}`);
    const value = escapeHtml(String(v));
    return `  ${escapeHtml(name)}: ${COPY_FIELDS.has(k) ? `<code>${value}</code>` : value}`;
  });
}

/** Card texts are HTML (parse_mode HTML): every value a user typed is escaped. */
export interface Card {
  text: string;
  keyboard: InlineKeyboard;
}

export function renderCard(order: Order, viewer: Viewer, lang: string, exponent: number): Card {
  const t = translator(lang);
  const lines = [
    t(`card-title-${order.side}-${viewer}`, { id: order.id }),
    t('card-status', { status: t(`status-${order.status}`) }),
    t('card-amount', { fiat: formatUnits(order.fiatAmount, exponent, false), currency: order.fiatCurrency, usdt: formatUnits(order.usdtAmount, USDT_SCALE) }),
  ];
  if (order.price) lines.push(t('card-price', { price: order.price, currency: order.fiatCurrency }));
  lines.push(t('card-method', { method: escapeHtml(methodName(t, order.paymentMethod)) }));
  const live = ['matched', 'paid', 'disputed'].includes(order.status);
  if (live && order.paymentDetails) lines.push(t('card-pay-to'), ...detailLines(t, order.paymentDetails));
  if (order.status === 'claimed') lines.push(t(viewer === 'acceptor' ? 'card-deadline-claim' : 'card-deadline-claim-wait', { time: hhmm(order.claimDeadline) }));
  if (order.status === 'matched') lines.push(t('card-deadline-pay', { time: hhmm(order.payDeadline) }));
  if (order.status === 'paid') lines.push(appealOpen(order) ? t('card-appeal-open') : t('card-appeal-after', { time: hhmm(order.appealAfter) }));
  if (order.receiptFileId) lines.push(t('card-receipt'));
  if (['claimed', 'matched', 'paid', 'disputed'].includes(order.status)) lines.push('', t('card-chat-hint'));
  const actions = allowedActions(order, viewer);
  if (actions.includes('rate')) lines.push('', t('card-rate-prompt'));

  const kb = new InlineKeyboard();
  for (const a of actions) {
    if (a === 'rate') {
      kb.row();
      for (let s = 1; s <= 5; s++) kb.text('★'.repeat(s), `o:rate:${order.id}:${s}`);
      kb.row();
    } else {
      kb.text(t(`card-btn-${a}`), `o:${a}:${order.id}`);
    }
  }
  return { text: lines.join('\n'), keyboard: kb };
}

/** The card with the release question under it: Confirm releases, Back shows the card again. */
export function renderReleaseConfirm(order: Order, viewer: Viewer, lang: string, exponent: number): Card {
  const t = translator(lang);
  const card = renderCard(order, viewer, lang, exponent);
  const text = card.text + '\n\n' + t('release-confirm-ask', {
    fiat: formatUnits(order.fiatAmount, exponent, false), currency: order.fiatCurrency, usdt: formatUnits(order.usdtAmount, USDT_SCALE, true),
  });
  const keyboard = new InlineKeyboard().text(t('release-confirm-yes'), `o:relok:${order.id}`).text(t('release-confirm-back'), `o:back:${order.id}`);
  return { text, keyboard };
}

/** The acceptors' group post: an Accept button while open, then who took it. */
export function renderGroupPost(order: Order, lang: string, exponent: number, takenBy?: string): Card {
  const t = translator(lang);
  const lines = [
    t(`group-title-${order.side}`, { id: order.id }),
    t('card-amount', { fiat: formatUnits(order.fiatAmount, exponent, false), currency: order.fiatCurrency, usdt: formatUnits(order.usdtAmount, USDT_SCALE) }),
    t('card-method', { method: escapeHtml(methodName(t, order.paymentMethod)) }),
  ];
  if (order.price) lines.push(t('card-price', { price: order.price, currency: order.fiatCurrency }));
  const kb = new InlineKeyboard();
  if (order.status === 'created') kb.text(t('group-btn-accept'), `o:claim:${order.id}`);
  else if (takenBy) lines.push(t('group-taken', { name: escapeHtml(takenBy) }));
  else lines.push(t('card-status', { status: t(`status-${order.status}`) }));
  return { text: lines.join('\n'), keyboard: kb };
}
