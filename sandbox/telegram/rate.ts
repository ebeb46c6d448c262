import { ApiError } from './errors.ts';

export interface SendRecord {
  chatId: number;
  messageId: number;
  method: string;
  /** Date.now() when the message was accepted. */
  at: number;
}

export interface RateLimits {
  /** Minimum spacing per chat is 1000 / perChatPerSecond ms (Telegram: about 1/s). */
  perChatPerSecond: number;
  /** Messages per rolling minute in a group or supergroup (Telegram: 20). */
  perGroupPerMinute: number;
  /** Messages per rolling second across all chats (Telegram: about 30). */
  globalPerSecond: number;
}

export const TELEGRAM_LIMITS: RateLimits = { perChatPerSecond: 1, perGroupPerMinute: 20, globalPerSecond: 30 };

/**
 * Every message the bot sent, with its time, so tests can check pacing; optionally refuses
 * sends over Telegram's limits with 429 + retry_after, like the real server.
 */
export class SendLog {
  readonly records: SendRecord[] = [];
  private readonly byChat = new Map<number, number[]>();
  private recent: number[] = [];
  rejected = 0;

  constructor(public limits: RateLimits | undefined) {}

  /** Throws 429 when a send to this chat now would exceed the limits (only when limits are on). */
  check(chatId: number, isGroup: boolean, now = Date.now()): void {
    const l = this.limits;
    if (!l) return;
    let waitMs = 0;
    const times = this.byChat.get(chatId);
    if (times?.length) {
      const last = times[times.length - 1];
      waitMs = Math.max(waitMs, last + 1000 / l.perChatPerSecond - now);
      if (isGroup) {
        const inMinute = times.filter((t) => t > now - 60_000);
        if (inMinute.length >= l.perGroupPerMinute) waitMs = Math.max(waitMs, inMinute[inMinute.length - l.perGroupPerMinute] + 60_000 - now);
      }
    }
    this.recent = this.recent.filter((t) => t > now - 1000);
    if (this.recent.length >= l.globalPerSecond) waitMs = Math.max(waitMs, this.recent[this.recent.length - l.globalPerSecond] + 1000 - now);
    if (waitMs > 0) {
      this.rejected++;
      const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
      throw new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    }
  }

  record(chatId: number, messageId: number, method: string, now = Date.now()): void {
    // Bounded so a long sandbox session or benchmark does not grow without limit.
    if (this.records.length >= 200_000) this.records.splice(0, 100_000);
    this.records.push({ chatId, messageId, method, at: now });
    let times = this.byChat.get(chatId);
    if (!times) this.byChat.set(chatId, (times = []));
    times.push(now);
    if (times.length > 200) times.splice(0, times.length - 100);
    if (this.limits) this.recent.push(now);
  }

  forChat(chatId: number): SendRecord[] {
    return this.records.filter((r) => r.chatId === chatId);
  }

  clear(): void {
    this.records.length = 0;
    this.byChat.clear();
    this.recent = [];
    this.rejected = 0;
  }
}
