import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authenticator } from 'otplib';
import { testDatabase } from '../helpers/db.ts';
import { makeUser } from '../helpers/fixtures.ts';
import { createAdminApp, seedSandboxAdmin } from '../../admin/index.ts';
import { PUBLIC_PATHS } from '../../admin/auth.ts';
import { MAX_FAILURES } from '../../core/admin/throttle.ts';
import { login } from '../../core/admin/login.ts';
import { makeAdmin, sessionFor, formBody, pendingWithdrawal } from './helpers.ts';

const db = await testDatabase();
const { sql } = db;
const app = createAdminApp({ sql, db: db.db, config: { NODE_ENV: 'test' } });
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

const concrete = (path: string) =>
  path.replace(/:fileId/g, 'some-file').replace(/:which/g, 'document').replace(/:[A-Za-z]+/g, '1');

test('every route without a session redirects to the login page (GET) or answers 401', async () => {
  // Enumerated from the router itself, so a route added later is covered without editing this test.
  const routes = app.routes.filter((r) => r.method !== 'ALL');
  const seen = new Set<string>();
  let checked = 0;
  for (const r of routes) {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (PUBLIC_PATHS.has(r.path)) continue;
    const res = await app.request(concrete(r.path), { method: r.method, headers: FORM, body: r.method === 'GET' ? undefined : 'a=1', redirect: 'manual' });
    if (r.method === 'GET') {
      assert.equal(res.status, 302, `${key} answered ${res.status}`);
      assert.match(res.headers.get('location') ?? '', /^\/login/, `${key} redirected elsewhere`);
    } else {
      assert.equal(res.status, 401, `${key} answered ${res.status}`);
    }
    checked++;
  }
  assert.ok(checked >= 15, `only ${checked} protected routes found`);
  // The public set is exactly what the login page needs.
  assert.deepEqual([...PUBLIC_PATHS].sort(), ['/healthz', '/login', '/static/admin.css']);
  const bogus = await app.request('/no-such-page', { redirect: 'manual' });
  assert.equal(bogus.status, 302);
});

test('a form post without the CSRF token (or with another session\'s token) is refused and changes nothing', async () => {
  const admin = await makeAdmin(sql, 'admin');
  const other = await makeAdmin(sql, 'admin');
  const s = await sessionFor(sql, admin.id);
  const s2 = await sessionFor(sql, other.id);
  const userId = await makeUser(sql);
  const post = (body: Record<string, string>) =>
    app.request(`/users/${userId}/freeze`, { method: 'POST', headers: { ...FORM, cookie: s.cookie }, body: formBody(body), redirect: 'manual' });
  assert.equal((await post({ reason: 'fraud report' })).status, 403);
  assert.equal((await post({ reason: 'fraud report', _csrf: s2.csrf })).status, 403);
  assert.equal((await post({ reason: 'fraud report', _csrf: '' })).status, 403);
  const jsonPost = await app.request(`/users/${userId}/freeze`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: s.cookie }, body: JSON.stringify({ reason: 'x', _csrf: s.csrf }), redirect: 'manual' });
  assert.equal(jsonPost.status, 403);
  let [u] = await sql`SELECT frozen FROM users WHERE id = ${userId}`;
  assert.equal(u.frozen, false);
  assert.equal((await sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'user.freeze'`)[0].n, 0);
  // The same request with the token goes through: the refusal above was the token, nothing else.
  const ok = await post({ reason: 'fraud report', _csrf: s.csrf });
  assert.equal(ok.status, 303);
  [u] = await sql`SELECT frozen, frozen_reason FROM users WHERE id = ${userId}`;
  assert.deepEqual([u.frozen, u.frozen_reason], [true, 'fraud report']);
  const [ob] = await sql`SELECT payload FROM outbox WHERE channel = 'telegram' AND topic = 'user.frozen'`;
  assert.equal(Number(ob.payload.userId), userId);
});

test('an arbitrator cannot approve withdrawals; finance can', async () => {
  const { withdrawalId, status } = await pendingWithdrawal(sql);
  assert.equal(status, 'awaiting_approval');
  const arb = await sessionFor(sql, (await makeAdmin(sql, 'arbitrator')).id);
  const approve = (s: { cookie: string; csrf: string }) =>
    app.request(`/withdrawals/${withdrawalId}/approve`, { method: 'POST', headers: { ...FORM, cookie: s.cookie }, body: formBody({ _csrf: s.csrf }), redirect: 'manual' });
  assert.equal((await approve(arb)).status, 403);
  assert.equal((await app.request('/withdrawals', { headers: { cookie: arb.cookie } })).status, 403);
  let [w] = await sql`SELECT status FROM withdrawals WHERE id = ${withdrawalId}`;
  assert.equal(w.status, 'awaiting_approval');
  // Arbitrators do reach their own pages.
  assert.equal((await app.request('/disputes', { headers: { cookie: arb.cookie } })).status, 200);

  const fin = await makeAdmin(sql, 'finance');
  const finS = await sessionFor(sql, fin.id);
  const res = await approve(finS);
  assert.equal(res.status, 303);
  assert.match(res.headers.get('location') ?? '', /flash=withdrawal/);
  [w] = await sql`SELECT status, decided_by FROM withdrawals WHERE id = ${withdrawalId}`;
  assert.equal(w.status, 'approved');
  const [a] = await sql`SELECT admin_id, action, target FROM audit_log WHERE action = 'withdrawal.approve'`;
  assert.deepEqual([Number(a.admin_id), a.target], [fin.id, `withdrawal:${withdrawalId}`]);
  // Finance cannot resolve disputes or change settings.
  assert.equal((await app.request('/settings', { headers: { cookie: finS.cookie } })).status, 403);
  assert.equal((await app.request('/disputes', { headers: { cookie: finS.cookie } })).status, 403);
});

async function loginForm(email: string, password: string, code: string, ip = '10.0.0.1') {
  const page = await app.request('/login');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
  return app.request('/login', {
    method: 'POST', headers: { ...FORM, cookie, 'user-agent': 'security-test', 'x-forwarded-for': ip },
    body: formBody({ _csrf: csrf, email, password, code }), redirect: 'manual',
  });
}

test('login: password + TOTP gives a hardened cookie; five wrong passwords lock the account', async () => {
  const admin = await makeAdmin(sql, 'kyc');
  const ok = await loginForm(admin.email, admin.password, authenticator.generate(admin.secret));
  assert.equal(ok.status, 303);
  const setCookie = ok.headers.get('set-cookie') ?? '';
  assert.match(setCookie, /otc_admin=[\w-]{40,}/);
  assert.match(setCookie, /HttpOnly/i);
  assert.match(setCookie, /SameSite=Lax/i);
  assert.doesNotMatch(setCookie, /Secure/i); // plain http on loopback
  // The same code cannot be replayed for a second session.
  assert.equal((await loginForm(admin.email, admin.password, authenticator.generate(admin.secret))).status, 401);
  // The login form itself needs its CSRF token.
  const noToken = await app.request('/login', { method: 'POST', headers: FORM, body: formBody({ email: admin.email, password: admin.password, code: '000000' }) });
  assert.equal(noToken.status, 403);

  const victim = await makeAdmin(sql, 'admin');
  for (let i = 0; i < MAX_FAILURES; i++) {
    const r = await loginForm(victim.email, 'wrong-password-' + i, authenticator.generate(victim.secret), '10.0.0.2');
    assert.equal(r.status, 401, `attempt ${i + 1}`);
  }
  // Locked by email even from another address.
  const locked = await loginForm(victim.email, victim.password, authenticator.generate(victim.secret), '10.0.0.3');
  assert.equal(locked.status, 429);
  assert.match(await locked.text(), /locked/i);
  assert.equal(locked.headers.get('set-cookie')?.includes('otc_admin='), false);
  const [n] = await sql`SELECT count(*)::int AS n FROM login_attempts WHERE email = ${victim.email} AND NOT success`;
  assert.equal(n.n, MAX_FAILURES + 1);
  // Older failures fall out of the 15-minute window.
  await sql`UPDATE login_attempts SET created_at = now() - interval '16 minutes' WHERE email = ${victim.email}`;
  const again = await loginForm(victim.email, victim.password, authenticator.generate(victim.secret), '10.0.0.3');
  assert.equal(again.status, 303);
});

test('five failures from one address lock that address for every email', async () => {
  const a = await makeAdmin(sql, 'admin');
  for (let i = 0; i < MAX_FAILURES; i++) {
    assert.equal((await loginForm(`nobody-${i}@test.local`, 'guess-' + i, '123456', '10.9.9.9')).status, 401);
  }
  assert.equal((await loginForm(a.email, a.password, authenticator.generate(a.secret), '10.9.9.9')).status, 429);
  assert.equal((await loginForm(a.email, a.password, authenticator.generate(a.secret), '10.9.9.10')).status, 303);
});

test('the session cookie is Secure behind TLS (X-Forwarded-Proto https)', async () => {
  const admin = await makeAdmin(sql, 'finance');
  const page = await app.request('/login', { headers: { 'x-forwarded-proto': 'https' } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
  assert.match(page.headers.get('set-cookie') ?? '', /Secure/);
  const r = await app.request('/login', {
    method: 'POST', headers: { ...FORM, cookie, 'x-forwarded-proto': 'https', 'x-forwarded-for': '10.0.0.4' },
    body: formBody({ _csrf: csrf, email: admin.email, password: admin.password, code: authenticator.generate(admin.secret) }), redirect: 'manual',
  });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('set-cookie') ?? '', /otc_admin=.*; Secure/i);
});

test('an expired session is refused, and logout ends a session', async () => {
  const admin = await makeAdmin(sql, 'admin');
  const s = await sessionFor(sql, admin.id);
  assert.equal((await app.request('/', { headers: { cookie: s.cookie } })).status, 200);
  await sql`UPDATE admin_sessions SET expires_at = now() - interval '1 second' WHERE admin_id = ${admin.id}`;
  const page = await app.request('/', { headers: { cookie: s.cookie }, redirect: 'manual' });
  assert.equal(page.status, 302);
  assert.equal(page.headers.get('location'), '/login?expired=1');
  const post = await app.request('/settings', { method: 'POST', headers: { ...FORM, cookie: s.cookie }, body: formBody({ _csrf: s.csrf, key: 'trade_fee_bps', value: '20' }) });
  assert.equal(post.status, 401);
  const [fee] = await sql`SELECT value FROM settings WHERE key = 'trade_fee_bps'`;
  assert.equal(fee.value, 10);

  const s2 = await sessionFor(sql, admin.id);
  const out = await app.request('/logout', { method: 'POST', headers: { ...FORM, cookie: s2.cookie }, body: formBody({ _csrf: s2.csrf }), redirect: 'manual' });
  assert.equal(out.status, 303);
  assert.equal((await app.request('/', { headers: { cookie: s2.cookie }, redirect: 'manual' })).status, 302);
});

test('secure headers: CSP allows only self, no framing, no caching of pages', async () => {
  const admin = await makeAdmin(sql, 'admin');
  const s = await sessionFor(sql, admin.id);
  const res = await app.request('/', { headers: { cookie: s.cookie } });
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  assert.equal(res.headers.get('x-frame-options'), 'DENY');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('cache-control'), 'no-store');
});

test('the audit log is append-only', async () => {
  const admin = await makeAdmin(sql, 'admin');
  const s = await sessionFor(sql, admin.id);
  const r = await app.request('/settings', { method: 'POST', headers: { ...FORM, cookie: s.cookie }, body: formBody({ _csrf: s.csrf, key: 'trade_fee_bps', value: '15' }), redirect: 'manual' });
  assert.equal(r.status, 303);
  const [row] = await sql`SELECT id, before, after FROM audit_log WHERE action = 'settings.update'`;
  assert.deepEqual([row.before, row.after], [{ value: 10 }, { value: 15 }]);
  await assert.rejects(sql`UPDATE audit_log SET action = 'nothing' WHERE id = ${row.id}`, /append-only/);
  await assert.rejects(sql`DELETE FROM audit_log WHERE id = ${row.id}`, /append-only/);
  await assert.rejects(sql`TRUNCATE audit_log`, /append-only/);
  // A bad value is refused with a message and changes nothing.
  const bad = await app.request('/settings', { method: 'POST', headers: { ...FORM, cookie: s.cookie }, body: formBody({ _csrf: s.csrf, key: 'trade_fee_bps', value: '1e3' }), redirect: 'manual' });
  assert.match(bad.headers.get('location') ?? '', /error=invalid_input/);
  const [fee] = await sql`SELECT value FROM settings WHERE key = 'trade_fee_bps'`;
  assert.equal(fee.value, 15);
});

test('seedSandboxAdmin is idempotent and its printed details log in', async () => {
  const first = await seedSandboxAdmin(sql);
  const again = await seedSandboxAdmin(sql);
  assert.deepEqual({ ...again, currentCode: null }, { ...first, currentCode: null });
  assert.equal((await sql`SELECT count(*)::int AS n FROM admin_users WHERE email = ${first.email}`)[0].n, 1);
  assert.match(first.otpauthUrl, /^otpauth:\/\/totp\//);
  const r = await loginForm(first.email, first.password, first.currentCode(), '10.0.0.7');
  assert.equal(r.status, 303);
});

test('a burst of parallel wrong logins cannot exceed the failure limit', async () => {
  const a = await makeAdmin(sql, 'admin');
  const tries = await Promise.all(Array.from({ length: 12 }, (_, i) =>
    login(sql, { email: a.email, password: 'parallel-guess-' + i, code: '000000', ip: `10.7.0.${i}` })));
  const reasons = tries.map((r) => (r.ok ? 'ok' : r.reason));
  assert.equal(reasons.filter((r) => r === 'invalid').length, MAX_FAILURES);
  assert.equal(reasons.filter((r) => r === 'locked').length, 12 - MAX_FAILURES);
});
