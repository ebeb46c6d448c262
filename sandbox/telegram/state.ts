import type { Chat, ChatMember, InlineKeyboardMarkup, Message, ReplyKeyboardMarkup, User, UserFromGetMe } from 'grammy/types';

/** A message as the sandbox keeps it: the Bot API object plus what the bot originally sent. */
export interface StoredMessage {
  msg: Message;
  /** The text or caption exactly as the bot sent it (before parse_mode was applied). */
  raw?: string;
  parse_mode?: string;
}

/** A message as history() returns it: the current Bot API object plus raw text and parse mode. */
export type ChatMessage = Message & { raw_text?: string; parse_mode?: string };

export interface ChatState {
  chat: Chat;
  members: Map<number, ChatMember['status']>;
  nextMessageId: number;
  messages: Map<number, StoredMessage>;
  /** The reply keyboard the bot last showed in this chat (cleared by remove_keyboard). */
  replyKeyboard?: ReplyKeyboardMarkup;
  /** Private chats: the user has written to the bot, so the bot may write back. */
  started?: boolean;
  blocked?: boolean;
  /** A bot message sent with force_reply: the web chat replies to it with the next text. */
  forceReplyTo?: number;
}

export type ChatEvent =
  | { type: 'message' | 'edit'; chatId: number; message: StoredMessage }
  | { type: 'delete'; chatId: number; messageId: number }
  | { type: 'keyboard'; chatId: number };

export function toChatMessage(s: StoredMessage): ChatMessage {
  const m: ChatMessage = { ...s.msg };
  if (s.raw !== undefined) m.raw_text = s.raw;
  if (s.parse_mode !== undefined) m.parse_mode = s.parse_mode;
  return m;
}

/** In-memory Telegram: users, chats and their messages, and change notifications. */
export class TelegramState {
  readonly users = new Map<number, User>();
  readonly chats = new Map<number, ChatState>();
  private readonly listeners = new Set<(e: ChatEvent) => void>();

  constructor(
    readonly bot: UserFromGetMe,
    private readonly maxHistory: number,
  ) {
    this.users.set(bot.id, bot);
  }

  onChange(fn: (e: ChatEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(e: ChatEvent): void {
    if (this.listeners.size) for (const l of this.listeners) l(e);
  }

  addUser(u: User): User {
    this.users.set(u.id, u);
    return u;
  }

  /** The private chat of a user with the bot, created on first use. */
  privateChat(user: User): ChatState {
    let c = this.chats.get(user.id);
    if (!c) {
      const chat = { id: user.id, type: 'private', first_name: user.first_name } as Chat.PrivateChat;
      if (user.last_name) chat.last_name = user.last_name;
      if (user.username) chat.username = user.username;
      c = { chat, members: new Map([[user.id, 'member'], [this.bot.id, 'member']]), nextMessageId: 1, messages: new Map() };
      this.chats.set(user.id, c);
    }
    return c;
  }

  addGroup(chat: Chat.SupergroupChat | Chat.GroupChat, members: Map<number, ChatMember['status']>): ChatState {
    const c: ChatState = { chat, members, nextMessageId: 1, messages: new Map() };
    this.chats.set(chat.id, c);
    return c;
  }

  sharesGroupWithBot(userId: number): boolean {
    for (const c of this.chats.values()) {
      if (c.chat.type === 'private') continue;
      const s = c.members.get(userId);
      if (s && s !== 'left' && s !== 'kicked') return true;
    }
    return false;
  }

  findChat(ref: number | string): ChatState | undefined {
    if (typeof ref === 'number') return this.chats.get(ref);
    const name = ref.replace(/^@/, '').toLowerCase();
    for (const c of this.chats.values()) if ('username' in c.chat && c.chat.username?.toLowerCase() === name && c.chat.type !== 'private') return c;
    return undefined;
  }

  /** Appends a message with the next id of its chat. */
  append(c: ChatState, from: User, fields: Partial<Message>, raw?: string, parseMode?: string): StoredMessage {
    const msg = { message_id: c.nextMessageId++, from, chat: c.chat, date: Math.floor(Date.now() / 1000), ...fields } as Message;
    const stored: StoredMessage = { msg };
    if (raw !== undefined) stored.raw = raw;
    if (parseMode !== undefined) stored.parse_mode = parseMode;
    c.messages.set(msg.message_id, stored);
    if (c.messages.size > this.maxHistory) c.messages.delete(c.messages.keys().next().value!);
    this.emit({ type: 'message', chatId: c.chat.id, message: stored });
    return stored;
  }

  replace(c: ChatState, stored: StoredMessage, msg: Message, raw?: string, parseMode?: string): StoredMessage {
    stored.msg = msg;
    stored.raw = raw;
    stored.parse_mode = parseMode;
    if (raw === undefined) delete stored.raw;
    if (parseMode === undefined) delete stored.parse_mode;
    this.emit({ type: 'edit', chatId: c.chat.id, message: stored });
    return stored;
  }

  remove(c: ChatState, messageId: number): boolean {
    if (!c.messages.delete(messageId)) return false;
    this.emit({ type: 'delete', chatId: c.chat.id, messageId });
    return true;
  }

  setReplyKeyboard(c: ChatState, kb: ReplyKeyboardMarkup | undefined): void {
    if (c.replyKeyboard === kb) return;
    c.replyKeyboard = kb;
    this.emit({ type: 'keyboard', chatId: c.chat.id });
  }
}

export type { InlineKeyboardMarkup };
