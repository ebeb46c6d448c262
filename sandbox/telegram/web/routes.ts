import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeTelegram } from '../fake.ts';

export async function handleWeb(tg: FakeTelegram, req: IncomingMessage, res: ServerResponse, path: string, query: string | undefined): Promise<void> {
  res.writeHead(404).end();
}
