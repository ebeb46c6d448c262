import type postgres from 'postgres';
import type { TxExec } from '../db.ts';
import { DeskError } from '../errors.ts';
import { outboxInsert, type OutboxEvent } from '../outbox.ts';
import { TRANSITIONS, TERMINAL } from './table.ts';
import { toOrder, buyerOf, sellerOf } from './row.ts';
import type { Actor, Order, OrderAction, TransitionResult } from './types.ts';

type Fragment = postgres.PendingQuery<any>;

/** Which party of the order an actor must be for an action. */
export type Role = 'buyer' | 'seller' | 'trader' | 'acceptor' | 'party' | 'any';

function roleCondition(tx: TxExec, actor: Actor, role: Role): Fragment {
  if (role === 'any' || actor.kind === 'system' || actor.kind === 'admin') return tx`true`;
  if (actor.kind === 'merchant') return tx`o.kind = 'payin' AND o.merchant_id = ${actor.merchantId}`;
  if (actor.kind === 'customer') {
    return role === 'buyer' || role === 'party' ? tx`o.kind = 'payin' AND o.id = ${actor.orderId}` : tx`false`;
  }
  const u = actor.userId;
  switch (role) {
    case 'buyer': return tx`((o.side = 'buy' AND o.kind = 'p2p' AND o.trader_id = ${u}) OR (o.side = 'sell' AND o.acceptor_id = ${u}))`;
    case 'seller': return tx`((o.side = 'buy' AND o.acceptor_id = ${u}) OR (o.side = 'sell' AND o.trader_id = ${u}))`;
    case 'trader': return tx`o.trader_id = ${u}`;
    case 'acceptor': return tx`o.acceptor_id = ${u}`;
    case 'party': return tx`(o.trader_id = ${u} OR o.acceptor_id = ${u})`;
  }
}

/**
 * Awaits statements sent together in one transaction (bare queries must be started with
 * `.execute()` so they go out in the order written). When one fails, those after it fail
 * with "transaction aborted" (25P02); the cause is the failure that is not one of those.
 */
export async function settleAll(steps: Promise<unknown>[]): Promise<void> {
  const failures = (await Promise.allSettled(steps)).filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
  if (failures.length) throw failures.find((e) => (e as { code?: string })?.code !== '25P02') ?? failures[0];
}

export function join(tx: TxExec, parts: Fragment[], sep: 'and' | 'comma'): Fragment {
  return parts.reduce((acc, p) => (sep === 'and' ? tx`${acc} AND ${p}` : tx`${acc}, ${p}`));
}

export function isParty(order: Order, actor: Actor): boolean {
  if (actor.kind === 'user') return order.traderId === actor.userId || order.acceptorId === actor.userId;
  if (actor.kind === 'merchant') return order.merchantId === actor.merchantId;
  if (actor.kind === 'customer') return order.kind === 'payin' && order.id === actor.orderId;
  return true;
}

function actorColumns(order: Order, actor: Actor): { type: string; id: number | null } {
  switch (actor.kind) {
    case 'user': return { type: order.traderId === actor.userId ? 'trader' : 'acceptor', id: actor.userId };
    case 'admin': return { type: 'admin', id: actor.adminId };
    case 'merchant': return { type: 'merchant', id: actor.merchantId };
    case 'customer': return { type: 'customer', id: null };
    case 'system': return { type: 'system', id: null };
  }
}

export interface TransitionSpec {
  action: Exclude<OrderAction, 'create'>;
  actor: Actor;
  role: Role;
  /** Extra conditions the row must meet (deadlines, flags); all checked in the UPDATE itself. */
  guards?: Fragment[];
  /** Extra SET clauses beside status. */
  set?: Fragment[];
  /** Explains why guards failed, given the current row. */
  explain?: (current: Order) => DeskError;
  /** Ledger transfers and other writes that belong to this change; same transaction. */
  effects?: (tx: TxExec, order: Order, from: Order['status']) => Promise<void>;
  reason?: string;
  data?: Record<string, unknown>;
  /** Extra outbox events beside the standard `order.<action>`. */
  events?: (order: Order) => OutboxEvent[];
}

export interface Recorded {
  order: Order;
  action: OrderAction;
  actor: Actor;
  from: string | null;
  reason?: string;
  data?: Record<string, unknown>;
  extra?: OutboxEvent[];
}

function outboxFor(r: Recorded): OutboxEvent[] {
  const who = actorColumns(r.order, r.actor);
  const { order, action, from } = r;
  const payload = { orderId: order.id, action, from, to: order.status, actorType: who.type, actorId: who.id, reason: r.reason ?? null };
  const events: OutboxEvent[] = [{ channel: 'telegram', topic: `order.${action}`, payload }];
  if (order.kind === 'payin') {
    events.push({
      channel: 'webhook',
      topic: `order.${action}`,
      payload: { ...payload, merchantId: order.merchantId, merchantOrderId: order.merchantOrderId, status: order.status, fiatAmount: order.fiatAmount, fiatCurrency: order.fiatCurrency, usdtAmount: order.usdtAmount },
    });
  }
  return [...events, ...(r.extra ?? [])];
}

/** Writes the order_events rows and outbox events of one or more changes, in one statement. */
export async function recordAll(tx: TxExec, entries: Recorded[]): Promise<void> {
  const rows = entries.map((r) => {
    const who = actorColumns(r.order, r.actor);
    return {
      order_id: r.order.id, actor_type: who.type, actor_id: who.id, action: r.action, from_status: r.from,
      to_status: r.order.status, reason: r.reason ?? null, data: r.data ? JSON.stringify(r.data) : null,
    };
  });
  await tx`
    WITH ev AS (
      INSERT INTO order_events (order_id, actor_type, actor_id, action, from_status, to_status, reason, data)
      SELECT order_id, actor_type, actor_id, action, from_status, to_status, reason, data::jsonb
      FROM json_to_recordset(${JSON.stringify(rows)}::json)
        AS x(order_id bigint, actor_type text, actor_id bigint, action text, from_status text, to_status text, reason text, data text))
    ${outboxInsert(tx, entries.flatMap(outboxFor))}`;
}

export function record(tx: TxExec, order: Order, action: OrderAction, actor: Actor, from: string | null, reason?: string, data?: Record<string, unknown>, extra: OutboxEvent[] = []) {
  return recordAll(tx, [{ order, action, actor, from, reason, data, extra }]);
}

/**
 * The one way an order's status changes: a conditional UPDATE (status in the table's
 * `from`, the actor's role, the guards), then effects, history and outbox, all in `tx`.
 * When the UPDATE matches nothing, the current row explains the refusal.
 */
export async function transition(tx: TxExec, orderId: number, spec: TransitionSpec): Promise<TransitionResult> {
  const rule = TRANSITIONS[spec.action];
  const conds = [tx`o.status = ANY(${rule.from as string[]})`, roleCondition(tx, spec.actor, spec.role), ...(spec.guards ?? [])];
  const sets = [tx`status = ${rule.to}`, tx`version = o.version + 1`, tx`updated_at = now()`, ...(spec.set ?? [])];
  if (TERMINAL.includes(rule.to)) sets.push(tx`closed_at = now()`);
  const rows = await tx`
    WITH old AS (SELECT id, status FROM orders WHERE id = ${orderId} FOR UPDATE)
    UPDATE orders o SET ${join(tx, sets, 'comma')}
    FROM old WHERE o.id = old.id AND ${join(tx, conds, 'and')}
    RETURNING o.*, old.status AS from_status`;
  if (rows.length === 0) throw await refusal(tx, orderId, spec);
  const order = toOrder(rows[0]);
  const from = rows[0].from_status as Order['status'];
  // History and outbox go out with the effects (one write, run in order by the server);
  // if an effect fails, the whole transaction rolls back and its error is the one reported.
  await settleAll([
    spec.effects ? spec.effects(tx, order, from) : Promise.resolve(),
    record(tx, order, spec.action, spec.actor, from, spec.reason, spec.data, spec.events?.(order) ?? []),
  ]);
  return { order, action: spec.action, from, to: order.status };
}

async function refusal(tx: TxExec, orderId: number, spec: TransitionSpec): Promise<DeskError> {
  const [r] = await tx`SELECT * FROM orders WHERE id = ${orderId}`;
  if (!r) return new DeskError('not_found', { orderId });
  const current = toOrder(r);
  const rule = TRANSITIONS[spec.action];
  if (spec.actor.kind !== 'system' && spec.actor.kind !== 'admin' && spec.role !== 'any' && !isParty(current, spec.actor)) {
    return new DeskError('not_your_order', { orderId });
  }
  if (!rule.from.includes(current.status)) {
    const done = TERMINAL.includes(current.status) || current.status === rule.to;
    return new DeskError(done ? 'already_done' : 'invalid_transition', { orderId, status: current.status, action: spec.action });
  }
  if (spec.actor.kind === 'user' && spec.role !== 'any' && spec.role !== 'party') {
    const u = spec.actor.userId;
    const holds = spec.role === 'buyer' ? buyerOf(current) === u : spec.role === 'seller' ? sellerOf(current) === u : spec.role === 'trader' ? current.traderId === u : current.acceptorId === u;
    if (!holds) return new DeskError('forbidden', { orderId, action: spec.action });
  }
  return spec.explain?.(current) ?? new DeskError('invalid_transition', { orderId, status: current.status, action: spec.action });
}
