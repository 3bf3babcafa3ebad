import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, sessions, users } from '../../db/schema';
import { createTestApp, PASSWORD, type TestApp } from '../../tests/helpers/app';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
});
afterAll(() => t.close());

const NEW_PASSWORD = 'a-brand-new-secret-42';

function valid(username: string, extra: Record<string, string> = {}) {
  return {
    username, display_name: '张三', role: 'staff', center_id: String(t.fixture.centers.county), agency_id: '',
    password: PASSWORD, password_confirm: PASSWORD, ...extra,
  };
}

async function userId(username: string) {
  const [u] = await t.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return u!.id;
}

/** The edit form as it is shown for a user, with changes. */
function edit(extra: Record<string, string>) {
  return { display_name: '张三', role: 'staff', center_id: String(t.fixture.centers.city), agency_id: '', active: '1', ...extra };
}

describe('users', () => {
  it('creates a user who can then sign in, lists them, and audits without the password hash', async () => {
    const res = await t.post('/admin/users', valid('zhang.san'), admin);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/users');
    const list = await (await t.get('/admin/users?q=zhang', admin)).text();
    expect(list).toContain('zhang.san');
    expect(list).toContain('交易组织科');
    expect(list).toContain('测试县公共资源交易中心');
    await t.signIn('zhang.san');
    const id = await userId('zhang.san');
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, String(id)));
    expect(event!.action).toBe('create');
    expect(JSON.stringify(event!.after)).not.toMatch(/passwordHash|argon2/);
    expect((event!.after as { username: string }).username).toBe('zhang.san');
  });

  it('lists only users of the admin’s centers', async () => {
    const html = await (await t.get('/admin/users', admin)).text();
    expect(html).toContain('agency1');
    expect(html).not.toContain('otherStaff');
  });

  it('answers 422 with each message beside its field', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ username: '' }, '请填写用户名'],
      [{ username: 'ab' }, '用户名应为3–50位小写字母、数字、“.”、“_”或“-”'],
      [{ username: 'Zhang' }, '用户名应为3–50位小写字母、数字、“.”、“_”或“-”'],
      [{ username: 'a'.repeat(51) }, '用户名应为3–50位小写字母、数字、“.”、“_”或“-”'],
      [{ display_name: '' }, '请填写姓名'],
      [{ role: 'boss' }, '请选择角色'],
      [{ center_id: '' }, '请选择所属交易中心'],
      [{ center_id: String(t.fixture.centers.other) }, '请选择您管辖范围内的交易中心'],
      [{ password: 'short', password_confirm: 'short' }, '密码至少10个字符'],
      [{ password: '', password_confirm: '' }, '请填写密码'],
      [{ password_confirm: 'something-else-1' }, '两次输入的密码不一致'],
      [{ username: 'staff' }, '用户名已被使用'],
    ];
    for (const [change, message] of cases) {
      const form = valid('new.user', change);
      const res = await t.post('/admin/users', form, admin);
      expect(res.status, message).toBe(422);
      const html = await res.text();
      expect(html, message).toContain(message);
      expect(html).toContain(`value="${form.username}"`);
      expect(html).not.toContain(PASSWORD); // a password is never echoed back
    }
    expect(await t.db.select().from(users).where(eq(users.username, 'new.user'))).toHaveLength(0);
  });

  it('requires an agency exactly for agency users', async () => {
    const none = await t.post('/admin/users', valid('agent.x', { role: 'agency' }), admin);
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('拍卖机构用户请选择所属拍卖机构');

    const extra = await t.post('/admin/users', valid('staff.x', { agency_id: String(t.fixture.agencies.a1) }), admin);
    expect(extra.status).toBe(422);
    expect(await extra.text()).toContain('只有“拍卖机构”角色的用户才能关联拍卖机构');

    const missing = await t.post('/admin/users', valid('agent.x', { role: 'agency', agency_id: '999999' }), admin);
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('所选拍卖机构不存在');

    const ok = await t.post('/admin/users', valid('agent.x', { role: 'agency', agency_id: String(t.fixture.agencies.a2) }), admin);
    expect(ok.status).toBe(303);
    const [u] = await t.db.select().from(users).where(eq(users.username, 'agent.x'));
    expect(u!.agencyId).toBe(t.fixture.agencies.a2);

    // Turning the agency user into staff must drop the agency as well.
    const keep = await t.post(`/admin/users/${u!.id}`, edit({ role: 'staff', agency_id: String(t.fixture.agencies.a2) }), admin);
    expect(keep.status).toBe(422);
    const moved = await t.post(`/admin/users/${u!.id}`, edit({ role: 'staff' }), admin);
    expect(moved.status).toBe(303);
    const [after] = await t.db.select().from(users).where(eq(users.id, u!.id));
    expect(after!.role).toBe('staff');
    expect(after!.agencyId).toBeNull();
  });

  it('edits a user’s profile and audits only what changed', async () => {
    const id = await userId('zhang.san');
    const page = await t.get(`/admin/users/${id}/edit`, admin);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('value="张三"');
    const res = await t.post(`/admin/users/${id}`, edit({ display_name: '张三丰', role: 'finance' }), admin);
    expect(res.status).toBe(303);
    const [u] = await t.db.select().from(users).where(eq(users.id, id));
    expect([u!.displayName, u!.role, u!.centerId]).toEqual(['张三丰', 'finance', t.fixture.centers.city]);
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, String(id)));
    const update = events.find((e) => e.action === 'update')!;
    expect(JSON.stringify(update.before) + JSON.stringify(update.after)).not.toMatch(/passwordHash|argon2/);
  });

  it('resets a password and ends the user’s sessions', async () => {
    await t.post('/admin/users', valid('reset.me'), admin);
    const id = await userId('reset.me');
    const old = await t.signIn('reset.me');
    expect((await t.get('/', old)).status).toBe(200);

    expect((await t.get(`/admin/users/${id}/password`, admin)).status).toBe(200);
    const bad = await t.post(`/admin/users/${id}/password`, { password: 'short', password_confirm: 'short' }, admin);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('密码至少10个字符');
    const mismatch = await t.post(`/admin/users/${id}/password`, { password: NEW_PASSWORD, password_confirm: 'x' }, admin);
    expect(mismatch.status).toBe(422);
    expect(await mismatch.text()).toContain('两次输入的密码不一致');

    const res = await t.post(`/admin/users/${id}/password`, { password: NEW_PASSWORD, password_confirm: NEW_PASSWORD }, admin);
    expect(res.status).toBe(303);
    const after = await t.get('/', old);
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toMatch(/^\/login/);
    expect((await t.post('/login', { username: 'reset.me', password: PASSWORD })).status).toBe(401);
    await t.signIn('reset.me', NEW_PASSWORD);
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'password-reset'));
    expect(event!.entityId).toBe(String(id));
    expect(event!.before).toBeNull();
    expect(event!.after).toBeNull();
  });

  it('keeps the admin signed in when they reset their own password', async () => {
    const me = await t.signIn('admin');
    const other = await t.signIn('admin');
    const res = await t.post(`/admin/users/${t.fixture.users.admin.id}/password`, { password: NEW_PASSWORD, password_confirm: NEW_PASSWORD }, me);
    expect(res.status).toBe(303);
    expect((await t.get('/admin/users', me)).status).toBe(200);
    expect((await t.get('/admin/users', other)).status).toBe(303);
    expect((await t.get('/admin/users', admin)).status).toBe(303);
    admin = me; // the session the later tests go on with
  });

  it('deactivating a user signs them out and blocks sign-in', async () => {
    await t.post('/admin/users', valid('leave.me'), admin);
    const id = await userId('leave.me');
    const cookie = await t.signIn('leave.me');
    const res = await t.post(`/admin/users/${id}`, edit({ active: '' }), admin);
    expect(res.status).toBe(303);
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, id))).toHaveLength(0);
    const after = await t.get('/', cookie);
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toMatch(/^\/login/);
    expect((await t.post('/login', { username: 'leave.me', password: PASSWORD })).status).toBe(401);
    expect(await (await t.get('/admin/users?status=inactive', admin)).text()).toContain('leave.me');
  });

  it('refuses to let an admin demote, deactivate or move themselves', async () => {
    const me = t.fixture.users.admin.id;
    const mine = { display_name: 'admin', role: 'admin', center_id: String(t.fixture.centers.city), agency_id: '', active: '1' };
    const demote = await t.post(`/admin/users/${me}`, { ...mine, role: 'staff' }, admin);
    expect(demote.status).toBe(422);
    expect(await demote.text()).toContain('不能取消自己的系统管理员角色');
    const off = await t.post(`/admin/users/${me}`, { ...mine, active: '' }, admin);
    expect(off.status).toBe(422);
    expect(await off.text()).toContain('不能停用自己的账号');
    const away = await t.post(`/admin/users/${me}`, { ...mine, center_id: String(t.fixture.centers.county) }, admin);
    expect(away.status).toBe(422);
    expect(await away.text()).toContain('不能更改自己的所属交易中心');
    const [u] = await t.db.select().from(users).where(eq(users.id, me));
    expect([u!.role, u!.active, u!.centerId]).toEqual(['admin', true, t.fixture.centers.city]);
    expect((await t.post(`/admin/users/${me}`, { ...mine, display_name: '管理员' }, admin)).status).toBe(303);
  });

  it('answers 404 for a user outside the admin’s scope', async () => {
    const other = t.fixture.users.otherStaff.id;
    expect((await t.get(`/admin/users/${other}/edit`, admin)).status).toBe(404);
    expect((await t.get(`/admin/users/${other}/password`, admin)).status).toBe(404);
    expect((await t.post(`/admin/users/${other}`, edit({}), admin)).status).toBe(404);
    expect((await t.post(`/admin/users/${other}/password`, { password: NEW_PASSWORD, password_confirm: NEW_PASSWORD }, admin)).status).toBe(404);
    expect((await t.get('/admin/users/999999/edit', admin)).status).toBe(404);
    // Nor may a user in scope be moved out of it.
    const id = await userId('zhang.san');
    const out = await t.post(`/admin/users/${id}`, edit({ center_id: String(t.fixture.centers.other) }), admin);
    expect(out.status).toBe(422);
    expect(await out.text()).toContain('请选择您管辖范围内的交易中心');
  });
});
