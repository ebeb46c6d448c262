import type { IncomingMessage, ServerResponse } from 'node:http';
import { logger } from '../../logger.ts';
import { ApiError } from './errors.ts';
import type { FakeTelegram } from './fake.ts';
import { parseParams, readBody } from './params.ts';
import { handleWeb } from './web/routes.ts';

const log = logger.child({ module: 'fake-telegram' });

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function sendError(res: ServerResponse, e: unknown): void {
  if (e instanceof ApiError) {
    const body: Record<string, unknown> = { ok: false, error_code: e.code, description: e.description };
    if (e.parameters) body.parameters = e.parameters;
    send(res, e.code, JSON.stringify(body));
    return;
  }
  log.error({ err: e }, 'sandbox Bot API method crashed');
  send(res, 500, JSON.stringify({ ok: false, error_code: 500, description: `Internal Server Error: ${(e as Error)?.message ?? e}` }));
}

async function apiCall(tg: FakeTelegram, req: IncomingMessage, res: ServerResponse, method: string, query: string | undefined): Promise<void> {
  try {
    const body = req.method === 'GET' || req.method === 'HEAD' ? Buffer.alloc(0) : await readBody(req);
    const params = parseParams(req.headers['content-type'], body, query);
    const io = { onAbort: (fn: () => void) => res.once('close', () => { if (!res.writableEnded) fn(); }) };
    const result = await tg.callApi(method, params, io);
    if (!res.destroyed) send(res, 200, `{"ok":true,"result":${JSON.stringify(result)}}`);
  } catch (e) {
    if (!res.destroyed) sendError(res, e);
  }
}

function download(tg: FakeTelegram, res: ServerResponse, path: string): void {
  const f = tg.files.byFilePath(decodeURIComponent(path));
  if (!f) {
    send(res, 404, JSON.stringify({ ok: false, error_code: 404, description: 'Not Found' }));
    return;
  }
  res.writeHead(200, { 'content-type': f.mime_type, 'content-length': f.bytes.length });
  res.end(f.bytes);
}

/**
 * The node:http handler: Bot API at /bot<token>/<method>, files at /file/bot<token>/<path>,
 * the web chat everywhere else.
 */
export function createHandler(tg: FakeTelegram): (req: IncomingMessage, res: ServerResponse) => void {
  const apiPrefix = `/bot${tg.token}/`;
  const filePrefix = `/file/bot${tg.token}/`;
  return (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const query = q === -1 ? undefined : url.slice(q + 1);
    if (path.startsWith(apiPrefix)) {
      const method = path.slice(apiPrefix.length);
      if (!method || method.includes('/')) return send(res, 404, JSON.stringify({ ok: false, error_code: 404, description: 'Not Found' }));
      void apiCall(tg, req, res, method, query);
      return;
    }
    if (path.startsWith(filePrefix)) return download(tg, res, path.slice(filePrefix.length));
    if (path.startsWith('/bot') || path.startsWith('/file/bot')) {
      req.resume();
      return send(res, 401, JSON.stringify({ ok: false, error_code: 401, description: 'Unauthorized' }));
    }
    handleWeb(tg, req, res, path, query).catch((e) => {
      log.error({ err: e }, 'web chat request failed');
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: String((e as Error)?.message ?? e) }));
    });
  };
}
