import type { MiddlewareFn } from 'grammy';
import type { BotContext, DeskUser } from '../context.ts';
import { pickLanguage } from '../i18n.ts';
import { convKey } from '../storage.ts';

/**
 * One round trip per update: records update_id (a redelivered or replayed update is
 * dropped), loads — or creates on first contact — the sender's user row, and reads the
 * chat's conversation state.
 *
 * This statement alone commits without waiting for the WAL flush (synchronous_commit off,
 * local to its implicit transaction): at worst a crash forgets the last fraction of a
 * second of update ids, so an update Telegram redelivers would be handled again, which
 * the order state machine's conditional updates make harmless. Any later ordinary commit
 * (every money or order change) flushes the WAL past these rows anyway.
 */
export function bootstrap(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const { sql } = ctx.deps;
    const from = ctx.from;
    const botId = ctx.me.id;
    const updateId = ctx.update.update_id;
    if (!from || from.is_bot) {
      const r = await sql`INSERT INTO processed_updates (bot_id, update_id) VALUES (${botId}, ${updateId}) ON CONFLICT DO NOTHING RETURNING 1`;
      if (r.length === 0) return;
      ctx.lang = 'en';
      return next();
    }
    const rows = await sql`
      WITH cfg AS (SELECT set_config('synchronous_commit', 'off', true) AS v),
      d AS (
        INSERT INTO processed_updates (bot_id, update_id) VALUES (${botId}, ${updateId})
        ON CONFLICT DO NOTHING RETURNING 1),
      s AS (SELECT * FROM users WHERE telegram_id = ${from.id}),
      i AS (
        INSERT INTO users (telegram_id, username, first_name, referral_code)
        SELECT ${from.id}, ${from.username ?? null}, ${from.first_name}, substr(md5(random()::text || clock_timestamp()::text), 1, 10)
        WHERE NOT EXISTS (SELECT 1 FROM s)
        ON CONFLICT (telegram_id) DO NOTHING RETURNING *),
      u AS (SELECT * FROM s UNION ALL SELECT * FROM i)
      SELECT (SELECT count(*) FROM d)::int AS fresh,
             (SELECT value FROM bot_sessions WHERE key = ${convKey(ctx.chatId)}) AS conv, u.id, u.language, u.frozen, u.is_admin,
             u.terms_accepted_at IS NOT NULL AS terms, u.kyc_tier, u.referral_code,
             a.status AS acceptor_status, coalesce(a.online, false) AS online
      FROM cfg LEFT JOIN u ON true LEFT JOIN acceptors a ON a.user_id = u.id`;
    let r = rows[0];
    if (r.fresh === 0) return;
    // Conversation state rides along, saving a round trip per update (see storage.ts).
    ctx.conversationState = { loaded: true, value: r.conv ?? undefined };
    if (r.id == null) {
      // Lost a first-contact race with a concurrent update from the same user.
      const again = await sql`
        SELECT u.id, u.language, u.frozen, u.is_admin, u.terms_accepted_at IS NOT NULL AS terms, u.kyc_tier, u.referral_code,
               a.status AS acceptor_status, coalesce(a.online, false) AS online
        FROM users u LEFT JOIN acceptors a ON a.user_id = u.id WHERE u.telegram_id = ${from.id}`;
      r = again[0];
    }
    const user: DeskUser = {
      id: Number(r.id),
      telegramId: from.id,
      language: r.language,
      frozen: r.frozen,
      isAdmin: r.is_admin || ctx.deps.config.ADMIN_CHAT_IDS.includes(from.id),
      termsAccepted: r.terms,
      acceptorStatus: r.acceptor_status ?? null,
      acceptorOnline: r.online,
      kycTier: r.kyc_tier,
      referralCode: r.referral_code,
    };
    ctx.user = user;
    ctx.lang = pickLanguage(user.language, from.language_code);
    return next();
  };
}
