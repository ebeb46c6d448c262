import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, onboard, botSays, textOf } from './harness.ts';
import { emit } from '../../core/outbox.ts';

const TINA = 100001;
const WANG = 200002;

// Written as core/wallet/deposits.ts writes them (the watcher itself is tested in test/chain).
const event = (userId: number, topic: string, confirmations: number, depositId = 7, chain = 'ethereum') => ({
  channel: 'telegram' as const, topic,
  payload: { userId, depositId, chain, txHash: '0xabc', amount: '100000000', amountText: '100', confirmations, required: 3 },
});

test('one deposit is one message, edited from seen 1/3 to credited; chains named in the user\'s language', async (t) => {
  const h = await harness(t);
  const tina = await onboard(h, TINA);
  const before = h.tg.history(TINA).length;

  await emit(h.db.sql, event(tina, 'deposit.seen', 1));
  h.bot.notifier.kick();
  const m = await botSays(h, TINA, 'Deposit of 100 USDT on Ethereum seen: 1/3 confirmations');
  await emit(h.db.sql, event(tina, 'deposit.seen', 2));
  h.bot.notifier.kick();
  await h.tg.waitFor(TINA, (x) => x.message_id === m.message_id && textOf(x).includes('2/3'), 15_000);
  await emit(h.db.sql, event(tina, 'deposit.credited', 3));
  h.bot.notifier.kick();
  await h.tg.waitFor(TINA, (x) => x.message_id === m.message_id && textOf(x) === '✅ Deposit of 100 USDT on Ethereum credited.', 15_000);
  // A late (retried) "seen" never steps the message back.
  await emit(h.db.sql, event(tina, 'deposit.seen', 2));
  h.bot.notifier.kick();
  await h.tg.waitForIdle(300);
  const sent = h.tg.history(TINA).slice(before).filter((x) => x.from?.id === h.tg.bot.id);
  assert.equal(sent.length, 1);
  assert.equal(textOf(sent[0]!), '✅ Deposit of 100 USDT on Ethereum credited.');

  const wang = await onboard(h, WANG, 'zh-CN');
  await emit(h.db.sql, event(wang, 'deposit.seen', 1, 8, 'tron'));
  h.bot.notifier.kick();
  const zh = await h.tg.waitFor(WANG, (x) => x.from?.id === h.tg.bot.id && textOf(x).includes('波场 TRON'), 15_000);
  assert.doesNotMatch(textOf(zh), /\btron\b/);
});
