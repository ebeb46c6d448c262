import type { Child } from 'hono/jsx';
import { t } from '../strings.ts';
import type { Session } from '../../core/admin/sessions.ts';
import { can, type Permission } from '../../core/admin/roles.ts';

const NAV: { href: string; label: string; perm: Permission }[] = [
  { href: '/', label: t.nav.dashboard, perm: 'dashboard' },
  { href: '/disputes', label: t.nav.disputes, perm: 'disputes' },
  { href: '/kyc', label: t.nav.kyc, perm: 'kyc' },
  { href: '/withdrawals', label: t.nav.withdrawals, perm: 'withdrawals' },
  { href: '/merchants', label: t.nav.merchants, perm: 'merchants' },
  { href: '/users', label: t.nav.users, perm: 'users' },
  { href: '/acceptors', label: t.nav.acceptors, perm: 'users' },
  { href: '/settings', label: t.nav.settings, perm: 'settings' },
  { href: '/audit', label: t.nav.audit, perm: 'audit' },
  { href: '/admins', label: t.nav.admins, perm: 'admins' },
];

export function Page(props: { title: string; session: Session; path: string; flash?: string | null; error?: string | null; children?: Child }) {
  const { session, path } = props;
  const active = (href: string) => (href === '/' ? path === '/' : path.startsWith(href));
  return (
    <html lang="en">
      <Head title={props.title} />
      <body>
        <div class="shell">
          <aside class="side">
            <div class="brand">{t.appName}</div>
            <nav>
              {NAV.filter((n) => can(session.admin.role, n.perm)).map((n) => (
                <a href={n.href} class={active(n.href) ? 'on' : ''}>{n.label}</a>
              ))}
            </nav>
            <div class="who">
              {t.common.signedInAs(session.admin.name, session.admin.role)}
              <form method="post" action="/logout">
                <input type="hidden" name="_csrf" value={session.csrfToken} />
                <button type="submit">{t.nav.logout}</button>
              </form>
            </div>
          </aside>
          <main>
            <h1>{props.title}</h1>
            {props.flash ? <div class="flash" role="status">{props.flash}</div> : null}
            {props.error ? <div class="flash error" role="alert">{props.error}</div> : null}
            {props.children}
          </main>
        </div>
      </body>
    </html>
  );
}

function Head(props: { title: string }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{props.title} · {t.appName}</title>
      <link rel="stylesheet" href="/static/admin.css" />
    </head>
  );
}

export function Bare(props: { title: string; children?: Child }) {
  return (
    <html lang="en">
      <Head title={props.title} />
      <body>{props.children}</body>
    </html>
  );
}

/** Every form posts its session's CSRF token. */
export function Csrf(props: { session: Session }) {
  return <input type="hidden" name="_csrf" value={props.session.csrfToken} />;
}
