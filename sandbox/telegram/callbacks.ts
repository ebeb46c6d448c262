import { randomBytes } from 'node:crypto';
import { badRequest } from './errors.ts';

/** What the bot answered to a button press (answerCallbackQuery). */
export interface CallbackAnswer {
  text?: string;
  show_alert?: boolean;
  url?: string;
  cache_time?: number;
}

interface Pending {
  resolve: (a: CallbackAnswer) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** Callback queries waiting for answerCallbackQuery. */
export class CallbackQueries {
  private readonly pending = new Map<string, Pending>();
  private readonly prefix = BigInt('0x' + randomBytes(6).toString('hex'));
  private seq = 0n;
  answered = 0;

  /** Registers a press; the promise settles when the bot answers or after timeoutMs. */
  open(timeoutMs: number): { id: string; answer: Promise<CallbackAnswer> } {
    const id = ((this.prefix << 20n) + ++this.seq).toString();
    const answer = new Promise<CallbackAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the bot did not answer callback query ${id} within ${timeoutMs} ms (answerCallbackQuery was never called)`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
    });
    return { id, answer };
  }

  answer(id: string, a: CallbackAnswer): void {
    const p = this.pending.get(id);
    if (!p) throw badRequest('query is too old and response timeout expired or query ID is invalid');
    this.pending.delete(id);
    clearTimeout(p.timer);
    this.answered++;
    p.resolve(a);
  }

  close(): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error(`sandbox closed before callback query ${id} was answered`));
    }
    this.pending.clear();
  }
}
