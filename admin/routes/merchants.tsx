import type { Hono } from 'hono';
import { listMerchants, getMerchant, listMerchantKeys } from '../../core/merchants/merchants.ts';
import { listWebhookDeliveries, webhookAttempts } from '../../core/merchants/webhooks.ts';
import { balance } from '../../core/ledger/index.ts';
import { resendWebhookAsAdmin } from '../../core/admin/actions.ts';
import { actor, type AdminEnv } from '../env.ts';
import { requirePermission } from '../auth.ts';
import { act, idParam, render } from '../http.tsx';
import { t } from '../strings.ts';
import { Csrf } from '../views/layout.tsx';
import { fmtTime, formatUsdt } from '../views/format.ts';

const bps = (n: number) => `${(n / 100).toFixed(2)} %`;

/** Merchants, their keys, and the webhook delivery log with a resend action. */
export function merchantRoutes(app: Hono<AdminEnv>) {
  app.get('/merchants', requirePermission('merchants'), async (c) => {
    const sql = c.get('deps').sql;
    const merchants = await listMerchants(sql);
    const failing = await listWebhookDeliveries(sql, { status: 'failed', limit: 20 });
    return render(c, t.merchants.title, (
      <>
        <section class="card">
          {merchants.length === 0 ? <p class="muted">{t.common.none}</p> : (
            <table>
              <tr><th>{t.common.id}</th><th>{t.merchants.name}</th><th>{t.common.status}</th><th class="num">{t.merchants.fee}</th><th class="num">{t.merchants.commission}</th><th>{t.merchants.currencies}</th><th>{t.common.created}</th></tr>
              {merchants.map((m) => (
                <tr><td><a href={`/merchants/${m.id}`}>{m.id}</a></td><td><a href={`/merchants/${m.id}`}>{m.name}</a></td><td><span class="badge">{m.status}</span></td>
                  <td class="num">{bps(m.feeBps)}</td><td class="num">{bps(m.commissionBps)}</td><td>{m.currencies.join(', ')}</td><td class="small">{fmtTime(m.createdAt)}</td></tr>
              ))}
            </table>
          )}
          <p class="muted small">{t.merchants.cli}</p>
        </section>
        <section class="card">
          <h2>{t.merchants.deliveries} · failed</h2>
          <Deliveries rows={failing} session={c.get('session')!} />
        </section>
      </>
    ));
  });

  app.get('/merchants/:id', requirePermission('merchants'), async (c) => {
    const id = idParam(c);
    const sql = c.get('deps').sql;
    const m = id === null ? null : await getMerchant(sql, id);
    if (!m) return c.notFound();
    const [keys, deliveries, bal] = await Promise.all([listMerchantKeys(sql, m.id), listWebhookDeliveries(sql, { merchantId: m.id, limit: 50 }), balance(sql, { type: 'merchant', id: m.id })]);
    return render(c, `${t.merchants.title} · ${m.name}`, (
      <>
        <section class="card">
          <table>
            <tr><th>{t.merchants.name}</th><td>{m.name}</td></tr>
            <tr><th>{t.common.status}</th><td><span class="badge">{m.status}</span></td></tr>
            <tr><th>{t.merchants.callback}</th><td class="mono">{m.callbackUrl ?? '—'}</td></tr>
            <tr><th>{t.merchants.fee}</th><td>{bps(m.feeBps)} · {t.merchants.commission} {bps(m.commissionBps)}</td></tr>
            <tr><th>USDT</th><td>{formatUsdt(bal.available)} available · {formatUsdt(bal.held)} held</td></tr>
            <tr><th>{t.merchants.keys}</th><td>{keys.map((k) => <div class="mono small">{k.keyId} · {k.revokedAt ? `${t.merchants.revoked} ${fmtTime(k.revokedAt)}` : t.merchants.active}</div>)}</td></tr>
          </table>
        </section>
        <section class="card">
          <h2>{t.merchants.deliveries}</h2>
          <Deliveries rows={deliveries} session={c.get('session')!} />
        </section>
      </>
    ));
  });

  app.get('/merchants/deliveries/:id', requirePermission('merchants'), async (c) => {
    const id = idParam(c);
    if (id === null) return c.notFound();
    const attempts = await webhookAttempts(c.get('deps').sql, id);
    return render(c, `${t.merchants.attemptLog} · #${id}`, (
      <section class="card">
        {attempts.length === 0 ? <p class="muted">{t.common.none}</p> : (
          <table>
            <tr><th>#</th><th>HTTP</th><th class="num">{t.merchants.latency}</th><th>{t.merchants.lastResult}</th><th>{t.common.created}</th></tr>
            {attempts.map((a) => <tr><td>{a.attempt}</td><td>{a.statusCode ?? '—'}</td><td class="num">{a.latencyMs} ms</td><td class="small">{a.error ?? 'ok'}</td><td class="small">{fmtTime(a.createdAt)}</td></tr>)}
          </table>
        )}
      </section>
    ));
  });

  app.post('/merchants/deliveries/:id/resend', requirePermission('merchants'), async (c) => {
    const id = idParam(c);
    if (id === null) return c.notFound();
    const back = c.req.header('referer')?.match(/\/merchants(\/\d+)?$/)?.[0] ?? '/merchants';
    return act(c, back, 'webhook', () => resendWebhookAsAdmin(c.get('deps').sql, id, actor(c)), `webhook_delivery:${id}`);
  });
}

function Deliveries(props: { rows: Awaited<ReturnType<typeof listWebhookDeliveries>>; session: NonNullable<Parameters<typeof Csrf>[0]['session']> }) {
  if (props.rows.length === 0) return <p class="muted">{t.common.none}</p>;
  return (
    <table>
      <tr><th>{t.common.id}</th><th>{t.merchants.event}</th><th>{t.common.status}</th><th class="num">{t.merchants.attempts}</th><th>{t.merchants.lastResult}</th><th>{t.common.created}</th><th>{t.common.actions}</th></tr>
      {props.rows.map((d) => (
        <tr id={`delivery-${d.id}`}>
          <td><a href={`/merchants/deliveries/${d.id}`}>{d.id}</a></td><td>{d.eventType}</td><td><span class="badge">{d.status}</span></td><td class="num">{d.attempts}</td>
          <td class="small">{d.lastStatusCode ?? ''} {d.lastError ?? ''}</td><td class="small">{fmtTime(d.createdAt)}</td>
          <td>{d.status !== 'pending' && (
            <form method="post" action={`/merchants/deliveries/${d.id}/resend`} class="inline">
              <Csrf session={props.session} />
              <button type="submit">{t.merchants.resend}</button>
            </form>
          )}</td>
        </tr>
      ))}
    </table>
  );
}
