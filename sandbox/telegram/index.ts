import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeTelegram } from './fake.ts';
import type { FakeTelegramOptions } from './options.ts';
import { createHandler } from './server.ts';

export { ApiError } from './errors.ts';
export type { CallbackAnswer } from './callbacks.ts';
export type { ChatMessage } from './state.ts';
export type { SendRecord, RateLimits } from './rate.ts';
export type { MethodHandler, CallIO } from './methods/index.ts';
export { Params } from './params.ts';
export { inProcessFetch } from './inprocess.ts';
export { FakeTelegram } from './fake.ts';
export {
  DEFAULT_ACCEPTORS_GROUP_ID,
  DEFAULT_GROUPS,
  DEFAULT_PERSONAS,
  DEFAULT_TOKEN,
  type BotCall,
  type ExtraAction,
  type FakeTelegramOptions,
  type GroupSpec,
  type Persona,
  type PersonaSpec,
  type UserRef,
  type UserSpec,
  type WaitForMessageOptions,
} from './options.ts';

export interface StartOptions extends FakeTelegramOptions {
  /** 0 (default) = a free port. */
  port?: number;
  host?: string;
}

/** A fake Telegram without a listening socket: call `callApi` directly, or mount `handler`. */
export function createFakeTelegram(opts: FakeTelegramOptions = {}): { tg: FakeTelegram; handler: ReturnType<typeof createHandler> } {
  const tg = new FakeTelegram(opts);
  return { tg, handler: createHandler(tg) };
}

/**
 * Starts the local Telegram on loopback. Give the bot `client: { apiRoot: tg.apiRoot }` and
 * `tg.token`; open `tg.url` in a browser for the web chat.
 */
export async function startFakeTelegram(opts: StartOptions = {}): Promise<FakeTelegram> {
  const { tg, handler } = createFakeTelegram(opts);
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0, noDelay: true }, handler);
  server.headersTimeout = 66_000;
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  tg.apiRoot = base;
  tg.url = `${base}/`;
  tg.stopServer = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return tg;
}
