import type { Exec } from '../db.ts';
import { inTx } from '../db.ts';
import { balanceOf } from '../ledger/index.ts';
import { audit } from './audit.ts';
import type { AdminCtx } from './context.ts';

export interface DisputeQueueRow {
  orderId: number;
  disputeId: number;
  openedAt: string;
  ageSec: number;
  firstResponseAt: string | null;
  reason: string | null;
  side: 'buy' | 'sell';
  usdtAmount: bigint;
  fiatAmount: bigint;
  fiatCurrency: string;
  fiatExponent: number;
  traderId: number | null;
  acceptorId: number | null;
}

/** Open disputes, oldest first: the one waiting longest is answered first. */
export async function disputeQueue(exec: Exec): Promise<DisputeQueueRow[]> {
  const rows = await exec`
    SELECT d.id AS dispute_id, d.order_id, d.opened_at, extract(epoch FROM now() - d.opened_at)::int AS age,
           d.first_response_at, d.reason, o.side, o.usdt_amount, o.fiat_amount, o.fiat_currency, coalesce(c.exponent, 2) AS exponent, o.trader_id, o.acceptor_id
    FROM disputes d JOIN orders o ON o.id = d.order_id LEFT JOIN currencies c ON c.code = o.fiat_currency
    WHERE o.status = 'disputed' ORDER BY d.opened_at ASC, d.id ASC`;
  return rows.map((r: any) => ({
    orderId: Number(r.order_id), disputeId: Number(r.dispute_id), openedAt: String(r.opened_at), ageSec: r.age,
    firstResponseAt: r.first_response_at === null ? null : String(r.first_response_at), reason: r.reason, side: r.side,
    usdtAmount: r.usdt_amount, fiatAmount: r.fiat_amount, fiatCurrency: r.fiat_currency, fiatExponent: r.exponent,
    traderId: r.trader_id === null ? null : Number(r.trader_id), acceptorId: r.acceptor_id === null ? null : Number(r.acceptor_id),
  }));
}

export interface PartyStats {
  userId: number;
  role: 'buyer' | 'seller';
  label: 'trader' | 'acceptor';
  username: string | null;
  telegramId: string | null;
  kycTier: number;
  frozen: boolean;
  createdAt: string;
  ordersTotal: number;
  ordersCompleted: number;
  disputes: number;
  disputesLost: number;
  acceptor: { completed: number; cancelled: number; timeouts: number; rating: string | null; avgReleaseSec: number | null } | null;
}

export interface DisputeDetail {
  order: Record<string, any>;
  dispute: Record<string, any>;
  events: any[];
  messages: any[];
  parties: PartyStats[];
  escrow: { transferId: string | null; amount: bigint | null; kind: string | null; resolvedBy: string | null; accountHeld: bigint | null; accountPosted: bigint | null };
  fiatExponent: number;
}

export async function disputeDetail(exec: Exec, orderId: number): Promise<DisputeDetail | null> {
  const [order] = await exec`SELECT * FROM orders WHERE id = ${orderId}`;
  if (!order) return null;
  const [dispute] = await exec`SELECT * FROM disputes WHERE order_id = ${orderId}`;
  if (!dispute) return null;
  const events = await exec`SELECT * FROM order_events WHERE order_id = ${orderId} ORDER BY id`;
  const messages = await exec`
    SELECT m.id, m.sender_id, m.text, m.file_id, m.created_at, u.username
    FROM order_messages m LEFT JOIN users u ON u.id = m.sender_id WHERE m.order_id = ${orderId} ORDER BY m.id`;
  const [cur] = await exec`SELECT exponent FROM currencies WHERE code = ${order.fiat_currency}`;

  // The trader's side names who buys: 'buy' → trader buys USDT, the acceptor sells.
  const parties: PartyStats[] = [];
  const buyerIsTrader = order.side === 'buy';
  if (order.trader_id !== null) parties.push(await partyStats(exec, Number(order.trader_id), buyerIsTrader ? 'buyer' : 'seller', 'trader'));
  if (order.acceptor_id !== null) parties.push(await partyStats(exec, Number(order.acceptor_id), buyerIsTrader ? 'seller' : 'buyer', 'acceptor'));

  const escrow: DisputeDetail['escrow'] = { transferId: order.escrow_transfer_id, amount: null, kind: null, resolvedBy: null, accountHeld: null, accountPosted: null };
  if (order.escrow_transfer_id) {
    const [t] = await exec`SELECT amount, kind, credit_account_id FROM transfers WHERE id = ${order.escrow_transfer_id}`;
    const [res] = await exec`SELECT id, kind FROM transfers WHERE pending_id = ${order.escrow_transfer_id}`;
    escrow.amount = t?.amount ?? null;
    escrow.kind = t?.kind ?? null;
    escrow.resolvedBy = res ? `${res.kind} (${res.id})` : null;
    if (t) {
      const b = await balanceOf(exec, Number(t.credit_account_id));
      escrow.accountHeld = b.incoming;
      escrow.accountPosted = b.creditsPosted - b.debitsPosted;
    }
  }
  if (escrow.accountHeld === null && order.escrow_account_id !== null) {
    const b = await balanceOf(exec, Number(order.escrow_account_id));
    escrow.accountHeld = b.incoming;
    escrow.accountPosted = b.creditsPosted - b.debitsPosted;
  }
  return { order, dispute, events, messages, parties, escrow, fiatExponent: cur?.exponent ?? 2 };
}

async function partyStats(exec: Exec, userId: number, role: 'buyer' | 'seller', label: 'trader' | 'acceptor'): Promise<PartyStats> {
  const [u] = await exec`SELECT id, username, telegram_id, kyc_tier, frozen, created_at FROM users WHERE id = ${userId}`;
  const [o] = await exec`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE status IN ('released', 'resolved'))::int AS completed
    FROM orders WHERE trader_id = ${userId} OR acceptor_id = ${userId}`;
  // A dispute is "lost" when the escrow went the other way: a buyer lost on refund, a seller on release.
  const [d] = await exec`
    SELECT count(*)::int AS n,
           count(*) FILTER (WHERE (d.resolution = 'refund' AND ((o.side = 'buy') = (o.trader_id = ${userId})))
                              OR (d.resolution = 'release' AND ((o.side = 'buy') = (o.acceptor_id = ${userId}))))::int AS lost
    FROM disputes d JOIN orders o ON o.id = d.order_id WHERE o.trader_id = ${userId} OR o.acceptor_id = ${userId}`;
  const [a] = await exec`SELECT * FROM acceptors WHERE user_id = ${userId}`;
  return {
    userId, role, label, username: u?.username ?? null, telegramId: u?.telegram_id?.toString() ?? null, kycTier: u?.kyc_tier ?? 0,
    frozen: u?.frozen ?? false, createdAt: String(u?.created_at ?? ''), ordersTotal: o.total, ordersCompleted: o.completed,
    disputes: d.n, disputesLost: d.lost,
    acceptor: a ? {
      completed: a.completed_count, cancelled: a.cancelled_count, timeouts: a.timeout_count,
      rating: a.rating_count > 0 ? (a.rating_sum / a.rating_count).toFixed(2) : null,
      avgReleaseSec: a.completed_count > 0 ? Number(BigInt(a.release_seconds_total) / BigInt(a.completed_count)) : null,
    } : null,
  };
}

/** Stamps the first admin response (opening the case counts); audited once, by whoever was first. */
export async function markFirstResponse(exec: Exec, orderId: number, ctx: AdminCtx): Promise<boolean> {
  return inTx(exec, async (tx) => {
    const rows = await tx`
      UPDATE disputes SET first_response_at = now() WHERE order_id = ${orderId} AND first_response_at IS NULL
      RETURNING opened_at, first_response_at`;
    if (!rows[0]) return false;
    await audit(tx, { adminId: ctx.adminId, action: 'dispute.first_response', target: `order:${orderId}`, after: { firstResponseAt: String(rows[0].first_response_at) }, ip: ctx.ip });
    return true;
  });
}

/** Whether a Telegram file id belongs to this order (receipt or chat attachment): the panel streams nothing else. */
export async function orderHasFile(exec: Exec, orderId: number, fileId: string): Promise<boolean> {
  const [r] = await exec`
    SELECT EXISTS (SELECT 1 FROM orders WHERE id = ${orderId} AND receipt_file_id = ${fileId})
        OR EXISTS (SELECT 1 FROM order_messages WHERE order_id = ${orderId} AND file_id = ${fileId}) AS ok`;
  return r.ok;
}
