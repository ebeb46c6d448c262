// `npm start`: the whole desk on loopback with nothing installed — embedded PostgreSQL,
// the local Telegram with its web chat, the admin panel, the merchant API and the jobs.
// With BOT_TOKEN set it runs against real Telegram instead (and seeds nothing).
import { loadConfig } from '../config.ts';
import { logger } from '../logger.ts';
import { startDesk, stopOnSignals, type DeskOptions } from '../main.ts';
import { startFakeTelegram, DEFAULT_PERSONAS, DEFAULT_ACCEPTORS_GROUP_ID, type FakeTelegram } from './telegram/index.ts';
import { seedDemoDesk } from './seed.ts';
import { seedSandboxAdmin } from '../admin/index.ts';
import { sandboxChain, type SandboxChain } from './chain.ts';

const config = loadConfig();
const stops: (() => Promise<void>)[] = [];
let tg: FakeTelegram | undefined;
let chain: SandboxChain | undefined;
const opts: DeskOptions = {};

if (!config.BOT_TOKEN) {
  config.ACCEPTORS_GROUP_ID ??= DEFAULT_ACCEPTORS_GROUP_ID;
  if (!config.ADMIN_CHAT_IDS.length) config.ADMIN_CHAT_IDS = DEFAULT_PERSONAS.filter((p) => p.key === 'admin').map((p) => p.id);
  chain = await sandboxChain(config);
  stops.push(() => chain!.stop());
  // The demo personas have "started" the bot, so it may write to them first, as it could on Telegram.
  tg = await startFakeTelegram({ port: config.SANDBOX_PORT, host: config.HTTP_HOST, extraActions: chain.extraActions(), personasStarted: true });
  stops.push(() => tg!.close());
  opts.telegram = { apiRoot: tg.apiRoot, token: tg.token };
  opts.beforeServe = async (database) => {
    await seedDemoDesk(database.sql, DEFAULT_PERSONAS);
    chain!.attach(database);
  };
  opts.jobs = (database) => chain!.jobs(database);
}

const desk = await startDesk(config, opts);
stops.unshift(() => desk.stop());
const admin = await seedSandboxAdmin(desk.database.sql);

const lines = [
  '',
  'otc-desk sandbox is running (loopback only):',
  tg ? `  web chat (trader, acceptors, admin)  ${tg.url}` : `  bot                                  @${desk.bot?.bot.botInfo.username ?? '—'} on real Telegram`,
  `  admin panel                          ${desk.adminUrl}`,
  `    login ${admin.email} / ${admin.password}, TOTP secret ${admin.totpSecret} (current code ${admin.currentCode()})`,
  `  merchant API                         ${desk.apiUrl}/docs`,
  ...(chain ? chain.describe() : []),
  `  database                             ${config.DATABASE_URL ? 'DATABASE_URL' : `embedded PostgreSQL, data in ${config.DATA_DIR}/pg`}`,
  'Ctrl-C stops everything.',
  '',
];
console.log(lines.join('\n'));
logger.info('sandbox ready');
stopOnSignals(async () => {
  for (const s of stops) await s().catch((e) => logger.error({ err: e }, 'stop failed'));
});
