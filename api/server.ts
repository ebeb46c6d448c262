import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApiApp, type ApiDeps } from './app.ts';

export interface RunningApi {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves the API with @hono/node-server; port 0 picks a free port (tests, bench). */
export async function startApiServer(deps: ApiDeps, opts: { port: number; hostname?: string }): Promise<RunningApi> {
  const hostname = opts.hostname ?? deps.config.HTTP_HOST;
  let server!: ServerType;
  let app: ReturnType<typeof createApiApp> | undefined;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: (req) => (app ? app.fetch(req) : new Response('starting', { status: 503 })), port: opts.port, hostname }, (info: AddressInfo) => resolve(info.port));
  });
  const url = `http://${hostname}:${port}`;
  // The public URL must be known to build payment_url; with port 0 it is only known now.
  app = createApiApp({ ...deps, publicUrl: deps.publicUrl ?? (opts.port === 0 ? url : undefined) });
  return {
    url,
    port,
    close: () =>
      new Promise<void>((res, rej) => {
        server.close((e) => (e ? rej(e) : res()));
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
