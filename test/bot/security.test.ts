import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authenticator } from 'otplib';
import { harness, onboard, acceptor, placeOrder, card, say, botSays, buttons, textOf, payOrder, releaseWithConfirm } from './harness.ts';

const TINA = 100001;
const ALAN = 200001;
/** The authenticator app's code `steps` time steps from now (codes are accepted once). */
const code = (secret: string, steps = 0) => authenticator.clone({ epoch: Date.now() + steps * 30_000 }).generate(secret);
const wrongCode = (secret: string) => String((Number(code(secret)) + 500_000) % 1_000_000).padStart(6, '0');

test('2FA: turned on from the profile with a QR code and a confirmed code; release then asks for it', async (t) => {
  const h = await harness(t, { mode: 'auto' });
  await onboard(h, TINA);
  const alan = await acceptor(h, ALAN);

  const profile = await say(h, ALAN, '/profile');
  assert.ok(buttons(profile).includes('sec:menu'));
  await h.tg.pressButton(ALAN, ALAN, profile.message_id, 'sec:menu');
  const status = await botSays(h, ALAN, 'Two-factor authentication is OFF', profile.message_id);
  assert.deepEqual(buttons(status), ['sec:on']);
  await h.tg.pressButton(ALAN, ALAN, status.message_id, 'sec:on');
  const qr = await h.tg.waitFor(ALAN, (m) => m.message_id > status.message_id && !!m.photo?.length, 15_000);
  assert.match(textOf(qr), /Scan this QR code/);
  const keyMsg = await botSays(h, ALAN, 'enter this key by hand', status.message_id);
  const secret = /by hand: ([A-Z2-7]+)/.exec(textOf(keyMsg))![1]!;

  // Not saved until a correct code arrives.
  assert.match(textOf(await say(h, ALAN, wrongCode(secret))), /not valid\. Please try again \(4 attempts left\)/);
  assert.equal((await h.db.sql`SELECT totp_secret FROM users WHERE id = ${alan}`)[0].totp_secret, null);
  await botSays(h, ALAN, 'Two-factor authentication is on', (await h.tg.sendText(ALAN, ALAN, code(secret))).message_id);
  const [u] = await h.db.sql`SELECT totp_secret FROM users WHERE id = ${alan}`;
  assert.ok(u.totp_secret.startsWith('v1:') && !u.totp_secret.includes(secret), 'stored encrypted');
  // The QR code and the key are gone from the chat; the conversation state kept no secret.
  await h.tg.waitForIdle(150);
  assert.ok(!h.tg.history(ALAN).some((m) => m.message_id === qr.message_id || textOf(m).includes(secret)));
  assert.ok(!JSON.stringify(await h.db.sql`SELECT * FROM bot_sessions`).includes(secret));
  assert.match(textOf(await say(h, ALAN, '/2fa')), /Two-factor authentication is ON/);

  // The release asks for the code of the saved (encrypted) secret; a reused code is refused.
  const orderId = await placeOrder(h, TINA, 'buy', '720');
  const c = await card(h, ALAN, orderId, 'Confirm & lock');
  await h.tg.pressButton(ALAN, ALAN, c.message_id, `o:confirm:${orderId}`);
  await payOrder(h, TINA, orderId);
  const last = h.tg.lastMessage(ALAN)!.message_id;
  await releaseWithConfirm(h, ALAN, orderId);
  await botSays(h, ALAN, 'enter the 6-digit code', last);
  assert.match(textOf(await say(h, ALAN, code(secret))), /already used/);
  assert.equal((await h.db.sql`SELECT status FROM orders WHERE id = ${orderId}`)[0].status, 'paid');
  await say(h, ALAN, code(secret, 1));
  await card(h, TINA, orderId, 'Status: released');
});

test('2FA: five wrong codes lock the user (kept in the database across a restart); off needs a code', async (t) => {
  const h = await harness(t);
  const tina = await onboard(h, TINA);
  const st = await say(h, TINA, '/2fa');
  await h.tg.pressButton(TINA, TINA, st.message_id, 'sec:on');
  const keyMsg = await botSays(h, TINA, 'enter this key by hand', st.message_id);
  const secret = /by hand: ([A-Z2-7]+)/.exec(textOf(keyMsg))![1]!;
  await say(h, TINA, code(secret, -1));
  await botSays(h, TINA, 'Two-factor authentication is on');

  const on = await say(h, TINA, '/2fa');
  assert.deepEqual(buttons(on), ['sec:off']);
  await h.tg.pressButton(TINA, TINA, on.message_id, 'sec:off');
  await botSays(h, TINA, 'to turn 2FA off', on.message_id);
  assert.match(textOf(await say(h, TINA, 'hello')), /\(5 attempts left\)/); // a typo is not a guess
  for (const left of [4, 3, 2, 1]) assert.match(textOf(await say(h, TINA, wrongCode(secret))), new RegExp(`\\(${left} attempts left\\)`));
  assert.match(textOf(await say(h, TINA, wrongCode(secret))), /Too many wrong codes\. Try again after \d\d:\d\d UTC/);

  await h.restart();
  const again = await say(h, TINA, '/2fa');
  await h.tg.pressButton(TINA, TINA, again.message_id, 'sec:off');
  await botSays(h, TINA, 'to turn 2FA off', again.message_id);
  assert.match(textOf(await say(h, TINA, code(secret))), /Too many wrong codes/);
  assert.notEqual((await h.db.sql`SELECT totp_secret FROM users WHERE id = ${tina}`)[0].totp_secret, null);

  // After the window the right code turns 2FA off.
  await h.db.sql`UPDATE user_totp_guard SET window_started_at = now() - interval '16 minutes' WHERE user_id = ${tina}`;
  const third = await say(h, TINA, '/2fa');
  await h.tg.pressButton(TINA, TINA, third.message_id, 'sec:off');
  await botSays(h, TINA, 'to turn 2FA off', third.message_id);
  assert.match(textOf(await say(h, TINA, code(secret, 1))), /2FA is off/);
  assert.equal((await h.db.sql`SELECT totp_secret FROM users WHERE id = ${tina}`)[0].totp_secret, null);
  assert.match(textOf(await say(h, TINA, '/2fa')), /OFF/);
});
