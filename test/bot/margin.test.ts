import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, acceptor, available, botSays, say, buttons, textOf } from './harness.ts';
import { balance } from '../../core/ledger/index.ts';

const ALAN = 200001;
const margin = async (h: Awaited<ReturnType<typeof harness>>, id: number) => (await balance(h.db.sql, { type: 'user', id }, 'margin')).available;

test('an acceptor deposits and withdraws margin from the panel; a double click moves once', async (t) => {
  const h = await harness(t);
  const alan = await acceptor(h, ALAN); // 10 000 USDT available, 10 000 USDT margin
  // 40 000 USDT traded in the last 24 h at the default 20 %: 8 000 USDT must stay in margin.
  await h.db.sql`INSERT INTO acceptor_volume (acceptor_id, hour, amount) VALUES (${alan}, date_trunc('hour', now()), 40000000000)`;

  const panel = await say(h, ALAN, '/acceptor');
  assert.match(textOf(panel), /Margin: 10000 USDT \(required now: 8000 USDT/);
  assert.ok(buttons(panel).includes('ac:md') && buttons(panel).includes('ac:mw'));

  // Deposit: a bad amount is refused and changes nothing, then 250.5 is confirmed.
  await h.tg.pressButton(ALAN, ALAN, panel.message_id, 'ac:md');
  await botSays(h, ALAN, 'You can move up to 10000 USDT', panel.message_id);
  assert.match(textOf(await say(h, ALAN, '12abc')), /not a number/);
  assert.match(textOf(await say(h, ALAN, '20000')), /at most 10000 USDT/);
  const sum = await say(h, ALAN, '250.5');
  assert.match(textOf(sum), /Move 250\.5 USDT from your balance into your margin deposit\? Margin afterwards: 10250\.5 USDT \(required: 8000 USDT\)/);
  assert.equal(await margin(h, alan), 10_000_000_000n);
  const ok = buttons(sum)[0]!;
  assert.equal(ok, 'ac:mg:d:250500000');
  // Two presses of the same Confirm (a double click): one move.
  const [a, b] = await Promise.all([h.tg.pressButton(ALAN, ALAN, sum.message_id, ok), h.tg.pressButton(ALAN, ALAN, sum.message_id, ok, { force: true })]);
  assert.deepEqual([a.text, b.text].sort(), ['This was already done.', '✅ 250.5 USDT moved into your margin deposit. Margin now: 10250.5 USDT.'].sort());
  assert.equal(await margin(h, alan), 10_250_500_000n);
  assert.equal(await available(h, alan), 9_749_500_000n);
  await h.tg.waitFor(ALAN, (m) => m.message_id === sum.message_id && textOf(m).startsWith('✅') && buttons(m).length === 0, 5_000);

  // Withdraw: only what the 24 h volume does not need (10 250.5 − 8 000).
  const p2 = await say(h, ALAN, '/acceptor');
  await h.tg.pressButton(ALAN, ALAN, p2.message_id, 'ac:mw');
  const ask = await botSays(h, ALAN, 'You can withdraw up to 2250.5 USDT', p2.message_id);
  assert.match(textOf(ask), /Margin held: 10250\.5 USDT · required for your 24 h volume: 8000 USDT/);
  assert.match(textOf(await say(h, ALAN, '2250.6')), /at most 2250\.5 USDT/);
  const sum2 = await say(h, ALAN, '2000');
  await h.tg.pressButton(ALAN, ALAN, sum2.message_id, 'ac:mg:w:2000000000');
  assert.equal(await margin(h, alan), 8_250_500_000n);
  assert.equal(await available(h, alan), 11_749_500_000n);

  // A forged Confirm beyond the rule is refused by core with the requirement in USDT.
  const sum3 = await (async () => {
    const p3 = await say(h, ALAN, '/acceptor');
    await h.tg.pressButton(ALAN, ALAN, p3.message_id, 'ac:mw');
    await botSays(h, ALAN, 'You can withdraw up to 250.5 USDT', p3.message_id);
    return say(h, ALAN, '100');
  })();
  const forged = await h.tg.pressButton(ALAN, ALAN, sum3.message_id, 'ac:mg:w:900000000', { force: true });
  assert.match(forged.text!, /margin deposit is too low \(required: 8000 USDT\)/);
  assert.equal(await margin(h, alan), 8_250_500_000n);
  // Cancel on the summary leaves everything as it was.
  await h.tg.pressButton(ALAN, ALAN, sum3.message_id, 'ac:mgx');
  await h.tg.waitFor(ALAN, (m) => m.message_id === sum3.message_id && textOf(m).includes('Cancelled') && buttons(m).length === 0, 5_000);
  assert.equal(await margin(h, alan), 8_250_500_000n);
});

test('someone who is not an acceptor cannot move margin', async (t) => {
  const h = await harness(t);
  const { onboard } = await import('./harness.ts');
  await onboard(h, 100001);
  const m = await say(h, 100001, '/start');
  const r = await h.tg.pressButton(100001, 100001, m.message_id, 'ac:mg:d:1000000', { force: true });
  assert.match(r.text!, /only for approved acceptors/);
});

test('a suspended acceptor may take back free margin but not deposit', async (t) => {
  const h = await harness(t);
  const alan = await acceptor(h, ALAN);
  await h.db.sql`UPDATE acceptors SET status = 'suspended', online = false WHERE user_id = ${alan}`;
  const panel = await say(h, ALAN, '/acceptor');
  assert.match(textOf(panel), /suspended/);
  assert.deepEqual(buttons(panel), ['ac:mw']);
  const dep = await h.tg.pressButton(ALAN, ALAN, panel.message_id, 'ac:md', { force: true });
  assert.match(dep.text!, /only for approved acceptors/);
  await h.tg.pressButton(ALAN, ALAN, panel.message_id, 'ac:mw');
  await botSays(h, ALAN, 'You can withdraw up to 10000 USDT', panel.message_id);
  const sum = await say(h, ALAN, '10000');
  await h.tg.pressButton(ALAN, ALAN, sum.message_id, 'ac:mg:w:10000000000');
  assert.equal(await margin(h, alan), 0n);
  assert.equal(await available(h, alan), 20_000_000_000n);
  // Nothing left: the panel no longer offers it, and the step says why.
  assert.deepEqual(buttons(await say(h, ALAN, '/acceptor')), []);
  const p2 = await say(h, ALAN, '/acceptor');
  await h.tg.pressButton(ALAN, ALAN, p2.message_id, 'ac:mw', { force: true });
  await botSays(h, ALAN, 'Nothing to withdraw', p2.message_id);
});
