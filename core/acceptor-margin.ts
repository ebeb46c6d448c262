import type { Exec } from './db.ts';
import { inTx } from './db.ts';
import { moveMargin } from './acceptors.ts';
import { balance } from './ledger/index.ts';

/**
 * moveMargin for a request that may arrive twice (a double click, a redelivered update):
 * the ledger transfer id makes the move happen once, and a repeat is recognised before the
 * margin rule is checked again (a second withdrawal check would see the already reduced
 * margin and refuse what was in fact done). The transfer row is locked by the ledger, so
 * two racing requests resolve to one 'moved' and one 'already' or a conflict refusal.
 */
export async function moveMarginOnce(
  exec: Exec, userId: number, amount: bigint, direction: 'deposit' | 'withdraw', requestId: string,
): Promise<{ result: 'moved' | 'already'; margin: bigint }> {
  return inTx(exec, async (tx) => {
    const [done] = await tx`SELECT 1 FROM transfers WHERE id = ${`margin:${userId}:${requestId}`}`;
    if (!done) await moveMargin(tx, userId, amount, direction, requestId);
    const margin = (await balance(tx, { type: 'user', id: userId }, 'margin')).available;
    return { result: done ? 'already' : 'moved', margin };
  });
}
