import { ApiError } from './errors.ts';
import type { FakeTelegram } from './fake.ts';
import { parseParams } from './params.ts';

async function bytesOf(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const c of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c));
    return Buffer.concat(chunks);
  }
  return Buffer.from(await new Response(body as BodyInit).arrayBuffer());
}

/**
 * A `fetch` that answers Bot API calls without a socket — for grammY's `client.fetch`
 * when a test or benchmark wants the bot and the fake in one process with no HTTP in
 * between. Same semantics as the HTTP server (URL layout, bodies, errors).
 */
export function inProcessFetch(tg: FakeTelegram): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const prefix = `/bot${tg.token}/`;
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (!url.pathname.startsWith(prefix)) return json(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const headers = new Headers(init?.headers as HeadersInit | undefined);
    try {
      const params = parseParams(headers.get('content-type') ?? undefined, await bytesOf(init?.body), url.search.slice(1) || undefined);
      const signal = init?.signal;
      const io = { onAbort: (fn: () => void) => signal?.addEventListener('abort', fn, { once: true }) };
      const result = await tg.callApi(url.pathname.slice(prefix.length), params, io);
      if (signal?.aborted) throw signal.reason ?? new DOMException('aborted', 'AbortError');
      return json(200, { ok: true, result });
    } catch (e) {
      if (e instanceof ApiError) return json(e.code, { ok: false, error_code: e.code, description: e.description, ...(e.parameters ? { parameters: e.parameters } : {}) });
      throw e;
    }
  }) as typeof fetch;
}
