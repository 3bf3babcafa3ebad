import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ORIGIN, PASSWORD, type TestApp } from '../../tests/helpers/app';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

describe('sign-in', () => {
  it('serves the sign-in page in Chinese', async () => {
    const res = await t.get('/login');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('lang="zh-CN"');
    expect(html).toContain('name="username"');
    expect(html).toContain('name="password"');
  });

  it('sets an HttpOnly SameSite session cookie and stores only its hash', async () => {
    const res = await t.post('/login', { username: 'staff', password: PASSWORD });
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('tl_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const token = cookie.split(';')[0]!.split('=')[1]!;
    const rows = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from sessions where token_hash = ${token}`);
    expect(rows[0]!.n).toBe(0);
    const home = await t.get('/', cookie.split(';')[0]);
    expect(home.status).toBe(200);
    expect(home.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a wrong password with 401 and the same message as an unknown user', async () => {
    const a = await t.post('/login', { username: 'finance', password: 'wrong-password' });
    const b = await t.post('/login', { username: 'nobody-here', password: 'wrong-password' });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(await a.text()).toContain('用户名或密码错误');
    expect(await b.text()).toContain('用户名或密码错误');
  });

  it('throttles after five failures for one user name', async () => {
    for (let i = 0; i < 5; i++) await t.post('/login', { username: 'leader', password: `bad-${i}` });
    const res = await t.post('/login', { username: 'leader', password: PASSWORD });
    expect(res.status).toBe(429);
    expect(await res.text()).toContain('15分钟后再试');
  });

  it('rotates the session at sign-in and ends it by POST /logout', async () => {
    const first = await t.signIn('admin');
    const res = await t.post('/login', { username: 'admin', password: PASSWORD }, first);
    const second = res.headers.getSetCookie().find((c) => c.startsWith('tl_session='))!.split(';')[0]!;
    expect(second).not.toBe(first);
    expect((await t.get('/', first)).status).toBe(303); // the old session is gone
    expect((await t.get('/', second)).status).toBe(200);
    expect((await t.post('/logout', {}, second)).status).toBe(303);
    expect((await t.get('/', second)).status).toBe(303);
  });

  it('expires an idle session', async () => {
    const cookie = await t.signIn('staff');
    await t.db.execute(sql`update sessions set last_seen_at = now() - interval '3 hours'`);
    const res = await t.get('/parcels', cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fparcels');
  });

  it('does not redirect off-site after sign-in', async () => {
    const res = await t.post('/login', { username: 'staff', password: PASSWORD, next: '//evil.example/x' });
    expect(res.headers.get('location')).toBe('/');
  });
});

describe('request protection', () => {
  it('refuses a form post without a same-origin Origin', async () => {
    const cookie = await t.signIn('staff');
    const body = new URLSearchParams({ code: 'X', kind: '土地', name: 'x', starting_price: '1' });
    const noOrigin = await t.app.request(`${ORIGIN}/parcels`, { method: 'POST', body, headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(noOrigin.status).toBe(403);
    const foreign = await t.post('/parcels', { code: 'X', kind: '土地', name: 'x', starting_price: '1' }, cookie, { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toContain('请求来源校验失败');
    const json = await t.app.request(`${ORIGIN}/logout`, { method: 'POST', body: '{}', headers: { Cookie: cookie, 'Content-Type': 'application/json' } });
    expect(json.status).toBe(403);
  });

  it('sends a CSP that allows scripts only from this server, and other security headers', async () => {
    const res = await t.get('/login');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('serves htmx from this server', async () => {
    const res = await t.get('/static/vendor/htmx.min.js');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('htmx');
  });

  it('refuses an oversized body with 413', async () => {
    const cookie = await t.signIn('staff');
    const res = await t.post('/parcels', { name: 'x'.repeat(2 * 1024 * 1024) }, cookie);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('提交的内容过大');
  });

  it('gives an agency user 403 on staff pages and the sign-in page to strangers', async () => {
    const agency = await t.signIn('agency1');
    for (const path of ['/parcels', '/transfers', '/announcements', '/agencies', '/admin/users', '/ledger/import']) {
      expect((await t.get(path, agency)).status, path).toBe(403);
    }
    const anon = await t.get('/parcels');
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toContain('/login');
  });

  it('answers an unknown page with a Chinese 404 page', async () => {
    const res = await t.get('/no-such-page');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('页面不存在');
  });
});
