// The sandbox desk as a function, so `npm start`, end-to-end tests and the screenshot
// script start exactly the same thing: the desk, the local Telegram, the local chains.
import type { Config } from '../config.ts';
import { logger } from '../logger.ts';
import { startDesk, type DeskOptions, type RunningDesk } from '../main.ts';
import { startFakeTelegram, DEFAULT_PERSONAS, DEFAULT_ACCEPTORS_GROUP_ID, type FakeTelegram, type ExtraAction } from './telegram/index.ts';
import { seedDemoDesk } from './seed.ts';
import { seedSandboxAdmin, type SandboxAdminLogin } from '../admin/index.ts';
import { sandboxChain, type SandboxChain } from './chain.ts';

export interface RunningSandbox {
  desk: RunningDesk;
  /** The local Telegram (absent when BOT_TOKEN points at real Telegram). */
  tg?: FakeTelegram;
  chain?: SandboxChain;
  admin: SandboxAdminLogin;
  /** What `npm start` prints. */
  describe(): string[];
  stop(): Promise<void>;
}

export async function startSandbox(config: Config, opts: { chains?: boolean } = {}): Promise<RunningSandbox> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops) await s().catch((e) => logger.error({ err: e }, 'stop failed'));
  };
  try {
    let tg: FakeTelegram | undefined;
    let chain: SandboxChain | undefined;
    let panel: { url: string; login: SandboxAdminLogin } | undefined;
    // A web-chat button that tells whoever plays the admin where the panel is and how to log in.
    const adminAction: ExtraAction = {
      id: 'admin-panel',
      label: 'Admin panel: address and login',
      run: () => panel
        ? `Admin panel ${panel.url} — ${panel.login.email} / ${panel.login.password}, TOTP code now ${panel.login.currentCode()}`
        : 'The desk is still starting.',
    };
    const deskOpts: DeskOptions = {};
    if (!config.BOT_TOKEN) {
      config.ACCEPTORS_GROUP_ID ??= DEFAULT_ACCEPTORS_GROUP_ID;
      if (!config.ADMIN_CHAT_IDS.length) config.ADMIN_CHAT_IDS = DEFAULT_PERSONAS.filter((p) => p.key === 'admin').map((p) => p.id);
      if (opts.chains !== false) {
        chain = await sandboxChain(config);
        stops.push(() => chain!.stop());
      }
      // The demo personas have "started" the bot, so it may write to them first, as on Telegram.
      tg = await startFakeTelegram({ port: config.SANDBOX_PORT, host: config.HTTP_HOST, extraActions: [...(chain?.extraActions() ?? []), adminAction], personasStarted: true });
      stops.push(() => tg!.close());
      deskOpts.telegram = { apiRoot: tg.apiRoot, token: tg.token };
      deskOpts.beforeServe = async (database) => {
        await seedDemoDesk(database.sql, DEFAULT_PERSONAS);
        chain?.attach(database);
      };
      deskOpts.jobs = (database) => chain?.jobs(database) ?? [];
    }
    const desk = await startDesk(config, deskOpts);
    stops.unshift(() => desk.stop());
    const admin = await seedSandboxAdmin(desk.database.sql);
    panel = { url: desk.adminUrl, login: admin };
    const describe = () => [
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
    return { desk, tg, chain, admin, describe, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
