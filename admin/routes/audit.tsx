import type { Hono } from 'hono';
import { listAudit, auditActions } from '../../core/admin/audit.ts';
import { listAdmins } from '../../core/admin/accounts.ts';
import type { AdminEnv } from '../env.ts';
import { requirePermission } from '../auth.ts';
import { render } from '../http.tsx';
import { t } from '../strings.ts';
import { fmtJson, fmtTime } from '../views/format.ts';

export function auditRoutes(app: Hono<AdminEnv>) {
  app.get('/audit', requirePermission('audit'), async (c) => {
    const sql = c.get('deps').sql;
    const num = (v: string | undefined) => (v && /^\d{1,15}$/.test(v) ? Number(v) : undefined);
    const adminId = num(c.req.query('admin'));
    const action = c.req.query('action')?.slice(0, 64) || undefined;
    const beforeId = num(c.req.query('before'));
    const { rows, nextBeforeId } = await listAudit(sql, { adminId, action, beforeId, limit: 50 });
    const [admins, actions] = [await listAdmins(sql), await auditActions(sql)];
    const qs = (extra: Record<string, string | number | undefined>) => {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries({ admin: adminId, action, ...extra })) if (v !== undefined && v !== '') p.set(k, String(v));
      return `/audit?${p}`;
    };
    return render(c, t.audit.title, (
      <>
        <form method="get" action="/audit" class="card">
          <div class="row">
            <div><label for="f-admin">{t.audit.admin}</label>
              <select id="f-admin" name="admin"><option value="">{t.common.all}</option>{admins.map((a) => <option value={String(a.id)} selected={a.id === adminId}>{a.email} ({a.role})</option>)}</select></div>
            <div><label for="f-action">{t.audit.action}</label>
              <select id="f-action" name="action"><option value="">{t.common.all}</option>{actions.map((x) => <option value={x} selected={x === action}>{x}</option>)}</select></div>
            <button type="submit" class="primary">{t.common.filter}</button>
          </div>
        </form>
        <section class="card">
          {rows.length === 0 ? <p class="muted">{t.common.none}</p> : (
            <table>
              <tr><th>{t.common.id}</th><th>{t.audit.when}</th><th>{t.audit.admin}</th><th>{t.audit.action}</th><th>{t.audit.target}</th><th>{t.audit.before}</th><th>{t.audit.after}</th><th>{t.audit.ip}</th></tr>
              {rows.map((r) => (
                <tr>
                  <td>{r.id}</td><td class="small">{fmtTime(r.createdAt)}</td><td class="small">{r.adminEmail ?? '—'}</td>
                  <td><span class="badge">{r.action}</span></td><td class="mono">{r.target ?? ''}</td>
                  <td><pre class="json">{fmtJson(r.before)}</pre></td><td><pre class="json">{fmtJson(r.after)}</pre></td><td class="mono">{r.ip ?? ''}</td>
                </tr>
              ))}
            </table>
          )}
          <div class="pager">
            {beforeId ? <a href={qs({})}>{t.common.newest}</a> : <span></span>}
            {nextBeforeId ? <a href={qs({ before: nextBeforeId })}>{t.common.next}</a> : <span></span>}
          </div>
        </section>
      </>
    ));
  });
}
