import type postgres from 'postgres';
import type { Exec } from './db.ts';

export type OutboxChannel = 'telegram' | 'webhook' | 'admin';

export interface OutboxEvent {
  channel: OutboxChannel;
  topic: string;
  payload: Record<string, unknown>;
  availableAt?: Date;
}

/** The INSERT of `events` as a fragment, so callers can fold it into a statement of their own. */
export function outboxInsert(exec: Exec, events: OutboxEvent[]) {
  const rows = events.map((e) => ({
    channel: e.channel,
    topic: e.topic,
    payload: JSON.stringify(e.payload, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
    available_at: (e.availableAt ?? new Date()).toISOString(),
  }));
  return exec`
    INSERT INTO outbox (channel, topic, payload, available_at)
    SELECT channel, topic, payload::jsonb, available_at::timestamptz
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS x(channel text, topic text, payload text, available_at text)`;
}

/** Writes events in the caller's transaction: committed with the change, or never. */
export async function emit(exec: Exec, ...events: OutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  await outboxInsert(exec, events);
}

export interface OutboxRow {
  id: number;
  channel: string;
  topic: string;
  payload: Record<string, any>;
  attempts: number;
  createdAt: string;
}

export type OutboxOutcome = { ok: true } | { ok: false; error: string; retryInMs: number; giveUp?: boolean };

/**
 * Claims due rows of one channel with FOR UPDATE SKIP LOCKED (so several workers or
 * instances never take the same row), hands each to `handle`, and records the outcome
 * in the same transaction. Returns how many rows were handled.
 */
export async function drainOutbox(
  sql: Exec,
  channel: OutboxChannel,
  limit: number,
  handle: (row: OutboxRow) => Promise<OutboxOutcome>,
): Promise<number> {
  return (sql as postgres.Sql<any>).begin(async (tx) => {
    const rows = await tx`
      SELECT id, channel, topic, payload, attempts, created_at FROM outbox
      WHERE channel = ${channel} AND done_at IS NULL AND available_at <= now()
      ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
    for (const r of rows) {
      const row: OutboxRow = { id: Number(r.id), channel: r.channel, topic: r.topic, payload: r.payload, attempts: r.attempts, createdAt: String(r.created_at) };
      let outcome: OutboxOutcome;
      try {
        outcome = await handle(row);
      } catch (e) {
        outcome = { ok: false, error: e instanceof Error ? e.message : String(e), retryInMs: Math.min(60_000 * 2 ** row.attempts, 3_600_000) };
      }
      if (outcome.ok) {
        await tx`UPDATE outbox SET done_at = now(), attempts = attempts + 1 WHERE id = ${row.id}`;
      } else if (outcome.giveUp) {
        await tx`UPDATE outbox SET done_at = now(), attempts = attempts + 1, last_error = ${'gave up: ' + outcome.error} WHERE id = ${row.id}`;
      } else {
        await tx`UPDATE outbox SET attempts = attempts + 1, last_error = ${outcome.error},
                 available_at = now() + make_interval(secs => ${outcome.retryInMs / 1000}) WHERE id = ${row.id}`;
      }
    }
    return rows.length;
  });
}
