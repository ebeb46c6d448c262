import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeTelegram } from '../fake.ts';
import type { Persona } from '../options.ts';
import { readBody } from '../params.ts';
import { handleControl } from './control.ts';
import { renderPage } from './page.ts';

const asset = (name: string) => readFileSync(new URL(name, import.meta.url));
const ASSETS: Record<string, { body: Buffer; type: string }> = {
  '/_sandbox/chat.js': { body: asset('./chat.js'), type: 'text/javascript; charset=utf-8' },
  '/_sandbox/chat.css': { body: asset('./chat.css'), type: 'text/css; charset=utf-8' },
};
const MAX_UPLOAD = 20 * 1024 * 1024;

function json(res: ServerResponse, status: number, body: unknown): void {
  const s = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(s), 'cache-control': 'no-store' });
  res.end(s);
}

/** Live change notifications for open web chats (server-sent events). */
class EventStreams {
  private readonly clients = new Set<ServerResponse>();
  private off?: () => void;
  private ping?: NodeJS.Timeout;

  constructor(private readonly tg: FakeTelegram) {}

  add(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    this.clients.add(res);
    res.on('close', () => {
      this.clients.delete(res);
      if (!this.clients.size) this.stop();
    });
    if (!this.off) {
      this.off = this.tg.state.onChange((e) => {
        const fromBot = (e.type === 'message' || e.type === 'edit') && !!e.message.msg.from?.is_bot;
        const line = `data: ${JSON.stringify({ type: e.type, chatId: e.chatId, fromBot })}\n\n`;
        for (const c of this.clients) c.write(line);
      });
      this.ping = setInterval(() => {
        for (const c of this.clients) c.write(': ping\n\n');
      }, 20_000);
      this.ping.unref();
    }
  }

  private stop(): void {
    this.off?.();
    this.off = undefined;
    clearInterval(this.ping);
  }

  close(): void {
    for (const c of this.clients) c.end();
    this.clients.clear();
    this.stop();
  }
}

const streams = new WeakMap<FakeTelegram, EventStreams>();

function personaOf(tg: FakeTelegram, key: string | null): Persona | undefined {
  return key ? tg.personas.find((p) => p.key === key) : tg.personas[0];
}

async function bodyJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const b = await readBody(req);
  return b.length ? (JSON.parse(b.toString('utf8')) as Record<string, unknown>) : {};
}

/** The web chat: the page, its assets, and the JSON endpoints chat.js calls. */
export async function handleWeb(tg: FakeTelegram, req: IncomingMessage, res: ServerResponse, path: string, query: string | undefined): Promise<void> {
  const q = new URLSearchParams(query ?? '');
  const a = ASSETS[path];
  if (a && req.method === 'GET') {
    res.writeHead(200, { 'content-type': a.type, 'content-length': a.body.length, 'cache-control': 'no-cache' });
    res.end(a.body);
    return;
  }
  if (path === '/' && req.method === 'GET') {
    const persona = personaOf(tg, q.get('as'));
    if (!persona) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(tg.personas.length ? `unknown persona ${q.get('as')}` : 'no personas configured');
      return;
    }
    const body = renderPage(tg, persona, Number(q.get('chat') ?? persona.user.id));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
    res.end(body);
    return;
  }
  if (path === '/_sandbox/api/events' && req.method === 'GET') {
    let s = streams.get(tg);
    if (!s) {
      const created = new EventStreams(tg);
      streams.set(tg, (s = created));
      const prev = tg.webClose;
      tg.webClose = () => {
        prev?.();
        created.close();
      };
    }
    s.add(res);
    return;
  }
  if (path.startsWith('/_sandbox/file/') && req.method === 'GET') {
    const f = tg.files.get(decodeURIComponent(path.slice('/_sandbox/file/'.length)));
    if (!f) return json(res, 404, { error: 'no such file' });
    res.writeHead(200, { 'content-type': f.mime_type, 'content-length': f.bytes.length, 'cache-control': 'max-age=3600' });
    res.end(f.bytes);
    return;
  }
  if (path.startsWith('/_sandbox/control/')) return handleControl(tg, req, res, path, q);
  if (!path.startsWith('/_sandbox/api/')) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found');
    return;
  }

  const persona = personaOf(tg, q.get('as'));
  try {
    switch (`${req.method} ${path}`) {
      case 'GET /_sandbox/api/chat': {
        if (!persona) return json(res, 404, { error: 'unknown persona' });
        const chatId = Number(q.get('chat') ?? persona.user.id);
        if (!tg.chatsOf(persona.user).some((c) => c.id === chatId)) return json(res, 403, { error: 'persona is not in this chat' });
        return json(res, 200, {
          me: persona.user.id,
          bot: tg.bot.id,
          messages: tg.history(chatId),
          replyKeyboard: tg.replyKeyboard(chatId) ?? null,
          forceReplyTo: tg.state.chats.get(chatId)?.forceReplyTo ?? null,
          commands: tg.commands({ type: 'default' }, '').concat(persona.user.language_code ? tg.commands({ type: 'default' }, persona.user.language_code) : []),
        });
      }
      case 'POST /_sandbox/api/send': {
        const b = await bodyJson(req);
        const p = personaOf(tg, String(b.as));
        if (!p) return json(res, 404, { error: 'unknown persona' });
        const text = String(b.text ?? '').trim();
        if (!text) return json(res, 400, { error: 'empty message' });
        const chat = tg.state.chats.get(Number(b.chat));
        const replyTo = b.replyTo ? Number(b.replyTo) : chat?.forceReplyTo !== undefined && chat.messages.has(chat.forceReplyTo) ? chat.forceReplyTo : undefined;
        const m = tg.sendText(p.user, Number(b.chat), text, replyTo ? { replyTo } : {});
        if (chat) chat.forceReplyTo = undefined;
        return json(res, 200, { message_id: m.message_id });
      }
      case 'POST /_sandbox/api/photo': {
        if (!persona) return json(res, 404, { error: 'unknown persona' });
        if (Number(req.headers['content-length'] ?? 0) > MAX_UPLOAD) return json(res, 413, { error: 'photo too large (20 MB max)' });
        const bytes = await readBody(req);
        if (!bytes.length) return json(res, 400, { error: 'empty upload' });
        const m = tg.sendPhoto(persona.user, Number(q.get('chat')), bytes, q.get('caption') || undefined);
        return json(res, 200, { message_id: m.message_id });
      }
      case 'POST /_sandbox/api/press': {
        const b = await bodyJson(req);
        const p = personaOf(tg, String(b.as));
        if (!p) return json(res, 404, { error: 'unknown persona' });
        const answer = await tg.pressButton(p.user, Number(b.chat), Number(b.message), String(b.data), { timeoutMs: 15_000 });
        return json(res, 200, { answer });
      }
      case 'POST /_sandbox/api/action': {
        const b = await bodyJson(req);
        const p = personaOf(tg, String(b.as));
        const action = tg.extraActions.find((x) => x.id === b.id);
        if (!p || !action) return json(res, 404, { error: 'unknown persona or action' });
        const result = await action.run(p, tg);
        return json(res, 200, { message: typeof result === 'string' ? result : `${action.label}: done` });
      }
      default:
        return json(res, 404, { error: 'Not Found' });
    }
  } catch (e) {
    return json(res, 400, { error: (e as Error)?.message ?? String(e) });
  }
}
