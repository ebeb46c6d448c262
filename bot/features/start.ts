import { Composer, InlineKeyboard } from 'grammy';
import { randomBytes } from 'node:crypto';
import type { BotContext } from '../context.ts';
import { LANGUAGES, translator } from '../i18n.ts';
import { mainMenu, menuEntry } from '../menu.ts';
import { applyReferral, setLanguage, acceptTerms } from '../../core/users.ts';
import { markChosen } from '../chosen.ts';

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', 'zh-CN': '简体中文' };

export function languageKeyboard(): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const l of LANGUAGES) kb.text(LANGUAGE_NAMES[l], `lang:${l}`);
  return kb;
}

async function showTerms(ctx: BotContext) {
  const t = translator(ctx.lang);
  await ctx.reply(t('start-terms'), { reply_markup: new InlineKeyboard().text(t('start-terms-accept'), 'terms:accept') });
}

export async function showMenu(ctx: BotContext, key = 'start-welcome') {
  await ctx.reply(ctx.t(key, { name: ctx.from?.first_name ?? '' }), { reply_markup: mainMenu(ctx.lang) });
}

export const COMMANDS = ['start', 'buy', 'sell', 'wallet', 'orders', 'methods', 'profile', 'acceptor', 'kyc', '2fa', 'referral', 'language', 'cancel', 'help'] as const;

/** /start: referral payload, language choice, terms, then the main menu. */
export function startFeature() {
  const c = new Composer<BotContext>();

  c.command('start', async (ctx) => {
    const user = ctx.user!;
    const { sql } = ctx.deps;
    const payload = ctx.match?.trim() ?? '';
    const ref = /^ref_([A-Za-z0-9]{4,32})$/.exec(payload);
    await sql`UPDATE users SET referral_code = ${randomBytes(5).toString('hex')} WHERE id = ${user.id} AND referral_code IS NULL`;
    if (ref) await applyReferral(sql, user.id, ref[1]);
    if (!user.language) {
      await ctx.reply(translator('en')('start-choose-language') + '\n' + translator('zh-CN')('start-choose-language'), { reply_markup: languageKeyboard() });
      return;
    }
    if (!user.termsAccepted) return showTerms(ctx);
    await showMenu(ctx);
  });

  const pickLanguage = (ctx: BotContext) => ctx.reply(ctx.t('start-choose-language'), { reply_markup: languageKeyboard() });
  c.command('language', pickLanguage);
  c.filter((ctx) => menuEntry(ctx.message?.text) === 'language', pickLanguage);

  c.callbackQuery(/^lang:(.+)$/, async (ctx) => {
    const lang = ctx.match[1];
    if (!(LANGUAGES as readonly string[]).includes(lang)) {
      await ctx.answerCallbackQuery({ text: ctx.t('error-stale-button'), show_alert: true });
      return;
    }
    await setLanguage(ctx.deps.sql, ctx.user!.id, lang);
    ctx.lang = lang;
    ctx.user!.language = lang;
    ctx.i18n.useLocale(lang);
    await ctx.answerCallbackQuery({ text: translator(lang)('start-language-set') });
    await markChosen(ctx);
    if (!ctx.user!.termsAccepted) return showTerms(ctx);
    await showMenu(ctx, 'start-language-set');
  });

  c.callbackQuery('terms:accept', async (ctx) => {
    await acceptTerms(ctx.deps.sql, ctx.user!.id);
    ctx.user!.termsAccepted = true;
    await ctx.answerCallbackQuery();
    await markChosen(ctx);
    await showMenu(ctx);
  });

  c.command('help', (ctx) => ctx.reply([ctx.t('help-title'), ...COMMANDS.map((x) => `/${x} — ${ctx.t(`cmd-${x}`)}`)].join('\n')));

  c.command('referral', async (ctx) => {
    const [r] = await ctx.deps.sql`
      UPDATE users SET referral_code = coalesce(referral_code, ${randomBytes(5).toString('hex')}) WHERE id = ${ctx.user!.id}
      RETURNING referral_code, (SELECT count(*) FROM users x WHERE x.referred_by = users.id)::int AS invited`;
    await ctx.reply(ctx.t('start-referral', { link: `https://t.me/${ctx.me.username}?start=ref_${r.referral_code}`, count: r.invited }));
  });

  return c;
}

/** Everything past /start needs a language and accepted terms. */
export function requireOnboarding() {
  const c = new Composer<BotContext>();
  c.use(async (ctx, next) => {
    if (!ctx.user || ctx.chat?.type !== 'private') return next();
    if (ctx.user.language && ctx.user.termsAccepted) return next();
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text: ctx.t('start-required'), show_alert: true });
      return;
    }
    await ctx.reply(ctx.t('start-required'));
  });
  return c;
}
