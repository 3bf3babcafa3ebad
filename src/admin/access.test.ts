import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../tests/helpers/app';

let t: TestApp;

beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

// Every route of the centers and admin features: only admins may use them.
function routes() {
  const { county } = t.fixture.centers;
  const user = t.fixture.users.staff.id;
  return {
    get: ['/centers', '/centers/new', `/centers/${county}`, `/centers/${county}/edit`, '/admin', '/admin/users', '/admin/users/new',
      `/admin/users/${user}/edit`, `/admin/users/${user}/password`, '/admin/audit', '/admin/audit/export.csv'],
    post: ['/centers', '/centers/validate?field=code', `/centers/${county}`, '/admin/users', '/admin/users/new/validate?field=username',
      `/admin/users/${user}`, `/admin/users/${user}/password`],
  };
}

describe('centers and admin access', () => {
  for (const role of ['staff', 'finance', 'leader', 'agency1'] as const) {
    it(`answers 403 to ${role} on every route`, async () => {
      const cookie = await t.signIn(role);
      const { get, post } = routes();
      for (const path of get) expect((await t.get(path, cookie)).status, `GET ${path}`).toBe(403);
      for (const path of post) {
        const form = { code: 'HACK', name: '越权', level: '县', parent_id: String(t.fixture.centers.city), password: 'x'.repeat(12), password_confirm: 'x'.repeat(12) };
        expect((await t.post(path, form, cookie)).status, `POST ${path}`).toBe(403);
      }
    });
  }

  it('sends a signed-out visitor to the login page', async () => {
    const res = await t.get('/admin/users');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fadmin%2Fusers');
    expect((await t.post('/centers', { code: 'X' })).status).toBe(401);
  });

  it('lets an admin in', async () => {
    const admin = await t.signIn('admin');
    const { get } = routes();
    for (const path of get) expect((await t.get(path, admin)).status, `GET ${path}`).toBeLessThan(400);
  });
});
