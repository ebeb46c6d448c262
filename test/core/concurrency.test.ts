// 1,000 trades at once through every path, two acceptors racing to claim each order,
// timers firing throughout. Afterwards: one winner per race, every order closed, the
// ledger's invariants hold and all USDT is where the outcomes say it should be.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabase } from '../helpers/db.ts';
import { makeAcceptor, setMode } from '../helpers/fixtures.ts';
import {
  createOrder, claimOrder, confirmOrder, markPaid, releaseOrder, cancelOrder, appealOrder, resolveDispute,
  runDueTimers, getOrder, TERMINAL, type Order,
} from '../../core/orders/index.ts';
import { checkInvariants, accountId, transfer, DESK } from '../../core/ledger/index.ts';
import { DeskError } from '../../core/errors.ts';

const TRADES = Number(process.env.CONCURRENCY_TRADES ?? 1000);
const { sql } = await testDatabase({ max: 40 });
const asUser = (userId: number) => ({ kind: 'user', userId }) as const;
const admin = { kind: 'admin', adminId: 1, name: 'arbiter' } as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test(`${TRADES} concurrent trades with racing claimers and live timers`, async (t) => {
  await setMode(sql, 'group');
  await sql`UPDATE settings SET value = '0' WHERE key = 'release_window_sec'`;
  await sql`UPDATE settings SET value = '0' WHERE key = 'buyer_cancel_limit'`;
  const acceptors: number[] = [];
  for (let i = 0; i < 12; i++) {
    acceptors.push((await makeAcceptor(sql, { currency: 'CNY', price: '7.2000', usdt: 50_000_000_000n, margin: 50_000_000_000n })).userId);
    await makeAcceptor(sql, { currency: 'CNY', price: '7.1000', side: 'sell', usdt: 1_000_000n, margin: 50_000_000_000n }).then((a) => acceptors.push(a.userId));
  }
  // Traders in bulk: each with 1,000 USDT and bank details (for sells).
  const traders = (await sql`
    INSERT INTO users (telegram_id, username, referral_code, kyc_tier)
    SELECT 900000000 + g, 'trader' || g, 'rc' || g, 2 FROM generate_series(1, ${TRADES}) g RETURNING id`).map((r) => Number(r.id));
  await sql`INSERT INTO user_payment_methods (user_id, kind, details)
            SELECT id, 'bank', '{"holder":"T","bank":"B","account":"1"}'::jsonb FROM users WHERE id = ANY(${traders})`;
  const faucet = await accountId(sql, DESK, 'faucet');
  for (const id of traders) {
    await transfer(sql, { id: `seed:${id}`, debitAccountId: faucet, creditAccountId: await accountId(sql, { type: 'user', id }, 'available'), amount: 1_000_000_000n, code: 'seed' });
  }
  const [funded] = await sql`SELECT debits_posted FROM accounts WHERE id = ${faucet}`;

  let racesWon = 0;
  let racesLost = 0;
  const outcomes = new Map<number, string>();

  /** Two acceptors press Accept together; exactly one may win. */
  async function race(o: Order): Promise<number> {
    const pick = () => acceptors[Math.floor(Math.random() * acceptors.length)];
    let a = pick();
    let b = pick();
    while (b === a) b = pick();
    const rs = await Promise.allSettled([claimOrder(sql, o.id, asUser(a)), claimOrder(sql, o.id, asUser(b))]);
    const wins = rs.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ order: Order }>[];
    for (const r of rs) if (r.status === 'rejected' && !(r.reason instanceof DeskError)) throw r.reason;
    assert.ok(wins.length <= 1, `order ${o.id}: ${wins.length} claimers won`);
    if (wins.length === 0) {
      // Both ineligible (e.g. a sell acceptor for a buy order): try again with others.
      return race(o);
    }
    racesWon++;
    racesLost += rs.length - 1;
    return wins[0].value.order.acceptorId!;
  }

  async function untilStatus(id: number, statuses: string[]): Promise<Order> {
    for (let i = 0; i < 400; i++) {
      const o = (await getOrder(sql, id))!;
      if (statuses.includes(o.status)) return o;
      await sleep(25);
    }
    throw new Error(`order ${id} never reached ${statuses}`);
  }

  async function trade(i: number): Promise<void> {
    const trader = traders[i];
    const scenario = i % 7;
    const side = scenario === 5 ? 'sell' : 'buy';
    const created = await createOrder(sql, { traderId: trader, side, fiatCurrency: 'CNY', usdtAmount: BigInt(1 + (i % 50)) * 1_000_000n, paymentMethod: 'bank' });
    const id = created.order.id;
    if (scenario === 2 && i % 2 === 0) {
      await cancelOrder(sql, id, asUser(trader), 'before claim');
      return;
    }
    let acc = await race(created.order);
    if (scenario === 6) {
      // The claimer never confirms: the claim timer hands the order back, and it is raced again.
      await sql`UPDATE orders SET claim_deadline = now() - interval '1 second' WHERE id = ${id}`;
      await untilStatus(id, ['created']);
      acc = await race((await getOrder(sql, id))!);
    }
    await confirmOrder(sql, id, asUser(acc));
    const buyer = side === 'buy' ? trader : acc;
    const seller = side === 'buy' ? acc : trader;
    switch (scenario) {
      case 0:
      case 5:
      case 6:
        await markPaid(sql, id, asUser(buyer), { receiptFileId: `r${i}` });
        await releaseOrder(sql, id, asUser(seller));
        return;
      case 1:
        await releaseOrder(sql, id, asUser(seller));
        return;
      case 2:
        await cancelOrder(sql, id, asUser(buyer), 'after match');
        return;
      case 3: {
        // The payment window closes while the buyer is clicking "paid": one of them wins.
        await sql`UPDATE orders SET pay_deadline = now() + make_interval(secs => ${(i % 5) / 2}) WHERE id = ${id}`;
        await sleep((i % 40) * 40);
        try {
          await markPaid(sql, id, asUser(buyer));
          await releaseOrder(sql, id, asUser(seller));
        } catch (e) {
          if (!(e instanceof DeskError)) throw e;
          await untilStatus(id, ['expired']);
        }
        return;
      }
      case 4: {
        await markPaid(sql, id, asUser(buyer));
        await appealOrder(sql, id, asUser(i % 2 ? buyer : seller), 'disagreement');
        const outcome = (['release', 'refund', 'split'] as const)[i % 3];
        await resolveDispute(sql, id, admin, { outcome, reason: 'ruling', buyerShare: outcome === 'split' ? 500_000n : undefined });
        return;
      }
    }
  }

  let running = true;
  let timerRuns = 0;
  const timers = (async () => {
    while (running) {
      // Two "instances" fire timers side by side.
      await Promise.all([runDueTimers(sql), runDueTimers(sql)]);
      timerRuns++;
      await sleep(20);
    }
  })();

  const started = performance.now();
  const results = await Promise.allSettled(Array.from({ length: TRADES }, (_, i) => trade(i)));
  const wall = performance.now() - started;
  running = false;
  await timers;
  const failures = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
  assert.deepEqual(failures.map((f) => String(f.reason)).slice(0, 5), []);

  const rows = await sql`SELECT id, status, usdt_amount, fee, resolution, side FROM orders`;
  assert.equal(rows.length, TRADES);
  for (const r of rows) {
    assert.ok(TERMINAL.includes(r.status), `order ${r.id} left in ${r.status}`);
    outcomes.set(Number(r.id), r.resolution ? `resolved:${r.resolution}` : r.status);
  }
  // One claim event per won race; the losers wrote nothing.
  const [claims] = await sql`SELECT count(*)::int AS n FROM order_events WHERE action = 'claim'`;
  assert.equal(claims.n, racesWon);

  const report = await checkInvariants(sql);
  assert.deepEqual(report.violations, []);
  // Escrow accounts are all empty: every hold was paid out or returned.
  const [esc] = await sql`SELECT coalesce(sum(credits_posted - debits_posted), 0)::bigint AS net, coalesce(sum(credits_pending), 0)::bigint AS held
                          FROM accounts WHERE owner_type = 'order'`;
  assert.equal(esc.net, 0n);
  assert.equal(esc.held, 0n);
  // Everything deposited is still on user or desk-fee accounts: nothing created or lost.
  const [held] = await sql`SELECT sum(credits_posted - debits_posted)::bigint AS total FROM accounts
                           WHERE owner_type IN ('user', 'merchant') OR (owner_type = 'desk' AND kind = 'fees')`;
  assert.equal(held.total, funded.debits_posted);
  // Each outcome moved exactly what it says.
  const payouts = await sql`SELECT id, amount FROM transfers WHERE id LIKE 'order:%:payout'`;
  const paid = new Map(payouts.map((p) => [Number(String(p.id).split(':')[1]), BigInt(p.amount)]));
  for (const r of rows) {
    const got = paid.get(Number(r.id));
    const o = outcomes.get(Number(r.id))!;
    if (o === 'released' || o === 'resolved:release') assert.equal(got, BigInt(r.usdt_amount) - BigInt(r.fee));
    else if (o === 'resolved:split') assert.equal(got, 500_000n);
    else assert.equal(got, undefined, `order ${r.id} (${o}) paid out`);
  }
  // The hourly volume buckets agree with the orders they summarise.
  const drift = await sql`
    WITH counted AS (
      SELECT acceptor_id, sum(usdt_amount)::bigint AS amount FROM orders
      WHERE status IN ('matched', 'paid', 'released', 'disputed', 'resolved') GROUP BY acceptor_id),
    buckets AS (SELECT acceptor_id, sum(amount)::bigint AS amount FROM acceptor_volume GROUP BY acceptor_id)
    SELECT coalesce(c.acceptor_id, b.acceptor_id) AS acceptor_id, c.amount AS orders, b.amount AS buckets
    FROM counted c FULL JOIN buckets b ON b.acceptor_id = c.acceptor_id
    WHERE coalesce(c.amount, 0) <> coalesce(b.amount, 0)`;
  assert.deepEqual([...drift], []);
  const tally: Record<string, number> = {};
  for (const o of outcomes.values()) tally[o] = (tally[o] ?? 0) + 1;
  t.diagnostic(`wall time ${(wall / 1000).toFixed(2)} s for ${TRADES} trades; races won ${racesWon}, lost ${racesLost}; timer passes ${timerRuns}; outcomes ${JSON.stringify(tally)}`);
  console.log(`# concurrency: ${TRADES} trades in ${(wall / 1000).toFixed(2)} s; outcomes ${JSON.stringify(tally)}`);
});
