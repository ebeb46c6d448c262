import type { Message } from 'grammy/types';
import { badRequest } from '../errors.ts';
import { botText, deliver, findMessage, inlineMarkup, knownChat, NOT_MODIFIED, same, targetChat } from './common.ts';
import type { MethodTable } from './registry.ts';

export const messageMethods: MethodTable = {
  sendMessage(tg, p) {
    const c = targetChat(tg, p);
    const f = botText(p, 'text');
    if (!f) throw badRequest('message text is empty');
    const fields: Partial<Message> = { text: f.text };
    if (f.entities) fields.entities = f.entities;
    return deliver(tg, c, 'sendMessage', p, fields, f, p.str('text'));
  },

  editMessageText(tg, p) {
    const c = knownChat(tg, p);
    const s = findMessage(c, p, 'message to edit not found');
    if (s.msg.from?.id !== tg.bot.id) throw badRequest("message can't be edited");
    if (s.msg.text === undefined) throw badRequest('there is no text in the message to edit');
    const f = botText(p, 'text');
    if (!f) throw badRequest('message text is empty');
    const markup = inlineMarkup(p);
    // Like Telegram: an edit without reply_markup removes the inline keyboard.
    if (s.msg.text === f.text && same(s.msg.entities, f.entities) && same(s.msg.reply_markup, markup)) throw badRequest(NOT_MODIFIED);
    const { entities: _e, reply_markup: _r, ...rest } = s.msg as Message & Record<string, unknown>;
    const msg = { ...rest, text: f.text, edit_date: Math.floor(Date.now() / 1000) } as Message;
    if (f.entities) msg.entities = f.entities;
    if (markup) msg.reply_markup = markup;
    return tg.state.replace(c, s, msg, p.str('text'), p.str('parse_mode')).msg;
  },

  editMessageCaption(tg, p) {
    const c = knownChat(tg, p);
    const s = findMessage(c, p, 'message to edit not found');
    if (s.msg.from?.id !== tg.bot.id) throw badRequest("message can't be edited");
    if (s.msg.text !== undefined) throw badRequest('there is no caption in the message to edit');
    const f = botText(p, 'caption');
    const markup = inlineMarkup(p);
    if (s.msg.caption === f?.text && same(s.msg.caption_entities, f?.entities) && same(s.msg.reply_markup, markup)) throw badRequest(NOT_MODIFIED);
    const { caption: _c, caption_entities: _e, reply_markup: _r, ...rest } = s.msg as Message & Record<string, unknown>;
    const msg = { ...rest, edit_date: Math.floor(Date.now() / 1000) } as Message;
    if (f) msg.caption = f.text;
    if (f?.entities) msg.caption_entities = f.entities;
    if (markup) msg.reply_markup = markup;
    return tg.state.replace(c, s, msg, p.str('caption'), p.str('parse_mode')).msg;
  },

  editMessageReplyMarkup(tg, p) {
    const c = knownChat(tg, p);
    const s = findMessage(c, p, 'message to edit not found');
    if (s.msg.from?.id !== tg.bot.id) throw badRequest("message can't be edited");
    const markup = inlineMarkup(p);
    if (same(s.msg.reply_markup, markup)) throw badRequest(NOT_MODIFIED);
    const { reply_markup: _r, ...rest } = s.msg as Message & Record<string, unknown>;
    const msg = { ...rest, edit_date: Math.floor(Date.now() / 1000) } as Message;
    if (markup) msg.reply_markup = markup;
    return tg.state.replace(c, s, msg, s.raw, s.parse_mode).msg;
  },

  deleteMessage(tg, p) {
    const c = knownChat(tg, p);
    const id = p.requireInt('message_id', 'message identifier is not specified');
    const s = c.messages.get(id);
    if (!s) throw badRequest('message to delete not found');
    if (c.chat.type !== 'private' && s.msg.from?.id !== tg.bot.id) {
      const status = c.members.get(tg.bot.id);
      if (status !== 'administrator' && status !== 'creator') throw badRequest("message can't be deleted");
    }
    tg.state.remove(c, id);
    return true;
  },

  deleteMessages(tg, p) {
    const c = knownChat(tg, p);
    const ids = p.json<number[]>('message_ids');
    if (!Array.isArray(ids) || !ids.length) throw badRequest('message identifiers are not specified');
    for (const id of ids) tg.state.remove(c, Number(id));
    return true;
  },

  answerCallbackQuery(tg, p) {
    const id = p.requireStr('callback_query_id', 'query is too old and response timeout expired or query ID is invalid');
    const text = p.str('text');
    if (text && text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
    const answer: { text?: string; show_alert?: boolean; url?: string; cache_time?: number } = {};
    if (text) answer.text = text;
    if (p.bool('show_alert')) answer.show_alert = true;
    const url = p.str('url');
    if (url) answer.url = url;
    const cache = p.int('cache_time');
    if (cache !== undefined) answer.cache_time = cache;
    tg.callbacks.answer(id, answer);
    return true;
  },
};
