import type { Context } from 'grammy';
import type { ConversationFlavor } from '@grammyjs/conversations';
import type { I18nFlavor } from '@grammyjs/i18n';
import type { Sql, Db } from '../db/client.ts';
import type { Config } from '../config.ts';

export interface BotDeps {
  sql: Sql;
  db: Db;
  config: Config;
  token: string;
  /** Bot API root, e.g. the sandbox's local Telegram; defaults to config.TELEGRAM_API_ROOT. */
  apiRoot?: string;
  /** Skips getMe at start (tests, webhook instances). */
  botInfo?: import('grammy/types').UserFromGetMe;
  /** Per-user flood limit: at most `limit` updates per `windowMs`. */
  rateLimit?: { windowMs: number; limit: number };
}

/** The desk's view of whoever sent the update, loaded once per update. */
export interface DeskUser {
  id: number;
  telegramId: number;
  language: string | null;
  frozen: boolean;
  isAdmin: boolean;
  termsAccepted: boolean;
  acceptorStatus: string | null;
  acceptorOnline: boolean;
  kycTier: number;
  referralCode: string | null;
}

export type BaseContext = Context & I18nFlavor & {
  deps: BotDeps;
  user?: DeskUser;
  lang: string;
  /** This chat's stored conversation state, read together with the user (bootstrap). */
  conversationState?: { loaded: boolean; value: unknown };
};
export type BotContext = ConversationFlavor<BaseContext>;
