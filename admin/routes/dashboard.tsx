import type { Hono } from 'hono';
import { dashboard } from '../../core/admin/dashboard.ts';
import type { AdminEnv } from '../env.ts';
import { requirePermission } from '../auth.ts';
import { render } from '../http.tsx';
import { t } from '../strings.ts';
import { VolumeChart } from '../views/chart.tsx';
import { fmtAge, fmtTime, formatUsdt } from '../views/format.ts';

const DAYS = 14;

export function dashboardRoutes(app: Hono<AdminEnv>) {
  app.get('/', requirePermission('dashboard'), async (c) => {
    const d = await dashboard(c.get('deps').sql, DAYS);
    const ap = d.appeals;
    const late = ap.oldestAgeSec !== null && ap.oldestAgeSec > ap.targetSec;
    return render(c, t.dashboard.title, (
      <>
        <div class="grid">
          <section class="card">
            <h2>{t.dashboard.openOrders}</h2>
            {Object.entries(d.openByStatus).map(([status, n]) => (
              <div class="stat"><span>{status}</span><b>{n}</b></div>
            ))}
          </section>
          <section class="card">
            <h2>{t.dashboard.appeals}</h2>
            <div class="big">{ap.waiting}</div>
            <div class="stat"><span>{t.dashboard.unanswered}</span><b>{ap.unanswered}</b></div>
            <div class="stat"><span>{t.dashboard.overdue}</span><b><span class={ap.overdue > 0 ? 'badge bad' : 'badge ok'}>{ap.overdue}</span></b></div>
            <div class="stat"><span>{t.dashboard.oldest}</span><b><span class={late ? 'badge bad' : 'badge'}>{fmtAge(ap.oldestAgeSec)}</span></b></div>
            <p class="muted small">{t.dashboard.target(fmtAge(ap.targetSec))} · <a href="/disputes">{t.nav.disputes} →</a></p>
          </section>
          <section class="card">
            <h2>{t.dashboard.ledger}</h2>
            <div class="stat"><span>{t.dashboard.userAvailable}</span><b>{formatUsdt(d.ledger.userAvailable)}</b></div>
            <div class="stat"><span>{t.dashboard.userHeld}</span><b>{formatUsdt(d.ledger.userHeld)}</b></div>
            <div class="stat"><span>{t.dashboard.escrow}</span><b>{formatUsdt(d.ledger.escrow)}</b></div>
            <div class="stat"><span>{t.dashboard.merchantAvailable}</span><b>{formatUsdt(d.ledger.merchantAvailable)}</b></div>
            <div class="stat"><span>{t.dashboard.fees}</span><b>{formatUsdt(d.ledger.fees)}</b></div>
          </section>
        </div>
        <section class="card">
          <h2>{t.dashboard.volume(DAYS)}</h2>
          <VolumeChart data={d.volume} />
        </section>
        <div class="grid two">
          <section class="card">
            <h2>{t.dashboard.deposits}</h2>
            {d.deposits.available ? (
              <>
                <div class="stat"><span>{t.dashboard.credited24h}</span><b>{formatUsdt(d.deposits.credited24h)} ({d.deposits.count24h})</b></div>
                <div class="stat"><span>{t.dashboard.unconfirmed}</span><b>{d.deposits.seen}</b></div>
                {d.deposits.recent.length === 0 ? null : <table>
                  <tr><th>{t.common.id}</th><th>Chain</th><th>{t.common.user}</th><th class="num">{t.common.amount}</th><th>{t.common.status}</th><th>{t.common.created}</th></tr>
                  {d.deposits.recent.map((r) => (
                    <tr><td>{String(r.id)}</td><td>{r.chain}</td><td>{r.owner_type}:{String(r.owner_id)}</td><td class="num">{formatUsdt(r.amount)}</td><td><span class="badge">{r.status}</span></td><td class="small">{fmtTime(r.seen_at)}</td></tr>
                  ))}
                </table>}
              </>
            ) : <p class="muted">{t.dashboard.noChain}</p>}
          </section>
          <section class="card">
            <h2>{t.dashboard.withdrawals}</h2>
            {d.withdrawals.available ? (
              <>
                {Object.entries(d.withdrawals.byStatus).map(([s, v]) => (
                  <div class="stat"><span>{s}</span><b>{v.count} · {formatUsdt(v.amount)}</b></div>
                ))}
                <table>
                  <tr><th>{t.common.id}</th><th>Chain</th><th>{t.common.user}</th><th class="num">{t.common.amount}</th><th>{t.common.status}</th><th>{t.common.created}</th></tr>
                  {d.withdrawals.recent.map((r) => (
                    <tr><td>{String(r.id)}</td><td>{r.chain}</td><td>{r.owner_type}:{String(r.owner_id)}</td><td class="num">{formatUsdt(r.amount)}</td><td><span class="badge">{r.status}</span></td><td class="small">{fmtTime(r.created_at)}</td></tr>
                  ))}
                </table>
              </>
            ) : <p class="muted">{t.dashboard.noChain}</p>}
          </section>
        </div>
      </>
    ));
  });
}
