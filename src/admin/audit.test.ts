import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from '../../tests/helpers/app';
import { recordAudit } from '../audit/queries';
import { todayShanghai } from '../lib/dates';

let t: TestApp;
let admin: string;
let centerId: number;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
  const created = await t.post('/centers', { code: 'AUD-1', name: '审计测试中心', level: '县', parent_id: String(t.fixture.centers.city) }, admin);
  centerId = Number(created.headers.get('location')!.split('/').pop());
  await t.post(`/centers/${centerId}`, { code: 'AUD-1', name: '审计测试中心（改名）', level: '县', parent_id: String(t.fixture.centers.city) }, admin);
  await t.post('/admin/users', {
    username: 'audit.user', display_name: '审计用户', role: 'leader', center_id: String(t.fixture.centers.city), agency_id: '',
    password: PASSWORD, password_confirm: PASSWORD,
  }, admin);
  await t.signIn('otherStaff'); // an event of a center outside the admin's scope
  await recordAudit(t.db, { userId: null, name: 'system' }, { action: 'create', entity: 'demo', entityId: 0, note: '系统事件' });
});
afterAll(() => t.close());

const rowsOf = (html: string) => html.split('<tbody>')[1]!.split('</tbody>')[0]!.split('<tr>').slice(1);

describe('audit log', () => {
  it('lists the events written by this admin’s actions, newest first', async () => {
    const res = await t.get('/admin/audit', admin);
    expect(res.status).toBe(200);
    const rows = rowsOf(await res.text());
    expect(rows[0]).toContain('系统事件');
    expect(rows.some((r) => r.includes('<td>新增</td>') && r.includes('<td>用户</td>') && r.includes('audit.user'))).toBe(true);
    expect(rows.some((r) => r.includes('<td>新增</td>') && r.includes('<td>交易中心</td>') && r.includes('<ins>AUD-1</ins>'))).toBe(true);
  });

  it('shows only the changed keys of an update', async () => {
    const html = await (await t.get(`/admin/audit?entity=center&entity_id=${centerId}`, admin)).text();
    const rows = rowsOf(html);
    expect(rows).toHaveLength(2);
    const update = rows[0]!;
    expect(update).toContain('<td>修改</td>');
    expect(update).toContain('<dt>name</dt><dd><del>审计测试中心</del> → <ins>审计测试中心（改名）</ins></dd>');
    expect(update).not.toContain('<dt>code</dt>');
    expect(rows[1]).toContain('<dt>code</dt>');
  });

  it('filters by entity, actor and date', async () => {
    const centersOnly = rowsOf(await (await t.get('/admin/audit?entity=center', admin)).text());
    expect(centersOnly.length).toBeGreaterThan(0);
    expect(centersOnly.every((r) => r.includes('<td>交易中心</td>'))).toBe(true);

    const byAdmin = rowsOf(await (await t.get('/admin/audit?actor=admin', admin)).text());
    expect(byAdmin.every((r) => r.includes('<td>admin</td>'))).toBe(true);
    expect(byAdmin.some((r) => r.includes('<td>登录</td>'))).toBe(true);

    const today = todayShanghai();
    expect(rowsOf(await (await t.get(`/admin/audit?from=${today}&to=${today}`, admin)).text()).length).toBeGreaterThan(3);
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
    expect(await (await t.get(`/admin/audit?from=${tomorrow}`, admin)).text()).toContain('没有符合条件的记录');
  });

  it('hides events of centers outside the admin’s scope', async () => {
    const html = await (await t.get('/admin/audit?actor=otherStaff', admin)).text();
    expect(html).toContain('没有符合条件的记录');
    expect(await (await t.get('/admin/audit', admin)).text()).not.toContain('另一市公共资源交易中心');
  });

  it('returns only the results fragment to htmx', async () => {
    const res = await t.get('/admin/audit?entity=user', admin, { 'HX-Request': 'true', 'HX-Target': 'div#audit-results' });
    const html = await res.text();
    expect(html.startsWith('<div id="audit-results">')).toBe(true);
  });

  it('exports the filtered log as CSV', async () => {
    const res = await t.get('/admin/audit/export.csv?entity=center', admin);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs to read UTF-8
    const csv = new TextDecoder().decode(bytes);
    expect(csv.startsWith('时间,操作人,操作,对象,编号,交易中心,说明,变更内容\r\n')).toBe(true);
    expect(csv).toContain('name: 审计测试中心 → 审计测试中心（改名）');
    expect(csv).not.toContain('用户,');
  });
});
