import type { Exec, TxExec } from '../db.ts';
import { inTx } from '../db.ts';
import { DeskError } from '../errors.ts';
import { emit } from '../outbox.ts';
import { getSettings, settingInterval } from '../settings.ts';
import { currency } from '../money/currencies.ts';
import { eligibleOffers, pickOffer } from '../matching/index.ts';
import { lockEscrow, voidEscrow, releaseEscrow, splitEscrow, escrowTransferId } from './escrow.ts';
import { transition } from './transition.ts';
import { receivingDetailsSql } from '../payment-methods.ts';
import { volume24hSql } from '../matching/volume.ts';
import { toOrder } from './row.ts';
import type { Actor, Order, Resolution, TransitionResult } from './types.ts';

const userOf = (a: Actor) => (a.kind === 'user' ? a.userId : null);

/** An acceptor able to take this order's fixed amounts now, for a group claim or a re-offer. */
async function eligibleAcceptor(tx: TxExec, o: Order, only?: number) {
  const cur = await currency(tx, o.fiatCurrency);
  const { eligible } = await eligibleOffers(tx, {
    side: o.side, fiatCurrency: o.fiatCurrency, exponent: cur.exponent, paymentMethod: o.paymentMethod,
    given: { fiat: o.fiatAmount }, fixed: { fiat: o.fiatAmount, usdt: o.usdtAmount },
    traderId: o.traderId, acceptorId: only, exclude: (await excludedOf(tx, o.id)),
  });
  return only ? eligible[0] ?? null : pickOffer(eligible);
}

async function excludedOf(tx: TxExec, orderId: number): Promise<number[]> {
  const [r] = await tx`SELECT excluded_acceptors FROM orders WHERE id = ${orderId}`;
  return (r?.excluded_acceptors ?? []).map(Number);
}

/** Group mode: the first eligible acceptor to press Accept takes the order. */
export async function claimOrder(exec: Exec, orderId: number, actor: Actor): Promise<TransitionResult> {
  const acceptor = userOf(actor);
  if (!acceptor) throw new DeskError('forbidden');
  return inTx(exec, async (tx) => {
    const [r] = await tx`SELECT * FROM orders WHERE id = ${orderId}`;
    if (!r) throw new DeskError('not_found', { orderId });
    const current = toOrder(r);
    if (current.status !== 'created') throw new DeskError('already_done', { orderId, status: current.status });
    const pick = await eligibleAcceptor(tx, current, acceptor);
    if (!pick) throw new DeskError('acceptor_unavailable', { orderId });
    return transition(tx, orderId, {
      action: 'claim', actor: { kind: 'system' }, role: 'any',
      guards: [tx`o.mode = 'group'`, tx`o.acceptor_id IS NULL`, tx`NOT (${acceptor}::bigint = ANY(o.excluded_acceptors))`],
      set: [tx`acceptor_id = ${acceptor}`, tx`offer_id = ${pick.offerId}`, tx`claim_deadline = now() + ${settingInterval(tx, 'claim_timeout_sec')}`],
      data: { acceptorId: acceptor, offerId: pick.offerId },
    });
  });
}

/** The assigned acceptor confirms: the seller's USDT is locked and the payment window starts. */
export async function confirmOrder(exec: Exec, orderId: number, actor: Actor): Promise<TransitionResult> {
  return inTx(exec, async (tx) => {
    return transition(tx, orderId, {
      action: 'confirm', actor, role: 'acceptor',
      guards: [tx`o.claim_deadline > now()`],
      set: [
        tx`pay_deadline = now() + ${settingInterval(tx, 'payment_window_sec')}`,
        tx`escrow_transfer_id = ${escrowTransferId(orderId)}`,
        // The seller's receiving details for this method, copied onto the order.
        tx`payment_details = ${receivingDetailsSql(tx, tx`CASE WHEN o.side = 'buy' THEN o.acceptor_id ELSE o.trader_id END`, tx`o.payment_method`, tx`o.fiat_currency`)}`,
      ],
      explain: () => new DeskError('too_late', { orderId }),
      effects: async (t, o) => {
        if (!o.paymentDetails) throw new DeskError('missing_payment_details', { method: o.paymentMethod });
        // A sell locked the trader's USDT at creation; a buy locks the acceptor's now.
        if (o.side === 'buy') await lockEscrow(t, o);
      },
    });
  });
}

/**
 * The acceptor passes (decline) or lets the claim window lapse (claim_timeout): the order
 * goes back to created, that acceptor is excluded, and in auto mode the next one is proposed.
 */
async function unclaim(exec: Exec, orderId: number, actor: Actor, action: 'decline' | 'claim_timeout'): Promise<TransitionResult> {
  return inTx(exec, async (tx) => {
    const res = await transition(tx, orderId, {
      action, actor, role: action === 'decline' ? 'acceptor' : 'any',
      guards: action === 'claim_timeout' ? [tx`o.claim_deadline <= now()`] : [],
      set: [tx`excluded_acceptors = array_append(o.excluded_acceptors, o.acceptor_id)`, tx`acceptor_id = NULL`, tx`offer_id = NULL`, tx`claim_deadline = NULL`],
      explain: () => new DeskError('too_early', { orderId }),
      effects: async (t) => {
        if (action !== 'claim_timeout') return;
        await t`UPDATE acceptors SET timeout_count = timeout_count + 1
                WHERE user_id = (SELECT (excluded_acceptors)[array_upper(excluded_acceptors, 1)] FROM orders WHERE id = ${orderId})`;
      },
    });
    if (res.order.mode !== 'auto') return res;
    const next = await eligibleAcceptor(tx, res.order);
    if (!next) return res;
    return transition(tx, orderId, {
      action: 'claim', actor: { kind: 'system' }, role: 'any',
      set: [tx`acceptor_id = ${next.acceptorId}`, tx`offer_id = ${next.offerId}`, tx`claim_deadline = now() + ${settingInterval(tx, 'claim_timeout_sec')}`],
      data: { acceptorId: next.acceptorId, offerId: next.offerId, reoffer: true },
    });
  });
}

export const declineOrder = (exec: Exec, orderId: number, actor: Actor) => unclaim(exec, orderId, actor, 'decline');
export const claimTimeout = (exec: Exec, orderId: number) => unclaim(exec, orderId, { kind: 'system' }, 'claim_timeout');

/** The buyer says the fiat is sent; the seller's release window and then appeals open. */
export async function markPaid(exec: Exec, orderId: number, actor: Actor, opts: { receiptFileId?: string | null } = {}): Promise<TransitionResult> {
  return inTx(exec, async (tx) => {
    return transition(tx, orderId, {
      action: 'paid', actor, role: 'buyer',
      guards: [tx`o.pay_deadline > now()`],
      set: [tx`paid_at = now()`, tx`appeal_after = now() + ${settingInterval(tx, 'release_window_sec')}`, tx`receipt_file_id = coalesce(${opts.receiptFileId ?? null}, o.receipt_file_id)`],
      explain: () => new DeskError('too_late', { orderId }),
    });
  });
}

async function afterRelease(tx: TxExec, o: Order): Promise<void> {
  if (!o.acceptorId) return;
  await tx`
    UPDATE acceptors SET completed_count = completed_count + 1,
      release_seconds_total = release_seconds_total + greatest(0, extract(epoch FROM now() - coalesce(${o.paidAt?.toISOString() ?? null}::timestamptz, ${o.createdAt.toISOString()}::timestamptz)))::bigint
    WHERE user_id = ${o.acceptorId}`;
  // Below the margin ratio of its 24 h volume an acceptor goes offline by itself.
  const [m] = await tx`
    UPDATE acceptors a SET online = false
    WHERE a.user_id = ${o.acceptorId} AND a.online AND
      coalesce((SELECT credits_posted - debits_posted - debits_pending FROM accounts
                WHERE owner_type = 'user' AND owner_id = a.user_id AND kind = 'margin' AND asset = 'USDT'), 0) * 10000
      < a.margin_bps * ${volume24hSql(tx, tx`a.user_id`)}
    RETURNING user_id`;
  if (m) await emit(tx, { channel: 'telegram', topic: 'acceptor.offline', payload: { userId: o.acceptorId, reason: 'margin' } });
}

/** The seller confirms the fiat arrived: escrow goes to the buyer (less the fee). */
export async function releaseOrder(exec: Exec, orderId: number, actor: Actor): Promise<TransitionResult> {
  return inTx(exec, (tx) =>
    transition(tx, orderId, {
      action: 'release', actor, role: 'seller',
      effects: async (t, o) => {
        await releaseEscrow(t, o, 'trade_release');
        await afterRelease(t, o);
      },
    }),
  );
}

/**
 * Before payment: the trader may cancel while unmatched; once matched only the buyer
 * (who has not paid) may; a merchant may cancel its pay-in; admins may always.
 */
export async function cancelOrder(exec: Exec, orderId: number, actor: Actor, reason?: string): Promise<TransitionResult> {
  return inTx(exec, async (tx) => {
    const u = userOf(actor);
    const who = u
      ? [tx`((o.status IN ('created', 'claimed') AND o.trader_id = ${u})
             OR (o.status = 'matched' AND ((o.side = 'buy' AND o.kind = 'p2p' AND o.trader_id = ${u}) OR (o.side = 'sell' AND o.acceptor_id = ${u}))))`]
      : [];
    const res = await transition(tx, orderId, {
      action: 'cancel', actor, role: actor.kind === 'customer' ? 'buyer' : actor.kind === 'user' ? 'party' : 'any', guards: who, reason,
      explain: () => new DeskError('forbidden', { orderId, action: 'cancel' }),
      effects: async (t, o, from) => {
        if (o.escrowTransferId) await voidEscrow(t, o, 'order_cancel');
        if (u && o.acceptorId === u) await t`UPDATE acceptors SET cancelled_count = cancelled_count + 1 WHERE user_id = ${u}`;
      },
    });
    if (u && res.order.side === 'buy' && res.order.traderId === u) await applyCancelLimit(tx, u);
    return res;
  });
}

/** The desk's rule: N buyer cancellations in 24 h suspend new buy orders for the rest of the UTC day. */
async function applyCancelLimit(tx: TxExec, userId: number): Promise<void> {
  const s = await getSettings(tx);
  const [r] = await tx`
    SELECT count(*)::int AS n FROM order_events e JOIN orders o ON o.id = e.order_id
    WHERE e.action = 'cancel' AND e.actor_type = 'trader' AND e.actor_id = ${userId} AND o.side = 'buy'
      AND e.created_at > now() - interval '24 hours'`;
  if (r.n >= s.buyer_cancel_limit) {
    await tx`UPDATE users SET buy_suspended_until = date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + interval '1 day' WHERE id = ${userId}`;
    await emit(tx, { channel: 'telegram', topic: 'user.buy_suspended', payload: { userId, cancellations: r.n } });
  }
}

/** Timer: the payment window (matched) or the search for an acceptor (created / claimed) ran out. */
export async function expireOrder(exec: Exec, orderId: number): Promise<TransitionResult> {
  return inTx(exec, (tx) =>
    transition(tx, orderId, {
      action: 'expire', actor: { kind: 'system' }, role: 'any',
      guards: [tx`((o.status = 'matched' AND o.pay_deadline <= now()) OR (o.status IN ('created', 'claimed') AND o.match_deadline <= now()))`],
      explain: () => new DeskError('too_early', { orderId }),
      effects: async (t, o, from) => {
        if (o.escrowTransferId) await voidEscrow(t, o, 'order_expire');
      },
    }),
  );
}

/** The seller grants the buyer more time, once, when the window is nearly over. */
export async function extendOrder(exec: Exec, orderId: number, actor: Actor): Promise<TransitionResult> {
  return inTx(exec, async (tx) => {
    return transition(tx, orderId, {
      action: 'extend', actor, role: 'seller',
      guards: [tx`NOT o.extended`, tx`o.pay_deadline > now()`, tx`o.pay_deadline - now() < ${settingInterval(tx, 'extend_when_under_sec')}`],
      set: [tx`extended = true`, tx`pay_deadline = o.pay_deadline + ${settingInterval(tx, 'extend_sec')}`],
      explain: (o) => (o.extended ? new DeskError('already_done', { orderId, status: o.status, action: 'extend' }) : new DeskError('too_early', { orderId })),
    });
  });
}

/** After the release window, either side may open a dispute. */
export async function appealOrder(exec: Exec, orderId: number, actor: Actor, reason: string): Promise<TransitionResult> {
  const why = String(reason ?? '').trim();
  if (!why || why.length > 2000) throw new DeskError('invalid_input', { field: 'reason' });
  return inTx(exec, (tx) =>
    transition(tx, orderId, {
      action: 'appeal', actor, role: actor.kind === 'customer' ? 'buyer' : 'party', reason: why,
      guards: [tx`o.appeal_after <= now()`],
      explain: (o) => new DeskError('too_early', { orderId, after: o.appealAfter?.toISOString() ?? '' }),
      effects: async (t, o) => {
        await t`INSERT INTO disputes (order_id, opened_by, reason) VALUES (${o.id}, ${userOf(actor)}, ${why})`;
      },
      events: (o) => [{ channel: 'admin', topic: 'dispute.opened', payload: { orderId: o.id, reason: why } }],
    }),
  );
}

/** An admin's ruling on a dispute, with a written reason. */
export async function resolveDispute(
  exec: Exec, orderId: number, actor: Actor,
  ruling: { outcome: Resolution; reason: string; buyerShare?: bigint },
): Promise<TransitionResult> {
  if (actor.kind !== 'admin') throw new DeskError('forbidden');
  const reason = String(ruling.reason ?? '').trim();
  if (!reason) throw new DeskError('invalid_input', { field: 'reason' });
  if (!['release', 'refund', 'split'].includes(ruling.outcome)) throw new DeskError('invalid_input', { field: 'outcome' });
  return inTx(exec, async (tx) => {
    const guards = [];
    if (ruling.outcome === 'split') {
      const share = ruling.buyerShare;
      if (share === undefined || share <= 0n) throw new DeskError('invalid_amount', { field: 'buyerShare' });
      guards.push(tx`o.usdt_amount > ${share.toString()}::bigint`);
    }
    return transition(tx, orderId, {
      action: 'resolve', actor, role: 'any', reason, guards,
      set: [tx`resolution = ${ruling.outcome}`],
      data: { outcome: ruling.outcome, buyerShare: ruling.buyerShare?.toString() ?? null },
      explain: () => new DeskError('invalid_amount', { field: 'buyerShare' }),
      effects: async (t, o) => {
        if (ruling.outcome === 'release') {
          await releaseEscrow(t, o, 'dispute_release');
          await afterRelease(t, o);
        } else if (ruling.outcome === 'refund') {
          await voidEscrow(t, o, 'dispute_refund');
        } else {
          await splitEscrow(t, o, ruling.buyerShare!);
        }
        await t`UPDATE disputes SET resolved_at = now(), resolved_by = ${actor.name}, resolution = ${ruling.outcome},
                  resolution_reason = ${reason}, buyer_share = ${ruling.buyerShare?.toString() ?? null}::bigint,
                  first_response_at = coalesce(first_response_at, now())
                WHERE order_id = ${o.id}`;
      },
    });
  });
}

/** Each side rates the other once, after the trade closed well. */
export async function rateOrder(exec: Exec, orderId: number, actor: Actor, stars: number): Promise<void> {
  const u = userOf(actor);
  if (!u) throw new DeskError('forbidden');
  if (!Number.isInteger(stars) || stars < 1 || stars > 5) throw new DeskError('invalid_input', { field: 'stars' });
  await inTx(exec, async (tx) => {
    // The trader rates the acceptor (acceptor_rating) and vice versa.
    const [asTrader] = await tx`
      UPDATE orders SET acceptor_rating = ${stars} WHERE id = ${orderId} AND trader_id = ${u}
        AND status IN ('released', 'resolved') AND acceptor_rating IS NULL RETURNING acceptor_id`;
    if (asTrader) {
      await tx`UPDATE acceptors SET rating_sum = rating_sum + ${stars}, rating_count = rating_count + 1 WHERE user_id = ${asTrader.acceptor_id}`;
      return;
    }
    const [asAcceptor] = await tx`
      UPDATE orders SET trader_rating = ${stars} WHERE id = ${orderId} AND acceptor_id = ${u}
        AND status IN ('released', 'resolved') AND trader_rating IS NULL RETURNING id`;
    if (asAcceptor) return;
    const [o] = await tx`SELECT trader_id, acceptor_id, status FROM orders WHERE id = ${orderId}`;
    if (!o) throw new DeskError('not_found', { orderId });
    if (Number(o.trader_id) !== u && Number(o.acceptor_id) !== u) throw new DeskError('not_your_order', { orderId });
    if (!['released', 'resolved'].includes(o.status)) throw new DeskError('invalid_transition', { orderId, status: o.status, action: 'rate' });
    throw new DeskError('already_done', { orderId, status: o.status, action: 'rate' });
  });
}
