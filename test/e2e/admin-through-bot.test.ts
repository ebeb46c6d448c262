// The admin panel in a real browser acting on what people made through the real bot: an
// appeal, a KYC submission and a large withdrawal all come from users typing and pressing
// buttons in the local Telegram; the admins' decisions are checked in the database and in
// the messages the bot's notifier then delivers to those users.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { authenticator } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { harness, onboard, acceptor, say, botSays, card, placeOrder, textOf, available, ADMIN_TG } from '../bot/harness.ts';
import { makeAdmin, type TestAdmin } from '../admin/helpers.ts';
import { startAdminServer } from '../../admin/index.ts';
import { runDueTimers } from '../../core/orders/index.ts';
import { setSetting } from '../../core/settings.ts';
import { balance } from '../../core/ledger/index.ts';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `chromium not found at ${CHROMIUM} — install it with: apt-get install -y chromium`;

const TINA = 100001; // trader
const ALAN = 200001; // acceptor
const OPS = 300002; // a second admin, flagged users.is_admin rather than listed in ADMIN_CHAT_IDS
const TRON_TO = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';

test('admins act in the browser on an appeal, a KYC submission and a withdrawal made through the bot', { skip, timeout: 120_000 }, async (t) => {
  const { chromium } = await import('playwright-core');
  // TRON withdrawals are offered (an API and a hot key configured; nothing here calls them).
  const h = await harness(t, { mode: 'auto', env: { TRON_API_URL: 'http://127.0.0.1:9/', TRON_HOT_WALLET_KEY: '22'.repeat(32) } });
  const { sql } = h.db;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  t.after(() => browser.close());

  // Photos the users will send, drawn by the same browser so they are real PNGs of a known size.
  const draw = await browser.newPage();
  const picture = async (html: string) => {
    await draw.setContent(`<body style="margin:0;font:16px sans-serif;background:#fff"><div style="width:360px;padding:20px;border:2px solid #2f6fde">${html}</div></body>`);
    return draw.locator('div').screenshot();
  };
  const receiptPng = await picture('<b>Bank transfer receipt</b><p>720.00 CNY to Acceptor 200001<br/>Ref: OTC-E2E</p>');
  const idPng = await picture('<b>ID CARD</b><p>Tina Trader<br/>No. 1100 2233 4455</p>');
  const selfiePng = await picture('<b>Selfie</b><p>holding the ID card</p>');
  await draw.close();

  // The panel reads Telegram files the way the desk does: getFile, then the file URL.
  const fetched: string[] = [];
  const server = await startAdminServer({
    sql, db: h.db.db, config: { NODE_ENV: 'test' },
    notify: () => h.bot.notifier.kick(),
    fetchTelegramFile: async (fileId) => {
      fetched.push(fileId);
      const file = await h.bot.bot.api.getFile(fileId);
      if (!file.file_path) return null;
      const res = await fetch(`${h.tg.apiRoot}/file/bot${h.tg.token}/${file.file_path}`);
      return res.ok ? { body: await res.arrayBuffer(), contentType: res.headers.get('content-type') ?? 'image/jpeg' } : null;
    },
  });
  t.after(() => server.close());

  // --- people on Telegram
  const tina = await onboard(h, TINA);
  const alan = await acceptor(h, ALAN);
  await onboard(h, ADMIN_TG);
  h.tg.createUser({ id: OPS, first_name: 'Olga', username: 'olga_ops' });
  const ops = await onboard(h, OPS);
  await sql`UPDATE users SET is_admin = true WHERE id = ${ops}`;

  // --- a buy that ends in an appeal, all through the bot
  const orderId = await placeOrder(h, TINA, 'buy', '720');
  await h.tg.pressButton(ALAN, ALAN, (await card(h, ALAN, orderId, 'Confirm & lock')).message_id, `o:confirm:${orderId}`);
  const payCard = await card(h, TINA, orderId, 'I have paid');
  await h.tg.pressButton(TINA, TINA, payCard.message_id, `o:paid:${orderId}`);
  await botSays(h, TINA, 'send a photo of the payment receipt');
  h.tg.sendPhoto(TINA, TINA, receiptPng);
  await botSays(h, TINA, `Order #${orderId} marked as paid`);
  const receiptToSeller = await h.tg.waitFor(ALAN, (m) => !!m.photo && (m.caption ?? '').includes(`Order #${orderId}: the buyer's receipt`), 15_000);
  const [paid] = await sql`SELECT status, receipt_file_id FROM orders WHERE id = ${orderId}`;
  assert.equal(paid.status, 'paid');
  assert.ok(paid.receipt_file_id, 'the receipt photo is kept on the order');
  assert.equal(receiptToSeller.photo!.at(-1)!.file_id, paid.receipt_file_id);

  // The seller does not release: the release window passes and the timers run.
  await sql`UPDATE orders SET appeal_after = now() - interval '1 second' WHERE id = ${orderId}`;
  await runDueTimers(sql);
  h.bot.notifier.kick();
  await botSays(h, TINA, `Order #${orderId}: you may now open an appeal`);
  const appealCard = await card(h, TINA, orderId, 'You may appeal now');
  const lastBefore = h.tg.lastMessage(TINA)!.message_id;
  await h.tg.pressButton(TINA, TINA, appealCard.message_id, `o:appeal:${orderId}`);
  await botSays(h, TINA, 'describe the problem', lastBefore);
  const reason = 'Paid 720 CNY by bank transfer, the seller does not release';
  await say(h, TINA, reason);
  await botSays(h, TINA, `Appeal opened for order #${orderId}`);
  const disputedCard = await card(h, TINA, orderId, 'Status: under appeal');
  await card(h, ALAN, orderId, 'Status: under appeal');
  // Both admin chats hear of it: the one from ADMIN_CHAT_IDS and the users.is_admin one.
  await botSays(h, ADMIN_TG, `New appeal on order #${orderId}: ${reason}`);
  await botSays(h, OPS, `New appeal on order #${orderId}: ${reason}`);

  // The anonymous order chat: a reply to the order card reaches the other side.
  const line = 'My bank reference is OTC-E2E, sent at 10:02';
  const sent = h.tg.sendText(TINA, TINA, line, { replyTo: disputedCard.message_id });
  await h.tg.waitForMessage(TINA, { after: sent.message_id, predicate: (m) => textOf(m).includes('Sent to the other side') });
  await botSays(h, ALAN, `Order #${orderId}: ${line}`);
  const accCard = await card(h, ALAN, orderId, 'Status: under appeal');
  const answer = 'Nothing from OTC-E2E on my statement yet';
  const sent2 = h.tg.sendText(ALAN, ALAN, answer, { replyTo: accCard.message_id });
  await h.tg.waitForMessage(ALAN, { after: sent2.message_id, predicate: (m) => textOf(m).includes('Sent to the other side') });
  await botSays(h, TINA, `Order #${orderId}: ${answer}`);
  const [disp] = await sql`SELECT reason, opened_by FROM disputes WHERE order_id = ${orderId}`;
  assert.deepEqual([disp.reason, Number(disp.opened_by)], [reason, tina]);

  // --- KYC through the bot's conversation
  await say(h, TINA, '/kyc');
  await say(h, TINA, 'Tina Trader');
  h.tg.sendPhoto(TINA, TINA, idPng);
  await botSays(h, TINA, 'Now send a selfie');
  const beforeKyc = h.tg.lastMessage(TINA)!.message_id;
  h.tg.sendPhoto(TINA, TINA, selfiePng);
  await botSays(h, TINA, 'submitted for review', beforeKyc);
  const [kyc] = await sql`SELECT id, status, document_file_id, selfie_file_id FROM kyc_submissions WHERE user_id = ${tina}`;
  assert.equal(kyc.status, 'pending');
  const kycId = Number(kyc.id);

  // --- browser: the arbitrator resolves the appeal
  const arbitrator = await makeAdmin(sql, 'arbitrator');
  const kycReviewer = await makeAdmin(sql, 'kyc');
  const finance = await makeAdmin(sql, 'finance');

  const arb = await login(browser, server.url, arbitrator);
  await arb.click('a:text("Disputes")');
  await Promise.all([arb.waitForURL(new RegExp(`/disputes/${orderId}$`)), arb.click(`a:text("#${orderId}")`)]);
  const timeline = await arb.locator('ul.timeline li b').allTextContents();
  for (const step of ['create', 'confirm', 'paid', 'appeal']) assert.ok(timeline.includes(step), `timeline shows ${step}: ${timeline.join(', ')}`);
  assert.match(await arb.textContent('ul.timeline') ?? '', new RegExp(reason));
  const chat = await arb.locator('.chat .msg').allTextContents();
  assert.ok(chat.some((m) => m.includes(line) && /buyer/.test(m)), `the trader's relayed line is in the transcript: ${chat.join(' | ')}`);
  assert.ok(chat.some((m) => m.includes(answer) && /seller/.test(m)), `the acceptor's relayed line is in the transcript: ${chat.join(' | ')}`);
  const receipt = arb.locator('img.receipt').first();
  await receipt.evaluate((el: any) => el.complete || new Promise((r) => { el.onload = r; el.onerror = r; }));
  assert.equal(await receipt.evaluate((el: any) => el.naturalWidth), imageWidth(receiptPng), 'the receipt the trader sent renders in the panel');
  assert.ok(fetched.includes(paid.receipt_file_id), 'the receipt came from the local Telegram');
  const [seen] = await sql`SELECT first_response_at FROM disputes WHERE order_id = ${orderId}`;
  assert.ok(seen.first_response_at, 'opening the case records the first response');

  const traderBefore = await available(h, tina);
  const lastTina = h.tg.lastMessage(TINA)!.message_id;
  const lastAlan = h.tg.lastMessage(ALAN)!.message_id;
  const ruling = 'The bank reference OTC-E2E matches the receipt; the seller confirmed nothing contrary.';
  await arb.fill('#reason', ruling);
  await Promise.all([arb.waitForURL(/flash=resolved/), arb.click('button[value=release]')]);
  const [o] = await sql`SELECT status, resolution, usdt_amount, fee FROM orders WHERE id = ${orderId}`;
  assert.deepEqual([o.status, o.resolution], ['resolved', 'release']);
  assert.equal(await available(h, tina) - traderBefore, BigInt(o.usdt_amount) - BigInt(o.fee));
  const escrow = await balance(sql, { type: 'order', id: orderId }, 'escrow');
  assert.deepEqual([escrow.available, escrow.incoming], [0n, 0n], 'the escrow is emptied');
  // The acceptor was funded with 10,000 USDT by the harness; the whole order left through escrow.
  const seller = await balance(sql, { type: 'user', id: alan }, 'available');
  assert.deepEqual([seller.available, seller.held], [10_000_000_000n - BigInt(o.usdt_amount), 0n]);
  const [post] = await sql`SELECT code FROM transfers WHERE id = ${`order:${orderId}:post`}`;
  assert.equal(post.code, 'dispute_release');
  const [d] = await sql`SELECT resolution, resolution_reason, resolved_by FROM disputes WHERE order_id = ${orderId}`;
  assert.deepEqual([d.resolution, d.resolution_reason, d.resolved_by], ['release', ruling, arbitrator.name]);
  // Both parties are told by the bot, and their order cards show the outcome.
  await botSays(h, ALAN, `Order #${orderId} was resolved by an arbitrator`, lastAlan);
  await card(h, TINA, orderId, 'Status: resolved by an arbitrator');
  await card(h, ALAN, orderId, 'Status: resolved by an arbitrator');
  // Regression: the notifier once skipped this ping when the arbitrator's admin id equalled the
  // trader's user id (both are 1 here), taking the admin for the trader acting on his own order.
  assert.equal(arbitrator.id, tina, 'the ids collide, as in the original bug');
  await botSays(h, TINA, `Order #${orderId} was resolved by an arbitrator`, lastTina, 3_000);

  // --- browser: the KYC reviewer approves with tier 2
  const rev = await login(browser, server.url, kycReviewer);
  await rev.click('a:text("KYC")');
  await rev.waitForSelector(`#kyc-${kycId}`);
  assert.match(await rev.textContent(`#kyc-${kycId}`) ?? '', /Tina Trader/);
  const widths = await rev.locator(`#kyc-${kycId} img`).evaluateAll((els: any[]) => Promise.all(els.map((el) =>
    el.complete ? el.naturalWidth : new Promise((r) => { el.onload = () => r(el.naturalWidth); el.onerror = () => r(0); }))));
  assert.deepEqual(widths, [imageWidth(idPng), imageWidth(selfiePng)], 'the ID photo and the selfie from the bot render');
  assert.ok(fetched.includes(kyc.document_file_id) && fetched.includes(kyc.selfie_file_id));
  const lastKyc = h.tg.lastMessage(TINA)!.message_id;
  await rev.selectOption(`#tier-${kycId}`, '2');
  await Promise.all([rev.waitForURL(/flash=kyc/), rev.click(`#kyc-${kycId} button.ok`)]);
  assert.equal((await sql`SELECT kyc_tier FROM users WHERE id = ${tina}`)[0].kyc_tier, 2);
  const [ks] = await sql`SELECT status, tier, reviewed_by FROM kyc_submissions WHERE id = ${kycId}`;
  assert.deepEqual([ks.status, ks.tier, Number(ks.reviewed_by)], ['approved', 2, kycReviewer.id]);
  await botSays(h, TINA, 'Identity verified (tier 2)', lastKyc);

  // --- a withdrawal of the USDT just won, above a lowered approval threshold, through the bot
  await setSetting(sql, 'withdraw_approval_threshold_usdt', '50000000', 'test');
  const w = await say(h, TINA, '💰 Wallet');
  await h.tg.pressButton(TINA, TINA, w.message_id, 'wl:wd');
  const chains = await botSays(h, TINA, 'Withdraw USDT on which network', w.message_id);
  await h.tg.pressButton(TINA, TINA, chains.message_id, 'wd:c:tron');
  await botSays(h, TINA, 'Paste the TRON', chains.message_id);
  assert.match(textOf(await say(h, TINA, TRON_TO)), /How many USDT/);
  const summary = await say(h, TINA, '60');
  assert.match(textOf(summary), /Total debited: 61 USDT/);
  await h.tg.pressButton(TINA, TINA, summary.message_id, 'wd:ok');
  const waiting = await botSays(h, TINA, /Withdrawal #\d+ of 60 USDT is waiting for an admin's approval/, summary.message_id);
  const withdrawalId = Number(/#(\d+)/.exec(textOf(waiting))![1]);
  const [wd] = await sql`SELECT status, owner_id, amount, to_address FROM withdrawals WHERE id = ${withdrawalId}`;
  assert.deepEqual([wd.status, Number(wd.owner_id), BigInt(wd.amount), wd.to_address], ['awaiting_approval', tina, 60_000_000n, TRON_TO]);

  // --- browser: finance approves it
  const fin = await login(browser, server.url, finance);
  await fin.click('a:text("Withdrawals")');
  await fin.waitForSelector(`#w-${withdrawalId}`);
  assert.match(await fin.textContent(`#w-${withdrawalId}`) ?? '', new RegExp(TRON_TO));
  const lastWd = h.tg.lastMessage(TINA)!.message_id;
  await Promise.all([fin.waitForURL(/flash=withdrawal/), fin.click(`#w-${withdrawalId} button.ok`)]);
  const [wa] = await sql`SELECT status, decided_by FROM withdrawals WHERE id = ${withdrawalId}`;
  assert.equal(wa.status, 'approved');
  assert.match(wa.decided_by, new RegExp(`admin:${finance.id}`));
  await botSays(h, TINA, 'Your withdrawal of 60 USDT was approved', lastWd);

  // Every decision is in the audit log under the admin who made it.
  const audit = await sql`SELECT action, admin_id FROM audit_log WHERE action IN ('dispute.release', 'kyc.approve', 'withdrawal.approve') ORDER BY id`;
  assert.deepEqual(audit.map((a) => [a.action, Number(a.admin_id)]),
    [['dispute.release', arbitrator.id], ['kyc.approve', kycReviewer.id], ['withdrawal.approve', finance.id]]);
  // Nothing the bot sent was refused by Telegram.
  assert.deepEqual(h.tg.unknownMethods, []);
  const failed = await sql`SELECT topic, last_error FROM outbox WHERE channel = 'telegram' AND last_error IS NOT NULL`;
  assert.deepEqual([...failed], [], 'no Telegram delivery failed');
});

/** Signs in through the form with the password and a current TOTP code; a fresh browser context per admin. */
async function login(browser: Browser, url: string, admin: TestAdmin): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${url}/`);
  assert.match(page.url(), /\/login/);
  await page.fill('#email', admin.email);
  await page.fill('#password', admin.password);
  await page.fill('#code', authenticator.generate(admin.secret));
  await Promise.all([page.waitForURL(`${url}/`), page.click('button[type=submit]')]);
  assert.equal(await page.textContent('main h1'), 'Dashboard');
  return page;
}

function imageWidth(png: Buffer): number {
  return png.readUInt32BE(16);
}
