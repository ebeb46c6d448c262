import type { InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity, ReplyKeyboardMarkup, ReplyParameters } from 'grammy/types';
import type { FakeTelegram } from '../fake.ts';
import { badRequest, forbidden } from '../errors.ts';
import type { Params } from '../params.ts';
import type { ChatState, StoredMessage } from '../state.ts';
import { formatBotText, type FormattedText } from '../text.ts';

export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;

/** The chat the bot wants to write to, refused the way Telegram refuses it. */
export function targetChat(tg: FakeTelegram, p: Params): ChatState {
  const ref = p.chatId();
  const c = tg.state.findChat(ref);
  if (!c || (c.chat.type === 'private' && !c.started)) {
    // Telegram knows a user the bot has seen in a group, but still refuses to write first.
    if (typeof ref === 'number' && ref > 0 && tg.state.users.has(ref) && tg.state.sharesGroupWithBot(ref)) throw forbidden("bot can't initiate conversation with a user");
    throw badRequest('chat not found');
  }
  if (c.chat.type === 'private') {
    if (c.blocked) throw forbidden('bot was blocked by the user');
  } else {
    const s = c.members.get(tg.bot.id);
    if (!s || s === 'left' || s === 'kicked') throw forbidden(`bot is not a member of the ${c.chat.type} chat`);
  }
  return c;
}

/** An existing chat for reading or editing (no "may I write" checks). */
export function knownChat(tg: FakeTelegram, p: Params): ChatState {
  const c = tg.state.findChat(p.chatId());
  if (!c) throw badRequest('chat not found');
  return c;
}

export function botText(p: Params, field: 'text' | 'caption'): FormattedText | undefined {
  const raw = p.str(field);
  if (raw === undefined || (field === 'caption' && raw === '')) return undefined;
  const entityField = field === 'text' ? 'entities' : 'caption_entities';
  const f = formatBotText(raw, p.str('parse_mode'), p.json<MessageEntity[]>(entityField));
  if (field === 'text') {
    if (!f.text.trim()) throw badRequest('message text is empty');
    if (f.text.length > MAX_TEXT) throw badRequest('message is too long');
  } else if (f.text.length > MAX_CAPTION) throw badRequest('message caption is too long');
  return f;
}

function checkInlineButton(b: InlineKeyboardButton): void {
  if (!b || typeof b.text !== 'string' || !b.text) throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
  const actions = ['callback_data', 'url', 'web_app', 'login_url', 'switch_inline_query', 'switch_inline_query_current_chat', 'switch_inline_query_chosen_chat', 'copy_text', 'callback_game', 'pay'];
  if (!actions.some((k) => k in b)) throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
  if ('callback_data' in b) {
    const n = Buffer.byteLength(String(b.callback_data));
    if (n < 1 || n > 64) throw badRequest('BUTTON_DATA_INVALID');
  }
  if ('url' in b && !/^(https?|tg):\/\/\S+$/i.test(String(b.url))) throw badRequest(`inline keyboard button URL '${b.url}' is invalid: Unsupported URL protocol`);
}

export type Markup =
  | { kind: 'inline'; markup: InlineKeyboardMarkup }
  | { kind: 'reply'; markup: ReplyKeyboardMarkup }
  | { kind: 'remove' }
  | { kind: 'force_reply' }
  | undefined;

export function parseMarkup(p: Params): Markup {
  const m = p.json<Record<string, unknown>>('reply_markup');
  if (!m || typeof m !== 'object') return undefined;
  if (Array.isArray(m.inline_keyboard)) {
    for (const row of m.inline_keyboard) {
      if (!Array.isArray(row)) throw badRequest("can't parse inline keyboard: field \"inline_keyboard\" must be an Array of Arrays");
      for (const b of row) checkInlineButton(b as InlineKeyboardButton);
    }
    return { kind: 'inline', markup: { inline_keyboard: m.inline_keyboard as InlineKeyboardButton[][] } };
  }
  if (Array.isArray(m.keyboard)) {
    const keyboard = (m.keyboard as unknown[][]).map((row) => {
      if (!Array.isArray(row)) throw badRequest("can't parse reply keyboard markup: field \"keyboard\" must be an Array of Arrays");
      return row.map((b) => (typeof b === 'string' ? { text: b } : (b as { text: string })));
    });
    return { kind: 'reply', markup: { ...(m as object), keyboard } as ReplyKeyboardMarkup };
  }
  if (m.remove_keyboard) return { kind: 'remove' };
  if (m.force_reply) return { kind: 'force_reply' };
  throw badRequest("can't parse reply keyboard markup JSON object");
}

/** Only inline keyboards may be attached to edited messages. */
export function inlineMarkup(p: Params): InlineKeyboardMarkup | undefined {
  const m = parseMarkup(p);
  if (m && m.kind !== 'inline') throw badRequest('inline keyboard expected');
  return m?.markup;
}

export function replyTarget(tg: FakeTelegram, c: ChatState, p: Params): Message | undefined {
  const rp = p.json<ReplyParameters>('reply_parameters');
  const id = rp?.message_id ?? p.int('reply_to_message_id');
  if (id === undefined) return undefined;
  let chat = c;
  if (rp?.chat_id !== undefined) {
    const other = tg.state.findChat(typeof rp.chat_id === 'string' && /^-?\d+$/.test(rp.chat_id) ? Number(rp.chat_id) : rp.chat_id);
    if (!other) throw badRequest('chat not found');
    chat = other;
  }
  const target = chat.messages.get(Number(id));
  if (!target) {
    if (rp?.allow_sending_without_reply || p.bool('allow_sending_without_reply')) return undefined;
    throw badRequest('message to be replied not found');
  }
  const { reply_to_message: _nested, ...flat } = target.msg as Message & { reply_to_message?: unknown };
  return flat as Message;
}

/** The common tail of every send*: limits, the message itself, the send log, reply keyboard. */
export function deliver(tg: FakeTelegram, c: ChatState, method: string, p: Params, fields: Partial<Message>, formatted?: FormattedText, raw?: string): Message {
  const markup = parseMarkup(p);
  const replyTo = replyTarget(tg, c, p);
  const isGroup = c.chat.type !== 'private';
  tg.rate.check(c.chat.id, isGroup);
  const msg: Partial<Message> = { ...fields };
  if (replyTo) msg.reply_to_message = replyTo as Message['reply_to_message'];
  if (markup?.kind === 'inline') msg.reply_markup = markup.markup;
  const stored: StoredMessage = tg.state.append(c, tg.botUser, msg, raw, formatted && p.str('parse_mode') ? p.str('parse_mode') : undefined);
  tg.rate.record(c.chat.id, stored.msg.message_id, method);
  if (markup?.kind === 'reply') tg.state.setReplyKeyboard(c, markup.markup);
  else if (markup?.kind === 'remove') tg.state.setReplyKeyboard(c, undefined);
  if (markup?.kind === 'force_reply') c.forceReplyTo = stored.msg.message_id;
  return stored.msg;
}

export function findMessage(c: ChatState, p: Params, missing: string): StoredMessage {
  if (p.has('inline_message_id')) throw badRequest('inline messages are not implemented by the sandbox');
  const id = p.int('message_id');
  if (id === undefined) throw badRequest('message identifier is not specified');
  const s = c.messages.get(id);
  if (!s) throw badRequest(missing);
  return s;
}

export const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export const NOT_MODIFIED = 'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';
