// `npm start` as a person uses it: the real sandbox (desk, local Telegram, local chains,
// seeded demo desk) started in-process, driven in headless Chromium through the web chat —
// a trader buys USDT through the menus, the acceptor confirms, the trader pays with a
// receipt photo, the acceptor releases; then the trader asks the sandbox for test USDT on
// the local Ethereum and waits for the watcher to credit it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { testDatabase } from '../helpers/db.ts';
import { loadConfig } from '../../config.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { balance } from '../../core/ledger/index.ts';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `chromium not found at ${CHROMIUM} — install it with: apt-get install -y chromium`;
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];
const STEP = 15_000;

const db = skip ? undefined : await testDatabase();

describe('the sandbox, used through its web chat', { skip, timeout: 120_000 }, () => {
  let sandbox: RunningSandbox;
  let browser: Browser;
  let page: Page;
  const dataDir = mkdtempSync(join(tmpdir(), 'otc-sandbox-e2e-'));

  before(async () => {
    sandbox = await startSandbox(loadConfig({ ...process.env, DATABASE_URL: db!.url, SANDBOX_PORT: '0', ADMIN_PORT: '0', API_PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir }));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // A show_alert answer opens a dialog; a person would read it and press OK.
    page.on('dialog', (d) => void d.accept());
  });
  after(async () => {
    await browser?.close();
    await sandbox?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // --- what a person does in the web chat
  const tabs = async (persona: string) => {
    await page.getByRole('link', { name: persona, exact: true }).click();
    await page.waitForLoadState('domcontentloaded');
  };
  // The bot's latest message containing every given text (cards are edited in place, so
  // waiting for a card's title plus its new status waits for the edit).
  const botMessage = (...texts: (string | RegExp)[]) => texts.reduce((l, t) => l.filter({ hasText: t }), page.locator('.msg.bot')).last();
  const sees = async (...texts: (string | RegExp)[]) => {
    await botMessage(...texts).waitFor({ timeout: STEP });
    return (await botMessage(...texts).innerText()).trim();
  };
  const type = async (text: string) => {
    await page.locator('#text').fill(text);
    await page.locator('#text').press('Enter');
  };
  const press = async (onMessage: string | RegExp, button: string) => {
    const btn = botMessage(onMessage).locator('.kb-btn', { hasText: button });
    await btn.waitFor({ timeout: STEP });
    await btn.click();
  };
  const menu = (label: string) => page.locator('#reply-keyboard .kb-btn', { hasText: label }).click({ timeout: STEP });
  const toast = async (text: string | RegExp) => {
    await page.locator('#toast', { hasText: text }).waitFor({ timeout: STEP });
    return (await page.locator('#toast').innerText()).trim();
  };
  const userId = async (telegramId: number) => Number((await db!.sql`SELECT id FROM users WHERE telegram_id = ${telegramId}`)[0]!.id);

  test('the web chat lists the personas, the acceptors\' group and the chain faucet', async () => {
    assert.match(sandbox.tg!.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.notEqual(new URL(sandbox.tg!.url).port, '0', 'the web chat URL carries the real port');
    for (const u of [sandbox.desk.adminUrl, sandbox.desk.apiUrl]) assert.doesNotMatch(u, /:0$/);
    assert.ok(sandbox.describe().some((l) => l.includes(sandbox.tg!.url)));
    await page.goto(sandbox.tg!.url);
    for (const p of ['Trader', 'Acceptor', 'Acceptor 2', 'Admin']) await page.getByRole('link', { name: p, exact: true }).waitFor();
    for (const chain of ['TRON', 'Ethereum', 'BSC']) await page.locator('[data-action]', { hasText: `Send me 100 test USDT (${chain})` }).waitFor();
    await page.locator('[data-action]', { hasText: 'Admin panel: address and login' }).waitFor();
    await tabs('Acceptor');
    await page.locator('.chat-link', { hasText: 'OTC Acceptors' }).waitFor();
  });

  test('a trader buys USDT, the acceptor confirms, the trader pays, the acceptor releases', async () => {
    const trader = sandbox.tg!.persona('trader').user;
    const acceptorTg = sandbox.tg!.persona('acceptor').user;
    const traderId = await userId(trader.id);
    const acceptorId = await userId(acceptorTg.id);
    const before = (await balance(db!.sql, { type: 'user', id: traderId })).available;

    // Trader: onboarding, then Buy USDT → USD (only the acceptor persona quotes USD) → 100 → Bank.
    await tabs('Trader');
    await page.locator('.empty', { hasText: 'send /start' }).waitFor({ timeout: STEP });
    await type('/start');
    await press('Please choose your language', 'English');
    assert.equal(await toast('Language set'), 'Language set to English.');
    await press('accept the desk', 'I accept');
    await sees('Welcome, Tina');
    await menu('Buy USDT');
    await press('Choose the fiat currency', 'USD');
    await sees('How much? Type an amount in USD');
    await type('100');
    await press('Choose the payment method', 'Bank transfer');
    const quote = await sees(/Buy [\d.]+ USDT/);
    assert.match(quote, /Price: 1\.0100 USD\/USDT/);
    assert.match(quote, /Total: 100\.00 USD/);
    await press(/Buy [\d.]+ USDT/, 'Confirm');
    const created = await sees(/Order #\d+ created/);
    const orderId = Number(/Order #(\d+)/.exec(created)![1]);
    await sees(`Order #${orderId} · you buy USDT`, 'waiting for the acceptor');
    // The web chat points the person at whom the bot just wrote to: the Acceptor tab is marked.
    await page.locator('.persona.unread[href="/?as=acceptor"]').waitFor({ timeout: STEP });
    assert.equal(await page.locator('.persona.unread[href="/?as=acceptor2"]').count(), 0, 'only the matched acceptor is marked');

    const [matched] = await db!.sql`SELECT status, acceptor_id, fiat_currency, fiat_amount FROM orders WHERE id = ${orderId}`;
    assert.equal(Number(matched!.acceptor_id), acceptorId, 'the USD offer belongs to the acceptor persona');
    assert.equal(matched!.fiat_currency, 'USD');
    assert.equal(matched!.fiat_amount, 10_000n);

    // Acceptor: the order card arrived in their private chat; confirm and lock.
    await tabs('Acceptor');
    await press(`Order #${orderId} · you sell USDT to a client`, 'Confirm & lock');
    assert.match(await toast(`Order #${orderId}`), /confirmed/);
    await botMessage(`Order #${orderId} · you sell USDT to a client`).locator('.kb-btn', { hasText: 'Confirm & lock' }).waitFor({ state: 'detached', timeout: STEP });

    // Trader: the card now shows where to pay; mark paid and attach a receipt photo.
    await tabs('Trader');
    const payCard = await sees(`Order #${orderId} · you buy USDT`, 'waiting for payment');
    assert.match(payCard, /Pay to:\s+Account holder: .*\s+Bank: Demo Bank/);
    assert.match(payCard, /I have paid/);
    await press(`Order #${orderId} · you buy USDT`, 'I have paid');
    await sees('send a photo of the payment receipt');
    const receipt = await page.locator('.conversation').screenshot({ type: 'png' });
    await page.locator('#photo').setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: receipt });
    await sees(`Order #${orderId} marked as paid`);
    await sees(`Order #${orderId} · you buy USDT`, 'paid, waiting for release');
    assert.equal((await db!.sql`SELECT status FROM orders WHERE id = ${orderId}`)[0]!.status, 'paid');

    // Acceptor: the receipt came through; release.
    await tabs('Acceptor');
    await page.locator('.msg.bot img.photo').last().waitFor({ timeout: STEP });
    await press(`Order #${orderId} · you sell USDT to a client`, 'Release');
    await sees(`Order #${orderId} · you sell USDT to a client`, 'Did you receive');
    await press(`Order #${orderId} · you sell USDT to a client`, 'Yes, release');
    assert.match(await toast(`Order #${orderId}`), /released/);
    await sees(`Order #${orderId} · you sell USDT to a client`, 'Status: released');

    const [done] = await db!.sql`SELECT status, usdt_amount, fee FROM orders WHERE id = ${orderId}`;
    assert.equal(done!.status, 'released');
    const after = (await balance(db!.sql, { type: 'user', id: traderId })).available;
    assert.equal(after - before, (done!.usdt_amount as bigint) - (done!.fee as bigint), 'the buyer got the escrow less the fee');

    // Trader: the card says released and the bot said so.
    await tabs('Trader');
    await sees(`Order #${orderId} · you buy USDT`, 'Status: released');
    // The menu keyboard folds away (⌨️) and stays folded across a reload, until shown again.
    await page.locator('#reply-keyboard').waitFor();
    await page.locator('#kb-toggle').click();
    await page.locator('#reply-keyboard').waitFor({ state: 'hidden' });
    await page.reload();
    await sees(`Order #${orderId} · you buy USDT`);
    assert.equal(await page.locator('#reply-keyboard').isVisible(), false);
    await page.locator('#kb-toggle').click();
    await page.locator('#reply-keyboard .kb-btn', { hasText: 'Buy USDT' }).waitFor();
    await sees(`Order #${orderId}: USDT released to you`);
  });

  test('"Send me 100 test USDT (Ethereum)" is credited by the watcher and the bot tells the trader', async () => {
    const trader = sandbox.tg!.persona('trader').user;
    const traderId = await userId(trader.id);
    const before = (await balance(db!.sql, { type: 'user', id: traderId })).available;
    await tabs('Trader');
    await page.locator('[data-action]', { hasText: 'Send me 100 test USDT (Ethereum)' }).click();
    const sent = await toast(/Sent 100 test USDT on Ethereum/);
    const address = /to (0x[0-9a-fA-F]{40})/.exec(sent)?.[1];
    assert.ok(address, `the toast names the deposit address: ${sent}`);
    const [addr] = await db!.sql`SELECT owner_id FROM deposit_addresses WHERE address = ${address!}`;
    assert.equal(Number(addr!.owner_id), traderId, 'the coins went to the trader\'s own deposit address');

    // Bounded: 3 confirmations of 2-second blocks, then the watcher's poll and the notifier.
    await botMessage(/Deposit of 100 USDT .* credited/).waitFor({ timeout: 45_000 });
    const [dep] = await db!.sql`SELECT status, amount FROM chain_deposits WHERE owner_type = 'user' AND owner_id = ${traderId} AND chain = 'ethereum'`;
    assert.equal(dep!.status, 'credited');
    assert.equal(dep!.amount, 100_000_000n);
    const after = (await balance(db!.sql, { type: 'user', id: traderId })).available;
    assert.equal(after - before, 100_000_000n);
  });
});
