import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema';
import { createTestApp, PASSWORD, type TestApp } from '../../tests/helpers/app';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
});
afterAll(() => t.close());

const dutiesOf = async (username: string) =>
  (await t.db.select({ duties: users.duties }).from(users).where(eq(users.username, username)))[0]!.duties;

const profile = (extra: Record<string, string | string[]>) =>
  ({ display_name: '某人', role: 'finance', center_id: String(t.fixture.centers.city), agency_id: '', active: '1', ...extra });

describe('approval duties of users', () => {
  it('assigns duties to a finance or leader user and shows them checked', async () => {
    const id = t.fixture.users.leader.id;
    const res = await t.post(`/admin/users/${id}`, profile({ role: 'leader', duties: ['业务分管领导', '财务分管领导'] }), admin);
    expect(res.status).toBe(303);
    expect(await dutiesOf('leader')).toEqual(['业务分管领导', '财务分管领导']);
    const form = await (await t.get(`/admin/users/${id}/edit`, admin)).text();
    expect(form).toMatch(/value="业务分管领导" checked/);
    expect(form).not.toMatch(/value="科室负责人" checked/);
    // Unchecking every box clears them.
    expect((await t.post(`/admin/users/${id}`, profile({ role: 'leader' }), admin)).status).toBe(303);
    expect(await dutiesOf('leader')).toEqual([]);
  });

  it('creates a user with a duty', async () => {
    const res = await t.post('/admin/users', {
      ...profile({ duties: '科室负责人' }), username: 'zhao.kz', password: PASSWORD, password_confirm: PASSWORD,
    }, admin);
    expect(res.status).toBe(303);
    expect(await dutiesOf('zhao.kz')).toEqual(['科室负责人']);
  });

  it('refuses duties for other roles and unknown duties, beside the field', async () => {
    let res = await t.post(`/admin/users/${t.fixture.users.staff.id}`, profile({ role: 'staff', duties: '科室负责人' }), admin);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('只有“财务科”或“分管领导”角色的用户才能担任审批职责');
    res = await t.post(`/admin/users/${t.fixture.users.finance.id}`, profile({ duties: '总经理' }), admin);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('请选择有效的审批职责');
    expect(await dutiesOf('staff')).toEqual([]);
  });
});
