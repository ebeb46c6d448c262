// The desk as one process: database, bot, admin panel, merchant API and jobs.
// `npm run serve` runs it against real Telegram; sandbox/start.ts runs it with the local one.
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { loadConfig, type Config } from './config.ts';
import { logger } from './logger.ts';
import { connect, type Database } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { startEmbedded, type EmbeddedCluster } from './db/embedded.ts';
import { serve } from '@hono/node-server';
import { startBot, createWebhookApp, type RunningBot } from './bot/index.ts';
import { pruneBotState } from './bot/maintenance.ts';
import { startAdminServer } from './admin/index.ts';
import { startApiServer } from './api/server.ts';
import { startScheduler, type Job } from './jobs/scheduler.ts';
import { coreJobs } from './jobs/core.ts';
import { startWebhookWorker } from './jobs/webhooks.ts';
import { chainJobsFromConfig } from './jobs/chainFromConfig.ts';

export interface DeskOptions {
  /** Bot API root and token; the sandbox passes its local Telegram here. */
  telegram?: { apiRoot: string; token: string };
  /** Extra scheduled jobs (chain watchers, …). */
  jobs?: (database: Database) => Job[];
  /** Called once the database is migrated, before anything serves (sandbox seeding). */
  beforeServe?: (database: Database) => Promise<void>;
}

export interface RunningDesk {
  config: Config;
  database: Database;
  adminUrl: string;
  apiUrl: string;
  bot?: RunningBot;
  stop(): Promise<void>;
}

/** Starts every part; `stop()` shuts them down in reverse order. */
export async function startDesk(config: Config, opts: DeskOptions = {}): Promise<RunningDesk> {
  logger.level = config.LOG_LEVEL;
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((e) => logger.error({ err: e }, 'stop failed'));
  };
  try {
    let url = config.DATABASE_URL;
    if (!url) {
      const cluster: EmbeddedCluster = await startEmbedded(resolve(config.DATA_DIR, 'pg'), config.EMBEDDED_PG_PORT);
      stops.push(() => cluster.stop());
      url = cluster.url('postgres');
      logger.info({ port: cluster.port, dir: resolve(config.DATA_DIR, 'pg') }, 'embedded PostgreSQL started');
    }
    const database = connect(url, { max: 20 });
    stops.push(() => database.close());
    await migrate(database);
    await opts.beforeServe?.(database);

    const telegram = opts.telegram ?? (config.BOT_TOKEN ? { apiRoot: config.TELEGRAM_API_ROOT, token: config.BOT_TOKEN } : undefined);
    let bot: RunningBot | undefined;
    if (telegram) {
      bot = await startBot({ sql: database.sql, db: database.db, config, token: telegram.token, apiRoot: telegram.apiRoot });
      stops.push(() => bot!.stop());
      if (config.BOT_MODE === 'webhook') {
        const hook = createWebhookApp(bot.bot, { secretToken: config.WEBHOOK_SECRET!, path: new URL(config.WEBHOOK_URL!).pathname });
        const server = serve({ fetch: hook.fetch, port: config.WEBHOOK_PORT, hostname: config.HTTP_HOST });
        stops.push(() => new Promise((res) => server.close(() => res())));
        await bot.bot.api.setWebhook(config.WEBHOOK_URL!, { secret_token: config.WEBHOOK_SECRET, allowed_updates: ['message', 'callback_query', 'my_chat_member'] });
        logger.info({ url: config.WEBHOOK_URL, port: config.WEBHOOK_PORT }, 'telegram webhook set');
      }
    } else {
      logger.warn('no BOT_TOKEN: the bot is not started');
    }
    const fetchTelegramFile = bot
      ? async (fileId: string) => {
          const file = await bot!.bot.api.getFile(fileId);
          if (!file.file_path) return null;
          const res = await fetch(`${telegram!.apiRoot}/file/bot${telegram!.token}/${file.file_path}`);
          return res.ok ? { body: await res.arrayBuffer(), contentType: res.headers.get('content-type') ?? 'image/jpeg' } : null;
        }
      : undefined;
    const admin = await startAdminServer(
      { sql: database.sql, db: database.db, config, notify: () => bot?.notifier.kick(), fetchTelegramFile },
      { host: config.HTTP_HOST, port: config.ADMIN_PORT },
    );
    stops.push(() => admin.close());
    const api = await startApiServer({ sql: database.sql, db: database.db, config }, { port: config.API_PORT, hostname: config.HTTP_HOST });
    stops.push(() => api.close());

    if (config.JOBS_ENABLED) {
      // Without sandbox jobs, the chain watchers and withdrawal senders come from config (none if no chain is set).
      const chain = opts.jobs ? undefined : chainJobsFromConfig(database.sql, config, logger);
      const botJobs: Job[] = bot ? [{ name: 'bot-state-prune', schedule: '0 30 3 * * *', run: () => pruneBotState(database.sql) }] : [];
      const scheduler = startScheduler([...coreJobs(database.sql, logger), ...botJobs, ...(opts.jobs?.(database) ?? chain?.jobs ?? [])], logger);
      stops.push(() => scheduler.stop());
      if (chain) stops.push(async () => chain.stop());
      const webhooks = startWebhookWorker({ sql: database.sql, config, publicUrl: config.PUBLIC_API_URL ?? api.url });
      stops.push(() => webhooks.stop());
    }
    return { config, database, adminUrl: admin.url, apiUrl: api.url, bot, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Ctrl-C / SIGTERM stop everything cleanly, once. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (sig: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ sig }, 'stopping');
    stop().then(() => process.exit(0), (e) => { logger.error({ err: e }, 'stop failed'); process.exit(1); });
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const config = loadConfig();
  const desk = await startDesk(config);
  logger.info({ admin: desk.adminUrl, api: desk.apiUrl }, 'otc-desk running');
  stopOnSignals(desk.stop);
}
