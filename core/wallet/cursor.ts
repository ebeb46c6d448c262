import type { Exec } from '../db.ts';
import { inTx } from '../db.ts';
import { emit } from '../outbox.ts';
import type { BlockRef } from './types.ts';

export interface Cursor extends BlockRef {
  halted: boolean;
  haltReason: string | null;
}

export async function getCursor(exec: Exec, chain: string): Promise<Cursor | null> {
  const [r] = await exec`SELECT block_number, block_hash, halted_at, halt_reason FROM chain_cursors WHERE chain = ${chain}`;
  if (!r) return null;
  return { number: Number(r.block_number), hash: r.block_hash, halted: r.halted_at !== null, haltReason: r.halt_reason };
}

/** Creates the cursor at `start` the first time a chain is watched; an existing cursor wins. */
export async function initCursor(exec: Exec, chain: string, start: BlockRef): Promise<Cursor> {
  await exec`INSERT INTO chain_cursors (chain, block_number, block_hash) VALUES (${chain}, ${start.number}, ${start.hash}) ON CONFLICT (chain) DO NOTHING`;
  return (await getCursor(exec, chain))!;
}

/**
 * Moves the cursor from `from` to `to` only if nobody else moved it (and the chain is not
 * halted). Call inside the transaction that records what the range contained.
 */
export async function advanceCursor(exec: Exec, chain: string, from: BlockRef, to: BlockRef): Promise<boolean> {
  const rows = await exec`
    UPDATE chain_cursors SET block_number = ${to.number}, block_hash = ${to.hash}, updated_at = now()
    WHERE chain = ${chain} AND block_number = ${from.number} AND block_hash = ${from.hash} AND halted_at IS NULL
    RETURNING chain`;
  return rows.length === 1;
}

/** Stops a chain's watcher (a reorg deeper than its confirmation depth) and alerts the admins. */
export async function haltChain(exec: Exec, chain: string, kind: string, detail: Record<string, unknown>): Promise<boolean> {
  return inTx(exec, async (tx) => {
    const rows = await tx`UPDATE chain_cursors SET halted_at = now(), halt_reason = ${kind}, updated_at = now()
                          WHERE chain = ${chain} AND halted_at IS NULL RETURNING chain`;
    if (rows.length === 0) return false;
    await tx`INSERT INTO chain_alerts (chain, kind, detail) VALUES (${chain}, ${kind}, ${JSON.stringify(detail)}::jsonb)`;
    await emit(tx, { channel: 'admin', topic: 'chain.halted', payload: { chain, kind, ...detail } });
    return true;
  });
}

/**
 * An operator's restart after investigating a halt: the watcher resumes from `from`
 * (a canonical block the operator chose; deposits already credited stay credited once).
 */
export async function resumeChain(exec: Exec, chain: string, from: BlockRef, actor: string): Promise<void> {
  await inTx(exec, async (tx) => {
    await tx`UPDATE chain_cursors SET halted_at = NULL, halt_reason = NULL, block_number = ${from.number}, block_hash = ${from.hash}, updated_at = now() WHERE chain = ${chain}`;
    await tx`UPDATE chain_alerts SET resolved_at = now() WHERE chain = ${chain} AND resolved_at IS NULL`;
    await emit(tx, { channel: 'admin', topic: 'chain.resumed', payload: { chain, from: from.number, actor } });
  });
}

export async function listAlerts(exec: Exec, opts: { open?: boolean; limit?: number } = {}) {
  const rows = await exec`
    SELECT id, chain, kind, detail, created_at, resolved_at FROM chain_alerts
    WHERE (${opts.open ?? false} = false OR resolved_at IS NULL) ORDER BY id DESC LIMIT ${opts.limit ?? 50}`;
  return rows.map((r) => ({ id: Number(r.id), chain: r.chain as string, kind: r.kind as string, detail: r.detail, createdAt: String(r.created_at), resolvedAt: r.resolved_at ? String(r.resolved_at) : null }));
}
