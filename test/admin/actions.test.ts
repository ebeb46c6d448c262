import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabase } from '../helpers/db.ts';
import { makeUser, makeAcceptor } from '../helpers/fixtures.ts';
import { createAdminApp } from '../../admin/index.ts';
import { freezeUser, unfreezeUser, decideAcceptor, setAcceptorTerms, updateSetting, searchUsers, listAudit, dashboard, parseUsdt, formatUsdt } from '../../core/admin/index.ts';
import { DeskError } from '../../core/errors.ts';
import { makeAdmin, sessionFor, formBody, disputedOrder } from './helpers.ts';

const db = await testDatabase();
const { sql } = db;
const refused = (code: string) => (e: unknown) => e instanceof DeskError && e.code === code;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

test('freeze / unfreeze: conditional, audited with before/after, bot told', async () => {
  const admin = await makeAdmin(sql, 'admin');
  const ctx = { adminId: admin.id, name: admin.name, ip: '10.1.1.1' };
  const user = await makeUser(sql);
  await assert.rejects(freezeUser(sql, user, 'x', ctx), refused('invalid_input'));
  await freezeUser(sql, user, 'chargeback fraud', ctx);
  await assert.rejects(freezeUser(sql, user, 'again please', ctx), refused('already_done'));
  await unfreezeUser(sql, user, 'cleared by compliance', ctx);
  await assert.rejects(unfreezeUser(sql, user, 'cleared by compliance', ctx), refused('already_done'));
  await assert.rejects(freezeUser(sql, 99999999, 'no such user', ctx), refused('not_found'));
  const { rows } = await listAudit(sql, { adminId: admin.id });
  assert.deepEqual(rows.map((r) => r.action), ['user.unfreeze', 'user.freeze']);
  assert.deepEqual(rows[0].before, { frozen: true, reason: 'chargeback fraud' });
  assert.equal(rows[1].ip, '10.1.1.1');
  const topics = await sql`SELECT topic FROM outbox WHERE channel = 'telegram' AND (payload->>'userId')::bigint = ${user} ORDER BY id`;
  assert.deepEqual(topics.map((t) => t.topic), ['user.frozen', 'user.unfrozen']);
});

test('acceptor decisions follow their states; suspension takes the acceptor offline; terms are validated', async () => {
  const admin = await makeAdmin(sql, 'admin');
  const ctx = { adminId: admin.id, name: admin.name, ip: null };
  const applicant = await makeUser(sql);
  await sql`INSERT INTO acceptors (user_id, application) VALUES (${applicant}, ${JSON.stringify({ volume: '50k/day' })}::jsonb)`;
  await assert.rejects(decideAcceptor(sql, applicant, 'suspend', 'not yet approved', ctx), refused('invalid_transition'));
  await decideAcceptor(sql, applicant, 'approve', 'references checked', ctx);
  await assert.rejects(decideAcceptor(sql, applicant, 'approve', 'double click', ctx), refused('invalid_transition'));
  const { userId: live } = await makeAcceptor(sql, { currency: 'USD', online: true });
  await decideAcceptor(sql, live, 'suspend', 'three timeouts today', ctx);
  const [a] = await sql`SELECT status, online FROM acceptors WHERE user_id = ${live}`;
  assert.deepEqual([a.status, a.online], ['suspended', false]);
  await assert.rejects(setAcceptorTerms(sql, live, { marginBps: 10001, dailyLimit: null }, ctx), refused('invalid_input'));
  await setAcceptorTerms(sql, live, { marginBps: 2500, dailyLimit: parseUsdt('25,000.5') }, ctx);
  const [t] = await sql`SELECT margin_bps, daily_limit FROM acceptors WHERE user_id = ${live}`;
  assert.deepEqual([t.margin_bps, t.daily_limit], [2500, 25_000_500_000n]);
  const [ob] = await sql`SELECT payload FROM outbox WHERE topic = 'acceptor.suspended'`;
  assert.equal(Number(ob.payload.userId), live);
});

test('settings are validated per key and audited; amounts are decimal strings, never floats', async () => {
  const admin = await makeAdmin(sql, 'admin');
  const ctx = { adminId: admin.id, name: admin.name, ip: null };
  for (const [key, bad] of [['matching_mode', 'random'], ['payment_window_sec', '-5'], ['payment_window_sec', '90.5'], ['trade_fee_bps', '1e2'],
    ['min_order_usdt', '0'], ['min_order_usdt', '1.0000001'], ['kyc_daily_limits', '1=abc'], ['withdraw_fee_usdt', 'mars=1'], ['no_such_key', '1']] as const) {
    await assert.rejects(updateSetting(sql, key, bad, ctx), (e: unknown) => e instanceof DeskError, `${key}=${bad}`);
  }
  assert.equal(await updateSetting(sql, 'matching_mode', 'group', ctx), true);
  assert.equal(await updateSetting(sql, 'matching_mode', 'group', ctx), false);
  await updateSetting(sql, 'min_order_usdt', '2.5', ctx);
  await updateSetting(sql, 'kyc_daily_limits', '0=1,000\n1=10000\n2=100000.25', ctx);
  await assert.rejects(updateSetting(sql, 'max_order_usdt', '1', ctx), refused('invalid_input')); // below the minimum
  const rows = Object.fromEntries((await sql`SELECT key, value FROM settings WHERE key IN ('matching_mode', 'min_order_usdt', 'kyc_daily_limits')`).map((r) => [r.key, r.value]));
  assert.deepEqual(rows, { matching_mode: 'group', min_order_usdt: '2500000', kyc_daily_limits: { 0: '1000000000', 1: '10000000000', 2: '100000250000' } });
  const { rows: audit } = await listAudit(sql, { action: 'settings.' });
  assert.equal(audit.length, 3);
  await updateSetting(sql, 'matching_mode', 'auto', ctx);
});

test('search by id, telegram id and username; user page shows balances, orders and KYC', async () => {
  const user = await makeUser(sql, { usdt: 12_345_678n });
  const [u] = await sql`SELECT telegram_id, username FROM users WHERE id = ${user}`;
  assert.deepEqual((await searchUsers(sql, String(user))).map((r) => r.id), [user]);
  assert.deepEqual((await searchUsers(sql, String(u.telegram_id))).map((r) => r.id), [user]);
  assert.ok((await searchUsers(sql, '@' + u.username)).some((r) => r.id === user));
  assert.deepEqual(await searchUsers(sql, '%'), []);
  const admin = await makeAdmin(sql, 'finance');
  const s = await sessionFor(sql, admin.id);
  const app = createAdminApp({ sql, db: db.db, config: { NODE_ENV: 'test' } });
  const page = await (await app.request(`/users/${user}`, { headers: { cookie: s.cookie } })).text();
  assert.match(page, /12\.345678/);
  // Finance may look but not freeze: the form is absent and the route refuses.
  assert.doesNotMatch(page, /\/freeze/);
  const post = await app.request(`/users/${user}/freeze`, { method: 'POST', headers: { ...FORM, cookie: s.cookie }, body: formBody({ _csrf: s.csrf, reason: 'not allowed' }) });
  assert.equal(post.status, 403);
});

test('dashboard figures come from the database: open orders, appeals against the target, ledger totals', async () => {
  const before = await dashboard(sql);
  const d = await disputedOrder(sql, 'EUR', '0.9000');
  const after = await dashboard(sql);
  assert.equal(after.openByStatus.disputed, before.openByStatus.disputed + 1);
  assert.equal(after.appeals.waiting, before.appeals.waiting + 1);
  assert.equal(after.appeals.targetSec, 14400);
  assert.equal(after.ledger.escrow - before.ledger.escrow, d.usdt);
  // Back-dated beyond the 4-hour target, the appeal counts as overdue.
  await sql`UPDATE disputes SET opened_at = now() - interval '5 hours' WHERE order_id = ${d.orderId}`;
  const late = await dashboard(sql);
  assert.equal(late.appeals.overdue, after.appeals.overdue + 1);
  assert.equal(late.volume.length, 14);
  assert.equal(formatUsdt(1_234_500_000n), '1,234.50');
  assert.equal(formatUsdt(1n), '0.000001');
});

test('the dispute file route streams only files that belong to the order', async () => {
  const d = await disputedOrder(sql, 'GBP', '0.8000');
  const arb = await makeAdmin(sql, 'arbitrator');
  const s = await sessionFor(sql, arb.id);
  const asked: string[] = [];
  const app = createAdminApp({ sql, db: db.db, config: { NODE_ENV: 'test' }, fetchTelegramFile: async (id) => { asked.push(id); return { body: new TextEncoder().encode('PNGDATA'), contentType: 'image/png' }; } });
  const own = await app.request(`/files/order/${d.orderId}/receipt-${d.orderId}`, { headers: { cookie: s.cookie } });
  assert.equal(own.status, 200);
  assert.equal(own.headers.get('content-type'), 'image/png');
  assert.equal(await own.text(), 'PNGDATA');
  const foreign = await app.request(`/files/order/${d.orderId}/someone-elses-file`, { headers: { cookie: s.cookie } });
  assert.equal(foreign.status, 404);
  assert.deepEqual(asked, [`receipt-${d.orderId}`]);
  // Without the callback a placeholder image is shown.
  const bare = createAdminApp({ sql, db: db.db, config: { NODE_ENV: 'test' } });
  const ph = await bare.request(`/files/order/${d.orderId}/receipt-${d.orderId}`, { headers: { cookie: s.cookie } });
  assert.equal(ph.headers.get('content-type'), 'image/svg+xml');
});

test('admin accounts: created from the panel (secret shown once), disabling ends their sessions, no self-lockout', async () => {
  const app = createAdminApp({ sql, db: db.db, config: { NODE_ENV: 'test' } });
  const boss = await makeAdmin(sql, 'admin');
  const s = await sessionFor(sql, boss.id);
  const res = await app.request('/admins', { method: 'POST', headers: { ...FORM, cookie: s.cookie }, body: formBody({ _csrf: s.csrf, email: 'reviewer@desk.test', name: 'Rev', role: 'kyc', password: 'long-enough-pw' }) });
  assert.equal(res.status, 200);
  const html = await res.text();
  const [row] = await sql`SELECT id, totp_secret, role FROM admin_users WHERE email = 'reviewer@desk.test'`;
  assert.equal(row.role, 'kyc');
  assert.ok(html.includes(row.totp_secret), 'the secret is shown to the creating admin');
  const dup = await app.request('/admins', { method: 'POST', headers: { ...FORM, cookie: s.cookie }, body: formBody({ _csrf: s.csrf, email: 'REVIEWER@desk.test', role: 'kyc', password: 'long-enough-pw' }), redirect: 'manual' });
  assert.match(dup.headers.get('location') ?? '', /error=already_done/);

  const rs = await sessionFor(sql, Number(row.id));
  assert.equal((await app.request('/admins', { headers: { cookie: rs.cookie } })).status, 403);
  assert.equal((await app.request('/kyc', { headers: { cookie: rs.cookie } })).status, 200);
  const off = await app.request(`/admins/${row.id}/disable`, { method: 'POST', headers: { ...FORM, cookie: s.cookie }, body: formBody({ _csrf: s.csrf }), redirect: 'manual' });
  assert.match(off.headers.get('location') ?? '', /flash=admin/);
  assert.equal((await app.request('/kyc', { headers: { cookie: rs.cookie }, redirect: 'manual' })).status, 302);
  const self = await app.request(`/admins/${boss.id}/disable`, { method: 'POST', headers: { ...FORM, cookie: s.cookie }, body: formBody({ _csrf: s.csrf }), redirect: 'manual' });
  assert.match(self.headers.get('location') ?? '', /error=forbidden/);
  const actions = (await listAudit(sql, { adminId: boss.id })).rows.map((r) => r.action);
  assert.deepEqual(actions.filter((a) => a.startsWith('admin.')), ['admin.disable', 'admin.create']);
});
