import { Keyboard } from 'grammy';
import { LANGUAGES, translator } from './i18n.ts';

/** Main-menu entries: the reply keyboard shows their translated labels. */
export const MENU = ['buy', 'sell', 'wallet', 'orders', 'methods', 'profile', 'acceptor', 'language'] as const;
export type MenuEntry = (typeof MENU)[number];

export function mainMenu(lang: string): Keyboard {
  const t = translator(lang);
  return new Keyboard()
    .text(t('menu-buy')).text(t('menu-sell')).row()
    .text(t('menu-wallet')).text(t('menu-orders')).row()
    .text(t('menu-methods')).text(t('menu-profile')).row()
    .text(t('menu-acceptor')).text(t('menu-language'))
    .resized()
    .persistent();
}

let labels: Map<string, MenuEntry> | undefined;

/** Which entry a typed text is, in any language (a user may switch language mid-way). */
export function menuEntry(text: string | undefined): MenuEntry | undefined {
  if (!text) return undefined;
  if (!labels) {
    labels = new Map();
    for (const lang of LANGUAGES) {
      const t = translator(lang);
      for (const m of MENU) labels.set(t(`menu-${m}`), m);
    }
  }
  return labels.get(text.trim());
}
