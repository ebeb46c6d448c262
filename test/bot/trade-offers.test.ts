import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, onboard, acceptor, say, botSays, textOf, buttons, placeOrder } from './harness.ts';
import { addPaymentMethod } from '../../core/payment-methods.ts';
import { createOffer } from '../../core/offers.ts';

const TINA = 100001;
const ALAN = 200001;

test('the trade offers only currencies and methods acceptors take now; an amount outside every offer is asked again', async (t) => {
  const h = await harness(t, { mode: 'auto' });
  await onboard(h, TINA);
  // Nobody offers anything yet: a clear answer, no conversation left waiting.
  assert.match(textOf(await say(h, TINA, '/buy')), /No acceptor offers this right now/);
  assert.match(textOf(await say(h, TINA, '720')), /did not understand/);

  const acc = await acceptor(h, ALAN);
  // A second method, Alipay, only for big amounts (1,000.00–200,000.00 CNY).
  await addPaymentMethod(h.db.sql, acc, 'alipay', { holder: 'Alan', account: 'alan@example.com' });
  await createOffer(h.db.sql, acc, { tradeSide: 'buy', fiatCurrency: 'CNY', price: '7.2000', minFiat: 100_000n, maxFiat: 20_000_000n, paymentMethods: ['alipay'] });

  const menu = await say(h, TINA, '/buy');
  assert.deepEqual(buttons(menu), ['tr:c:CNY', 'tr:x']);
  assert.match(textOf(await say(h, TINA, 'USD')), /No acceptor trades that currency/);
  await h.tg.pressButton(TINA, TINA, menu.message_id, 'tr:c:CNY');
  await botSays(h, TINA, 'How much?');
  // The answered step shows the choice and keeps no buttons to press again.
  const answered = h.tg.history(TINA).find((m) => m.message_id === menu.message_id)!;
  assert.match(textOf(answered), /\n› CNY$/);
  assert.deepEqual(buttons(answered), []);
  assert.match(textOf(await say(h, TINA, '5')), /Acceptors take 100\.00–200,000\.00 CNY right now/);
  assert.match(textOf(await say(h, TINA, '300000')), /Acceptors take 100\.00–200,000\.00 CNY right now/);
  // Still in the amount step: 720 CNY fits only the bank offer, 150,000 only Alipay.
  const small = await say(h, TINA, '720');
  assert.deepEqual(buttons(small), ['tr:m:bank', 'tr:x']);
  await h.tg.pressButton(TINA, TINA, small.message_id, 'tr:x');
  await botSays(h, TINA, 'Cancelled');

  const again = await say(h, TINA, '/buy');
  await h.tg.pressButton(TINA, TINA, again.message_id, 'tr:c:CNY');
  await botSays(h, TINA, 'How much?', again.message_id);
  const big = await say(h, TINA, '150000');
  assert.deepEqual(buttons(big), ['tr:m:alipay', 'tr:x']);
  await h.tg.pressButton(TINA, TINA, big.message_id, 'tr:x');
  await botSays(h, TINA, 'Cancelled', big.message_id);

  // The acceptor goes offline: nothing is offered any more.
  await h.db.sql`UPDATE acceptors SET online = false WHERE user_id = ${acc}`;
  assert.match(textOf(await say(h, TINA, '/sell')), /No acceptor offers this right now/);
  await h.db.sql`UPDATE acceptors SET online = true WHERE user_id = ${acc}`;
  assert.ok(await placeOrder(h, TINA, 'buy', '720') > 0);
});
