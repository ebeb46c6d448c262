// Every (action, status) pair of the transition table: allowed ones succeed, the rest are
// refused with a typed error and write nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabase } from '../helpers/db.ts';
import { makeUser, makeAcceptor, setMode, makeDue } from '../helpers/fixtures.ts';
import {
  createOrder, claimOrder, confirmOrder, declineOrder, claimTimeout, markPaid, releaseOrder, cancelOrder, expireOrder,
  extendOrder, appealOrder, resolveDispute, TRANSITIONS, getOrder, type OrderStatus,
} from '../../core/orders/index.ts';
import { ORDER_STATUSES } from '../../db/schema/orders.ts';
import { DeskError } from '../../core/errors.ts';
import type { Exec } from '../../core/db.ts';

const { sql } = await testDatabase();
await setMode(sql, 'group');
// A fresh trader per order: the cancel limit (3 a day) must not leak between cases.
const traders = new Map<number, number>();
const { userId: acceptor } = await makeAcceptor(sql);
const admin = { kind: 'admin', adminId: 1, name: 'root' } as const;
const asUser = (userId: number) => ({ kind: 'user', userId }) as const;

async function newOrder(): Promise<number> {
  const traderId = await makeUser(sql);
  const r = await createOrder(sql, { traderId, side: 'buy', fiatCurrency: 'CNY', fiatAmount: 72_000n, paymentMethod: 'bank' });
  traders.set(r.order.id, traderId);
  return r.order.id;
}
const traderOf = (id: number) => traders.get(id)!;

/** Brings a fresh order to `status` through the real actions. */
async function orderIn(status: OrderStatus): Promise<number> {
  const id = await newOrder();
  if (status === 'created') return id;
  if (status === 'cancelled') return (await cancelOrder(sql, id, asUser(traderOf(id)))).order.id;
  await claimOrder(sql, id, asUser(acceptor));
  if (status === 'claimed') return id;
  await confirmOrder(sql, id, asUser(acceptor));
  if (status === 'matched') return id;
  if (status === 'expired') {
    await makeDue(sql, id, 'pay_deadline');
    return (await expireOrder(sql, id)).order.id;
  }
  await markPaid(sql, id, asUser(traderOf(id)), { receiptFileId: 'receipt-1' });
  if (status === 'paid') return id;
  if (status === 'released') return (await releaseOrder(sql, id, asUser(acceptor))).order.id;
  await makeDue(sql, id, 'appeal_after');
  await appealOrder(sql, id, asUser(traderOf(id)), 'not received');
  if (status === 'disputed') return id;
  return (await resolveDispute(sql, id, admin, { outcome: 'refund', reason: 'no payment proof' })).order.id;
}

/** Runs an action as the party entitled to it, after making its time condition true. */
const perform: Record<keyof typeof TRANSITIONS, (exec: Exec, id: number) => Promise<unknown>> = {
  claim: (e, id) => claimOrder(e, id, asUser(acceptor)),
  decline: (e, id) => declineOrder(e, id, asUser(acceptor)),
  claim_timeout: async (e, id) => { await makeDue(e, id, 'claim_deadline'); return claimTimeout(e, id); },
  confirm: (e, id) => confirmOrder(e, id, asUser(acceptor)),
  paid: (e, id) => markPaid(e, id, asUser(traderOf(id))),
  release: (e, id) => releaseOrder(e, id, asUser(acceptor)),
  cancel: (e, id) => cancelOrder(e, id, asUser(traderOf(id))),
  expire: async (e, id) => {
    await e`UPDATE orders SET pay_deadline = now() - interval '1 s', match_deadline = now() - interval '1 s' WHERE id = ${id}`;
    return expireOrder(e, id);
  },
  extend: async (e, id) => { await e`UPDATE orders SET pay_deadline = now() + interval '60 s' WHERE id = ${id}`; return extendOrder(e, id, asUser(acceptor)); },
  appeal: async (e, id) => { await makeDue(e, id, 'appeal_after'); return appealOrder(e, id, asUser(traderOf(id)), 'fiat not received'); },
  resolve: (e, id) => resolveDispute(e, id, admin, { outcome: 'release', reason: 'receipt verified' }),
};

async function snapshot(id: number) {
  const [o] = await sql`SELECT status, version FROM orders WHERE id = ${id}`;
  const [t] = await sql`SELECT count(*)::int AS n FROM transfers`;
  const [e] = await sql`SELECT count(*)::int AS n FROM order_events WHERE order_id = ${id}`;
  const [x] = await sql`SELECT count(*)::int AS n FROM outbox`;
  return { status: o.status, version: o.version, transfers: t.n, events: e.n, outbox: x.n };
}

for (const action of Object.keys(TRANSITIONS) as (keyof typeof TRANSITIONS)[]) {
  for (const status of ORDER_STATUSES) {
    const ok = TRANSITIONS[action].from.includes(status);
    test(`${action} from ${status}: ${ok ? 'allowed' : 'refused'}`, async () => {
      const id = await orderIn(status);
      if (ok) {
        await perform[action](sql, id);
        const after = await getOrder(sql, id);
        const expected = action === 'claim_timeout' || action === 'decline' ? 'created' : TRANSITIONS[action].to;
        assert.equal(after!.status, expected);
        const [ev] = await sql`SELECT action FROM order_events WHERE order_id = ${id} ORDER BY id DESC LIMIT 1`;
        assert.ok([action, 'claim'].includes(ev.action));
      } else {
        await sql.begin(async (tx) => {
          // Time conditions are set inside this transaction too, then compared without them.
          const before = await snapshot(id);
          await assert.rejects(perform[action](tx, id), (e: unknown) => {
            assert.ok(e instanceof DeskError, `expected DeskError, got ${e}`);
            assert.ok(['already_done', 'invalid_transition', 'acceptor_unavailable', 'not_your_order', 'forbidden'].includes(e.code), e.code);
            return true;
          });
          const [o] = await tx`SELECT status, version FROM orders WHERE id = ${id}`;
          assert.equal(o.status, before.status);
          assert.equal(o.version, before.version);
          const [t] = await tx`SELECT count(*)::int AS n FROM transfers`;
          assert.equal(t.n, before.transfers);
          const [e] = await tx`SELECT count(*)::int AS n FROM order_events WHERE order_id = ${id}`;
          assert.equal(e.n, before.events);
        }).catch((e) => {
          // A refused action inside the transaction aborts it; that is expected here.
          if (!(e instanceof DeskError) && !String(e).includes('current transaction is aborted')) throw e;
        });
        const after = await snapshot(id);
        assert.equal(after.status, status);
      }
    });
  }
}
