import { GrammyError, type Api } from 'grammy';
import type { TxExec } from '../core/db.ts';

/** seen n/N → credited or dropped: later stages rank higher, so a late retry never steps back. */
export function depositRank(topic: string, confirmations: number): number {
  return topic === 'deposit.seen' ? confirmations : 1_000_000_000;
}

/**
 * One message per deposit, edited as it moves on. Its id is kept in bot_sessions under
 * `deposit-notice:<deposit id>` (pruned with old sessions); a transaction-scoped advisory
 * lock keeps two notifier instances from sending two first messages.
 */
export async function deliverDepositNotice(api: Api, tx: TxExec, d: { chatId: number; depositId: number; rank: number; text: string }): Promise<void> {
  const key = `deposit-notice:${d.depositId}`;
  await tx`SELECT pg_advisory_xact_lock(hashtext(${key}))`;
  const [row] = await tx`SELECT value FROM bot_sessions WHERE key = ${key}`;
  const prev = row?.value as { chatId: number; messageId: number; rank: number } | undefined;
  if (prev && prev.chatId === d.chatId) {
    if (prev.rank >= d.rank) return;
    try {
      await api.editMessageText(d.chatId, prev.messageId, d.text);
      await tx`UPDATE bot_sessions SET value = ${JSON.stringify({ ...prev, rank: d.rank })}::jsonb, updated_at = now() WHERE key = ${key}`;
      return;
    } catch (e) {
      if (e instanceof GrammyError && /not modified/i.test(e.description)) return;
      // The message is gone (deleted by the user): send a new one below.
      if (!(e instanceof GrammyError && e.error_code === 400)) throw e;
    }
  }
  const m = await api.sendMessage(d.chatId, d.text);
  await tx`
    INSERT INTO bot_sessions (key, value, updated_at) VALUES (${key}, ${JSON.stringify({ chatId: d.chatId, messageId: m.message_id, rank: d.rank })}::jsonb, now())
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`;
}
