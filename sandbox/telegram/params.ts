import type { IncomingMessage } from 'node:http';
import { badRequest } from './errors.ts';

// An uploaded file part of a multipart request.
export interface UploadedFile {
  bytes: Buffer;
  filename?: string;
  contentType?: string;
}

type Raw = Record<string, unknown>;

/**
 * Parameters of one API call. Telegram accepts the same parameter as a JSON value, or as a
 * string holding JSON (urlencoded and multipart bodies), so every accessor accepts both.
 */
export class Params {
  constructor(
    readonly raw: Raw,
    private readonly files: Map<string, UploadedFile> = new Map(),
  ) {}

  has(name: string): boolean {
    return this.raw[name] !== undefined && this.raw[name] !== null && this.raw[name] !== '';
  }

  str(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }

  requireStr(name: string, missing = `${name} is empty`): string {
    const v = this.str(name);
    if (v === undefined || v === '') throw badRequest(missing);
    return v;
  }

  int(name: string): number | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isSafeInteger(n)) throw badRequest(`field "${name}" must be of type Integer`);
    return n;
  }

  requireInt(name: string, missing = `${name} is empty`): number {
    const n = this.int(name);
    if (n === undefined) throw badRequest(missing);
    return n;
  }

  bool(name: string): boolean {
    const v = this.raw[name];
    return v === true || v === 'true' || v === 1 || v === '1';
  }

  json<T>(name: string): T | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') return v as T;
    try {
      return JSON.parse(v) as T;
    } catch {
      throw badRequest(`can't parse ${name} JSON object`);
    }
  }

  /** chat_id as a number, or an "@username" string. */
  chatId(name = 'chat_id'): number | string {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') throw badRequest(`${name} is empty`);
    if (typeof v === 'number') return v;
    const s = String(v);
    if (/^-?\d+$/.test(s)) return Number(s);
    return s;
  }

  /** An InputFile parameter: an upload (attach:// or a direct file part) or a string (file_id / URL). */
  file(name: string): UploadedFile | string | undefined {
    const direct = this.files.get(name);
    if (direct) return direct;
    const v = this.str(name);
    if (v === undefined || v === '') return undefined;
    if (v.startsWith('attach://')) {
      const f = this.files.get(v.slice('attach://'.length));
      if (!f) throw badRequest(`file for ${v} not found in the request`);
      return f;
    }
    return v;
  }
}

// Event listeners rather than `for await`: the async iterator costs more per request.
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Decodes a request into Params: query string, then JSON, urlencoded or multipart body. */
export function parseParams(contentType: string | undefined, body: Buffer, query: string | undefined): Params {
  const raw: Raw = {};
  if (query) for (const [k, v] of new URLSearchParams(query)) raw[k] = v;
  if (body.length === 0) return new Params(raw);
  const ct = (contentType ?? '').toLowerCase();
  if (ct.startsWith('application/json') || (!ct && body[0] === 0x7b)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest("can't parse JSON body");
    }
    if (parsed && typeof parsed === 'object') Object.assign(raw, parsed);
    return new Params(raw);
  }
  if (ct.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) raw[k] = v;
    return new Params(raw);
  }
  if (ct.startsWith('multipart/form-data')) {
    const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
    if (!m) throw badRequest('multipart body without boundary');
    const files = new Map<string, UploadedFile>();
    for (const part of parseMultipart(body, m[1] ?? m[2].trim())) {
      if (part.filename !== undefined) files.set(part.name, { bytes: part.data, filename: part.filename, contentType: part.contentType });
      else raw[part.name] = part.data.toString('utf8');
    }
    return new Params(raw, files);
  }
  throw badRequest(`unsupported content type ${contentType}`);
}

interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

// Hand-written because undici's FormData parser rejects grammY's compact part headers
// (`content-disposition:form-data;name="x";filename=y`).
export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delim = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delim);
  while (pos !== -1) {
    let start = pos + delim.length;
    if (body[start] === 0x2d && body[start + 1] === 0x2d) break; // closing --boundary--
    if (body[start] === 0x0d) start += 2;
    else if (body[start] === 0x0a) start += 1;
    const next = body.indexOf(delim, start);
    if (next === -1) break;
    let end = next;
    if (body[end - 1] === 0x0a) end--;
    if (body[end - 1] === 0x0d) end--;
    let headerEnd = body.indexOf('\r\n\r\n', start);
    let sepLen = 4;
    if (headerEnd === -1 || headerEnd > end) {
      headerEnd = body.indexOf('\n\n', start);
      sepLen = 2;
    }
    if (headerEnd !== -1 && headerEnd <= end) {
      const headers = body.subarray(start, headerEnd).toString('utf8');
      const disp = /content-disposition\s*:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
      const name = /\bname\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(disp);
      const filename = /\bfilename\s*=\s*(?:"([^"]*)"|([^;\r\n]+))/i.exec(disp);
      const ctype = /content-type\s*:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim();
      if (name) {
        parts.push({
          name: name[1] ?? name[2],
          filename: filename ? (filename[1] ?? filename[2].trim()) : undefined,
          contentType: ctype,
          data: body.subarray(headerEnd + sepLen, end),
        });
      }
    }
    pos = next;
  }
  return parts;
}
