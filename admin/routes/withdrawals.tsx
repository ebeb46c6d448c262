import type { Hono } from 'hono';
import { listAwaitingApproval, listWithdrawals } from '../../core/wallet/index.ts';
import { approveWithdrawalAsAdmin, rejectWithdrawalAsAdmin } from '../../core/admin/actions.ts';
import { actor, type AdminEnv } from '../env.ts';
import { requirePermission } from '../auth.ts';
import { act, form, idParam, render } from '../http.tsx';
import { t } from '../strings.ts';
import { Csrf } from '../views/layout.tsx';
import { fmtTime, formatUsdt } from '../views/format.ts';

export function withdrawalRoutes(app: Hono<AdminEnv>) {
  app.get('/withdrawals', requirePermission('withdrawals'), async (c) => {
    const sql = c.get('deps').sql;
    const waiting = await listAwaitingApproval(sql, 200);
    const recent = await listWithdrawals(sql, { status: ['approved', 'rejected', 'signed', 'broadcast', 'confirmed', 'failed'], limit: 20 });
    const session = c.get('session')!;
    return render(c, t.withdrawals.title, (
      <>
        <section class="card">
          {waiting.length === 0 ? <p class="muted">{t.common.none}</p> : (
            <table>
              <tr><th>{t.common.id}</th><th>{t.withdrawals.owner}</th><th>{t.withdrawals.chain}</th><th>{t.withdrawals.to}</th><th class="num">{t.common.amount}</th><th class="num">{t.withdrawals.fee}</th><th>{t.common.created}</th><th>{t.common.actions}</th></tr>
              {waiting.map((w) => (
                <tr id={`w-${w.id}`}>
                  <td>{w.id}</td>
                  <td>{w.ownerType === 'user' ? <a href={`/users/${w.ownerId}`}>user {w.ownerId}</a> : `merchant ${w.ownerId}`}</td>
                  <td>{w.chain}</td><td class="mono">{w.toAddress}</td>
                  <td class="num">{formatUsdt(w.amount)}</td><td class="num">{formatUsdt(w.fee)}</td><td class="small">{fmtTime(w.createdAt)}</td>
                  <td>
                    <form method="post" action={`/withdrawals/${w.id}/approve`} class="inline">
                      <Csrf session={session} />
                      <button type="submit" class="ok">{t.withdrawals.approve}</button>
                    </form>
                    <form method="post" action={`/withdrawals/${w.id}/reject`}>
                      <Csrf session={session} />
                      <div class="row">
                        <input name="reason" type="text" required minlength={3} maxlength={1000} placeholder={t.common.reason} aria-label={t.common.reason} />
                        <button type="submit" class="danger">{t.withdrawals.reject}</button>
                      </div>
                    </form>
                  </td>
                </tr>
              ))}
            </table>
          )}
        </section>
        <section class="card">
          <h2>{t.withdrawals.recent}</h2>
          {recent.length === 0 ? <p class="muted">{t.common.none}</p> : <table>
            <tr><th>{t.common.id}</th><th>{t.withdrawals.owner}</th><th>{t.withdrawals.chain}</th><th class="num">{t.common.amount}</th><th>{t.common.status}</th><th>By</th><th>{t.common.created}</th></tr>
            {recent.map((w) => (
              <tr><td>{w.id}</td><td>{w.ownerType} {w.ownerId}</td><td>{w.chain}</td><td class="num">{formatUsdt(w.amount)}</td><td><span class="badge">{w.status}</span></td><td class="small">{w.decidedBy ?? '—'}{w.rejectReason ? `: ${w.rejectReason}` : ''}</td><td class="small">{fmtTime(w.createdAt)}</td></tr>
            ))}
          </table>}
        </section>
      </>
    ));
  });

  app.post('/withdrawals/:id/approve', requirePermission('withdrawals'), async (c) => {
    const id = idParam(c);
    if (id === null) return c.notFound();
    return act(c, '/withdrawals', 'withdrawal', () => approveWithdrawalAsAdmin(c.get('deps').sql, id, actor(c)), `withdrawal:${id}`);
  });

  app.post('/withdrawals/:id/reject', requirePermission('withdrawals'), async (c) => {
    const id = idParam(c);
    if (id === null) return c.notFound();
    const f = await form(c);
    return act(c, '/withdrawals', 'withdrawal', () => rejectWithdrawalAsAdmin(c.get('deps').sql, id, f.reason ?? '', actor(c)), `withdrawal:${id}`);
  });
}
