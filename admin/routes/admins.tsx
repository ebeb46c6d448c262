import type { Hono } from 'hono';
import { listAdmins, createAdminAudited, setAdminDisabled, ADMIN_ROLES, type AdminRole } from '../../core/admin/index.ts';
import { DeskError, isDeskError } from '../../core/errors.ts';
import { actor, type AdminEnv } from '../env.ts';
import { requirePermission } from '../auth.ts';
import { act, form, idParam, render } from '../http.tsx';
import { t } from '../strings.ts';
import { Csrf } from '../views/layout.tsx';
import { fmtTime } from '../views/format.ts';

export function adminRoutes(app: Hono<AdminEnv>) {
  app.get('/admins', requirePermission('admins'), async (c) => {
    const rows = await listAdmins(c.get('deps').sql);
    const session = c.get('session')!;
    return render(c, t.admins.title, (
      <>
        <section class="card">
          <table>
            <tr><th>{t.common.id}</th><th>{t.admins.email}</th><th>{t.admins.name}</th><th>{t.admins.role}</th><th>{t.admins.lastLogin}</th><th>{t.admins.state}</th><th></th></tr>
            {rows.map((a) => (
              <tr>
                <td>{a.id}</td><td>{a.email}</td><td>{a.name}</td><td><span class="badge">{a.role}</span></td><td class="small">{fmtTime(a.lastLoginAt)}</td>
                <td>{a.disabled ? <span class="badge bad">{t.admins.disabled}</span> : <span class="badge ok">{t.admins.active}</span>}</td>
                <td>{a.id === session.admin.id ? null : (
                  <form method="post" action={`/admins/${a.id}/${a.disabled ? 'enable' : 'disable'}`} class="inline">
                    <Csrf session={session} />
                    <button type="submit" class={a.disabled ? 'ok' : 'danger'}>{a.disabled ? t.admins.enable : t.admins.disable}</button>
                  </form>
                )}</td>
              </tr>
            ))}
          </table>
        </section>
        <section class="card">
          <h2>{t.admins.create}</h2>
          <form method="post" action="/admins">
            <Csrf session={session} />
            <div class="row">
              <div><label for="a-email">{t.admins.email}</label><input id="a-email" name="email" type="email" required /></div>
              <div><label for="a-name">{t.admins.name}</label><input id="a-name" name="name" type="text" /></div>
              <div><label for="a-role">{t.admins.role}</label><select id="a-role" name="role">{ADMIN_ROLES.map((r) => <option value={r}>{r}</option>)}</select></div>
              <div><label for="a-pw">{t.admins.password}</label><input id="a-pw" name="password" type="password" required minlength={10} autocomplete="new-password" /></div>
              <button type="submit" class="primary">{t.admins.create}</button>
            </div>
          </form>
        </section>
      </>
    ));
  });

  // Answers with the new secret directly (not a redirect): it must never sit in a URL or a log.
  app.post('/admins', requirePermission('admins'), async (c) => {
    const f = await form(c);
    try {
      if (!(ADMIN_ROLES as readonly string[]).includes(f.role ?? '')) throw new DeskError('invalid_input', { field: 'role' });
      const a = await createAdminAudited(c.get('deps').sql, { email: f.email ?? '', name: f.name, role: f.role as AdminRole, password: f.password ?? '' }, actor(c));
      return render(c, t.admins.title, (
        <section class="card">
          <div class="flash">{t.admins.created}</div>
          <dl class="kv">
            <dt>{t.admins.email}</dt><dd>{a.email}</dd>
            <dt>{t.admins.role}</dt><dd>{a.role}</dd>
            <dt>{t.admins.totpSecret}</dt><dd class="mono">{a.totpSecret}</dd>
            <dt>{t.admins.otpauth}</dt><dd class="mono">{a.otpauthUrl}</dd>
          </dl>
          <p><a href="/admins">{t.common.back}</a></p>
        </section>
      ));
    } catch (e) {
      if (!isDeskError(e)) throw e;
      return c.redirect(`/admins?error=${encodeURIComponent(e.code)}`, 303);
    }
  });

  for (const [path, disabled] of [['disable', true], ['enable', false]] as const) {
    app.post(`/admins/:id/${path}`, requirePermission('admins'), async (c) => {
      const id = idParam(c);
      if (id === null) return c.notFound();
      return act(c, '/admins', 'admin', () => setAdminDisabled(c.get('deps').sql, id, disabled, actor(c)), `admin:${id}`);
    });
  }
}
