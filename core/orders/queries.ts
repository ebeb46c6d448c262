import type { Exec } from '../db.ts';
import { toOrder } from './row.ts';
import type { Order } from './types.ts';

export async function getOrder(exec: Exec, orderId: number): Promise<Order | null> {
  if (!Number.isSafeInteger(orderId) || orderId <= 0) return null;
  const [r] = await exec`SELECT * FROM orders WHERE id = ${orderId}`;
  return r ? toOrder(r) : null;
}

export interface OrderEvent {
  id: number;
  actorType: string;
  actorId: number | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  data: unknown;
  createdAt: Date;
}

export async function orderTimeline(exec: Exec, orderId: number): Promise<OrderEvent[]> {
  const rows = await exec`SELECT * FROM order_events WHERE order_id = ${orderId} ORDER BY id`;
  return rows.map((r) => ({
    id: Number(r.id), actorType: r.actor_type, actorId: r.actor_id === null ? null : Number(r.actor_id), action: r.action,
    fromStatus: r.from_status, toStatus: r.to_status, reason: r.reason, data: r.data, createdAt: new Date(r.created_at),
  }));
}

/** A user's orders as trader or acceptor, newest first. */
export async function listOrders(exec: Exec, userId: number, opts: { open?: boolean; limit?: number; offset?: number } = {}): Promise<Order[]> {
  const rows = await exec`
    SELECT * FROM orders WHERE (trader_id = ${userId} OR acceptor_id = ${userId})
      ${opts.open ? exec`AND status IN ('created', 'claimed', 'matched', 'paid', 'disputed')` : exec``}
    ORDER BY id DESC LIMIT ${opts.limit ?? 10} OFFSET ${opts.offset ?? 0}`;
  return rows.map(toOrder);
}

export interface TraderStats {
  trades: number;
  completed: number;
  completionRate: number;
  avgReleaseSec: number | null;
  rating: number | null;
  ratingCount: number;
}

/** A user's record across both roles, for profiles and quotes. */
export async function userStats(exec: Exec, userId: number): Promise<TraderStats> {
  const [r] = await exec`
    SELECT count(*)::int AS trades,
           count(*) FILTER (WHERE status IN ('released', 'resolved'))::int AS completed,
           count(*) FILTER (WHERE status IN ('released', 'resolved', 'cancelled', 'expired'))::int AS closed,
           avg(extract(epoch FROM closed_at - paid_at)) FILTER (WHERE status = 'released' AND paid_at IS NOT NULL
             AND ((side = 'buy' AND acceptor_id = ${userId}) OR (side = 'sell' AND trader_id = ${userId}))) AS avg_release,
           avg(CASE WHEN trader_id = ${userId} THEN trader_rating ELSE acceptor_rating END) AS rating,
           count(CASE WHEN trader_id = ${userId} THEN trader_rating ELSE acceptor_rating END)::int AS rating_count
    FROM orders WHERE trader_id = ${userId} OR acceptor_id = ${userId}`;
  return {
    trades: r.trades,
    completed: r.completed,
    completionRate: r.closed ? r.completed / r.closed : 1,
    avgReleaseSec: r.avg_release === null ? null : Math.round(Number(r.avg_release)),
    rating: r.rating === null ? null : Math.round(Number(r.rating) * 10) / 10,
    ratingCount: r.rating_count,
  };
}
