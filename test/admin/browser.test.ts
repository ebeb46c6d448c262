import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { authenticator } from 'otplib';
import { testDatabase } from '../helpers/db.ts';
import { makeUser, makeAcceptor } from '../helpers/fixtures.ts';
import { startAdminServer } from '../../admin/index.ts';
import { submitKyc } from '../../core/kyc/index.ts';
import { createOrder, confirmOrder, markPaid, releaseOrder } from '../../core/orders/index.ts';
import { balance } from '../../core/ledger/index.ts';
import { makeAdmin, disputedOrder, pendingWithdrawal } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `chromium not found at ${CHROMIUM} — install it with: apt-get install -y chromium`;

test('admin panel in a real browser: login with password + TOTP, resolve disputes, approve KYC and a withdrawal', { skip, timeout: 180_000 }, async () => {
  const { chromium } = await import('playwright-core');
  const db = await testDatabase();
  const { sql } = db;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });

  // A receipt image as a Telegram photo would be: rendered once by the same browser.
  await page.setContent('<body style="margin:0;font:16px sans-serif;background:#fff"><div style="width:420px;padding:22px;border:2px solid #2f6fde"><b>Bank transfer receipt</b><p>Amount: 100.00 USD<br/>To: Acceptor / Test Bank<br/>Ref: OTC-DEMO</p><p style="color:#1f9d55">Status: completed</p></div></body>');
  const receiptPng = await page.locator('div').screenshot();
  const fetched: string[] = [];
  const server = await startAdminServer({
    sql, db: db.db, config: { NODE_ENV: 'test' },
    fetchTelegramFile: async (fileId) => { fetched.push(fileId); return fileId.startsWith('receipt-') ? { body: new Uint8Array(receiptPng), contentType: 'image/png' } : null; },
  });
  after(() => server.close());

  // --- data made the way the bot makes it
  const admin = await makeAdmin(sql, 'admin');
  const d1 = await disputedOrder(sql, 'USD', '1.0000');
  const d2 = await disputedOrder(sql, 'EUR', '0.9000');
  const kycUser = await makeUser(sql, { kycTier: 0 });
  const sub = await submitKyc(sql, kycUser, { fullName: 'Li Wei', documentFileId: 'doc-file-1', selfieFileId: 'selfie-file-1' });
  const wd = await pendingWithdrawal(sql);
  await completedTrades(sql);

  // --- login
  await page.goto(`${server.url}/`);
  assert.match(page.url(), /\/login/);
  await page.fill('#email', admin.email);
  await page.fill('#password', admin.password);
  await page.fill('#code', authenticator.generate(admin.secret));
  await page.click('button[type=submit]');
  await page.waitForLoadState();
  if (new URL(page.url()).pathname !== '/') console.log('LOGIN PAGE', page.url(), await page.textContent('body'));
  await page.waitForURL(`${server.url}/`);
  assert.equal(await page.textContent('main h1'), 'Dashboard');
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'otc_admin');
  assert.ok(session?.httpOnly, 'session cookie is httpOnly');
  assert.equal(session?.sameSite, 'Lax');
  assert.match(await page.textContent('main') ?? '', /Appeals waiting\s*2/);

  mkdirSync('docs', { recursive: true });
  // The README's screenshots are refreshed on demand (SCREENSHOTS=1), not by every test run.
  if (process.env.SCREENSHOTS) await page.screenshot({ path: 'docs/admin-dashboard.png', fullPage: true });

  // --- dispute 1: release to the buyer (the trader), from the queue
  await page.click('a:text("Disputes")');
  const queue = await page.locator('table tr td:first-child a').allTextContents();
  assert.deepEqual(queue, [`#${d1.orderId}`, `#${d2.orderId}`], 'queue is oldest first');
  await page.click(`a:text("#${d1.orderId}")`);
  await page.waitForSelector('text=Chat transcript');
  assert.match(await page.textContent('.chat') ?? '', /Nothing has arrived on my account yet/);
  const img = await page.locator('img.receipt').first().evaluate((el: any) => el.complete && el.naturalWidth);
  assert.ok(Number(img) > 100, 'receipt image streamed through fetchTelegramFile');
  assert.ok(fetched.includes(`receipt-${d1.orderId}`));
  const [opened] = await sql`SELECT first_response_at FROM disputes WHERE order_id = ${d1.orderId}`;
  assert.ok(opened.first_response_at, 'opening the case records the first response');
  if (process.env.SCREENSHOTS) await page.screenshot({ path: 'docs/admin-dispute.png', fullPage: true });

  const traderBefore = (await balance(sql, { type: 'user', id: d1.trader })).available;
  // The reason is required: the browser refuses an empty one before anything is sent.
  await page.click('button[value=release]');
  assert.match(page.url(), new RegExp(`/disputes/${d1.orderId}$`));
  await page.fill('#reason', 'Receipt matches the bank statement; the seller confirmed by chat.');
  await Promise.all([page.waitForURL(/flash=resolved/), page.click('button[value=release]')]);
  assert.match(await page.textContent('.flash') ?? '', /resolved/);
  const [o1] = await sql`SELECT status, resolution, fee, usdt_amount FROM orders WHERE id = ${d1.orderId}`;
  assert.deepEqual([o1.status, o1.resolution], ['resolved', 'release']);
  const traderAfter = (await balance(sql, { type: 'user', id: d1.trader })).available;
  assert.equal(traderAfter - traderBefore, o1.usdt_amount - o1.fee);
  const [disp1] = await sql`SELECT resolved_by, resolution_reason FROM disputes WHERE order_id = ${d1.orderId}`;
  assert.equal(disp1.resolved_by, admin.name);
  const resolveEvents = await sql`SELECT payload FROM outbox WHERE channel = 'telegram' AND topic = 'order.resolve' AND payload->>'orderId' = ${String(d1.orderId)}`;
  assert.ok(resolveEvents.length >= 1, 'the bot is told through the outbox');
  const [aud1] = await sql`SELECT admin_id, after FROM audit_log WHERE action = 'dispute.release' AND target = ${'order:' + d1.orderId}`;
  assert.equal(Number(aud1.admin_id), admin.id);
  assert.equal(aud1.after.reason, 'Receipt matches the bank statement; the seller confirmed by chat.');

  // --- dispute 2: split, the buyer's share typed as a decimal
  await page.goto(`${server.url}/disputes/${d2.orderId}`);
  await page.fill('#reason', 'Partial payment proven: 40.5 USDT worth arrived.');
  await page.fill('#buyerShare', '1e3');
  await Promise.all([page.waitForURL(/error=invalid_amount/), page.click('button[value=split]')]);
  assert.equal((await sql`SELECT status FROM orders WHERE id = ${d2.orderId}`)[0].status, 'disputed');
  await page.fill('#reason', 'Partial payment proven: 40.5 USDT worth arrived.');
  await page.fill('#buyerShare', '40.5');
  await Promise.all([page.waitForURL(/flash=resolved/), page.click('button[value=split]')]);
  const [disp2] = await sql`SELECT d.buyer_share, o.status, o.resolution FROM disputes d JOIN orders o ON o.id = d.order_id WHERE d.order_id = ${d2.orderId}`;
  assert.deepEqual([disp2.buyer_share, disp2.status, disp2.resolution], [40_500_000n, 'resolved', 'split']);

  // --- KYC: approve with tier 2
  await page.click('a:text("KYC")');
  await page.waitForSelector(`#kyc-${sub.id}`);
  assert.match(await page.textContent(`#kyc-${sub.id}`) ?? '', /Li Wei/);
  if (process.env.ADMIN_EXTRA_SHOTS) await page.screenshot({ path: '/tmp/admin-kyc.png', fullPage: true });
  await page.selectOption(`#tier-${sub.id}`, '2');
  await Promise.all([page.waitForURL(/flash=kyc/), page.click(`#kyc-${sub.id} button.ok`)]);
  const [ku] = await sql`SELECT kyc_tier FROM users WHERE id = ${kycUser}`;
  assert.equal(ku.kyc_tier, 2);
  const [ks] = await sql`SELECT status, tier, reviewed_by FROM kyc_submissions WHERE id = ${sub.id}`;
  assert.deepEqual([ks.status, ks.tier, Number(ks.reviewed_by)], ['approved', 2, admin.id]);
  const [kob] = await sql`SELECT payload FROM outbox WHERE channel = 'telegram' AND topic = 'kyc.approved'`;
  assert.deepEqual([Number(kob.payload.userId), kob.payload.tier], [kycUser, 2]);

  // --- withdrawal: approve
  await page.click('a:text("Withdrawals")');
  await page.waitForSelector(`#w-${wd.withdrawalId}`);
  if (process.env.ADMIN_EXTRA_SHOTS) await page.screenshot({ path: '/tmp/admin-withdrawals.png', fullPage: true });
  await Promise.all([page.waitForURL(/flash=withdrawal/), page.click(`#w-${wd.withdrawalId} button.ok`)]);
  const [w] = await sql`SELECT status, decided_by FROM withdrawals WHERE id = ${wd.withdrawalId}`;
  assert.equal(w.status, 'approved');
  assert.match(w.decided_by, new RegExp(`admin:${admin.id}`));
  const [wob] = await sql`SELECT payload FROM outbox WHERE channel = 'telegram' AND topic = 'withdrawal.approved'`;
  assert.equal(Number(wob.payload.userId), wd.userId);

  // --- audit page lists all of it
  await page.click('a:text("Audit log")');
  const actions = await page.locator('table .badge').allTextContents();
  if (process.env.ADMIN_EXTRA_SHOTS) {
    await page.screenshot({ path: '/tmp/admin-audit.png', fullPage: true });
    for (const p of ['settings', `users/${d1.trader}`]) {
      await page.goto(`${server.url}/${p}`);
      await page.screenshot({ path: `/tmp/admin-${p.replace('/', '-')}.png`, fullPage: true });
    }
  }
  for (const a of ['auth.login', 'dispute.first_response', 'dispute.release', 'dispute.split', 'kyc.approve', 'withdrawal.approve']) {
    assert.ok(actions.includes(a), `audit page shows ${a}`);
  }
});

/** A few released trades spread over the last days, so the volume chart has bars. */
async function completedTrades(sql: any) {
  const { userId: acc } = await makeAcceptor(sql, { currency: 'CNY', price: '7.2000', usdt: 50_000_000_000n });
  const amounts = [1_250n, 800n, 2_100n, 450n, 1_700n, 3_050n, 990n];
  for (const [i, usdt] of amounts.entries()) {
    const trader = await makeUser(sql);
    const o = await createOrder(sql, { traderId: trader, side: 'buy', fiatCurrency: 'CNY', usdtAmount: usdt * 1_000_000n, paymentMethod: 'bank' });
    await confirmOrder(sql, o.order.id, { kind: 'user', userId: acc });
    await markPaid(sql, o.order.id, { kind: 'user', userId: trader });
    await releaseOrder(sql, o.order.id, { kind: 'user', userId: acc });
    // Back-date the close so the bars spread across the chart's two weeks.
    await sql`UPDATE orders SET closed_at = now() - make_interval(days => ${i * 2}) WHERE id = ${o.order.id}`;
  }
}
