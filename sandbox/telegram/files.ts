import { randomBytes } from 'node:crypto';
import type { PhotoSize } from 'grammy/types';

export interface StoredFile {
  file_id: string;
  file_unique_id: string;
  file_path: string;
  bytes: Buffer;
  mime_type: string;
  file_name?: string;
}

/** Width and height from a PNG, GIF, WebP or JPEG header; a plausible default otherwise. */
export function imageSize(b: Buffer): { width: number; height: number } {
  if (b.length > 24 && b.readUInt32BE(0) === 0x89504e47) return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b.length > 10 && b.toString('latin1', 0, 3) === 'GIF') return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  if (b.length > 30 && b.toString('latin1', 8, 12) === 'WEBP' && b.toString('latin1', 12, 16) === 'VP8 ')
    return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  if (b.length > 4 && b[0] === 0xff && b[1] === 0xd8) {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) { i++; continue; }
      const marker = b[i + 1];
      const len = b.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
        return { width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5) };
      i += 2 + len;
    }
  }
  return { width: 800, height: 600 };
}

export function sniffMime(b: Buffer, fallback = 'application/octet-stream'): string {
  if (b.length > 4 && b.readUInt32BE(0) === 0x89504e47) return 'image/png';
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8) return 'image/jpeg';
  if (b.length > 3 && b.toString('latin1', 0, 3) === 'GIF') return 'image/gif';
  if (b.length > 12 && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (b.length > 4 && b.toString('latin1', 0, 4) === '%PDF') return 'application/pdf';
  return fallback;
}

const EXT: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'application/pdf': 'pdf' };

/** Uploaded bytes by file_id, the way getFile and /file/bot<token>/<path> see them. */
export class FileStore {
  private readonly byId = new Map<string, StoredFile>();
  private readonly byPath = new Map<string, StoredFile>();
  private readonly photos = new Map<string, PhotoSize[]>();
  private seq = 0;
  private readonly salt = randomBytes(6).toString('base64url');

  put(bytes: Buffer, kind: 'photos' | 'documents', opts: { mime?: string; name?: string } = {}): StoredFile {
    const n = ++this.seq;
    const mime = opts.mime && opts.mime !== 'application/octet-stream' ? opts.mime : sniffMime(bytes);
    const ext = EXT[mime] ?? (opts.name?.split('.').pop() || 'dat');
    const prefix = kind === 'photos' ? 'AgACAgIAAxkBAA' : 'BQACAgIAAxkBAA';
    const f: StoredFile = {
      file_id: `${prefix}${this.salt}${n.toString(36)}`,
      file_unique_id: `AQAD${n.toString(36)}${this.salt.slice(0, 4)}`,
      file_path: `${kind}/file_${n}.${ext}`,
      bytes,
      mime_type: mime,
      file_name: opts.name,
    };
    this.byId.set(f.file_id, f);
    this.byPath.set(f.file_path, f);
    return f;
  }

  /** A photo as Telegram stores it: a thumbnail-sized entry and the full size, smallest first. */
  putPhoto(bytes: Buffer): PhotoSize[] {
    const full = this.put(bytes, 'photos');
    const { width, height } = imageSize(bytes);
    const sizes: PhotoSize[] = [];
    const scale = Math.min(1, 90 / Math.max(width, height));
    if (scale < 1) {
      const thumb = this.put(bytes, 'photos', { mime: full.mime_type });
      sizes.push({ file_id: thumb.file_id, file_unique_id: thumb.file_unique_id, file_size: bytes.length, width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) });
    }
    sizes.push({ file_id: full.file_id, file_unique_id: full.file_unique_id, file_size: bytes.length, width, height });
    for (const s of sizes) this.photos.set(s.file_id, sizes);
    return sizes;
  }

  /** The sizes of a photo sent earlier, by the file_id of any of its sizes. */
  photoSizes(fileId: string): PhotoSize[] | undefined {
    return this.photos.get(fileId);
  }

  get(fileId: string): StoredFile | undefined {
    return this.byId.get(fileId);
  }

  byFilePath(path: string): StoredFile | undefined {
    return this.byPath.get(path);
  }
}
