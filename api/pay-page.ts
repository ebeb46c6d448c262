import { Hono, type Context } from 'hono';
import { html, raw } from 'hono/html';
import type { Exec } from '../core/db.ts';
import { isDeskError } from '../core/errors.ts';
import { currencies } from '../core/money/currencies.ts';
import { formatUnits } from '../core/money/decimal.ts';
import { payinByToken, markPayinSent, appealPayin, payinStatus, payinReference, customerDetails, type MerchantPayin } from '../core/merchants/index.ts';
import { logger } from '../logger.ts';
import { pageStrings, PAGE_LOCALES, type PageLocale, type Translate } from './i18n.ts';

const strings = pageStrings('payin.ftl');

const STYLE = `
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;background:#f4f5f7;color:#1d2329}
main{max-width:30rem;margin:0 auto;padding:1rem}
.card{background:#fff;border-radius:12px;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.08);margin-bottom:1rem}
h1{font-size:1.2rem;margin:.25rem 0 1rem}
.amount{font-size:2rem;font-weight:700;letter-spacing:.02em}
dl{margin:0}dt{color:#5f6b7a;font-size:.85rem;margin-top:.75rem}dd{margin:0;font-weight:600;word-break:break-all}
.status{padding:.75rem 1rem;border-radius:8px;background:#eef4ff}
.status.paid{background:#e8f7ee}.status.bad{background:#fdecec}
button{width:100%;padding:1rem;font-size:1.05rem;border:0;border-radius:10px;background:#1f6feb;color:#fff;margin-top:1rem}
.hint{color:#5f6b7a;font-size:.85rem}
nav{text-align:right;font-size:.9rem}nav a{margin-left:.75rem;color:#1f6feb}
textarea{width:100%;box-sizing:border-box;margin-top:.5rem;font:inherit;padding:.5rem}
`;

function shell(locale: PageLocale, title: string, body: unknown, opts: { refresh?: boolean; token?: string } = {}) {
  const langs = PAGE_LOCALES.map((l) => html`<a href="?lang=${l}" ${l === locale ? raw('aria-current="true"') : ''}>${l === 'en' ? 'English' : '简体中文'}</a>`);
  return html`<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">${opts.refresh ? raw('<meta http-equiv="refresh" content="10">') : ''}
<title>${title}</title><style>${raw(STYLE)}</style></head>
<body><main><nav>${langs}</nav>${body}</main></body></html>`;
}

const FIELDS = new Set(['holder', 'bank', 'account', 'city', 'provider']);
const METHODS = new Set(['bank', 'alipay', 'wechat', 'cash', 'ewallet']);

function render(p: MerchantPayin, exponent: number, locale: PageLocale, t: Translate, error?: string) {
  const o = p.order;
  const status = payinStatus(o);
  const reference = payinReference(o.id);
  const note = {
    pending: ['', 'payin-status-pending'],
    awaiting_payment: ['', 'payin-status-awaiting'],
    payment_sent: ['', 'payin-status-sent'],
    paid: ['paid', 'payin-status-paid'],
    cancelled: ['bad', 'payin-status-cancelled'],
    expired: ['bad', 'payin-status-expired'],
    disputed: ['', 'payin-status-disputed'],
  }[status];
  let body = html`<div class="card"><h1>${t('payin-page-title', { reference })}</h1><p class="status ${note[0]}">${t(note[1])}</p></div>`;
  if (status === 'awaiting_payment' && o.paymentDetails) {
    const minutes = o.payDeadline ? Math.max(0, Math.ceil((new Date(o.payDeadline).getTime() - Date.now()) / 60_000)) : null;
    const details = Object.entries(customerDetails(o.paymentDetails)).map(([k, v]) =>
      html`<dt>${FIELDS.has(k) ? t(`payin-field-${k}`) : t('payin-field-other', { field: k })}</dt><dd>${v}</dd>`);
    body = html`${body}
<div class="card">
  <dl><dt>${t('payin-amount-label')}</dt><dd class="amount">${formatUnits(o.fiatAmount, exponent, false)} ${o.fiatCurrency}</dd></dl>
  <p class="hint">${t('payin-pay-exactly')}</p>
  <dl>
    <dt>${t('payin-method-label')}</dt><dd>${METHODS.has(o.paymentMethod) ? t(`payin-method-${o.paymentMethod}`) : o.paymentMethod}</dd>
    ${details}
    <dt>${t('payin-reference-label')}</dt><dd>${reference}</dd>
    ${o.payDeadline ? html`<dt>${t('payin-expires-label')}</dt><dd>${new Date(o.payDeadline).toISOString().slice(0, 16).replace('T', ' ')} UTC${minutes !== null ? html` · ${t('payin-minutes-left', { minutes })}` : ''}</dd>` : ''}
  </dl>
  <form method="post" action="/pay/${p.token}/sent?lang=${locale}">
    <button type="submit">${t('payin-button-sent')}</button>
  </form>
  <p class="hint">${t('payin-sent-confirm-hint')}</p>
</div>`;
  }
  const canAppeal = status === 'payment_sent' && o.appealAfter !== null && new Date(o.appealAfter).getTime() <= Date.now();
  if (canAppeal) {
    body = html`${body}
<div class="card">
  <h1>${t('payin-appeal-title')}</h1>
  <p class="hint">${t('payin-appeal-hint')}</p>
  ${error ? html`<p class="status bad">${t('payin-appeal-reason-missing')}</p>` : ''}
  <form method="post" action="/pay/${p.token}/appeal?lang=${locale}">
    <label for="reason">${t('payin-appeal-reason-label')}</label>
    <textarea id="reason" name="reason" rows="4" maxlength="1000" required></textarea>
    <button type="submit">${t('payin-appeal-button')}</button>
  </form>
</div>`;
  }
  // Refresh while waiting on someone else, but not under a customer typing a dispute.
  return shell(locale, t('payin-page-title', { reference }), body, { refresh: status === 'pending' || (status === 'payment_sent' && !canAppeal) });
}

function secure(c: Context) {
  // The token is in the URL: never leak it through a Referer, a cache or a frame.
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
}

/** The customer's hosted payment page: mobile-first, en + zh-CN, works without JavaScript. */
export function payPageRoutes(sql: Exec) {
  const app = new Hono();
  const localeOf = (c: Context) => strings.negotiate(c.req.query('lang'), c.req.header('accept-language'));
  const notFound = (c: Context, locale: PageLocale) => {
    const t = strings.t(locale);
    return c.html(shell(locale, t('payin-not-found-title'), html`<div class="card"><h1>${t('payin-not-found-title')}</h1><p>${t('payin-not-found')}</p></div>`), 404);
  };

  app.onError((e, c) => {
    logger.error({ err: e, path: c.req.path.replace(/\/pay\/[^/]+/, '/pay/<token>') }, 'pay page: unhandled error');
    const locale = localeOf(c);
    const t = strings.t(locale);
    secure(c);
    return c.html(shell(locale, t('payin-error-generic'), html`<div class="card"><p class="status bad">${t('payin-error-generic')}</p></div>`), 500);
  });

  app.get('/:token', async (c) => {
    secure(c);
    const locale = localeOf(c);
    const p = await payinByToken(sql, c.req.param('token'));
    if (!p) return notFound(c, locale);
    const exponent = (await currencies(sql)).get(p.order.fiatCurrency)!.exponent;
    return c.html(render(p, exponent, locale, strings.t(locale), c.req.query('error')));
  });

  app.post('/:token/sent', async (c) => {
    secure(c);
    const locale = localeOf(c);
    const token = c.req.param('token');
    try {
      await markPayinSent(sql, token);
    } catch (e) {
      if (isDeskError(e, 'not_found')) return notFound(c, locale);
      // Already marked, cancelled or expired: the page itself says which.
      if (!isDeskError(e, 'already_done') && !isDeskError(e, 'invalid_transition') && !isDeskError(e, 'too_late')) throw e;
    }
    return c.redirect(`/pay/${token}?lang=${locale}`, 303);
  });

  app.post('/:token/appeal', async (c) => {
    secure(c);
    const locale = localeOf(c);
    const token = c.req.param('token');
    const form = await c.req.parseBody();
    const reason = typeof form.reason === 'string' ? form.reason.trim().slice(0, 1000) : '';
    if (!reason) return c.redirect(`/pay/${token}?lang=${locale}&error=reason`, 303);
    try {
      await appealPayin(sql, token, reason);
    } catch (e) {
      if (isDeskError(e, 'not_found')) return notFound(c, locale);
      // Too early, already disputed or settled: the page shows where things stand.
      if (!isDeskError(e, 'already_done') && !isDeskError(e, 'invalid_transition') && !isDeskError(e, 'too_early')) throw e;
    }
    return c.redirect(`/pay/${token}?lang=${locale}`, 303);
  });

  return app;
}
