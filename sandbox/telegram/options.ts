import type { User } from 'grammy/types';
import type { RateLimits } from './rate.ts';
import type { ChatMessage } from './state.ts';
import type { FakeTelegram } from './fake.ts';

export interface UserSpec {
  id?: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/** Someone the web chat can act as. */
export interface PersonaSpec extends UserSpec {
  /** Stable handle: 'trader', 'acceptor', … */
  key: string;
  /** Shown on the persona switcher; defaults to first_name. */
  label?: string;
  id: number;
}

export interface Persona {
  key: string;
  label: string;
  user: User;
}

/** A user, by id, persona key, @username or object with an id. */
export type UserRef = number | string | { id: number };

export interface GroupSpec {
  /** Negative; supergroups look like -100…; generated when omitted. */
  id?: number;
  title: string;
  username?: string;
  members: UserRef[];
  admins?: UserRef[];
  /** The bot's own status in the group (default administrator). */
  botStatus?: 'member' | 'administrator';
}

/** A server-side button shown to a persona in the web chat (e.g. "send me test USDT"). */
export interface ExtraAction {
  id: string;
  label: string;
  /** The returned string (if any) is shown to the persona as a notice. */
  run(persona: Persona, tg: FakeTelegram): unknown;
}

export interface BotCall {
  method: string;
  params: Record<string, unknown>;
  ok: boolean;
  result?: unknown;
  error?: { code: number; description: string };
  at: number;
}

export interface FakeTelegramOptions {
  /** Bot token, "<bot id>:<secret>". */
  token?: string;
  botUsername?: string;
  botName?: string;
  /** Web chat personas; defaults to DEFAULT_PERSONAS. */
  personas?: PersonaSpec[];
  /** Groups; defaults to DEFAULT_GROUPS when personas is omitted, else none. */
  groups?: GroupSpec[];
  extraActions?: ExtraAction[];
  /** Answer 429 + retry_after over Telegram's limits (true = Telegram's figures). Off by default. */
  rateLimit?: boolean | Partial<RateLimits>;
  /** Treat every persona as having started the bot, so the bot may write to them first. Default false. */
  personasStarted?: boolean;
  /** Messages kept per chat (oldest dropped). Default 5000. */
  maxHistoryPerChat?: number;
  /** First webhook retry delay, doubling per failure. Default 200 ms. */
  webhookRetryMs?: number;
  /** How long pressButton waits for answerCallbackQuery. Default 5000 ms. */
  callbackTimeoutMs?: number;
}

export const DEFAULT_TOKEN = '7000000001:AAF-sandbox-otc-desk-local-token';
export const DEFAULT_ACCEPTORS_GROUP_ID = -1001000000001;

export const DEFAULT_PERSONAS: PersonaSpec[] = [
  { key: 'trader', label: 'Trader', id: 100001, first_name: 'Tina', last_name: 'Trader', username: 'tina_trader', language_code: 'en' },
  { key: 'acceptor', label: 'Acceptor', id: 200001, first_name: 'Alan', last_name: 'Acceptor', username: 'alan_acceptor', language_code: 'en' },
  { key: 'acceptor2', label: 'Acceptor 2', id: 200002, first_name: '王伟', username: 'wang_acceptor', language_code: 'zh-hans' },
  { key: 'admin', label: 'Admin', id: 300001, first_name: 'Ada', last_name: 'Admin', username: 'ada_admin', language_code: 'en' },
];

export const DEFAULT_GROUPS: GroupSpec[] = [
  { id: DEFAULT_ACCEPTORS_GROUP_ID, title: 'OTC Acceptors', members: ['acceptor', 'acceptor2', 'admin'], admins: ['admin'] },
];

export interface WaitForMessageOptions {
  /** Only messages with a larger id. Default: the latest message not sent by the bot. */
  after?: number;
  /** Who sent it: 'bot' (default), 'any', or a user. */
  from?: 'bot' | 'any' | UserRef;
  predicate?: (m: ChatMessage) => boolean;
  timeoutMs?: number;
}
