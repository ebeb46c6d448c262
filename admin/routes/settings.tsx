import type { Hono } from 'hono';
import { settingsForm, updateSetting } from '../../core/admin/settings.ts';
import { actor, type AdminEnv } from '../env.ts';
import { requirePermission } from '../auth.ts';
import { act, form, render } from '../http.tsx';
import { t } from '../strings.ts';
import { Csrf } from '../views/layout.tsx';

export function settingsRoutes(app: Hono<AdminEnv>) {
  app.get('/settings', requirePermission('settings'), async (c) => {
    const rows = await settingsForm(c.get('deps').sql);
    const session = c.get('session')!;
    const groups = [...new Set(rows.map((r) => r.def.group))];
    return render(c, t.settings.title, (
      <>
        {groups.map((g) => (
          <section class="card">
            <h2>{t.settings.groups[g] ?? g}</h2>
            <table>
              <tr><th>{t.settings.key}</th><th>{t.settings.value}</th><th>{t.settings.unit}</th></tr>
              {rows.filter((r) => r.def.group === g).map((r) => (
                <tr>
                  <td class="mono">{r.def.key}</td>
                  <td>
                    <form method="post" action="/settings">
                      <Csrf session={session} />
                      <input type="hidden" name="key" value={r.def.key} />
                      <div class="row">
                        {r.text.includes('\n') || r.def.unit.includes('per line')
                          ? <textarea name="value" aria-label={r.def.key}>{r.text}</textarea>
                          : <input type="text" name="value" value={r.text} aria-label={r.def.key} />}
                        <button type="submit">{t.common.save}</button>
                      </div>
                    </form>
                  </td>
                  <td class="small muted">{r.def.unit}</td>
                </tr>
              ))}
            </table>
          </section>
        ))}
      </>
    ));
  });

  app.post('/settings', requirePermission('settings'), async (c) => {
    const f = await form(c);
    return act(c, '/settings', 'setting', () => updateSetting(c.get('deps').sql, f.key ?? '', f.value ?? '', actor(c)), `setting:${f.key}`);
  });
}
