import { I18n } from '@grammyjs/i18n';
import { fileURLToPath } from 'node:url';
import type { BaseContext } from './context.ts';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const LOCALES_DIR = fileURLToPath(new URL('../locales', import.meta.url));

/** Maps a stored preference or Telegram's language_code onto a language we ship. */
export function pickLanguage(stored: string | null | undefined, telegramCode?: string): Lang {
  for (const c of [stored, telegramCode]) {
    if (!c) continue;
    if ((LANGUAGES as readonly string[]).includes(c)) return c as Lang;
    if (c.toLowerCase().startsWith('zh')) return 'zh-CN';
    if (c.toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
}

let shared: I18n<BaseContext> | undefined;

/** One Fluent instance per process: the .ftl files are parsed once. */
export function getI18n(): I18n<BaseContext> {
  if (shared) return shared;
  const i18n = new I18n<BaseContext>({
    defaultLocale: 'en',
    // Bidi isolation marks would end up inside amounts and ids users copy.
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => ctx.lang,
  });
  i18n.loadLocalesDirSync(LOCALES_DIR);
  shared = i18n;
  return i18n;
}

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

export function translator(lang: string): Translate {
  const i18n = getI18n();
  return (key, vars) => i18n.t(lang, key, vars);
}
