import type { BotCommand, MenuButton } from 'grammy/types';
import { badRequest } from '../errors.ts';
import type { Params } from '../params.ts';
import type { MethodTable } from './registry.ts';

const scopeKey = (p: Params) => `${p.str('scope') ?? '{"type":"default"}'}|${p.str('language_code') ?? ''}`;

export const settingsMethods: MethodTable = {
  getMe(tg) {
    return tg.bot;
  },

  setMyCommands(tg, p) {
    const commands = p.json<BotCommand[]>('commands');
    if (!Array.isArray(commands)) throw badRequest('commands is empty');
    if (commands.length > 100) throw badRequest('too many commands');
    for (const c of commands) {
      if (!c || typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw badRequest('BOT_COMMAND_INVALID');
      if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    }
    tg.settings.commands.set(scopeKey(p), commands.map((c) => ({ command: c.command, description: c.description })));
    return true;
  },

  getMyCommands(tg, p) {
    return tg.settings.commands.get(scopeKey(p)) ?? [];
  },

  deleteMyCommands(tg, p) {
    tg.settings.commands.delete(scopeKey(p));
    return true;
  },

  setChatMenuButton(tg, p) {
    const button = p.json<MenuButton>('menu_button') ?? { type: 'default' };
    if (!['commands', 'web_app', 'default'].includes(button.type)) throw badRequest('unsupported menu button type');
    tg.settings.menuButtons.set(p.int('chat_id') ?? 0, button);
    return true;
  },

  getChatMenuButton(tg, p) {
    const s = tg.settings.menuButtons;
    return s.get(p.int('chat_id') ?? 0) ?? s.get(0) ?? { type: 'commands' };
  },

  setMyDescription(tg, p) {
    tg.settings.description.set(p.str('language_code') ?? '', p.str('description') ?? '');
    return true;
  },

  setMyShortDescription(tg, p) {
    tg.settings.shortDescription.set(p.str('language_code') ?? '', p.str('short_description') ?? '');
    return true;
  },
};
