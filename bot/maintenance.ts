import type { Sql } from '../db/client.ts';

/**
 * Housekeeping for a job to run daily: update ids are only needed while Telegram could
 * still redeliver them (it keeps updates for 24 h), and a conversation nobody touched for
 * a month will not be resumed.
 */
export async function pruneBotState(sql: Sql, opts: { updatesOlderThanDays?: number; conversationsOlderThanDays?: number } = {}): Promise<{ updates: number; conversations: number }> {
  const u = await sql`DELETE FROM processed_updates WHERE created_at < now() - make_interval(days => ${opts.updatesOlderThanDays ?? 7})`;
  const c = await sql`DELETE FROM bot_sessions WHERE updated_at < now() - make_interval(days => ${opts.conversationsOlderThanDays ?? 30})`;
  return { updates: u.count, conversations: c.count };
}
