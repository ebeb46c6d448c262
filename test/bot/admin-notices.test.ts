import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, onboard, botSays, textOf, ADMIN_TG } from './harness.ts';
import { applyAsAcceptor, decideAcceptor } from '../../core/acceptors.ts';
import { submitKyc } from '../../core/kyc/index.ts';
import { haltChain, initCursor } from '../../core/wallet/cursor.ts';
import { setFrozen } from '../../core/users.ts';
import { emit } from '../../core/outbox.ts';

const TINA = 100001;
const ZHOU = 200002; // made an admin by users.is_admin; reads Chinese

test('admin-channel events reach every admin chat, translated, with the id and a panel link', async (t) => {
  const h = await harness(t, { env: { ADMIN_PUBLIC_URL: 'https://admin.desk.test/' } });
  await onboard(h, ADMIN_TG);
  const zhou = await onboard(h, ZHOU, 'zh-CN');
  await h.db.sql`UPDATE users SET is_admin = true WHERE id = ${zhou}`;
  const tina = await onboard(h, TINA);

  await applyAsAcceptor(h.db.sql, tina, { about: 'I trade CNY every day' });
  h.bot.notifier.kick();
  const en = await botSays(h, ADMIN_TG, `User #${tina} applied to become an acceptor.`);
  assert.match(textOf(en), new RegExp(`Admin panel: https://admin\\.desk\\.test/users/${tina}$`));
  const zh = await botSays(h, ZHOU, `用户 #${tina} 申请成为承兑商。`);
  assert.match(textOf(zh), /管理后台：https:\/\/admin\.desk\.test\/users\//);

  await submitKyc(h.db.sql, tina, { fullName: 'Tina Trader', documentFileId: 'doc', selfieFileId: 'selfie' });
  await initCursor(h.db.sql, 'tron', { number: 100, hash: '0xabc' });
  assert.ok(await haltChain(h.db.sql, 'tron', 'reorg', { depth: 30 }));
  // Written as core writes them (withdrawal rules and the reconciliation job are tested elsewhere).
  await emit(h.db.sql,
    { channel: 'admin', topic: 'withdrawal.awaiting_approval', payload: { withdrawalId: 77, chain: 'tron', amount: '6000500000', ownerType: 'user', ownerId: tina } },
    { channel: 'admin', topic: 'ledger.violation', payload: { violations: [{ a: 1 }, { b: 2 }] } },
    { channel: 'admin', topic: 'no.such_topic', payload: {} });
  h.bot.notifier.kick();
  const [sub] = await h.db.sql`SELECT id FROM kyc_submissions WHERE user_id = ${tina}`;
  await botSays(h, ADMIN_TG, `KYC submission #${Number(sub.id)} from user #${tina} awaits review`);
  await botSays(h, ADMIN_TG, 'The tron watcher halted: reorg');
  const w = await botSays(h, ADMIN_TG, 'Withdrawal #77 of 6000.5 USDT on tron (user #');
  assert.match(textOf(w), /Admin panel: https:\/\/admin\.desk\.test\/withdrawals$/);
  await botSays(h, ADMIN_TG, 'found 2 violation(s)');
  await botSays(h, ZHOU, '提现 #77（6000.5 USDT');

  // Every admin-channel row is done, the unknown topic too (logged, not retried forever).
  await h.tg.waitForIdle(200);
  const left = await h.db.sql`SELECT topic FROM outbox WHERE channel = 'admin' AND done_at IS NULL`;
  assert.deepEqual([...left], []);
  // Each admin got exactly one notice per event.
  assert.equal(h.tg.history(ADMIN_TG).filter((m) => textOf(m).includes('awaits approval')).length, 1);
});

test('admin panel decisions reach the user in their language', async (t) => {
  const h = await harness(t);
  const tina = await onboard(h, TINA, 'zh-CN');
  await applyAsAcceptor(h.db.sql, tina, { about: 'I trade CNY every day' });
  await decideAcceptor(h.db.sql, tina, 'approved');
  h.bot.notifier.kick();
  await botSays(h, TINA, '您已成为认证承兑商');
  await decideAcceptor(h.db.sql, tina, 'suspended');
  h.bot.notifier.kick();
  await botSays(h, TINA, '您的承兑商账户已被暂停');
  await emit(h.db.sql, { channel: 'telegram', topic: 'acceptor.offline', payload: { userId: tina, reason: 'margin' } },
    { channel: 'telegram', topic: 'user.buy_suspended', payload: { userId: tina, cancellations: 3 } });
  await setFrozen(h.db.sql, tina, true, '风控检查', 'test');
  await setFrozen(h.db.sql, tina, false, null, 'test');
  h.bot.notifier.kick();
  await botSays(h, TINA, '保证金低于');
  await botSays(h, TINA, '风控检查');
  await botSays(h, TINA, '已恢复');
  await botSays(h, TINA, '不能下买单');
});
