import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';
import { acceptedLanguages, negotiateLanguages } from '@fluent/langneg';

export const PAGE_LOCALES = ['en', 'zh-CN'] as const;
export type PageLocale = (typeof PAGE_LOCALES)[number];

const localesDir = fileURLToPath(new URL('../locales/', import.meta.url));

function load(locale: PageLocale, file: string): FluentBundle {
  const bundle = new FluentBundle(locale, { useIsolating: false });
  const errors = bundle.addResource(new FluentResource(readFileSync(`${localesDir}${locale}/${file}`, 'utf8')));
  if (errors.length) throw new Error(`locales/${locale}/${file}: ${errors.map((e) => e.message).join('; ')}`);
  return bundle;
}

export type Translate = (id: string, args?: Record<string, FluentVariable>) => string;

/** Fluent bundles for one feature file (e.g. payin.ftl), with negotiation and an English fallback. */
export function pageStrings(file: string) {
  const bundles = new Map<PageLocale, FluentBundle>(PAGE_LOCALES.map((l) => [l, load(l, file)]));
  const pick = (requested: string[]): PageLocale =>
    negotiateLanguages(requested, [...PAGE_LOCALES], { defaultLocale: 'en', strategy: 'lookup' })[0] as PageLocale;
  return {
    /** ?lang= wins over Accept-Language; anything unknown falls back to English. */
    negotiate(lang: string | undefined, acceptLanguage: string | undefined): PageLocale {
      if (lang) return pick([lang]);
      return pick(acceptedLanguages(acceptLanguage ?? ''));
    },
    t(locale: PageLocale): Translate {
      return (id, args) => {
        for (const b of [bundles.get(locale)!, bundles.get('en')!]) {
          const m = b.getMessage(id);
          if (m?.value) return b.formatPattern(m.value, args);
        }
        throw new Error(`missing message ${id}`);
      };
    },
  };
}
