import type { Ctx } from '../env.ts';
import { t } from '../strings.ts';
import { logger } from '../../logger.ts';

const PLACEHOLDER = (label: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="300" viewBox="0 0 480 300">
<rect width="480" height="300" fill="#eef1f6"/><rect x="190" y="95" width="100" height="76" rx="8" fill="none" stroke="#9aa3b5" stroke-width="4"/>
<circle cx="240" cy="133" r="18" fill="none" stroke="#9aa3b5" stroke-width="4"/>
<text x="240" y="215" font-family="system-ui,sans-serif" font-size="16" fill="#6b7385" text-anchor="middle">${label}</text></svg>`;

const SAFE_TYPES = /^(image\/(png|jpeg|gif|webp)|application\/pdf)$/;

/** Streams a Telegram file through the lead's callback; a placeholder when there is none. */
export async function streamFile(c: Ctx, fileId: string) {
  const fetchFile = c.get('deps').fetchTelegramFile;
  const placeholder = () => c.body(PLACEHOLDER(t.files.unavailable), 200, { 'content-type': 'image/svg+xml', 'cache-control': 'no-store' });
  if (!fetchFile) return placeholder();
  let file;
  try {
    file = await fetchFile(fileId);
  } catch (e) {
    logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'admin: telegram file fetch failed');
    return placeholder();
  }
  if (!file) return placeholder();
  const type = file.contentType && SAFE_TYPES.test(file.contentType) ? file.contentType : 'application/octet-stream';
  const headers: Record<string, string> = { 'content-type': type, 'cache-control': 'private, max-age=300' };
  if (type === 'application/octet-stream') headers['content-disposition'] = 'attachment';
  return c.body(file.body as any, 200, headers);
}
