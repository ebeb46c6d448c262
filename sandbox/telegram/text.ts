import type { MessageEntity } from 'grammy/types';
import { badRequest } from './errors.ts';

export interface FormattedText {
  text: string;
  entities?: MessageEntity[];
}

const SIMPLE: Record<string, MessageEntity['type']> = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline',
  s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', 'tg-spoiler': 'spoiler',
  code: 'code', pre: 'pre', blockquote: 'blockquote',
};
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

const parseError = (raw: string, index: number, what: string) =>
  badRequest(`can't parse entities: ${what} at byte offset ${Buffer.byteLength(raw.slice(0, index))}`);

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}

interface Open {
  tag: string;
  offset: number;
  index: number;
  entity?: MessageEntity;
}

/**
 * Telegram's HTML parse mode: the supported tags become entities over the plain text, and
 * anything else is refused the way Telegram refuses it, so an unescaped "<" in user
 * input fails in tests exactly as it would in production.
 */
export function parseHtml(raw: string): FormattedText {
  let text = '';
  const entities: MessageEntity[] = [];
  const stack: Open[] = [];
  let i = 0;
  while (i < raw.length) {
    const lt = raw.indexOf('<', i);
    const chunkEnd = lt === -1 ? raw.length : lt;
    if (chunkEnd > i) text += decodeEntities(raw.slice(i, chunkEnd));
    if (lt === -1) break;
    const gt = raw.indexOf('>', lt);
    if (gt === -1) throw parseError(raw, lt, "Can't find end of the tag");
    const inner = raw.slice(lt + 1, gt);
    if (inner.startsWith('/')) {
      const name = inner.slice(1).trim().toLowerCase();
      const open = stack.pop();
      if (!open) throw parseError(raw, lt, `Unexpected end tag`);
      if (name !== open.tag) throw parseError(raw, lt, `Unmatched end tag, expected "</${open.tag}>", found "</${name}>"`);
      if (open.entity && text.length > open.offset) {
        open.entity.offset = open.offset;
        open.entity.length = text.length - open.offset;
        entities.push(open.entity);
      }
    } else {
      const m = /^([a-z][a-z0-9-]*)((?:\s+[a-z-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*$/i.exec(inner);
      if (!m) throw parseError(raw, lt, `Unsupported start tag "${inner.split(/\s/)[0]}"`);
      const tag = m[1].toLowerCase();
      const attrs: Record<string, string> = {};
      for (const a of m[2].matchAll(/([a-z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/gi)) {
        attrs[a[1].toLowerCase()] = decodeEntities(a[2] ?? a[3] ?? a[4] ?? '');
      }
      let entity: MessageEntity | undefined;
      if (tag === 'a') {
        const href = attrs.href ?? '';
        const uid = /^tg:\/\/user\?id=(\d+)$/.exec(href);
        entity = uid
          ? ({ type: 'text_mention', offset: 0, length: 0, user: { id: Number(uid[1]), is_bot: false, first_name: '' } } as MessageEntity)
          : ({ type: 'text_link', offset: 0, length: 0, url: href } as MessageEntity);
      } else if (tag === 'span') {
        if (attrs.class !== 'tg-spoiler') throw parseError(raw, lt, `Tag "span" must have class "tg-spoiler"`);
        entity = { type: 'spoiler', offset: 0, length: 0 };
      } else if (tag === 'tg-emoji') {
        entity = { type: 'custom_emoji', offset: 0, length: 0, custom_emoji_id: attrs['emoji-id'] ?? '' } as MessageEntity;
      } else if (tag === 'code' && stack.at(-1)?.tag === 'pre') {
        const pre = stack.at(-1)!.entity as MessageEntity & { language?: string };
        const lang = /^language-(.+)$/.exec(attrs.class ?? '')?.[1];
        if (lang) pre.language = lang;
      } else if (tag === 'blockquote') {
        entity = { type: 'expandable' in attrs ? 'expandable_blockquote' : 'blockquote', offset: 0, length: 0 };
      } else if (SIMPLE[tag]) {
        entity = { type: SIMPLE[tag], offset: 0, length: 0 } as MessageEntity;
      } else {
        throw parseError(raw, lt, `Unsupported start tag "${tag}"`);
      }
      stack.push({ tag, offset: text.length, index: lt, entity });
    }
    i = gt + 1;
  }
  const open = stack.pop();
  if (open) throw parseError(raw, open.index, `Can't find end tag corresponding to start tag "${open.tag}"`);
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return entities.length ? { text, entities } : { text };
}

/** Applies parse_mode (or explicit entities) to text sent by the bot. */
export function formatBotText(raw: string, parseMode: string | undefined, explicit: MessageEntity[] | undefined): FormattedText {
  if (!parseMode) return explicit?.length ? { text: raw, entities: explicit } : { text: raw };
  if (parseMode.toLowerCase() === 'html') return parseHtml(raw);
  throw badRequest(`parse_mode "${parseMode}" is not implemented by the sandbox (use HTML)`);
}

const COMMAND_OR_MENTION = /(^|[\s.,:;!?()])(\/[a-zA-Z0-9_]{1,64}(?:@[a-zA-Z0-9_]{3,32})?|@[a-zA-Z0-9_]{5,32})/g;

/** The entities Telegram's clients attach to text a user types: bot commands and mentions. */
export function userEntities(text: string): MessageEntity[] | undefined {
  let out: MessageEntity[] | undefined;
  for (const m of text.matchAll(COMMAND_OR_MENTION)) {
    const offset = m.index! + m[1].length;
    (out ??= []).push({ type: m[2][0] === '/' ? 'bot_command' : 'mention', offset, length: m[2].length });
  }
  return out;
}
