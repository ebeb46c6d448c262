import type { Hono } from 'hono';
import { listKycSubmissions, getKycSubmission, kycTiers } from '../../core/kyc/index.ts';
import { approveKycAsAdmin, rejectKycAsAdmin } from '../../core/admin/actions.ts';
import { DeskError } from '../../core/errors.ts';
import { actor, type AdminEnv } from '../env.ts';
import { requirePermission } from '../auth.ts';
import { act, form, idParam, render } from '../http.tsx';
import { t } from '../strings.ts';
import { Csrf } from '../views/layout.tsx';
import { fmtTime } from '../views/format.ts';
import { streamFile } from './files.ts';

const STATUSES = ['pending', 'approved', 'rejected'] as const;

export function kycRoutes(app: Hono<AdminEnv>) {
  app.get('/kyc', requirePermission('kyc'), async (c) => {
    const sql = c.get('deps').sql;
    const q = c.req.query('status');
    const status = (STATUSES as readonly string[]).includes(q ?? '') ? (q as (typeof STATUSES)[number]) : 'pending';
    const rows = await listKycSubmissions(sql, status);
    const tiers = await kycTiers(sql);
    const session = c.get('session')!;
    return render(c, t.kyc.title, (
      <>
        <p>{STATUSES.map((s) => <>{s === status ? <b>{t.kyc[s]}</b> : <a href={`/kyc?status=${s}`}>{t.kyc[s]}</a>}{' · '}</>)}</p>
        {rows.length === 0 ? <section class="card"><p class="muted">{t.common.none}</p></section> : rows.map((k) => (
          <section class="card" id={`kyc-${k.id}`}>
            <h2>#{k.id} · {k.fullName} · <a href={`/users/${k.userId}`}>{k.username ? '@' + k.username : `user ${k.userId}`}</a> <span class="badge">{k.status}</span></h2>
            <p class="small muted">{t.common.created} {fmtTime(k.createdAt)} · {t.kyc.currentTier} {k.currentTier}{k.reviewedAt ? ` · ${t.kyc.reviewer} ${k.reviewerName} ${fmtTime(k.reviewedAt)}` : ''}{k.tier !== null ? ` · ${t.kyc.tier} ${k.tier}` : ''}{k.reason ? ` · ${k.reason}` : ''}</p>
            <div class="photos">
              <figure><img src={`/files/kyc/${k.id}/document`} alt={t.kyc.document} /><figcaption class="small muted">{t.kyc.document}</figcaption></figure>
              <figure><img src={`/files/kyc/${k.id}/selfie`} alt={t.kyc.selfie} /><figcaption class="small muted">{t.kyc.selfie}</figcaption></figure>
            </div>
            {k.status === 'pending' ? (
              <div class="grid two">
                <form method="post" action={`/kyc/${k.id}/approve`}>
                  <Csrf session={session} />
                  <label for={`tier-${k.id}`}>{t.kyc.tier}</label>
                  <div class="row">
                    <select id={`tier-${k.id}`} name="tier">{tiers.map((n) => <option value={String(n)}>{n}</option>)}</select>
                    <button type="submit" class="ok">{t.kyc.approve}</button>
                  </div>
                </form>
                <form method="post" action={`/kyc/${k.id}/reject`}>
                  <Csrf session={session} />
                  <label for={`reason-${k.id}`}>{t.kyc.rejectReason}</label>
                  <div class="row">
                    <input id={`reason-${k.id}`} name="reason" type="text" required minlength={3} maxlength={1000} />
                    <button type="submit" class="danger">{t.kyc.reject}</button>
                  </div>
                </form>
              </div>
            ) : null}
          </section>
        ))}
      </>
    ));
  });

  app.post('/kyc/:id/approve', requirePermission('kyc'), async (c) => {
    const id = idParam(c);
    if (id === null) return c.notFound();
    const f = await form(c);
    return act(c, '/kyc', 'kyc', async () => {
      if (!/^\d{1,2}$/.test(f.tier ?? '')) throw new DeskError('invalid_input', { field: 'tier' });
      await approveKycAsAdmin(c.get('deps').sql, id, Number(f.tier), actor(c));
    }, `kyc:${id}`);
  });

  app.post('/kyc/:id/reject', requirePermission('kyc'), async (c) => {
    const id = idParam(c);
    if (id === null) return c.notFound();
    const f = await form(c);
    return act(c, '/kyc', 'kyc', () => rejectKycAsAdmin(c.get('deps').sql, id, f.reason ?? '', actor(c)), `kyc:${id}`);
  });

  app.get('/files/kyc/:id/:which', requirePermission('kyc'), async (c) => {
    const id = idParam(c);
    const which = c.req.param('which');
    const k = id === null ? null : await getKycSubmission(c.get('deps').sql, id);
    if (!k || (which !== 'document' && which !== 'selfie')) return c.notFound();
    return streamFile(c, which === 'document' ? k.documentFileId : k.selfieFileId);
  });
}
