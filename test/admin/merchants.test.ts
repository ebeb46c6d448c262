import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { testDatabase } from '../helpers/db.ts';
import { createAdminApp } from '../../admin/index.ts';
import { createMerchant } from '../../core/merchants/merchants.ts';
import { listAudit } from '../../core/admin/index.ts';
import { makeAdmin, sessionFor, formBody } from './helpers.ts';

const { sql, db } = await testDatabase();
const app = createAdminApp({ sql, db, config: { NODE_ENV: 'test' } });
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

test('finance sees merchants and their webhook log, and resends a failed delivery (audited)', async () => {
  const { merchant } = await createMerchant(sql, randomBytes(32), { name: 'Shop One', callbackUrl: 'http://127.0.0.1:9/hook', feeBps: 100, commissionBps: 40, currencies: ['CNY'] });
  const [d] = await sql`
    INSERT INTO webhook_deliveries (event_id, merchant_id, event_type, payload, status, attempts, give_up_at, last_status_code, last_error)
    VALUES ('evt_1', ${merchant.id}, 'payin.paid', '{"id":"1"}', 'failed', 9, now() - interval '1 minute', 503, 'service unavailable')
    RETURNING id`;
  const finance = await makeAdmin(sql, 'finance');
  const s = await sessionFor(sql, finance.id);
  const page = await app.request('/merchants', { headers: { cookie: s.cookie } });
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /Shop One/);
  assert.match(html, new RegExp(`delivery-${d.id}`));
  const detail = await app.request(`/merchants/${merchant.id}`, { headers: { cookie: s.cookie } });
  assert.match(await detail.text(), /payin\.paid/);

  const noCsrf = await app.request(`/merchants/deliveries/${d.id}/resend`, { method: 'POST', headers: { cookie: s.cookie, ...FORM }, body: formBody({}) });
  assert.equal(noCsrf.status, 403);
  const res = await app.request(`/merchants/deliveries/${d.id}/resend`, { method: 'POST', headers: { cookie: s.cookie, ...FORM }, body: formBody({ _csrf: s.csrf }) });
  assert.equal(res.status, 303);
  assert.match(res.headers.get('location') ?? '', /flash=webhook/);
  const [after] = await sql`SELECT status, give_up_at > now() AS live FROM webhook_deliveries WHERE id = ${d.id}`;
  assert.deepEqual({ ...after }, { status: 'pending', live: true });
  const { rows } = await listAudit(sql, { adminId: finance.id });
  assert.equal(rows[0].action, 'webhook.resend');
  assert.deepEqual(rows[0].before, { status: 'failed', attempts: 9 });

  const arbitrator = await makeAdmin(sql, 'arbitrator');
  const a = await sessionFor(sql, arbitrator.id);
  assert.equal((await app.request('/merchants', { headers: { cookie: a.cookie } })).status, 403);
});
