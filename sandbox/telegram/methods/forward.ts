import type { Message } from 'grammy/types';
import { badRequest } from '../errors.ts';
import type { FakeTelegram } from '../fake.ts';
import type { Params } from '../params.ts';
import type { StoredMessage } from '../state.ts';
import { botText, deliver, knownChat, targetChat } from './common.ts';
import type { MethodTable } from './registry.ts';

function source(tg: FakeTelegram, p: Params): StoredMessage {
  const from = tg.state.findChat(p.chatId('from_chat_id'));
  if (!from) throw badRequest('chat not found');
  const s = from.messages.get(p.requireInt('message_id', 'message identifier is not specified'));
  if (!s) throw badRequest('message to copy not found');
  return s;
}

const CONTENT = ['text', 'entities', 'photo', 'document', 'caption', 'caption_entities'] as const;

function content(m: Message): Partial<Message> {
  const out: Record<string, unknown> = {};
  for (const k of CONTENT) if (m[k] !== undefined) out[k] = m[k];
  return out as Partial<Message>;
}

export const forwardMethods: MethodTable = {
  forwardMessage(tg, p) {
    const c = targetChat(tg, p);
    const s = source(tg, p);
    const origin = s.msg.from && !s.msg.from.is_bot
      ? { type: 'user', sender_user: s.msg.from, date: s.msg.date }
      : { type: 'user', sender_user: tg.botUser, date: s.msg.date };
    const fields = { ...content(s.msg), forward_origin: origin } as Partial<Message>;
    return deliver(tg, c, 'forwardMessage', p, fields, undefined, s.raw);
  },

  copyMessage(tg, p) {
    const c = targetChat(tg, p);
    const s = source(tg, p);
    const fields = content(s.msg);
    let raw = s.raw;
    if (p.has('caption')) {
      if (fields.text !== undefined) throw badRequest("can't copy a text message with a caption");
      const f = botText(p, 'caption');
      delete fields.caption;
      delete fields.caption_entities;
      if (f) {
        fields.caption = f.text;
        if (f.entities) fields.caption_entities = f.entities;
      }
      raw = p.str('caption');
    }
    const msg = deliver(tg, c, 'copyMessage', p, fields, undefined, raw);
    return { message_id: msg.message_id };
  },

  pinChatMessage(tg, p) {
    const c = knownChat(tg, p);
    if (!c.messages.has(p.requireInt('message_id', 'message identifier is not specified'))) throw badRequest('message to pin not found');
    return true;
  },

  unpinChatMessage(tg, p) {
    knownChat(tg, p);
    return true;
  },
};
