import type { Exec } from './db.ts';
import { inTx } from './db.ts';
import { DeskError } from './errors.ts';
import { emit } from './outbox.ts';
import { volume24hSql } from './matching/volume.ts';
import { balance, transfer, toDeskError, type AccountRef } from './ledger/index.ts';

export interface AcceptorProfile {
  userId: number;
  status: 'pending' | 'approved' | 'suspended' | 'rejected';
  online: boolean;
  marginBps: number;
  dailyLimit: bigint | null;
  margin: bigint;
  volume24h: bigint;
  /** Margin that must stay locked for the current 24 h volume. */
  marginRequired: bigint;
}

export async function applyAsAcceptor(exec: Exec, userId: number, application: Record<string, string>): Promise<'applied' | 'already'> {
  const rows = await exec`
    INSERT INTO acceptors (user_id, application) VALUES (${userId}, ${JSON.stringify(application)}::jsonb)
    ON CONFLICT (user_id) DO NOTHING RETURNING user_id`;
  if (rows.length) await emit(exec, { channel: 'admin', topic: 'acceptor.applied', payload: { userId } });
  return rows.length ? 'applied' : 'already';
}

export async function decideAcceptor(exec: Exec, userId: number, status: 'approved' | 'rejected' | 'suspended'): Promise<void> {
  await inTx(exec, async (tx) => {
    const rows = await tx`UPDATE acceptors SET status = ${status}, decided_at = now(), online = CASE WHEN ${status} = 'approved' THEN online ELSE false END
                          WHERE user_id = ${userId} RETURNING user_id`;
    if (!rows.length) throw new DeskError('not_found', { userId });
    await emit(tx, { channel: 'telegram', topic: `acceptor.${status}`, payload: { userId } });
  });
}

export async function acceptorProfile(exec: Exec, userId: number): Promise<AcceptorProfile | null> {
  const [r] = await exec`
    SELECT a.*, ${volume24hSql(exec, exec`a.user_id`)} AS volume24h
    FROM acceptors a WHERE user_id = ${userId}`;
  if (!r) return null;
  const margin = (await balance(exec, { type: 'user', id: userId }, 'margin')).available;
  const volume = BigInt(r.volume24h);
  return {
    userId, status: r.status, online: r.online, marginBps: r.margin_bps,
    dailyLimit: r.daily_limit === null ? null : BigInt(r.daily_limit), margin, volume24h: volume,
    marginRequired: (volume * BigInt(r.margin_bps) + 9_999n) / 10_000n,
  };
}

/** Going online needs approval and enough margin for the volume already traded today. */
export async function setOnline(exec: Exec, userId: number, online: boolean): Promise<AcceptorProfile> {
  return inTx(exec, async (tx) => {
    const p = await acceptorProfile(tx, userId);
    if (!p) throw new DeskError('not_found', { userId });
    if (online) {
      if (p.status !== 'approved') throw new DeskError('forbidden', { status: p.status });
      const [u] = await tx`SELECT frozen FROM users WHERE id = ${userId}`;
      if (u?.frozen) throw new DeskError('frozen');
      if (p.margin < p.marginRequired) throw new DeskError('margin_too_low', { required: p.marginRequired.toString() });
    }
    await tx`UPDATE acceptors SET online = ${online} WHERE user_id = ${userId}`;
    return { ...p, online };
  });
}

/**
 * Moves USDT between the acceptor's available balance and margin deposit, once per
 * `requestId` (a double click or a redelivered update is answered 'already', before the
 * margin rule is judged again against the already reduced margin). The transfer id is the
 * idempotency key; a racing duplicate ends as one 'moved' and one conflict refusal.
 */
export async function moveMargin(
  exec: Exec, userId: number, amount: bigint, direction: 'deposit' | 'withdraw', requestId: string,
): Promise<{ result: 'moved' | 'already'; margin: bigint }> {
  if (amount <= 0n) throw new DeskError('invalid_amount', { reason: 'zero' });
  const id = `margin:${userId}:${requestId}`;
  return inTx(exec, async (tx) => {
    const [done] = await tx`SELECT 1 FROM transfers WHERE id = ${id}`;
    if (!done) {
      if (direction === 'withdraw') {
        const p = await acceptorProfile(tx, userId);
        if (p && p.margin - amount < p.marginRequired) throw new DeskError('margin_too_low', { required: p.marginRequired.toString() });
      }
      const avail: AccountRef = { owner: { type: 'user', id: userId }, kind: 'available' };
      const margin: AccountRef = { owner: { type: 'user', id: userId }, kind: 'margin' };
      try {
        await transfer(tx, {
          id, amount, code: `margin_${direction}`,
          debitAccountId: direction === 'deposit' ? avail : margin,
          creditAccountId: direction === 'deposit' ? margin : avail,
        });
      } catch (e) {
        toDeskError(e);
      }
    }
    const margin = (await balance(tx, { type: 'user', id: userId }, 'margin')).available;
    return { result: done ? 'already' : 'moved', margin };
  });
}
