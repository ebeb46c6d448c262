// `npm run screenshot:webchat`: starts the sandbox exactly as `npm start` does, drives a
// trade to the middle through the web chat in headless Chromium (the trader buys, the
// acceptor confirms) and saves the trader's view — the order card with the payment details
// and "I have paid" — as docs/webchat-trade.png (the README shows it).
//
// Database: a throwaway database on TEST_DATABASE_URL / DATABASE_URL's server if set, else
// embedded PostgreSQL in a temporary directory. Chromium: CHROMIUM or /usr/bin/chromium.
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { chromium, type Page } from 'playwright-core';
import { loadConfig } from '../config.ts';
import { startSandbox, type RunningSandbox } from '../sandbox/index.ts';

const OUT = resolve(process.argv[2] ?? 'docs/webchat-trade.png');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync', '--font-render-hinting=none'];
const STEP = 20_000;

if (!existsSync(CHROMIUM)) {
  console.error(`chromium not found at ${CHROMIUM} — install it (apt-get install -y chromium) or set CHROMIUM`);
  process.exit(1);
}

const dataDir = mkdtempSync(join(tmpdir(), 'otc-webchat-shot-'));
// As root, embedded PostgreSQL runs as its own user, which must be able to enter the directory.
chmodSync(dataDir, 0o755);
const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
let dropDatabase: (() => Promise<void>) | undefined;
let databaseUrl: string | undefined;
if (serverUrl) {
  // A fresh database, so the screenshot shows order #1 and nothing left from earlier runs.
  const name = `otc_webchat_shot_${process.pid}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  databaseUrl = u.toString();
  dropDatabase = async () => {
    const a = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await a.end();
  };
}

let sandbox: RunningSandbox | undefined;
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
try {
  const env: NodeJS.ProcessEnv = { ...process.env, SANDBOX_PORT: '0', ADMIN_PORT: '0', API_PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  sandbox = await startSandbox(loadConfig(env));
  const tg = sandbox.tg!;
  const sql = sandbox.desk.database.sql;

  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'en-US', timezoneId: 'UTC' });
  page.on('dialog', (d) => void d.accept());
  const botMessage = (p: Page, ...texts: string[]) => texts.reduce((l, t) => l.filter({ hasText: t }), p.locator('.msg.bot')).last();
  const sees = (p: Page, ...texts: string[]) => botMessage(p, ...texts).waitFor({ timeout: STEP });
  const press = async (p: Page, onMessage: string, button: string) => {
    const b = botMessage(p, onMessage).locator('.kb-btn', { hasText: button });
    await b.waitFor({ timeout: STEP });
    await b.click();
  };
  const type = async (p: Page, text: string) => {
    await p.locator('#text').fill(text);
    await p.locator('#text').press('Enter');
  };

  // The trader: onboarding, then Buy USDT → CNY → 720 → Bank transfer → Confirm.
  await page.goto(`${tg.url}?as=trader`);
  await type(page, '/start');
  await press(page, 'Please choose your language', 'English');
  await press(page, 'accept the desk', 'I accept');
  await sees(page, 'Welcome, Tina');
  await page.locator('#reply-keyboard .kb-btn', { hasText: 'Buy USDT' }).click();
  await press(page, 'Choose the fiat currency', 'CNY');
  await sees(page, 'How much?');
  await type(page, '720');
  await press(page, 'Choose the payment method', 'Bank transfer');
  await press(page, 'Price:', 'Confirm');
  await sees(page, 'Order #1 · you buy USDT');

  // Whichever acceptor the desk matched confirms from their own chat (the card's first button).
  const [order] = await sql`SELECT u.telegram_id FROM orders o JOIN users u ON u.id = o.acceptor_id WHERE o.id = 1`;
  const acceptor = tg.personas.find((p) => p.user.id === Number(order!.telegram_id))!;
  const other = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await other.goto(`${tg.url}?as=${acceptor.key}`);
  const cardTitle = acceptor.user.language_code?.startsWith('zh') ? '订单 #1' : 'Order #1';
  await botMessage(other, cardTitle).locator('.kb-btn').first().click({ timeout: STEP });
  await other.close();

  // Back to the trader: the card now carries the payment details and "I have paid".
  await sees(page, 'Order #1 · you buy USDT', 'I have paid');
  await sees(page, 'the acceptor confirmed');
  // Fold the menu keyboard away (⌨️) so the conversation has the room, as one would on a laptop.
  await page.locator('#kb-toggle').click();
  await page.locator('#reply-keyboard').waitFor({ state: 'hidden' });
  await page.locator('#text').blur();
  await page.mouse.move(1200, 300);
  await page.evaluate(() => {
    document.getElementById('toast')!.hidden = true;
    const list = document.getElementById('messages')!;
    list.scrollTop = list.scrollHeight;
  });
  await page.waitForTimeout(300);
  await page.screenshot({ path: OUT, type: 'png' });
  console.log(`saved ${OUT}`);
} finally {
  await browser.close();
  await sandbox?.stop();
  await dropDatabase?.();
  rmSync(dataDir, { recursive: true, force: true });
}
