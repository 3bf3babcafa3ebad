import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, centers } from '../../db/schema';
import { createTestApp, type TestApp } from '../../tests/helpers/app';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
});
afterAll(() => t.close());

const idOf = (location: string | null) => Number(/^\/centers\/(\d+)$/.exec(location ?? '')![1]);

describe('trading centers', () => {
  it('lists the admin’s centers as a tree, without centers outside their scope', async () => {
    const res = await t.get('/centers', admin);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/测试市公共资源交易中心<\/a>[^]*<ul class="tree">[^]*测试县公共资源交易中心/);
    expect(html).not.toContain('另一市公共资源交易中心');
  });

  it('creates a center under one in scope, uppercasing its code, and audits it', async () => {
    const res = await t.post('/centers', { code: 'town-01', name: '测试镇交易点', level: '县', parent_id: String(t.fixture.centers.county) }, admin);
    expect(res.status).toBe(303);
    const id = idOf(res.headers.get('location'));
    const detail = await t.get(`/centers/${id}`, admin);
    expect(detail.status).toBe(200);
    const page = await detail.text();
    expect(page).toContain('测试镇交易点');
    expect(page).toContain('TOWN-01');
    expect(page).toContain('测试县公共资源交易中心');
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.entity, 'center'));
    expect(events.some((e) => e.action === 'create' && e.entityId === String(id) && e.actor === 'admin')).toBe(true);
  });

  it('answers 422 with the messages beside the fields', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ code: 'A', name: '甲', level: '县' }, '编码应为2–20位字母、数字、“-”或“_”'],
      [{ code: 'BAD CODE', name: '甲', level: '县' }, '编码应为2–20位字母、数字、“-”或“_”'],
      [{ code: '', name: '甲', level: '县' }, '请填写编码'],
      [{ code: 'OK-1', name: '', level: '县' }, '请填写名称'],
      [{ code: 'OK-1', name: '甲', level: '乡' }, '请选择级别'],
      [{ code: 'OK-1', name: '甲', level: '县', parent_id: '' }, '请选择上级中心'],
      [{ code: 'OK-1', name: '甲', level: '县', parent_id: String(t.fixture.centers.other) }, '请选择您管辖范围内的上级中心'],
      [{ code: 'county', name: '甲', level: '县' }, '编码已被其他交易中心使用'],
    ];
    for (const [form, message] of cases) {
      const res = await t.post('/centers', { parent_id: String(t.fixture.centers.city), ...form }, admin);
      expect(res.status, message).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain(`value="${form.code}"`);
    }
  });

  it('edits a center, keeps a root’s missing parent, and refuses a duplicate code', async () => {
    const { city } = t.fixture.centers;
    const ok = await t.post(`/centers/${city}`, { code: 'CITY', name: '测试市交易中心（改）', level: '市', parent_id: '' }, admin);
    expect(ok.status).toBe(303);
    const detail = await t.get(`/centers/${city}`, admin);
    expect(detail.status).toBe(200);
    expect(await detail.text()).toContain('测试市交易中心（改）');
    const [after] = await t.db.select().from(centers).where(eq(centers.id, city));
    expect(after!.parentId).toBeNull();

    const dup = await t.post(`/centers/${city}`, { code: 'COUNTY', name: '测试市交易中心', level: '市', parent_id: '' }, admin);
    expect(dup.status).toBe(422);
    expect(await dup.text()).toContain('编码已被其他交易中心使用');
  });

  it('refuses to make a center its own ancestor', async () => {
    const { city, county } = t.fixture.centers;
    const self = await t.post(`/centers/${city}`, { code: 'CITY', name: '测试市', level: '市', parent_id: String(city) }, admin);
    expect(self.status).toBe(422);
    expect(await self.text()).toContain('上级中心不能是本中心或其下级中心');

    const below = await t.post(`/centers/${city}`, { code: 'CITY', name: '测试市', level: '市', parent_id: String(county) }, admin);
    expect(below.status).toBe(422);
    expect(await below.text()).toContain('上级中心不能是本中心或其下级中心');

    // Two levels down: the center created earlier under the county.
    const [town] = await t.db.select().from(centers).where(eq(centers.code, 'TOWN-01'));
    const deep = await t.post(`/centers/${city}`, { code: 'CITY', name: '测试市', level: '市', parent_id: String(town!.id) }, admin);
    expect(deep.status).toBe(422);

    const [unchanged] = await t.db.select().from(centers).where(eq(centers.id, city));
    expect(unchanged!.parentId).toBeNull();
  });

  it('moves a center to another parent in scope', async () => {
    const [town] = await t.db.select().from(centers).where(eq(centers.code, 'TOWN-01'));
    const res = await t.post(`/centers/${town!.id}`, { code: 'TOWN-01', name: '测试镇交易点', level: '县', parent_id: String(t.fixture.centers.city) }, admin);
    expect(res.status).toBe(303);
    const [moved] = await t.db.select().from(centers).where(eq(centers.id, town!.id));
    expect(moved!.parentId).toBe(t.fixture.centers.city);
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, String(town!.id))).orderBy(auditEvents.id).offset(1);
    expect(event!.action).toBe('update');
    expect((event!.before as { parentId: number }).parentId).toBe(t.fixture.centers.county);
    expect((event!.after as { parentId: number }).parentId).toBe(t.fixture.centers.city);
  });

  it('shows a center’s counts and children', async () => {
    const res = await t.get(`/centers/${t.fixture.centers.city}`, admin);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('（启用 6）'); // admin, staff, finance, leader and two agency users
    expect(html).toContain('测试县公共资源交易中心');
    expect(html).toContain('测试镇交易点');
  });

  it('answers 404 for a center outside the admin’s scope, or none at all', async () => {
    const { other } = t.fixture.centers;
    expect((await t.get(`/centers/${other}`, admin)).status).toBe(404);
    expect((await t.get(`/centers/${other}/edit`, admin)).status).toBe(404);
    expect((await t.post(`/centers/${other}`, { code: 'OTHER', name: '改名', level: '市' }, admin)).status).toBe(404);
    expect((await t.get('/centers/999999', admin)).status).toBe(404);
    expect((await t.get('/centers/abc', admin)).status).toBe(404);
    const [still] = await t.db.select().from(centers).where(eq(centers.id, other));
    expect(still!.name).toBe('另一市公共资源交易中心');
  });

  it('validates a field inline', async () => {
    const res = await t.post('/centers/validate?field=code', { code: 'x' }, admin, { 'HX-Request': 'true' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('编码应为2–20位');
  });
});
