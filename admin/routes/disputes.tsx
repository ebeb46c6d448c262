import type { Hono } from 'hono';
import { disputeQueue, disputeDetail, markFirstResponse, orderHasFile, type DisputeDetail } from '../../core/admin/disputes.ts';
import { resolveDisputeAsAdmin } from '../../core/admin/actions.ts';
import { parseUsdt } from '../../core/admin/amounts.ts';
import { disputeTargetSec } from '../../core/admin/dashboard.ts';
import { DeskError } from '../../core/errors.ts';
import type { Resolution } from '../../core/orders/index.ts';
import { actor, type AdminEnv } from '../env.ts';
import { requirePermission } from '../auth.ts';
import { act, form, idParam, render } from '../http.tsx';
import { t } from '../strings.ts';
import { Csrf } from '../views/layout.tsx';
import { fmtAge, fmtTime, formatMinor, formatUsdt, toDate } from '../views/format.ts';
import { streamFile } from './files.ts';

export function disputeRoutes(app: Hono<AdminEnv>) {
  app.get('/disputes', requirePermission('disputes'), async (c) => {
    const sql = c.get('deps').sql;
    const [rows, target] = [await disputeQueue(sql), await disputeTargetSec(sql)];
    return render(c, t.disputes.title, (
      <section class="card">
        {rows.length === 0 ? <p class="muted">{t.common.none}</p> : (
          <table>
            <tr><th>{t.disputes.order}</th><th>{t.disputes.opened}</th><th>{t.disputes.age}</th><th class="num">USDT</th><th class="num">Fiat</th><th>{t.disputes.firstResponse}</th><th></th></tr>
            {rows.map((r) => (
              <tr>
                <td><a href={`/disputes/${r.orderId}`}>#{r.orderId}</a></td>
                <td class="small">{fmtTime(r.openedAt)}</td>
                <td><span class={r.ageSec > target && !r.firstResponseAt ? 'badge bad' : 'badge'}>{fmtAge(r.ageSec)}</span>{r.ageSec > target && !r.firstResponseAt ? <span class="small muted"> {t.disputes.overdue}</span> : null}</td>
                <td class="num">{formatUsdt(r.usdtAmount)}</td>
                <td class="num">{formatMinor(r.fiatAmount, r.fiatExponent)} {r.fiatCurrency}</td>
                <td class="small">{r.firstResponseAt ? fmtTime(r.firstResponseAt) : '—'}</td>
                <td><a href={`/disputes/${r.orderId}`}>{t.disputes.open} →</a></td>
              </tr>
            ))}
          </table>
        )}
      </section>
    ));
  });

  app.get('/disputes/:id', requirePermission('disputes'), async (c) => {
    const id = idParam(c);
    const sql = c.get('deps').sql;
    if (id === null) return c.notFound();
    let d = await disputeDetail(sql, id);
    if (!d) return c.notFound();
    if (d.order.status === 'disputed' && (await markFirstResponse(sql, id, actor(c)))) d = (await disputeDetail(sql, id))!;
    return render(c, `${t.disputes.order} #${id}`, <DisputePage d={d} csrf={<Csrf session={c.get('session')!} />} />);
  });

  app.post('/disputes/:id/resolve', requirePermission('disputes'), async (c) => {
    const id = idParam(c);
    if (id === null) return c.notFound();
    const f = await form(c);
    const back = `/disputes/${id}`;
    return act(c, back, 'resolved', async () => {
      const outcome = f.outcome as Resolution;
      if (!['release', 'refund', 'split'].includes(outcome)) throw new DeskError('invalid_input', { field: 'outcome' });
      const reason = (f.reason ?? '').trim();
      if (reason.length < 3) throw new DeskError('invalid_input', { field: 'reason' });
      const buyerShare = outcome === 'split' ? parseUsdt(f.buyerShare ?? '') : undefined;
      await resolveDisputeAsAdmin(c.get('deps').sql, id, { outcome, reason, buyerShare }, actor(c));
    }, `order:${id}`);
  });

  app.get('/files/order/:id/:fileId', requirePermission('disputes'), async (c) => {
    const id = idParam(c);
    const fileId = c.req.param('fileId');
    if (id === null || !(await orderHasFile(c.get('deps').sql, id, fileId))) return c.notFound();
    return streamFile(c, fileId);
  });
}

function DisputePage(props: { d: DisputeDetail; csrf: any }) {
  const { order: o, dispute, events, messages, parties, escrow, fiatExponent } = props.d;
  const buyer = parties.find((p) => p.role === 'buyer');
  const seller = parties.find((p) => p.role === 'seller');
  const fileUrl = (fileId: string) => `/files/order/${o.id}/${encodeURIComponent(fileId)}`;
  const roleOf = (userId: unknown) => (userId !== null && Number(userId) === buyer?.userId ? 'buyer' : userId !== null && Number(userId) === seller?.userId ? 'seller' : '');
  const openedAt = toDate(dispute.opened_at);
  return (
    <>
      <div class="grid">
        <section class="card">
          <h2>{t.disputes.order} #{String(o.id)} <span class={o.status === 'disputed' ? 'badge warn' : 'badge ok'}>{o.status}</span></h2>
          <dl class="kv">
            <dt>Side</dt><dd>{o.kind} · trader {o.side}s USDT</dd>
            <dt>USDT</dt><dd>{formatUsdt(o.usdt_amount)}</dd>
            <dt>Fiat</dt><dd>{formatMinor(o.fiat_amount, fiatExponent)} {o.fiat_currency} · {o.payment_method}</dd>
            <dt>Price</dt><dd>{o.price ?? '—'}</dd>
            <dt>{t.disputes.opened}</dt><dd>{fmtTime(dispute.opened_at)} ({fmtAge(openedAt ? (Date.now() - openedAt.getTime()) / 1000 : null)})</dd>
            <dt>{t.disputes.firstResponse}</dt><dd>{fmtTime(dispute.first_response_at)}</dd>
            <dt>Appeal reason</dt><dd>{dispute.reason ?? '—'}</dd>
            {dispute.resolution ? <><dt>Resolution</dt><dd>{dispute.resolution} by {dispute.resolved_by}: {dispute.resolution_reason}{dispute.buyer_share !== null ? ` (buyer ${formatUsdt(dispute.buyer_share)})` : ''}</dd></> : null}
          </dl>
        </section>
        <section class="card">
          <h2>{t.disputes.escrow}</h2>
          <dl class="kv">
            <dt>Transfer</dt><dd class="mono">{escrow.transferId ?? '—'}</dd>
            <dt>Held</dt><dd>{escrow.amount !== null ? formatUsdt(escrow.amount) : '—'} USDT</dd>
            <dt>Escrow account now</dt><dd>{escrow.accountHeld !== null ? `${formatUsdt(escrow.accountHeld)} pending` : '—'}</dd>
            <dt>Settled by</dt><dd class="mono">{escrow.resolvedBy ?? 'still held'}</dd>
          </dl>
        </section>
      </div>
      <section class="card">
        <h2>{t.disputes.parties}</h2>
        <div class="grid two">
          {parties.map((p) => (
            <div>
              <h2>{p.role === 'buyer' ? t.disputes.buyer : t.disputes.seller} · <a href={`/users/${p.userId}`}>{p.username ? '@' + p.username : `user ${p.userId}`}</a> <span class="badge">{p.label}</span> {p.frozen ? <span class="badge bad">{t.users.frozen}</span> : null}</h2>
              <p class="small">{t.disputes.stats(p.ordersCompleted, p.ordersTotal, p.disputes, p.disputesLost)}</p>
              <p class="small muted">KYC tier {p.kycTier} · since {fmtTime(p.createdAt)}{p.acceptor ? ` · rating ${p.acceptor.rating ?? '—'} · avg release ${fmtAge(p.acceptor.avgReleaseSec)} · ${p.acceptor.timeouts} timeouts` : ''}</p>
            </div>
          ))}
        </div>
      </section>
      <div class="grid two">
        <section class="card">
          <h2>{t.disputes.timeline}</h2>
          <ul class="timeline">
            {events.map((e) => (
              <li><b>{e.action}</b> <span class="muted small">{e.from_status ?? '∅'} → {e.to_status ?? '∅'} · {e.actor_type}{e.actor_id !== null ? ` ${String(e.actor_id)}` : ''} · {fmtTime(e.created_at)}</span>{e.reason ? <div class="small">{e.reason}</div> : null}</li>
            ))}
          </ul>
        </section>
        <section class="card">
          <h2>{t.disputes.receipt}</h2>
          {o.receipt_file_id ? <a href={fileUrl(o.receipt_file_id)}><img class="receipt" src={fileUrl(o.receipt_file_id)} alt={t.disputes.receipt} /></a> : <p class="muted">{t.disputes.noReceipt}</p>}
        </section>
      </div>
      <section class="card">
        <h2>{t.disputes.chat}</h2>
        {messages.length === 0 ? <p class="muted">{t.disputes.noMessages}</p> : (
          <div class="chat">
            {messages.map((m) => (
              <div class={`msg ${roleOf(m.sender_id)}`}>
                <div class="who">{roleOf(m.sender_id) || 'system'}{m.username ? ` @${m.username}` : ''} · {fmtTime(m.created_at)}</div>
                {m.text ? <div>{m.text}</div> : null}
                {m.file_id ? <a href={fileUrl(m.file_id)}><img class="receipt" src={fileUrl(m.file_id)} alt={t.disputes.attachment} /></a> : null}
              </div>
            ))}
          </div>
        )}
      </section>
      {o.status === 'disputed' ? (
        <section class="card">
          <h2>{t.disputes.resolve}</h2>
          <form method="post" action={`/disputes/${o.id}/resolve`}>
            {props.csrf}
            <label for="reason">{t.common.reason}</label>
            <textarea id="reason" name="reason" required minlength={3} maxlength={1000}></textarea>
            <p class="small muted">{t.disputes.reasonHint}</p>
            <div class="row">
              <div>
                <label for="buyerShare">{t.disputes.buyerShare}</label>
                <input id="buyerShare" name="buyerShare" type="text" inputmode="decimal" placeholder={`0 < share < ${formatUsdt(o.usdt_amount)}`} />
              </div>
            </div>
            <div class="actions">
              <button type="submit" name="outcome" value="release" class="ok">{t.disputes.release}{buyer ? ` (${buyer.username ? '@' + buyer.username : buyer.userId})` : ''}</button>
              <button type="submit" name="outcome" value="refund" class="danger">{t.disputes.refund}{seller ? ` (${seller.username ? '@' + seller.username : seller.userId})` : ''}</button>
              <button type="submit" name="outcome" value="split">{t.disputes.split}</button>
            </div>
          </form>
        </section>
      ) : <p class="muted">{t.disputes.notDisputed(o.status)}</p>}
    </>
  );
}
