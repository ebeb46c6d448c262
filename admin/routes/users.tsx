import type { Hono } from 'hono';
import { searchUsers, userDetail, freezeUser, unfreezeUser, decideAcceptor, setAcceptorTerms, acceptorApplications, type AcceptorDecision } from '../../core/admin/users.ts';
import { parseUsdt } from '../../core/admin/amounts.ts';
import { can } from '../../core/admin/roles.ts';
import { DeskError } from '../../core/errors.ts';
import { actor, type AdminEnv } from '../env.ts';
import { requirePermission } from '../auth.ts';
import { act, form, idParam, render } from '../http.tsx';
import { t } from '../strings.ts';
import { Csrf } from '../views/layout.tsx';
import { fmtAge, fmtTime, formatMinor, formatUsdt } from '../views/format.ts';

const ACCEPTOR_STATUSES = ['pending', 'approved', 'suspended', 'rejected'];

export function userRoutes(app: Hono<AdminEnv>) {
  app.get('/users', requirePermission('users'), async (c) => {
    const q = (c.req.query('q') ?? '').slice(0, 64);
    const rows = await searchUsers(c.get('deps').sql, q);
    return render(c, t.users.title, (
      <>
        <form method="get" action="/users" class="card">
          <div class="row">
            <input type="search" name="q" value={q} placeholder={t.users.searchHint} aria-label={t.common.search} />
            <button type="submit" class="primary">{t.common.search}</button>
          </div>
        </form>
        <section class="card">
          {rows.length === 0 ? <p class="muted">{t.common.none}</p> : (
            <table>
              <tr><th>{t.common.id}</th><th>{t.users.telegram}</th><th>{t.users.username}</th><th>{t.users.kycTier}</th><th>{t.acceptors.status}</th><th>{t.common.created}</th></tr>
              {rows.map((u) => (
                <tr>
                  <td><a href={`/users/${u.id}`}>{u.id}</a></td><td class="mono">{u.telegramId ?? '—'}</td>
                  <td>{u.username ? '@' + u.username : u.firstName ?? '—'}</td><td>{u.kycTier}</td>
                  <td>{u.frozen ? <span class="badge bad">{t.users.frozen}</span> : null} {u.acceptorStatus ? <span class="badge">{t.users.acceptor}: {u.acceptorStatus}</span> : null}</td>
                  <td class="small">{fmtTime(u.createdAt)}</td>
                </tr>
              ))}
            </table>
          )}
        </section>
      </>
    ));
  });

  app.get('/users/:id', requirePermission('users'), async (c) => {
    const id = idParam(c);
    const d = id === null ? null : await userDetail(c.get('deps').sql, id);
    if (!d) return c.notFound();
    const session = c.get('session')!;
    const manage = can(session.admin.role, 'users.manage');
    const u = d.user;
    const a = d.acceptor;
    return render(c, `${t.common.user} ${u.id}${u.username ? ' · @' + u.username : ''}`, (
      <>
        <div class="grid">
          <section class="card">
            <dl class="kv">
              <dt>{t.users.telegram}</dt><dd class="mono">{u.telegramId ?? '—'}</dd>
              <dt>{t.users.username}</dt><dd>{u.username ?? '—'} {u.firstName ? `(${u.firstName})` : ''}</dd>
              <dt>{t.users.kycTier}</dt><dd>{u.kycTier}</dd>
              <dt>{t.users.frozen}</dt><dd>{u.frozen ? <span class="badge bad">{t.common.yes}: {u.frozenReason}</span> : t.common.no}</dd>
              <dt>{t.common.created}</dt><dd>{fmtTime(u.createdAt)}</dd>
            </dl>
            {manage ? (
              <form method="post" action={`/users/${u.id}/${u.frozen ? 'unfreeze' : 'freeze'}`}>
                <Csrf session={session} />
                <label for="freeze-reason">{t.common.reason}</label>
                <div class="row">
                  <input id="freeze-reason" name="reason" type="text" required minlength={3} maxlength={1000} />
                  <button type="submit" class={u.frozen ? 'ok' : 'danger'}>{u.frozen ? t.users.unfreeze : t.users.freeze}</button>
                </div>
              </form>
            ) : null}
          </section>
          <section class="card">
            <h2>{t.users.balances}</h2>
            <table>
              <tr><th>Kind</th><th class="num">{t.users.posted}</th><th class="num">{t.users.held}</th><th class="num">{t.users.incoming}</th></tr>
              {d.accounts.map((b) => <tr><td>{b.kind}</td><td class="num">{formatUsdt(b.posted)}</td><td class="num">{formatUsdt(b.held)}</td><td class="num">{formatUsdt(b.incoming)}</td></tr>)}
            </table>
          </section>
          <section class="card">
            <h2>{t.users.kyc}</h2>
            <p>{t.kyc.currentTier}: <b>{d.kyc.tier}</b></p>
            <table>
              {d.kycHistory.map((k) => <tr><td>#{String(k.id)}</td><td><span class="badge">{k.status}</span></td><td>{k.tier ?? ''}</td><td class="small">{k.reason ?? ''}</td><td class="small">{fmtTime(k.created_at)}</td></tr>)}
            </table>
          </section>
        </div>
        <section class="card">
          <h2>{t.users.acceptor}</h2>
          {a ? <AcceptorPanel a={a} manage={manage} csrf={<Csrf session={session} />} /> : <p class="muted">{t.users.notAcceptor}</p>}
        </section>
        <section class="card">
          <h2>{t.users.orders}</h2>
          <table>
            <tr><th>{t.common.id}</th><th>Side</th><th>{t.common.status}</th><th class="num">USDT</th><th class="num">Fiat</th><th>Role</th><th>{t.common.created}</th></tr>
            {d.orders.map((o) => (
              <tr>
                <td>{o.status === 'disputed' || o.status === 'resolved' ? <a href={`/disputes/${o.id}`}>#{String(o.id)}</a> : `#${o.id}`}</td>
                <td>{o.side}</td><td><span class="badge">{o.status}</span></td><td class="num">{formatUsdt(o.usdt_amount)}</td>
                <td class="num">{formatMinor(o.fiat_amount, o.exponent)} {o.fiat_currency}</td><td>{Number(o.trader_id) === u.id ? 'trader' : 'acceptor'}</td><td class="small">{fmtTime(o.created_at)}</td>
              </tr>
            ))}
          </table>
        </section>
      </>
    ));
  });

  for (const [path, fn, flash] of [['freeze', freezeUser, 'frozen'], ['unfreeze', unfreezeUser, 'unfrozen']] as const) {
    app.post(`/users/:id/${path}`, requirePermission('users.manage'), async (c) => {
      const id = idParam(c);
      if (id === null) return c.notFound();
      const f = await form(c);
      return act(c, `/users/${id}`, flash, () => fn(c.get('deps').sql, id, f.reason ?? '', actor(c)), `user:${id}`);
    });
  }

  app.get('/acceptors', requirePermission('users'), async (c) => {
    const q = c.req.query('status');
    const status = ACCEPTOR_STATUSES.includes(q ?? '') ? q! : 'pending';
    const rows = await acceptorApplications(c.get('deps').sql, status);
    return render(c, t.acceptors.title, (
      <>
        <p>{ACCEPTOR_STATUSES.map((s) => <>{s === status ? <b>{s}</b> : <a href={`/acceptors?status=${s}`}>{s}</a>}{' · '}</>)}</p>
        <section class="card">
          {rows.length === 0 ? <p class="muted">{t.common.none}</p> : (
            <table>
              <tr><th>{t.common.user}</th><th>{t.acceptors.application}</th><th>{t.acceptors.stats}</th><th>{t.acceptors.marginBps}</th><th>{t.acceptors.online}</th><th>Applied</th></tr>
              {rows.map((a) => (
                <tr>
                  <td><a href={`/users/${a.user_id}`}>{a.username ? '@' + a.username : `user ${a.user_id}`}</a></td>
                  <td class="small mono">{a.application ? JSON.stringify(a.application).slice(0, 160) : '—'}</td>
                  <td>{a.completed_count} / {a.cancelled_count} / {a.timeout_count}</td>
                  <td>{a.margin_bps}</td><td>{a.online ? t.common.yes : t.common.no}</td><td class="small">{fmtTime(a.applied_at)}</td>
                </tr>
              ))}
            </table>
          )}
        </section>
      </>
    ));
  });

  app.post('/acceptors/:id/decide', requirePermission('users.manage'), async (c) => {
    const id = idParam(c);
    if (id === null) return c.notFound();
    const f = await form(c);
    return act(c, `/users/${id}`, 'acceptor', async () => {
      if (!['approve', 'reject', 'suspend', 'reinstate'].includes(f.decision ?? '')) throw new DeskError('invalid_input', { field: 'decision' });
      await decideAcceptor(c.get('deps').sql, id, f.decision as AcceptorDecision, f.reason ?? '', actor(c));
    }, `user:${id}`);
  });

  app.post('/acceptors/:id/terms', requirePermission('users.manage'), async (c) => {
    const id = idParam(c);
    if (id === null) return c.notFound();
    const f = await form(c);
    return act(c, `/users/${id}`, 'terms', async () => {
      if (!/^\d{1,5}$/.test((f.marginBps ?? '').trim())) throw new DeskError('invalid_input', { field: 'marginBps' });
      const limit = (f.dailyLimit ?? '').trim();
      await setAcceptorTerms(c.get('deps').sql, id, { marginBps: Number(f.marginBps.trim()), dailyLimit: limit === '' ? null : parseUsdt(limit) }, actor(c));
    }, `user:${id}`);
  });
}

function AcceptorPanel(props: { a: Record<string, any>; manage: boolean; csrf: any }) {
  const a = props.a;
  const decisions: Record<string, AcceptorDecision[]> = { pending: ['approve', 'reject'], approved: ['suspend'], suspended: ['reinstate'], rejected: [] };
  const avg = a.completed_count > 0 ? Number(BigInt(a.release_seconds_total) / BigInt(a.completed_count)) : null;
  return (
    <div class="grid two">
      <div>
        <dl class="kv">
          <dt>{t.acceptors.status}</dt><dd><span class="badge">{a.status}</span> {a.online ? <span class="badge ok">{t.acceptors.online}</span> : null}</dd>
          <dt>{t.acceptors.stats}</dt><dd>{a.completed_count} / {a.cancelled_count} / {a.timeout_count}</dd>
          <dt>Rating</dt><dd>{a.rating_count > 0 ? (a.rating_sum / a.rating_count).toFixed(2) : '—'} ({a.rating_count})</dd>
          <dt>Avg release</dt><dd>{fmtAge(avg)}</dd>
          <dt>{t.acceptors.application}</dt><dd class="mono">{a.application ? JSON.stringify(a.application) : '—'}</dd>
        </dl>
        {props.manage && decisions[a.status]?.length ? (
          <form method="post" action={`/acceptors/${a.user_id}/decide`}>
            {props.csrf}
            <label for="acc-reason">{t.common.reason}</label>
            <input id="acc-reason" name="reason" type="text" required minlength={3} maxlength={1000} />
            <div class="actions">
              {decisions[a.status].map((d) => <button type="submit" name="decision" value={d} class={d === 'approve' || d === 'reinstate' ? 'ok' : 'danger'}>{t.acceptors[d]}</button>)}
            </div>
          </form>
        ) : null}
      </div>
      {props.manage ? (
        <form method="post" action={`/acceptors/${a.user_id}/terms`}>
          {props.csrf}
          <label for="marginBps">{t.acceptors.marginBps}</label>
          <input id="marginBps" name="marginBps" type="text" inputmode="numeric" value={String(a.margin_bps)} required />
          <label for="dailyLimit">{t.acceptors.dailyLimit}</label>
          <input id="dailyLimit" name="dailyLimit" type="text" inputmode="decimal" value={a.daily_limit === null ? '' : formatUsdt(a.daily_limit).replace(/,/g, '')} />
          <div class="actions"><button type="submit" class="primary">{t.acceptors.saveTerms}</button></div>
        </form>
      ) : null}
    </div>
  );
}
