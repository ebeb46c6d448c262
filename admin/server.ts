import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createAdminApp } from './app.tsx';
import type { AdminDeps } from './env.ts';

/** Serves the panel on host:port (port 0 = any free port); resolves once listening. */
export async function startAdminServer(deps: AdminDeps, opts: { host?: string; port?: number } = {}): Promise<{ url: string; close: () => Promise<void> }> {
  const app = createAdminApp(deps);
  const host = opts.host ?? '127.0.0.1';
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: host, port: opts.port ?? 0 }, (info: AddressInfo) => {
      resolve({
        url: `http://${host}:${info.port}`,
        close: () => new Promise<void>((res) => { (server as any).closeAllConnections?.(); server.close(() => res()); }),
      });
    });
  });
}
