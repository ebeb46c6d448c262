import { Api, GrammyError, HttpError, InlineKeyboard } from 'grammy';
import type postgres from 'postgres';
import type { Sql } from '../db/client.ts';
import type { Config } from '../config.ts';
import type { TxExec } from '../core/db.ts';
import { emit } from '../core/outbox.ts';
import { getOrder } from '../core/orders/index.ts';
import type { Order } from '../core/orders/types.ts';
import { currency } from '../core/money/index.ts';
import { logger } from '../logger.ts';
import { renderCard, renderGroupPost, viewerSide, type Viewer } from './cards.ts';
import { pickLanguage, translator } from './i18n.ts';
import { adminNotice } from './admin-notices.ts';
import { depositRank, deliverDepositNotice } from './deposit-notices.ts';
import { chainName } from './format.ts';

/**
 * Drains the 'telegram' and 'admin' outbox channels. A domain event (order.paid, deposit.credited, …) is
 * expanded, in the transaction that claims it, into one delivery row per Telegram call
 * (topic tg.*); each delivery is marked done in the transaction that claimed it, so a
 * failure retries only the call that failed and nothing is sent twice.
 */
export interface NotifierOptions {
  /** Minimum spacing between two sends to one private chat (Telegram: about 1/s). */
  perChatMs?: number;
  /** Sends per minute to one group (Telegram: 20). */
  groupPerMinute?: number;
  /** Sends per second overall (Telegram: about 30). */
  globalPerSecond?: number;
  batch?: number;
  idleMs?: number;
  /** Overrides config.GROUP_LANGUAGE. */
  groupLanguage?: string;
}

interface Delivery {
  kind: 'card' | 'text' | 'photo' | 'group' | 'deposit';
  depositId?: number;
  rank?: number;
  chatId: number;
  orderId?: number;
  viewer?: Viewer;
  lang?: string;
  text?: string;
  fileId?: string;
}

type Outcome = { ok: true } | { ok: false; error: string; retryInMs: number; giveUp?: boolean };

export interface Notifier {
  drainOnce(): Promise<number>;
  /** Drains until nothing is due (tests, sandbox). */
  drainAll(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
  kick(): void;
}

export function createNotifier(deps: { sql: Sql; config: Config; token: string; apiRoot?: string }, opts: NotifierOptions = {}): Notifier {
  const { sql, config } = deps;
  // No auto-retry here: a 429 defers the row by retry_after instead of holding the claim.
  const api = new Api(deps.token, { apiRoot: deps.apiRoot ?? config.TELEGRAM_API_ROOT });
  const perChatMs = opts.perChatMs ?? 1000;
  const groupGapMs = 60_000 / (opts.groupPerMinute ?? 20);
  const globalGapMs = 1000 / (opts.globalPerSecond ?? 30);
  const batch = opts.batch ?? 50;
  const groupLang = opts.groupLanguage ?? config.GROUP_LANGUAGE;
  const nextAt = new Map<number, number>();
  let globalNext = 0;

  /** When this chat may receive again (epoch ms); never earlier for a later message. */
  function readyAt(chatId: number): number {
    return Math.max(nextAt.get(chatId) ?? 0, globalNext);
  }

  /** Spacing counts from when Telegram accepted the send, as Telegram counts it. */
  function sent(chatId: number): void {
    const now = Date.now();
    nextAt.set(chatId, now + (chatId < 0 ? groupGapMs : perChatMs));
    globalNext = now + globalGapMs;
    if (nextAt.size > 10_000) for (const [k, v] of nextAt) if (v < now) nextAt.delete(k);
  }

  async function recipients(tx: TxExec, ids: (number | null)[]) {
    const list = ids.filter((x): x is number => x != null);
    if (!list.length) return new Map<number, { chatId: number; lang: string }>();
    const rows = await tx`SELECT id, telegram_id, language FROM users WHERE id = ANY(${list}::bigint[]) AND telegram_id IS NOT NULL`;
    return new Map(rows.map((r) => [Number(r.id), { chatId: Number(r.telegram_id), lang: pickLanguage(r.language) }]));
  }

  async function adminChats(tx: TxExec): Promise<{ chatId: number; lang: string }[]> {
    const rows = await tx`SELECT telegram_id, language FROM users WHERE is_admin AND telegram_id IS NOT NULL`;
    const out = new Map<number, string>(config.ADMIN_CHAT_IDS.map((id) => [id, 'en']));
    for (const r of rows) out.set(Number(r.telegram_id), pickLanguage(r.language));
    return [...out].map(([chatId, lang]) => ({ chatId, lang }));
  }

  // Which parties hear about an action beyond their card being edited.
  const PING: Record<string, (o: Order, v: Viewer) => boolean> = {
    confirm: (o, v) => v === 'trader',
    paid: (o, v) => viewerSide(o, v) === 'seller',
    release: (o, v) => viewerSide(o, v) === 'buyer',
    cancel: () => true,
    expire: () => true,
    extend: (o, v) => viewerSide(o, v) === 'buyer',
    appeal: () => true,
    resolve: () => true,
    appeal_available: () => true,
  };

  /** An admin-channel event: one notice per admin chat, each in that admin's language. */
  async function expandAdmin(tx: TxExec, topic: string, p: Record<string, any>): Promise<Delivery[]> {
    const out: Delivery[] = [];
    for (const a of await adminChats(tx)) {
      const text = adminNotice(translator(a.lang), config, topic, p);
      if (text === null) {
        logger.warn({ topic }, 'no admin message for this event');
        return [];
      }
      out.push({ kind: 'text', chatId: a.chatId, text });
    }
    return out;
  }

  /** Turns one domain event into delivery rows. */
  async function expand(tx: TxExec, topic: string, p: Record<string, any>): Promise<Delivery[]> {
    const out: Delivery[] = [];
    if (topic.startsWith('order.')) {
      const action = topic.slice(6);
      const order = await getOrder(tx, Number(p.orderId));
      if (!order) return out;
      const people = await recipients(tx, [order.traderId, order.acceptorId]);
      const parties: [Viewer, number | null][] = [['trader', order.traderId], ['acceptor', order.acceptorId]];
      if (action === 'message') {
        const to: Viewer = p.from === 'trader' ? 'acceptor' : 'trader';
        const r = people.get((to === 'trader' ? order.traderId : order.acceptorId) ?? -1);
        if (!r) return out;
        const t = translator(r.lang);
        if (p.fileId) out.push({ kind: 'photo', chatId: r.chatId, fileId: p.fileId, text: t('chat-relay', { id: order.id, text: p.text ?? '' }) });
        else out.push({ kind: 'text', chatId: r.chatId, text: t('chat-relay', { id: order.id, text: p.text ?? '' }) });
        return out;
      }
      for (const [viewer, uid] of parties) {
        const r = uid != null ? people.get(uid) : undefined;
        if (!r) continue;
        out.push({ kind: 'card', chatId: r.chatId, orderId: order.id, viewer, lang: r.lang });
        // actorId is a user id only for traders and acceptors; admins and merchants have ids of their own.
        const actedHimself = (p.actorType === 'trader' || p.actorType === 'acceptor') && Number(p.actorId) === uid;
        if (PING[action]?.(order, viewer) && !actedHimself) {
          const t = translator(r.lang);
          out.push({ kind: 'text', chatId: r.chatId, text: t(`notify-order-${action.replace(/_/g, '-')}`, { id: order.id, status: t(`status-${order.status}`) }) });
        }
        if (action === 'paid' && order.receiptFileId && viewerSide(order, viewer) === 'seller') {
          out.push({ kind: 'photo', chatId: r.chatId, fileId: order.receiptFileId, text: translator(r.lang)('notify-receipt', { id: order.id }) });
        }
      }
      // A card left in a chat that is no longer a party (declined, timed out) is closed.
      const stale = await tx`SELECT chat_id, role FROM order_cards WHERE order_id = ${order.id} AND role <> 'group'`;
      const current = new Set([...people.values()].map((r) => r.chatId));
      for (const s of stale) if (!current.has(Number(s.chat_id))) out.push({ kind: 'card', chatId: Number(s.chat_id), orderId: order.id, viewer: s.role, lang: 'stale' });
      if (order.mode === 'group' && config.ACCEPTORS_GROUP_ID) {
        out.push({ kind: 'group', chatId: config.ACCEPTORS_GROUP_ID, orderId: order.id });
      }
      return out;
    }
    // Admins hear of it through the admin channel's copy of this event.
    if (topic === 'dispute.escalated') return out;
    // The withdrawal conversation itself answers these two.
    if (topic === 'withdrawal.requested' || topic === 'withdrawal.awaiting_approval') return out;
    const [who] = p.userId != null ? [...(await recipients(tx, [Number(p.userId)])).values()] : [];
    if (!who) return out;
    const t = translator(who.lang);
    const key = `notify-${topic.replace(/[._]/g, '-')}`;
    const text = t(key, {
      reason: String(p.reason ?? ''), amount: String(p.amountText ?? ''), fee: String(p.feeText ?? ''), chain: p.chain ? chainName(t, String(p.chain)) : '',
      confirmations: Number(p.confirmations ?? 0), required: Number(p.required ?? 0), tier: Number(p.tier ?? 0),
      tx: String(p.txHash ?? ''), address: String(p.toAddress ?? ''),
    });
    if (text === key) {
      logger.warn({ topic }, 'no Telegram message for this event');
      return out;
    }
    if (topic.startsWith('deposit.') && p.depositId != null) {
      out.push({ kind: 'deposit', chatId: who.chatId, text, depositId: Number(p.depositId), rank: depositRank(topic, Number(p.confirmations ?? 0)) });
    } else out.push({ kind: 'text', chatId: who.chatId, text });
    return out;
  }

  async function sendCard(tx: TxExec, d: Delivery): Promise<void> {
    const order = await getOrder(tx, d.orderId!);
    if (!order) return;
    const { exponent } = await currency(tx, order.fiatCurrency);
    const [card] = await tx`SELECT message_id FROM order_cards WHERE order_id = ${order.id} AND chat_id = ${d.chatId}`;
    if (d.lang === 'stale') {
      if (!card) return;
      const [u] = await tx`SELECT language FROM users WHERE telegram_id = ${d.chatId}`;
      const t = translator(pickLanguage(u?.language));
      await edit(d.chatId, card.message_id, t('card-reassigned', { id: order.id }), new InlineKeyboard());
      await tx`DELETE FROM order_cards WHERE order_id = ${order.id} AND chat_id = ${d.chatId}`;
      return;
    }
    const view = renderCard(order, d.viewer!, d.lang!, exponent);
    if (card && (await edit(d.chatId, card.message_id, view.text, view.keyboard))) return;
    const m = await api.sendMessage(d.chatId, view.text, { reply_markup: view.keyboard, parse_mode: 'HTML' });
    await tx`
      INSERT INTO order_cards (order_id, chat_id, message_id, role) VALUES (${order.id}, ${d.chatId}, ${m.message_id}, ${d.viewer!})
      ON CONFLICT (order_id, chat_id) DO UPDATE SET message_id = excluded.message_id, role = excluded.role, updated_at = now()`;
  }

  async function sendGroup(tx: TxExec, d: Delivery): Promise<void> {
    const order = await getOrder(tx, d.orderId!);
    if (!order) return;
    const { exponent } = await currency(tx, order.fiatCurrency);
    let takenBy: string | undefined;
    if (order.acceptorId && order.status !== 'created') {
      const [u] = await tx`SELECT username, first_name FROM users WHERE id = ${order.acceptorId}`;
      takenBy = u?.username ? `@${u.username}` : (u?.first_name ?? `#${order.acceptorId}`);
    }
    const view = renderGroupPost(order, groupLang, exponent, takenBy);
    const [post] = await tx`SELECT message_id FROM order_cards WHERE order_id = ${order.id} AND chat_id = ${d.chatId}`;
    if (post && (await edit(d.chatId, post.message_id, view.text, view.keyboard))) return;
    if (post || order.status !== 'created') return; // only open orders get a new post
    const m = await api.sendMessage(d.chatId, view.text, { reply_markup: view.keyboard, parse_mode: 'HTML' });
    await tx`INSERT INTO order_cards (order_id, chat_id, message_id, role) VALUES (${order.id}, ${d.chatId}, ${m.message_id}, 'group')
             ON CONFLICT (order_id, chat_id) DO UPDATE SET message_id = excluded.message_id`;
  }

  /** Edits a card or group post (HTML) in place; false when the message is gone and a new one should be sent. */
  async function edit(chatId: number, messageId: number, text: string, kb: InlineKeyboard): Promise<boolean> {
    try {
      await api.editMessageText(chatId, messageId, text, { reply_markup: kb, parse_mode: 'HTML' });
      return true;
    } catch (e) {
      if (e instanceof GrammyError && /not modified/i.test(e.description)) return true;
      if (e instanceof GrammyError && e.error_code === 400 && /not found|can't be edited/i.test(e.description)) return false;
      throw e;
    }
  }

  async function deliver(tx: TxExec, d: Delivery): Promise<Outcome> {
    try {
      if (d.kind === 'card') await sendCard(tx, d);
      else if (d.kind === 'group') await sendGroup(tx, d);
      else if (d.kind === 'deposit') await deliverDepositNotice(api, tx, { chatId: d.chatId, depositId: d.depositId!, rank: d.rank!, text: d.text! });
      else if (d.kind === 'photo') await api.sendPhoto(d.chatId, d.fileId!, d.text ? { caption: d.text } : {});
      else await api.sendMessage(d.chatId, d.text!);
      return { ok: true };
    } catch (e) {
      if (e instanceof GrammyError) {
        if (e.error_code === 429) return { ok: false, error: e.description, retryInMs: (e.parameters.retry_after ?? 1) * 1000 };
        if (e.error_code >= 500) return { ok: false, error: e.description, retryInMs: 5_000 };
        // Blocked by the user, chat gone, bad request: retrying cannot help.
        return { ok: false, error: `${e.error_code} ${e.description}`, retryInMs: 0, giveUp: true };
      }
      const msg = e instanceof HttpError ? `network: ${e.message}` : e instanceof Error ? e.message : String(e);
      return { ok: false, error: msg, retryInMs: 5_000 };
    }
  }

  async function drainOnce(): Promise<number> {
    return (sql as postgres.Sql<any>).begin(async (tx) => {
      const rows = await tx`
        SELECT id, channel, topic, payload, attempts FROM outbox
        WHERE channel IN ('telegram', 'admin') AND done_at IS NULL AND available_at <= now()
        ORDER BY id LIMIT ${batch} FOR UPDATE SKIP LOCKED`;
      for (const r of rows) {
        const id = Number(r.id);
        let outcome: Outcome;
        if (r.topic !== 'tg.deliver') {
          try {
            const ds = await tx.savepoint((sp) => (r.channel === 'admin' ? expandAdmin : expand)(sp, r.topic, r.payload));
            await emit(tx, ...ds.map((d) => ({ channel: 'telegram' as const, topic: 'tg.deliver', payload: d as unknown as Record<string, unknown> })));
            outcome = { ok: true };
          } catch (e) {
            outcome = { ok: false, error: e instanceof Error ? e.message : String(e), retryInMs: Math.min(5_000 * 2 ** r.attempts, 600_000) };
          }
        } else {
          const d = r.payload as Delivery;
          const at = readyAt(d.chatId);
          if (Math.floor(at - Date.now()) > 0) {
            // Not this chat's turn yet: come back at the chat's next free instant, without
            // counting an attempt. An absolute instant keeps a chat's messages in id order.
            await tx`UPDATE outbox SET available_at = ${new Date(at + 10).toISOString()}::timestamptz WHERE id = ${id}`;
            continue;
          }
          outcome = await tx.savepoint((sp) => deliver(sp, d));
          sent(d.chatId);
        }
        if (outcome.ok) await tx`UPDATE outbox SET done_at = now(), attempts = attempts + 1 WHERE id = ${id}`;
        else if (outcome.giveUp) {
          logger.warn({ id, error: outcome.error }, 'telegram delivery given up');
          await tx`UPDATE outbox SET done_at = now(), attempts = attempts + 1, last_error = ${'gave up: ' + outcome.error} WHERE id = ${id}`;
        } else {
          await tx`UPDATE outbox SET attempts = attempts + 1, last_error = ${outcome.error},
                   available_at = now() + make_interval(secs => ${outcome.retryInMs / 1000}) WHERE id = ${id}`;
        }
      }
      return rows.length;
    });
  }

  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let kicked = false;
  const idleMs = opts.idleMs ?? 500;

  return {
    drainOnce,
    async drainAll() {
      let total = 0;
      for (let i = 0; i < 100; i++) {
        const n = await drainOnce();
        total += n;
        if (n === 0) break;
      }
      return total;
    },
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          let n = 0;
          try {
            n = await drainOnce();
          } catch (e) {
            logger.error({ err: String(e) }, 'notifier drain failed');
          }
          if (n === 0 && running && !kicked) await new Promise<void>((r) => { wake = r; setTimeout(r, idleMs); });
          kicked = false;
        }
      })();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
    kick() {
      kicked = true;
      wake?.();
    },
  };
}

