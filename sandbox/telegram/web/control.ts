import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeTelegram } from '../fake.ts';
import type { GroupSpec, UserSpec } from '../options.ts';
import { readBody } from '../params.ts';

function json(res: ServerResponse, status: number, body: unknown): void {
  const s = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(s) });
  res.end(s);
}

/**
 * The user-acting API over HTTP, for driving a fake that runs in another process
 * (benchmarks on several cores, tools that are not JavaScript). Loopback only, like the rest.
 */
export async function handleControl(tg: FakeTelegram, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
  const body = req.method === 'POST' ? await readBody(req) : undefined;
  const b = body?.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
  try {
    switch (`${req.method} ${path}`) {
      case 'POST /_sandbox/control/users':
        return json(res, 200, { users: (b.users as UserSpec[]).map((u) => tg.createUser(u)) });
      case 'POST /_sandbox/control/groups':
        return json(res, 200, { chat: tg.createGroup(b as unknown as GroupSpec) });
      case 'POST /_sandbox/control/messages': {
        const list = b.messages as { user: number | string; chat?: number; text: string }[];
        const ids = list.map((m) => tg.sendText(m.user, m.chat ?? tg.user(m.user).id, m.text).message_id);
        return json(res, 200, { message_ids: ids });
      }
      case 'POST /_sandbox/control/press': {
        const answer = await tg.pressButton(b.user as number, Number(b.chat), Number(b.message), String(b.data), { timeoutMs: Number(b.timeoutMs ?? 5000) });
        return json(res, 200, { answer });
      }
      case 'GET /_sandbox/control/history':
        return json(res, 200, { messages: tg.history(Number(query.get('chat'))) });
      case 'GET /_sandbox/control/stats':
        return json(res, 200, { calls: tg.calls, sent: tg.sendLog.length, pendingUpdates: tg.pendingUpdates, unknownMethods: tg.unknownMethods });
      default:
        return json(res, 404, { error: 'Not Found' });
    }
  } catch (e) {
    return json(res, 400, { error: (e as Error)?.message ?? String(e) });
  }
}
