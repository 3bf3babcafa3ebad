// Generated from the app itself: every route declares who may use it, and every role gets
// exactly that — 403 when not allowed, never 403 when allowed; strangers are sent to sign in
// (the JSON API answers them 401 JSON instead).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../db/schema';
import { routeTable } from '../src/auth/routes-table';
import { createTestApp, type TestApp } from './helpers/app';

let t: TestApp;
const cookies = {} as Record<Role, string>;
const userOf: Record<Role, string> = { admin: 'admin', staff: 'staff', finance: 'finance', leader: 'leader', agency: 'agency1' };

beforeAll(async () => {
  t = await createTestApp();
  for (const role of roles) cookies[role] = await t.signIn(userOf[role]);
});
afterAll(() => t.close());

const concrete = (path: string) => path.replace(/:[a-zA-Z]+/g, '999999').replace(/\*$/, 'app.css');

async function call(method: string, path: string, cookie?: string) {
  return method === 'GET' ? t.get(path, cookie) : t.post(path, {}, cookie);
}

describe('route access', () => {
  it('every route declares who may use it', () => {
    const undeclared = routeTable(t.app).filter((r) => r.roles === null).map((r) => `${r.method} ${r.path}`);
    expect(undeclared).toEqual([]);
  });

  it('each role gets exactly what its route declares', async () => {
    const table = routeTable(t.app);
    expect(table.length).toBeGreaterThan(20);
    for (const r of table) {
      const path = concrete(r.path);
      for (const role of roles) {
        const res = await call(r.method, path, cookies[role]);
        const allowed = r.roles === 'public' || r.roles!.includes(role);
        if (allowed) {
          expect([401, 403], `${role} ${r.method} ${path}`).not.toContain(res.status);
          expect(res.status, `${role} ${r.method} ${path}`).toBeLessThan(500);
        } else {
          expect(res.status, `${role} ${r.method} ${path}`).toBe(403);
        }
        if (r.path === '/logout' && allowed) cookies[role] = await t.signIn(userOf[role]);
      }
      if (r.roles !== 'public') {
        const anon = await call(r.method, path);
        if (r.path.startsWith('/api/')) {
          // The JSON API tells a stranger 401 in JSON: a program cannot follow a redirect to a sign-in page.
          expect(anon.status, `anonymous ${r.method} ${path}`).toBe(401);
          expect(anon.headers.get('content-type'), `anonymous ${r.method} ${path}`).toContain('application/json');
        } else {
          expect(anon.status === 401 || (anon.status === 303 && anon.headers.get('location')!.startsWith('/login')), `anonymous ${r.method} ${path}`).toBe(true);
        }
      }
    }
  });
});
