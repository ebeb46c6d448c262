// Shared set-up for the bot's end-to-end tests: the local Telegram (real HTTP), a real
// PostgreSQL database, the bot in polling mode and its notifier.
import type { TestContext } from 'node:test';
import { startFakeTelegram, type FakeTelegram } from '../../sandbox/telegram/index.ts';
import type { ChatMessage } from '../../sandbox/telegram/index.ts';
import { testDatabase } from '../helpers/db.ts';
import { loadConfig, type Config } from '../../config.ts';
import { startBot, type RunningBot } from '../../bot/index.ts';
import { accountId, transfer, balance, clearAccountCache } from '../../core/ledger/index.ts';
import { addPaymentMethod } from '../../core/payment-methods.ts';
import { createOffer } from '../../core/offers.ts';
import { setSetting } from '../../core/settings.ts';

export const GROUP_ID = -1001000000001;
export const ADMIN_TG = 300001;

export interface Harness {
  tg: FakeTelegram;
  db: Awaited<ReturnType<typeof testDatabase>>;
  config: Config;
  bot: RunningBot;
  /** Stops the running bot and starts a fresh instance on the same database. */
  restart(): Promise<void>;
}

export async function harness(t: TestContext, opts: { mode?: 'auto' | 'group'; env?: Record<string, string>; rateLimit?: { windowMs: number; limit: number } } = {}): Promise<Harness> {
  // Hooks run in registration order and testDatabase registers the database drop on this
  // test: stop the bot first.
  let h: Harness | undefined;
  t.after(async () => {
    await h?.bot.stop();
    await h?.tg.close();
  });
  const db = await testDatabase();
  // Account ids are cached per process; each test has its own database.
  clearAccountCache();
  const tg = await startFakeTelegram({ port: 0, callbackTimeoutMs: 15_000 });
  const config = loadConfig({ NODE_ENV: 'test', ACCEPTORS_GROUP_ID: String(GROUP_ID), ADMIN_CHAT_IDS: String(ADMIN_TG), LOG_LEVEL: 'silent', ...opts.env } as NodeJS.ProcessEnv);
  if (opts.mode) await setSetting(db.sql, 'matching_mode', opts.mode, 'test');
  const start = () => startBot(
    { sql: db.sql, db: db.db, config, token: tg.token, apiRoot: tg.apiRoot, botInfo: tg.bot, rateLimit: opts.rateLimit ?? { windowMs: 1000, limit: 1000 } },
    { mode: 'polling', notifier: { perChatMs: 0, groupPerMinute: 1_000_000, globalPerSecond: 1_000_000, idleMs: 25 } },
  );
  h = {
    tg, db, config, bot: await start(),
    async restart() {
      await h!.bot.stop();
      h!.bot = await start();
    },
  };
  return h;
}

/** A user who sent /start; language and terms are then set by SQL, to keep tests focused. */
export async function onboard(h: Harness, tgId: number, language = 'en'): Promise<number> {
  // Telegram lets a bot write to a user only after the user wrote first.
  const m = h.tg.sendText(tgId, tgId, '/start');
  await h.tg.waitForMessage(tgId, { after: m.message_id });
  const [r] = await h.db.sql`
    UPDATE users SET language = ${language}, terms_accepted_at = now() WHERE telegram_id = ${tgId} RETURNING id`;
  return Number(r.id);
}

export async function fund(h: Harness, userId: number, usdt: bigint, kind: 'available' | 'margin' = 'available'): Promise<void> {
  const faucet = await accountId(h.db.sql, { type: 'desk', id: 0 }, 'faucet');
  const to = await accountId(h.db.sql, { type: 'user', id: userId }, kind);
  await transfer(h.db.sql, { id: `test:fund:${userId}:${kind}:${Math.random()}`, debitAccountId: faucet, creditAccountId: to, amount: usdt, code: 'test_fund' });
}

export async function available(h: Harness, userId: number): Promise<bigint> {
  return (await balance(h.db.sql, { type: 'user', id: userId }, 'available')).available;
}

/** An approved, online, funded acceptor with a bank account and CNY offers on both sides at 7.2000. */
export async function acceptor(h: Harness, tgId: number): Promise<number> {
  const id = await onboard(h, tgId);
  await h.db.sql`INSERT INTO acceptors (user_id, status, online) VALUES (${id}, 'approved', true)`;
  await fund(h, id, 10_000_000_000n);
  await fund(h, id, 10_000_000_000n, 'margin');
  await addPaymentMethod(h.db.sql, id, 'bank', { holder: `Acceptor ${tgId}`, bank: 'Test Bank', account: `62220000${tgId}` });
  for (const tradeSide of ['buy', 'sell'] as const) {
    await createOffer(h.db.sql, id, { tradeSide, fiatCurrency: 'CNY', price: '7.2000', minFiat: 10_000n, maxFiat: 10_000_000n, paymentMethods: ['bank'] });
  }
  return id;
}

const textOf = (m: ChatMessage) => m.text ?? m.caption ?? '';

/** The first bot message in the chat whose text includes `needle` (now or when it arrives / is edited). */
export function botSays(h: Harness, chatId: number, needle: string | RegExp, after = 0, timeoutMs = 15_000): Promise<ChatMessage> {
  return h.tg.waitFor(chatId, (m) => m.from?.id === h.tg.bot.id && m.message_id > after &&
    (typeof needle === 'string' ? textOf(m).includes(needle) : needle.test(textOf(m))), timeoutMs);
}

/** The user types, and we wait for the bot's next message. */
export async function say(h: Harness, user: number, text: string, chatId = user): Promise<ChatMessage> {
  const m = h.tg.sendText(user, chatId, text);
  return h.tg.waitForMessage(chatId, { after: m.message_id, timeoutMs: 15_000 });
}

/** The order card in a chat once its text or one of its button labels shows `needle`. */
export async function card(h: Harness, chatId: number, orderId: number, needle?: string): Promise<ChatMessage> {
  const labels = (m: ChatMessage) => (m.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text).join('|');
  return h.tg.waitFor(chatId, (m) => m.from?.id === h.tg.bot.id && textOf(m).includes(`#${orderId} ·`) &&
    (!needle || textOf(m).includes(needle) || labels(m).includes(needle)), 15_000);
}

export function buttons(m: ChatMessage): string[] {
  return (m.reply_markup?.inline_keyboard ?? []).flat().map((b) => ('callback_data' in b ? b.callback_data! : ''));
}

export { textOf };

/** Goes through the trade conversation and returns the new order's id. */
export async function placeOrder(h: Harness, user: number, side: 'buy' | 'sell', amount: string, method = 'bank'): Promise<number> {
  const menu = await say(h, user, side === 'buy' ? '/buy' : '/sell');
  await h.tg.pressButton(user, user, menu.message_id, 'tr:c:CNY');
  const ask = await botSays(h, user, 'How much?', menu.message_id);
  const methods = await say(h, user, amount);
  if (!textOf(methods).includes('payment method')) throw new Error(`unexpected: ${textOf(methods)}`);
  await h.tg.pressButton(user, user, methods.message_id, `tr:m:${method}`);
  const quote = await botSays(h, user, 'Price:', ask.message_id);
  await h.tg.pressButton(user, user, quote.message_id, 'tr:q:yes');
  const created = await h.tg.waitForMessage(user, { after: quote.message_id });
  const m = /Order #(\d+) created/.exec(textOf(created));
  if (!m) throw new Error(`order not created: ${textOf(created)}`);
  return Number(m[1]);
}

/** The buyer presses "I have paid" and skips the receipt; resolves once the order is paid. */
export async function payOrder(h: Harness, buyer: number, orderId: number): Promise<void> {
  const c = await card(h, buyer, orderId, 'I have paid');
  const last = h.tg.lastMessage(buyer)!.message_id;
  await h.tg.pressButton(buyer, buyer, c.message_id, `o:paid:${orderId}`);
  await h.tg.pressButton(buyer, buyer, (await botSays(h, buyer, 'send a photo', last)).message_id, 'rc:skip');
  await card(h, buyer, orderId, 'paid, waiting for release');
}

/** The seller presses Release on the paid card and answers the question with Yes; returns the card message. */
export async function releaseWithConfirm(h: Harness, seller: number, orderId: number): Promise<ChatMessage> {
  const c = await card(h, seller, orderId, 'Confirm received');
  await h.tg.pressButton(seller, seller, c.message_id, `o:release:${orderId}`);
  const q = await card(h, seller, orderId, 'Did you receive');
  await h.tg.pressButton(seller, seller, q.message_id, `o:relok:${orderId}`);
  return q;
}
