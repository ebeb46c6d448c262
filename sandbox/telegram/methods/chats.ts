import type { ChatMember, User } from 'grammy/types';
import { badRequest } from '../errors.ts';
import type { FakeTelegram } from '../fake.ts';
import type { ChatState } from '../state.ts';
import { knownChat, targetChat } from './common.ts';
import type { MethodTable } from './registry.ts';

const ACTIONS = new Set(['typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document', 'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note']);

export function member(tg: FakeTelegram, c: ChatState, user: User): ChatMember {
  const status = c.members.get(user.id) ?? 'left';
  const u = user.id === tg.bot.id ? tg.botUser : user;
  switch (status) {
    case 'creator':
      return { status, user: u, is_anonymous: false };
    case 'administrator':
      return {
        status, user: u, can_be_edited: false, is_anonymous: false, can_manage_chat: true, can_delete_messages: true,
        can_manage_video_chats: true, can_restrict_members: true, can_promote_members: false, can_change_info: true,
        can_invite_users: true, can_post_stories: false, can_edit_stories: false, can_delete_stories: false, can_pin_messages: true,
      } as ChatMember;
    case 'member':
      return { status, user: u };
    case 'restricted':
    case 'kicked':
      return { status: 'kicked', user: u, until_date: 0 };
    default:
      return { status: 'left', user: u };
  }
}

export const chatMethods: MethodTable = {
  getChat(tg, p) {
    const c = knownChat(tg, p);
    return { ...c.chat, accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: { unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false } };
  },

  getChatMember(tg, p) {
    const c = knownChat(tg, p);
    const user = tg.state.users.get(p.requireInt('user_id', 'user not found'));
    if (!user) throw badRequest('user not found');
    if (c.chat.type === 'private' && user.id !== c.chat.id && user.id !== tg.bot.id) throw badRequest('user not found');
    return member(tg, c, user);
  },

  getChatAdministrators(tg, p) {
    const c = knownChat(tg, p);
    const out: ChatMember[] = [];
    for (const [id, s] of c.members) if (s === 'creator' || s === 'administrator') out.push(member(tg, c, tg.state.users.get(id)!));
    return out;
  },

  getChatMemberCount(tg, p) {
    const c = knownChat(tg, p);
    let n = 0;
    for (const s of c.members.values()) if (s !== 'left' && s !== 'kicked') n++;
    return n;
  },

  sendChatAction(tg, p) {
    targetChat(tg, p);
    const action = p.requireStr('action', 'action is empty');
    if (!ACTIONS.has(action)) throw badRequest('wrong parameter action in request');
    return true;
  },
};
