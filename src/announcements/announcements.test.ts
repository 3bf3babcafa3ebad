import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcementParcels, announcements, auditEvents, parcels, transfers } from '../../db/schema';
import { createTestApp, type TestApp } from '../../tests/helpers/app';

let t: TestApp;
let staff: string;
let ids: Record<string, number>;

const land = (centerId: number, code: string) =>
  ({ centerId, code, kind: '土地' as const, name: `地块${code}`, startingPrice: 100_000_000n });

async function auditCount(entityId: number | string) {
  const [r] = await t.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(auditEvents)
    .where(and(eq(auditEvents.entity, 'announcement'), eq(auditEvents.entityId, String(entityId))));
  return r!.n;
}

beforeAll(async () => {
  t = await createTestApp();
  staff = await t.signIn('staff');
  const { city, other } = t.fixture.centers;
  const rows = await t.db.insert(parcels).values([
    land(city, 'P-003'), land(city, 'P-001'), land(city, 'P-002'), land(city, 'P-SOLD'), land(other, 'X-001'),
  ]).returning();
  ids = Object.fromEntries(rows.map((r) => [r.code, r.id]));
  await t.db.insert(transfers).values({
    centerId: city, parcelId: ids['P-SOLD']!, round: 1, mode: '拍卖', result: '成交',
    dealPrice: 200_000_000n, winner: '某公司', dealDate: '2020-05-01', confirmationNo: 'CJ-1',
  });
});
afterAll(() => t.close());

const valid = () => ({
  code: 'GG-2020-01', title: '国有建设用地使用权拍卖出让公告', medium: '广元日报', published_on: '2020-04-01',
  cost: '1,000.01', parcels: [String(ids['P-003']), String(ids['P-001']), String(ids['P-002'])],
});

let createdId = 0;

describe('announcements', () => {
  it('offers the unsold parcels of the center only', async () => {
    const html = await (await t.get('/announcements/new', staff)).text();
    expect(html).toContain('P-001 地块P-001');
    expect(html).toContain(`value="${ids['P-002']}"`);
    expect(html).not.toContain('P-SOLD');
    expect(html).not.toContain('X-001');
  });

  it('registers an announcement, audits it, and shows the cost shared to the 分', async () => {
    const res = await t.post('/announcements', valid(), staff);
    expect(res.status).toBe(303);
    const loc = res.headers.get('location')!;
    expect(loc).toMatch(/^\/announcements\/\d+$/);
    createdId = Number(loc.split('/').pop());
    expect(await auditCount(createdId)).toBe(1);
    const [audit] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.entity, 'announcement'), eq(auditEvents.entityId, String(createdId))));
    expect(audit!.after).toMatchObject({ code: 'GG-2020-01', cost: '1000.01', parcels: ['P-001', 'P-002', 'P-003'] });

    const html = await (await t.get(loc, staff)).text();
    expect(html).toContain('国有建设用地使用权拍卖出让公告');
    expect(html).toContain('1,000.01 元');
    // 100001 分 = 3 × 33333 + 2: P-001 and P-002 carry the two extra 分.
    const rowOf = (code: string) => new RegExp(`${code}</a></td><td>[^<]*</td><td>[^<]*</td><td class="num">([\\d,.]+)</td>`).exec(html)?.[1];
    expect([rowOf('P-001'), rowOf('P-002'), rowOf('P-003')]).toEqual(['333.34', '333.34', '333.33']);
    expect(html).toContain(`href="/parcels/${ids['P-001']}"`);
  });

  it('lists, filters (htmx fragment too) and exports', async () => {
    const list = await (await t.get('/announcements?year=2020', staff)).text();
    expect(list).toContain('GG-2020-01');
    expect(list).toMatch(/1,000\.01<\/td><td class="num">3<\/td>/);
    expect(await (await t.get('/announcements?year=2019', staff)).text()).not.toContain('GG-2020-01');
    expect(await (await t.get('/announcements?q=nothing-like-this', staff)).text()).not.toContain('GG-2020-01');

    const frag = await (await t.get('/announcements?medium=广元日报&sort=cost&dir=desc', staff, { 'HX-Request': 'true', 'HX-Target': 'div#announcement-results' })).text();
    expect(frag.startsWith('<div id="announcement-results">')).toBe(true);
    expect(frag).toContain('GG-2020-01');

    const csv = await t.get('/announcements/export.csv?q=GG', staff);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const body = await csv.text();
    expect(body).toContain('GG-2020-01');
    expect(body).toContain('1000.01,3,P-001、P-002、P-003');
  });

  it('answers 422 with Chinese messages beside the fields and keeps what was typed', async () => {
    const res = await t.post('/announcements', { code: 'GG-2020-02', title: '', published_on: '2020-02-30', cost: '12.345' }, staff);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('请填写标题');
    expect(html).toContain('发布日期应为有效日期');
    expect(html).toContain('费用：金额格式不正确');
    expect(html).toContain('请至少选择一宗本公告覆盖的标的');
    expect(html).toContain('value="GG-2020-02"');
    expect(html).toContain('value="12.345"');
    expect(html).toMatch(/id="err-parcels"[^>]*>请至少选择/);
  });

  it('refuses a negative cost and keeps the ticked parcels ticked', async () => {
    const res = await t.post('/announcements', { ...valid(), code: 'GG-NEG', cost: '-5' }, staff);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('金额不能为负数');
    expect(html).toMatch(new RegExp(`value="${ids['P-001']}" checked`));
  });

  it('rejects a duplicate 公告编号 in the same center', async () => {
    const res = await t.post('/announcements', valid(), staff);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('本中心已有相同公告编号');
  });

  it('rejects a parcel of another center', async () => {
    const before = await t.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(announcements);
    const res = await t.post('/announcements', { ...valid(), code: 'GG-X', parcels: [String(ids['P-001']), String(ids['X-001'])] }, staff);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('所选标的不属于本中心');
    const after = await t.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(announcements);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('validates one field inline', async () => {
    const cost = await (await t.post('/announcements/validate?field=cost', { cost: 'abc' }, staff)).text();
    expect(cost).toContain('id="err-cost"');
    expect(cost).toContain('费用：金额格式不正确');
    const ok = await (await t.post('/announcements/validate?field=cost', { cost: '12.30' }, staff)).text();
    expect(ok).toBe('<span id="err-cost" class="field-error"></span>');
    const none = await (await t.post('/announcements/validate?field=parcels', {}, staff)).text();
    expect(none).toContain('请至少选择一宗本公告覆盖的标的');
  });

  it('updates the fields and replaces the parcel set, auditing before and after', async () => {
    const edit = await (await t.get(`/announcements/${createdId}/edit`, staff)).text();
    expect(edit).toMatch(new RegExp(`value="${ids['P-003']}" checked`));
    const res = await t.post(`/announcements/${createdId}`, { ...valid(), title: '修改后的公告', cost: '500', parcels: [String(ids['P-001'])] }, staff);
    expect(res.status).toBe(303);
    expect(await auditCount(createdId)).toBe(2);
    const links = await t.db.select().from(announcementParcels).where(eq(announcementParcels.announcementId, createdId));
    expect(links.map((l) => l.parcelId)).toEqual([ids['P-001']]);
    const [last] = await t.db.select().from(auditEvents)
      .where(and(eq(auditEvents.entity, 'announcement'), eq(auditEvents.action, 'update'), eq(auditEvents.entityId, String(createdId))));
    expect(last!.before).toMatchObject({ title: '国有建设用地使用权拍卖出让公告', parcels: ['P-001', 'P-002', 'P-003'] });
    expect(last!.after).toMatchObject({ title: '修改后的公告', cost: '500.00', parcels: ['P-001'] });
    const html = await (await t.get(`/announcements/${createdId}`, staff)).text();
    expect(html).toContain('修改后的公告');
    expect(html).toContain('500.00');
  });

  it('shows the transfers citing it, and keeps their parcels on it', async () => {
    await t.db.insert(transfers).values({
      centerId: t.fixture.centers.city, parcelId: ids['P-001']!, round: 1, mode: '拍卖', result: '流拍',
      agencyId: t.fixture.agencies.a1, announcementId: createdId, auctionDate: '2020-05-10',
    });
    const html = await (await t.get(`/announcements/${createdId}`, staff)).text();
    expect(html).toContain('第1场');
    expect(html).toContain('测试甲拍卖有限公司');
    expect(html).toContain('流拍');
    const res = await t.post(`/announcements/${createdId}`, { ...valid(), parcels: [String(ids['P-002'])] }, staff);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('标的 P-001 的出让活动引用了本公告，不能移出');
    expect(await auditCount(createdId)).toBe(2);
  });

  it('treats an announcement of another center as not found', async () => {
    const [foreign] = await t.db.insert(announcements).values({
      centerId: t.fixture.centers.other, code: 'OT-1', title: '外中心公告', publishedOn: '2020-03-01', cost: 100n,
    }).returning();
    expect((await t.get(`/announcements/${foreign!.id}`, staff)).status).toBe(404);
    expect((await t.get(`/announcements/${foreign!.id}/edit`, staff)).status).toBe(404);
    expect((await t.post(`/announcements/${foreign!.id}`, valid(), staff)).status).toBe(404);
    expect(await (await t.get('/announcements', staff)).text()).not.toContain('OT-1');
    expect((await t.get('/announcements/abc', staff)).status).toBe(404);
  });

  it('lets finance read but not write, and keeps agency users out', async () => {
    const finance = await t.signIn('finance');
    expect((await t.get('/announcements', finance)).status).toBe(200);
    expect((await t.get(`/announcements/${createdId}`, finance)).status).toBe(200);
    expect((await t.get('/announcements/new', finance)).status).toBe(403);
    expect((await t.post('/announcements', valid(), finance)).status).toBe(403);
    const agency = await t.signIn('agency1');
    expect((await t.get('/announcements', agency)).status).toBe(403);
    expect((await t.get(`/announcements/${createdId}`, agency)).status).toBe(403);
    expect((await t.get('/announcements/export.csv', agency)).status).toBe(403);
  });
});
