import type { BotCommand, Chat, ChatMember, MenuButton, Message, ReplyKeyboardMarkup, User, UserFromGetMe } from 'grammy/types';
import { logger } from '../../logger.ts';
import { CallbackQueries, type CallbackAnswer } from './callbacks.ts';
import { ApiError } from './errors.ts';
import { FileStore, sniffMime } from './files.ts';
import { builtinMethods, type CallIO, type MethodHandler } from './methods/index.ts';
import { Params } from './params.ts';
import { SendLog, TELEGRAM_LIMITS, type RateLimits, type SendRecord } from './rate.ts';
import { TelegramState, toChatMessage, type ChatMessage, type ChatState } from './state.ts';
import { userEntities } from './text.ts';
import { UpdateQueue } from './updates.ts';
import {
  DEFAULT_GROUPS,
  DEFAULT_PERSONAS,
  DEFAULT_TOKEN,
  type BotCall,
  type ExtraAction,
  type FakeTelegramOptions,
  type GroupSpec,
  type Persona,
  type UserRef,
  type UserSpec,
  type WaitForMessageOptions,
} from './options.ts';

const describe = (m: ChatMessage) => `#${m.message_id} ${m.from?.is_bot ? 'bot' : (m.from?.username ?? m.from?.id)}: ${JSON.stringify(m.text ?? m.caption ?? (m.photo ? '[photo]' : m.document ? '[document]' : ''))}`;

/**
 * The local Telegram: a Bot API for the real bot, and an API for tests (and the web chat)
 * to act as users. All state is in memory.
 */
export class FakeTelegram {
  readonly token: string;
  readonly bot: UserFromGetMe;
  /** The bot as it appears in Message.from. */
  readonly botUser: User;
  readonly state: TelegramState;
  readonly files = new FileStore();
  readonly updates: UpdateQueue;
  readonly rate: SendLog;
  readonly callbacks = new CallbackQueries();
  readonly settings = {
    commands: new Map<string, BotCommand[]>(),
    menuButtons: new Map<number, MenuButton>(),
    description: new Map<string, string>(),
    shortDescription: new Map<string, string>(),
  };
  readonly personas: Persona[] = [];
  readonly extraActions: ExtraAction[];
  /** Names of methods the bot called that the sandbox does not implement. */
  readonly unknownMethods: string[] = [];
  /** Set by startFakeTelegram once listening. */
  apiRoot = '';
  url = '';
  private readonly methods = new Map<string, { name: string; fn: MethodHandler }>();
  private readonly counts = new Map<string, number>();
  private readonly callListeners = new Set<(c: BotCall) => void>();
  private lastCallAt = 0;
  private nextUserId = 5_000_000;
  private nextGroupId = 1_001_000_100_000;
  private readonly callbackTimeoutMs: number;
  private readonly log = logger.child({ module: 'fake-telegram' });

  constructor(opts: FakeTelegramOptions = {}) {
    this.token = opts.token ?? DEFAULT_TOKEN;
    const botId = Number(this.token.split(':')[0]);
    if (!/^\d+:[\w-]+$/.test(this.token) || !Number.isSafeInteger(botId)) throw new Error('token must look like "<bot id>:<secret>"');
    const username = opts.botUsername ?? 'otc_desk_bot';
    const first_name = opts.botName ?? 'OTC Desk';
    this.botUser = { id: botId, is_bot: true, first_name, username };
    this.bot = {
      ...this.botUser, username, can_join_groups: true, can_read_all_group_messages: true, supports_inline_queries: false,
      can_connect_to_business: false, has_main_web_app: false,
    } as UserFromGetMe;
    this.state = new TelegramState(this.bot, opts.maxHistoryPerChat ?? 5000);
    this.rate = new SendLog(opts.rateLimit ? { ...TELEGRAM_LIMITS, ...(opts.rateLimit === true ? {} : opts.rateLimit) } : undefined);
    this.callbackTimeoutMs = opts.callbackTimeoutMs ?? 5000;
    this.updates = new UpdateQueue({
      webhookRetryMs: opts.webhookRetryMs ?? 200,
      onWebhookReply: (method, params) => this.callApi(method, params),
      onWebhookError: (url, message) => this.log.warn({ url, message }, 'webhook delivery failed; will retry'),
    });
    for (const [name, fn] of Object.entries(builtinMethods)) this.registerMethod(name, fn);
    for (const p of opts.personas ?? DEFAULT_PERSONAS) {
      const { key, label, ...spec } = p;
      const user = this.createUser(spec);
      this.personas.push({ key, label: label ?? p.first_name, user });
      if (opts.personasStarted) this.state.privateChat(user).started = true;
    }
    for (const g of opts.groups ?? (opts.personas ? [] : DEFAULT_GROUPS)) this.createGroup(g);
    this.extraActions = [...(opts.extraActions ?? [])];
  }

  // ---- Bot API -------------------------------------------------------------------------

  /** Adds or replaces a Bot API method (names are case-insensitive, as on Telegram). */
  registerMethod(name: string, fn: MethodHandler): void {
    this.methods.set(name.toLowerCase(), { name, fn });
  }

  /** Calls a Bot API method in-process; resolves with `result` or rejects with ApiError. */
  async callApi(method: string, params: Record<string, unknown> | Params, io?: CallIO): Promise<unknown> {
    const p = params instanceof Params ? params : new Params(params);
    const entry = this.methods.get(method.toLowerCase());
    const name = entry?.name ?? method;
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    this.lastCallAt = Date.now();
    try {
      if (!entry) {
        this.unknownMethods.push(method);
        this.log.warn({ method }, 'bot called a Bot API method the sandbox does not implement');
        throw new ApiError(404, `Not Found: method ${method} is not implemented by the sandbox`);
      }
      const result = await entry.fn(this, p, io);
      if (this.callListeners.size) this.notify({ method: name, params: p.raw, ok: true, result, at: Date.now() });
      return result;
    } catch (e) {
      if (this.callListeners.size) {
        const error = e instanceof ApiError ? { code: e.code, description: e.description } : { code: 500, description: String(e) };
        this.notify({ method: name, params: p.raw, ok: false, error, at: Date.now() });
      }
      throw e;
    }
  }

  private notify(c: BotCall): void {
    for (const l of this.callListeners) {
      try {
        l(c);
      } catch (e) {
        this.log.error({ err: e }, 'onBotCall listener threw');
      }
    }
  }

  /** Observes every Bot API call the bot makes (after it completes). Returns an unsubscribe. */
  onBotCall(listener: (c: BotCall) => void): () => void {
    this.callListeners.add(listener);
    return () => this.callListeners.delete(listener);
  }

  /** How many times the bot called `method` (all methods when omitted), failures included. */
  callCount(method?: string): number {
    if (method === undefined) {
      let n = 0;
      for (const v of this.counts.values()) n += v;
      return n;
    }
    const canonical = this.methods.get(method.toLowerCase())?.name ?? method;
    return this.counts.get(canonical) ?? 0;
  }

  /** Call counts by method name. */
  get calls(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  resetCalls(): void {
    this.counts.clear();
  }

  /** Every message the bot sent (send* methods), with Date.now() timestamps, oldest first. */
  get sendLog(): readonly SendRecord[] {
    return this.rate.records;
  }

  sendLogFor(chatId: number): SendRecord[] {
    return this.rate.forChat(chatId);
  }

  /** Turns 429 answers on (Telegram's figures, or the given ones) or off. */
  setRateLimit(limits: boolean | Partial<RateLimits>): void {
    this.rate.limits = limits ? { ...TELEGRAM_LIMITS, ...(limits === true ? {} : limits) } : undefined;
  }

  /** Updates the bot has not confirmed yet. */
  get pendingUpdates(): number {
    return this.updates.pendingCount;
  }

  /** Commands set with setMyCommands (default scope and language unless given). */
  commands(scope: object = { type: 'default' }, languageCode = ''): BotCommand[] {
    return this.settings.commands.get(`${JSON.stringify(scope)}|${languageCode}`) ?? [];
  }

  // ---- users and chats -----------------------------------------------------------------

  createUser(spec: UserSpec): User {
    const user: User = { id: spec.id ?? this.nextUserId++, is_bot: false, first_name: spec.first_name };
    if (spec.last_name) user.last_name = spec.last_name;
    if (spec.username) user.username = spec.username;
    if (spec.language_code) user.language_code = spec.language_code;
    return this.state.addUser(user);
  }

  user(ref: UserRef): User {
    let u: User | undefined;
    if (typeof ref === 'number') u = this.state.users.get(ref);
    else if (typeof ref === 'object') u = this.state.users.get(ref.id);
    else {
      u = this.personas.find((p) => p.key === ref)?.user;
      const name = ref.replace(/^@/, '').toLowerCase();
      if (!u) for (const x of this.state.users.values()) if (x.username?.toLowerCase() === name) u = x;
    }
    if (!u) throw new Error(`unknown user ${JSON.stringify(ref)}`);
    return u;
  }

  persona(key: string): Persona {
    const p = this.personas.find((x) => x.key === key);
    if (!p) throw new Error(`unknown persona ${key}`);
    return p;
  }

  createGroup(spec: GroupSpec): Chat.SupergroupChat {
    const id = spec.id ?? -this.nextGroupId++;
    if (id >= 0) throw new Error('group ids are negative');
    const chat: Chat.SupergroupChat = { id, type: 'supergroup', title: spec.title };
    if (spec.username) chat.username = spec.username;
    const members = new Map<number, ChatMember['status']>();
    members.set(this.bot.id, spec.botStatus ?? 'administrator');
    for (const m of spec.members) members.set(this.user(m).id, 'member');
    for (const m of spec.admins ?? []) members.set(this.user(m).id, 'administrator');
    this.state.addGroup(chat, members);
    return chat;
  }

  addMember(chatId: number, user: UserRef, status: ChatMember['status'] = 'member'): void {
    this.chatState(chatId).members.set(this.user(user).id, status);
  }

  removeMember(chatId: number, user: UserRef): void {
    this.chatState(chatId).members.set(this.user(user).id, 'left');
  }

  /** The Bot API Chat object. */
  chat(chatId: number): Chat {
    return this.chatState(chatId).chat;
  }

  /** Chats a user can see: their private chat with the bot and the groups they are in. */
  chatsOf(user: UserRef): Chat[] {
    const u = this.user(user);
    const out: Chat[] = [this.state.privateChat(u).chat];
    for (const c of this.state.chats.values()) {
      const s = c.members.get(u.id);
      if (c.chat.type !== 'private' && s && s !== 'left' && s !== 'kicked') out.push(c.chat);
    }
    return out;
  }

  private chatState(chatId: number): ChatState {
    const c = this.state.chats.get(chatId);
    if (!c) throw new Error(`unknown chat ${chatId}`);
    return c;
  }

  /** The chat a user writes in: their own private chat (chatId = their id) or a group they are in. */
  private userChat(u: User, chatId: number): ChatState {
    if (chatId === u.id) {
      const c = this.state.privateChat(u);
      c.started = true;
      if (c.blocked) this.setBlocked(u, false);
      return c;
    }
    const c = this.state.chats.get(chatId);
    if (!c) throw new Error(`unknown chat ${chatId}`);
    const s = c.members.get(u.id);
    if (c.chat.type === 'private' || !s || s === 'left' || s === 'kicked') throw new Error(`user ${u.id} cannot write in chat ${chatId}`);
    return c;
  }

  private userMessage(u: User, c: ChatState, fields: Partial<Message>, replyTo?: number): Message {
    if (replyTo !== undefined) {
      const target = c.messages.get(replyTo);
      if (!target) throw new Error(`no message ${replyTo} in chat ${c.chat.id}`);
      const { reply_to_message: _n, ...flat } = target.msg as Message & { reply_to_message?: unknown };
      fields.reply_to_message = flat as Message['reply_to_message'];
    }
    const stored = this.state.append(c, u, fields);
    this.updates.push({ message: stored.msg });
    return { ...stored.msg };
  }

  // ---- acting as users -----------------------------------------------------------------

  /** A user types text (commands get bot_command entities). chatId = the user's id for their private chat. */
  sendText(user: UserRef, chatId: number, text: string, opts: { replyTo?: number } = {}): Message {
    const u = this.user(user);
    const c = this.userChat(u, chatId);
    if (!text) throw new Error('text is empty');
    const fields: Partial<Message> = { text };
    const entities = userEntities(text);
    if (entities) fields.entities = entities;
    const kb = c.replyKeyboard;
    if (kb?.one_time_keyboard && kb.keyboard.some((row) => row.some((b) => (typeof b === 'string' ? b : b.text) === text))) this.state.setReplyKeyboard(c, undefined);
    return this.userMessage(u, c, fields, opts.replyTo);
  }

  /** A user sends a photo (e.g. a payment receipt). */
  sendPhoto(user: UserRef, chatId: number, bytes: Uint8Array, caption?: string, opts: { replyTo?: number } = {}): Message {
    const u = this.user(user);
    const c = this.userChat(u, chatId);
    const fields: Partial<Message> = { photo: this.files.putPhoto(Buffer.from(bytes)) };
    if (caption) {
      fields.caption = caption;
      const entities = userEntities(caption);
      if (entities) fields.caption_entities = entities;
    }
    return this.userMessage(u, c, fields, opts.replyTo);
  }

  /** A user sends a file. */
  sendDocument(user: UserRef, chatId: number, bytes: Uint8Array, opts: { fileName?: string; mimeType?: string; caption?: string } = {}): Message {
    const u = this.user(user);
    const c = this.userChat(u, chatId);
    const buf = Buffer.from(bytes);
    const f = this.files.put(buf, 'documents', { mime: opts.mimeType ?? sniffMime(buf), name: opts.fileName });
    const document: NonNullable<Message['document']> = { file_id: f.file_id, file_unique_id: f.file_unique_id, file_size: buf.length, mime_type: f.mime_type };
    if (f.file_name) document.file_name = f.file_name;
    const fields: Partial<Message> = { document };
    if (opts.caption) fields.caption = opts.caption;
    return this.userMessage(u, c, fields);
  }

  /**
   * A user presses an inline button (by callback_data, or by button text). Resolves with
   * the bot's answerCallbackQuery; rejects if the bot never answers. `force` sends the data
   * even if no such button exists (forged or stale callback data).
   */
  pressButton(user: UserRef, chatId: number, messageId: number, callbackData: string, opts: { timeoutMs?: number; force?: boolean } = {}): Promise<CallbackAnswer> {
    const u = this.user(user);
    const c = this.chatState(chatId);
    if (c.chat.type === 'private' ? chatId !== u.id : !c.members.has(u.id)) throw new Error(`user ${u.id} cannot see chat ${chatId}`);
    const s = c.messages.get(messageId);
    if (!s) throw new Error(`no message ${messageId} in chat ${chatId}`);
    let data = callbackData;
    if (!opts.force) {
      const buttons = (s.msg.reply_markup?.inline_keyboard ?? []).flat();
      const b = buttons.find((x) => 'callback_data' in x && x.callback_data === callbackData) ?? buttons.find((x) => x.text === callbackData && 'callback_data' in x);
      if (!b || !('callback_data' in b)) {
        const have = buttons.map((x) => `${x.text}=${'callback_data' in x ? x.callback_data : '(url)'}`).join(', ');
        throw new Error(`message ${messageId} in chat ${chatId} has no button "${callbackData}" (buttons: ${have || 'none'})`);
      }
      data = b.callback_data!;
    }
    const { id, answer } = this.callbacks.open(opts.timeoutMs ?? this.callbackTimeoutMs);
    this.updates.push({
      callback_query: { id, from: u, message: { ...s.msg }, chat_instance: String(Math.abs(chatId * 7919) % 1e12), data },
    });
    return answer;
  }

  /**
   * The user blocks the bot: a my_chat_member update (bot → kicked), and sends to their
   * private chat answer 403 until they unblock or write again.
   */
  blockBot(user: UserRef): void {
    this.setBlocked(this.user(user), true);
  }

  unblockBot(user: UserRef): void {
    this.setBlocked(this.user(user), false);
  }

  private setBlocked(u: User, blocked: boolean): void {
    const c = this.state.privateChat(u);
    if (Boolean(c.blocked) === blocked) return;
    c.blocked = blocked;
    const member = { status: 'member', user: this.botUser };
    const kicked = { status: 'kicked', user: this.botUser, until_date: 0 };
    this.updates.push({
      my_chat_member: { chat: c.chat, from: u, date: Math.floor(Date.now() / 1000), old_chat_member: blocked ? member : kicked, new_chat_member: blocked ? kicked : member },
    });
  }

  // ---- reading chats -------------------------------------------------------------------

  /** Messages of a chat, oldest first, in their current (edited) state; deleted ones are gone. */
  history(chatId: number): ChatMessage[] {
    const c = this.state.chats.get(chatId);
    if (!c) return [];
    const out: ChatMessage[] = [];
    for (const s of c.messages.values()) out.push(toChatMessage(s));
    return out;
  }

  lastMessage(chatId: number, from: 'bot' | 'any' | UserRef = 'any'): ChatMessage | undefined {
    const h = this.history(chatId);
    const match = this.fromMatcher(from);
    for (let i = h.length - 1; i >= 0; i--) if (match(h[i])) return h[i];
    return undefined;
  }

  message(chatId: number, messageId: number): ChatMessage | undefined {
    const s = this.state.chats.get(chatId)?.messages.get(messageId);
    return s && toChatMessage(s);
  }

  /** The reply keyboard currently shown in a chat, if any. */
  replyKeyboard(chatId: number): ReplyKeyboardMarkup | undefined {
    return this.state.chats.get(chatId)?.replyKeyboard;
  }

  private fromMatcher(from: 'bot' | 'any' | UserRef): (m: ChatMessage) => boolean {
    if (from === 'any') return () => true;
    if (from === 'bot') return (m) => m.from?.id === this.bot.id;
    const id = this.user(from).id;
    return (m) => m.from?.id === id;
  }

  /**
   * Resolves with the first message of the chat (current state, oldest first) matching the
   * predicate, now or when it arrives or is edited.
   */
  waitFor(chatId: number, predicate: (m: ChatMessage) => boolean, timeoutMs = 5000): Promise<ChatMessage> {
    for (const m of this.history(chatId)) if (predicate(m)) return Promise.resolve(m);
    return new Promise((resolve, reject) => {
      const off = this.state.onChange((e) => {
        if (e.chatId !== chatId || (e.type !== 'message' && e.type !== 'edit')) return;
        const m = toChatMessage(e.message);
        let ok = false;
        try {
          ok = predicate(m);
        } catch (err) {
          done();
          reject(err);
          return;
        }
        if (ok) {
          done();
          resolve(m);
        }
      });
      const timer = setTimeout(() => {
        done();
        const recent = this.history(chatId).slice(-6).map(describe).join('\n  ');
        reject(new Error(`waitFor(${chatId}) timed out after ${timeoutMs} ms; latest messages:\n  ${recent || '(none)'}`));
      }, timeoutMs);
      const done = () => {
        off();
        clearTimeout(timer);
      };
    });
  }

  /** The next bot message in a chat after the latest user message (see WaitForMessageOptions). */
  waitForMessage(chatId: number, opts: WaitForMessageOptions = {}): Promise<ChatMessage> {
    let after = opts.after;
    if (after === undefined) {
      after = 0;
      const h = this.history(chatId);
      for (let i = h.length - 1; i >= 0; i--) if (h[i].from?.id !== this.bot.id) { after = h[i].message_id; break; }
    }
    const from = this.fromMatcher(opts.from ?? 'bot');
    const min = after;
    return this.waitFor(chatId, (m) => m.message_id > min && from(m) && (!opts.predicate || opts.predicate(m)), opts.timeoutMs);
  }

  /**
   * Resolves once the bot has confirmed every update and made no API call for quietMs —
   * for asserting that something did NOT happen (or happened exactly once).
   */
  async waitForIdle(quietMs = 100, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const quietFor = Date.now() - this.lastCallAt;
      if (this.updates.pendingCount === 0 && quietFor >= quietMs) return;
      if (Date.now() > deadline) throw new Error(`bot not idle after ${timeoutMs} ms (${this.updates.pendingCount} updates pending)`);
      await new Promise((r) => setTimeout(r, Math.max(10, quietMs - quietFor)));
    }
  }

  // ---- web chat hooks ------------------------------------------------------------------

  addExtraAction(action: ExtraAction): void {
    const i = this.extraActions.findIndex((a) => a.id === action.id);
    if (i === -1) this.extraActions.push(action);
    else this.extraActions[i] = action;
  }

  /** Set by startFakeTelegram: stops the HTTP server. */
  stopServer?: () => Promise<void>;

  /** Stops long polls, webhook retries, pending button presses and the HTTP server. */
  async close(): Promise<void> {
    this.updates.close();
    this.callbacks.close();
    this.webClose?.();
    await this.stopServer?.();
  }

  /** Set by the web chat: ends its event streams. */
  webClose?: () => void;
}
