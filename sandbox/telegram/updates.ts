import type { Update, WebhookInfo } from 'grammy/types';
import { ApiError } from './errors.ts';

type Waiter = {
  offset: number;
  limit: number;
  resolve: (u: Update[]) => void;
  reject: (e: Error) => void;
  timer?: NodeJS.Timeout;
};

export interface Webhook {
  url: string;
  secret?: string;
  maxConnections: number;
  lastErrorDate?: number;
  lastErrorMessage?: string;
}

const DEFAULT_EXCLUDED = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

function updateType(u: Update): string {
  for (const k in u) if (k !== 'update_id') return k;
  return 'unknown';
}

function updateChat(u: Update): number {
  const any = u as unknown as Record<string, { chat?: { id: number }; message?: { chat: { id: number } }; from?: { id: number } }>;
  const body = any[updateType(u)];
  return body?.chat?.id ?? body?.message?.chat.id ?? body?.from?.id ?? 0;
}

/**
 * Updates waiting for the bot, served by getUpdates (long polling) or pushed to a webhook.
 * Updates stay queued until confirmed (offset, or a 2xx from the webhook), as on Telegram.
 */
export class UpdateQueue {
  private pending: Update[] = [];
  private nextId = 1_000_000 + Math.floor(Math.random() * 1_000_000);
  private allowed: Set<string> | undefined;
  private waiter: Waiter | undefined;
  private wakeScheduled = false;
  webhook: Webhook | undefined;
  private inFlight = new Set<number>(); // update_ids being delivered
  private busyChats = new Set<number>();
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelay: number;
  private closed = false;

  constructor(
    private readonly opts: {
      webhookRetryMs: number;
      /** Executes a method returned in a webhook response body. */
      onWebhookReply: (method: string, params: Record<string, unknown>) => Promise<unknown>;
      onWebhookError: (url: string, message: string) => void;
    },
  ) {
    this.retryDelay = opts.webhookRetryMs;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  push(body: object): Update | undefined {
    const u = { update_id: this.nextId++, ...body } as Update;
    const type = updateType(u);
    if (this.allowed ? !this.allowed.has(type) : DEFAULT_EXCLUDED.has(type)) return undefined;
    this.pending.push(u);
    if (this.webhook) this.pump();
    else if (this.waiter && !this.wakeScheduled) {
      // Wake on the next tick so a burst of updates leaves in one response.
      this.wakeScheduled = true;
      setImmediate(() => {
        this.wakeScheduled = false;
        const w = this.waiter;
        if (!w) return;
        const batch = this.take(w.offset, w.limit);
        if (batch.length) this.finish(w, batch);
      });
    }
    return u;
  }

  setAllowed(list: string[] | undefined): void {
    if (list === undefined) return;
    this.allowed = list.length ? new Set(list) : undefined;
  }

  private confirm(offset: number): void {
    if (offset < 0) {
      this.pending = this.pending.slice(Math.max(0, this.pending.length + offset));
      return;
    }
    let i = 0;
    while (i < this.pending.length && this.pending[i].update_id < offset) i++;
    if (i) this.pending = i === this.pending.length ? [] : this.pending.slice(i);
  }

  private take(offset: number | undefined, limit: number): Update[] {
    if (offset !== undefined) this.confirm(offset);
    return this.pending.length <= limit ? this.pending.slice() : this.pending.slice(0, limit);
  }

  private finish(w: Waiter, result: Update[] | Error): void {
    if (this.waiter !== w) return;
    this.waiter = undefined;
    if (w.timer) clearTimeout(w.timer);
    if (result instanceof Error) w.reject(result);
    else w.resolve(result);
  }

  /** getUpdates: returns at once when updates are queued, else waits up to `timeout` seconds. */
  getUpdates(p: { offset?: number; limit?: number; timeout?: number; allowed?: string[] }, signal?: { onAbort(fn: () => void): void }): Promise<Update[]> {
    if (this.webhook) throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    this.setAllowed(p.allowed);
    const limit = Math.min(100, Math.max(1, p.limit ?? 100));
    if (this.waiter) this.finish(this.waiter, new ApiError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'));
    const now = this.take(p.offset, limit);
    const timeout = this.closed ? 0 : (p.timeout ?? 0);
    if (now.length || timeout <= 0) return Promise.resolve(now);
    return new Promise<Update[]>((resolve, reject) => {
      const w: Waiter = { offset: p.offset ?? 0, limit, resolve, reject };
      w.timer = setTimeout(() => this.finish(w, []), timeout * 1000);
      this.waiter = w;
      signal?.onAbort(() => this.finish(w, []));
    });
  }

  setWebhook(w: Webhook | undefined, dropPending: boolean, allowed?: string[]): void {
    if (dropPending) this.pending = [];
    this.setAllowed(allowed);
    this.webhook = w;
    if (this.waiter) this.finish(this.waiter, new ApiError(409, 'Conflict: terminated by setWebhook request'));
    this.retryDelay = this.opts.webhookRetryMs;
    if (w) this.pump();
  }

  webhookInfo(): WebhookInfo {
    const w = this.webhook;
    const info: WebhookInfo = { url: w?.url ?? '', has_custom_certificate: false, pending_update_count: this.pending.length };
    if (w) {
      info.max_connections = w.maxConnections;
      if (w.lastErrorDate) info.last_error_date = w.lastErrorDate;
      if (w.lastErrorMessage) info.last_error_message = w.lastErrorMessage;
      if (this.allowed) info.allowed_updates = [...this.allowed] as WebhookInfo["allowed_updates"];
    }
    return info;
  }

  /** Delivers queued updates: at most maxConnections at once, one at a time per chat, in order. */
  private pump(): void {
    const w = this.webhook;
    if (!w || this.closed || this.retryTimer) return;
    for (const u of this.pending) {
      if (this.inFlight.size >= w.maxConnections) break;
      if (this.inFlight.has(u.update_id)) continue;
      const chat = updateChat(u);
      if (this.busyChats.has(chat)) continue;
      this.inFlight.add(u.update_id);
      this.busyChats.add(chat);
      void this.deliver(w, u).then((ok) => {
        this.inFlight.delete(u.update_id);
        this.busyChats.delete(chat);
        if (ok) {
          const i = this.pending.indexOf(u);
          if (i !== -1) this.pending.splice(i, 1);
          this.retryDelay = this.opts.webhookRetryMs;
          this.pump();
        } else if (this.webhook === w && !this.retryTimer && !this.closed) {
          this.retryTimer = setTimeout(() => {
            this.retryTimer = undefined;
            this.pump();
          }, this.retryDelay);
          this.retryDelay = Math.min(this.retryDelay * 2, 30_000);
        }
      });
    }
  }

  private async deliver(w: Webhook, u: Update): Promise<boolean> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (w.secret) headers['x-telegram-bot-api-secret-token'] = w.secret;
    let error: string;
    try {
      const res = await fetch(w.url, { method: 'POST', headers, body: JSON.stringify(u), signal: AbortSignal.timeout(60_000) });
      const text = await res.text();
      if (res.ok) {
        if (text && res.headers.get('content-type')?.includes('json')) {
          const body = JSON.parse(text) as { method?: string };
          if (body && typeof body.method === 'string') {
            const { method, ...params } = body;
            await this.opts.onWebhookReply(method, params).catch(() => {});
          }
        }
        return true;
      }
      error = `Wrong response from the webhook: ${res.status} ${res.statusText}`;
    } catch (e) {
      error = `Connection error: ${(e as Error).message}`;
    }
    w.lastErrorDate = Math.floor(Date.now() / 1000);
    w.lastErrorMessage = error;
    this.opts.onWebhookError(w.url, error);
    return false;
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.waiter) this.finish(this.waiter, []);
  }
}
