import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../config.ts';
import { harness, onboard, acceptor, card, buttons, placeOrder, textOf, botSays, GROUP_ID } from './harness.ts';

const TINA = 100001;
const ALAN = 200001;
const WANG = 200002;

test('group mode: two acceptors press Accept at once, exactly one wins, the other is told', async (t) => {
  const h = await harness(t, { mode: 'group' });
  await onboard(h, TINA);
  const alan = await acceptor(h, ALAN);
  const wang = await acceptor(h, WANG);
  const orderId = await placeOrder(h, TINA, 'buy', '720');

  const post = await h.tg.waitFor(GROUP_ID, (m) => textOf(m).includes(`Order #${orderId}:`) && buttons(m).includes(`o:claim:${orderId}`), 15_000);
  const [a, b] = await Promise.all([
    h.tg.pressButton(ALAN, GROUP_ID, post.message_id, `o:claim:${orderId}`),
    h.tg.pressButton(WANG, GROUP_ID, post.message_id, `o:claim:${orderId}`),
  ]);
  const answers = [a.text ?? '', b.text ?? ''];
  const won = answers.filter((x) => /You took order/.test(x));
  const lost = answers.filter((x) => /already taken/.test(x));
  assert.equal(won.length, 1, answers.join(' | '));
  assert.equal(lost.length, 1, answers.join(' | '));
  const winnerTg = /You took/.test(answers[0]) ? ALAN : WANG;
  const loserTg = winnerTg === ALAN ? WANG : ALAN;

  const [o] = await h.db.sql`SELECT status, acceptor_id FROM orders WHERE id = ${orderId}`;
  assert.equal(o.status, 'claimed');
  assert.equal(Number(o.acceptor_id), winnerTg === ALAN ? alan : wang);
  assert.equal((await h.db.sql`SELECT count(*)::int AS n FROM order_events WHERE order_id = ${orderId} AND action = 'claim'`)[0].n, 1);

  // The group post shows who took it and loses its button; the winner gets the private card.
  const taken = await h.tg.waitFor(GROUP_ID, (m) => m.message_id === post.message_id && textOf(m).includes('Taken by'), 15_000);
  assert.deepEqual(buttons(taken), []);
  const priv = await card(h, winnerTg, orderId, 'Confirm & lock');
  assert.deepEqual(buttons(priv), [`o:confirm:${orderId}`, `o:decline:${orderId}`]);
  await h.tg.waitForIdle(150);
  assert.equal(h.tg.history(loserTg).filter((m) => textOf(m).includes(`#${orderId} ·`)).length, 0);

  // Someone in the group who is not an acceptor: told why, nothing changes.
  const admin = await h.tg.pressButton(300001, GROUP_ID, post.message_id, `o:claim:${orderId}`, { force: true });
  assert.match(admin.text!, /already taken|cannot take/);

  // A late press on the old post: told at once, nothing changes.
  const late = await h.tg.pressButton(loserTg, GROUP_ID, post.message_id, `o:claim:${orderId}`, { force: true });
  assert.match(late.text!, /already taken/);

  // Declining puts the order back in the group with its Accept button.
  await h.tg.pressButton(winnerTg, winnerTg, priv.message_id, `o:decline:${orderId}`);
  await h.tg.waitFor(GROUP_ID, (m) => m.message_id === post.message_id && buttons(m).includes(`o:claim:${orderId}`), 15_000);
  await botSays(h, winnerTg, `Order #${orderId} is no longer assigned to you`);
  const [back] = await h.db.sql`SELECT status, acceptor_id FROM orders WHERE id = ${orderId}`;
  assert.equal(back.status, 'created');
  assert.equal(back.acceptor_id, null);
  const outsider = await h.tg.pressButton(300001, GROUP_ID, post.message_id, `o:claim:${orderId}`);
  assert.match(outsider.text!, /You cannot take order/);
  const again = await h.tg.pressButton(loserTg, GROUP_ID, post.message_id, `o:claim:${orderId}`);
  assert.match(again.text!, /You took order/);
});

test('GROUP_LANGUAGE sets the language of the acceptors\' group posts', async (t) => {
  assert.throws(() => loadConfig({ GROUP_LANGUAGE: 'fr' }), /GROUP_LANGUAGE/);
  const h = await harness(t, { mode: 'group', env: { GROUP_LANGUAGE: 'zh-CN' } });
  await onboard(h, TINA);
  await acceptor(h, ALAN);
  const orderId = await placeOrder(h, TINA, 'buy', '720');
  const post = await h.tg.waitFor(GROUP_ID, (m) => textOf(m).includes(`订单 #${orderId}：客户购买 USDT`), 15_000);
  assert.deepEqual(buttons(post), [`o:claim:${orderId}`]);
  // The trader still reads English: the group language does not leak into private chats.
  await botSays(h, TINA, `Order #${orderId} created`);
});
