import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parcels, announcements, announcementParcels } from '../../db/schema';
import { createTestApp, type TestApp } from '../../tests/helpers/app';

let t: TestApp;
let staff: string;
let parcelId: number;
let annId: number;

beforeAll(async () => {
  t = await createTestApp();
  staff = await t.signIn('staff');
  const [p] = await t.db.insert(parcels).values({ centerId: t.fixture.centers.city, code: 'TR-01', kind: '土地', name: '出让测试地块', startingPrice: 500000000n }).returning();
  parcelId = p!.id;
  const [a] = await t.db.insert(announcements).values({ centerId: t.fixture.centers.city, code: 'GG-01', title: '测试公告', publishedOn: '2020-05-01', cost: 300000n }).returning();
  annId = a!.id;
  await t.db.insert(announcementParcels).values({ announcementId: annId, parcelId });
});
afterAll(() => t.close());

const schedule = () => ({ parcel: String(parcelId), mode: '拍卖', agency: String(t.fixture.agencies.a1), announcement: String(annId), notice_start: '2020-05-01', notice_end: '2020-05-21', registration_deadline: '2020-05-25', auction_date: '2020-05-28' });
const idOf = (res: Response) => Number(/\/transfers\/(\d+)/.exec(res.headers.get('location')!)![1]);

describe('transfers', () => {
  it('opens round 1, refuses a second open round, records 流拍, then opens round 2 and records the deal', async () => {
    const r1 = await t.post('/transfers', schedule(), staff);
    expect(r1.status).toBe(303);
    const id1 = idOf(r1);

    const dup = await t.post('/transfers', schedule(), staff);
    expect(dup.status).toBe(422);
    expect(await dup.text()).toContain('第1场尚未结束');

    const noReason = await t.post(`/transfers/${id1}/result`, { result: '流拍' }, staff);
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('流拍须选择流拍原因');
    const failed = await t.post(`/transfers/${id1}/result`, { result: '流拍', failure_reason: '无人报名' }, staff);
    expect(failed.status).toBe(303);

    const r2 = await t.post('/transfers', { ...schedule(), mode: '挂牌', auction_date: '2020-07-10', notice_start: '', notice_end: '', registration_deadline: '' }, staff);
    expect(r2.status).toBe(303);
    const id2 = idOf(r2);
    expect(await (await t.get(`/transfers/${id2}`, staff)).text()).toContain('第2场');

    const incomplete = await t.post(`/transfers/${id2}/result`, { result: '成交', deal_price: '5,100,000', winner: '', deal_date: '2020-07-10', confirmation_no: '', confirmation_date: '2020-07-10' }, staff);
    expect(incomplete.status).toBe(422);
    const html = await incomplete.text();
    expect(html).toContain('成交须填写竞得人');
    expect(html).toContain('成交须填写成交确认书编号');
    expect(html).toContain('value="5,100,000"');

    const early = await t.post(`/transfers/${id2}/result`, { result: '成交', deal_price: '5100000', winner: '某公司', deal_date: '2020-07-01', confirmation_no: 'Q-1', confirmation_date: '2020-07-01' }, staff);
    expect(early.status).toBe(422);
    expect(await early.text()).toContain('成交日期不能早于竞价日期');

    const deal = await t.post(`/transfers/${id2}/result`, { result: '成交', deal_price: '5100000.50', winner: '某置业公司', deal_date: '2020-07-10', confirmation_no: '确〔2020〕1号', confirmation_date: '2020-07-10' }, staff);
    expect(deal.status).toBe(303);
    const page = await (await t.get(`/parcels/${parcelId}`, staff)).text();
    expect(page).toContain('已成交');
    expect(page).toContain('5,100,000.50');

    // History is kept: the first round's result can no longer change, and a sold parcel is not offered again.
    const old = await t.post(`/transfers/${id1}/result`, { result: '终止', document_no: '某函〔2020〕1号', decided_on: '2020-07-20' }, staff);
    expect(old.status).toBe(422);
    expect(await old.text()).toContain('本场结果不能再修改');
    const again = await t.post('/transfers', schedule(), staff);
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('该标的已在第2场成交');

    const audit = await t.db.execute<{ action: string }>(sql`select action from audit_events where entity = 'transfer' order by id`);
    expect(audit.map((a) => a.action)).toEqual(['create', 'record-result', 'create', 'record-result']);
  });

  it('rejects fields that a non-deal result must not carry', async () => {
    const [p] = await t.db.insert(parcels).values({ centerId: t.fixture.centers.city, code: 'TR-02', kind: '土地', name: '另一地块', startingPrice: 100n }).returning();
    const r = await t.post('/transfers', { parcel: String(p!.id), mode: '挂牌' }, staff);
    const res = await t.post(`/transfers/${idOf(r)}/result`, { result: '流拍', deal_price: '100' }, staff);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('结果为“流拍”时不填成交价');
  });

  it('checks that the announcement covers the parcel and that 拍卖 names an agency', async () => {
    const [p] = await t.db.insert(parcels).values({ centerId: t.fixture.centers.city, code: 'TR-03', kind: '土地', name: '第三地块', startingPrice: 100n }).returning();
    const res = await t.post('/transfers', { parcel: String(p!.id), mode: '拍卖', announcement: String(annId) }, staff);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('所选公告未包含此标的');
    expect(html).toContain('拍卖出让须选择承办的拍卖机构');
  });

  it('opens exactly one round when two clerks submit at once', async () => {
    const [p] = await t.db.insert(parcels).values({ centerId: t.fixture.centers.city, code: 'TR-04', kind: '土地', name: '并发地块', startingPrice: 100n }).returning();
    const results = await Promise.all(Array.from({ length: 8 }, () => t.post('/transfers', { parcel: String(p!.id), mode: '挂牌' }, staff)));
    expect(results.filter((r) => r.status === 303)).toHaveLength(1);
    expect(results.filter((r) => r.status === 422)).toHaveLength(7);
  });

  it('hides another center\'s transfers (404) and filters the list', async () => {
    const [p] = await t.db.insert(parcels).values({ centerId: t.fixture.centers.other, code: 'OT-01', kind: '土地', name: '外中心地块', startingPrice: 100n }).returning();
    const other = await t.signIn('otherStaff');
    const r = await t.post('/transfers', { parcel: String(p!.id), mode: '挂牌' }, other);
    const foreignId = idOf(r);
    expect((await t.get(`/transfers/${foreignId}`, staff)).status).toBe(404);
    expect((await t.post(`/transfers/${foreignId}/result`, { result: '流拍' }, staff)).status).toBe(404);
    expect((await t.get(`/transfers/new?parcel=${p!.id}`, staff)).status).toBe(404);
    const list = await (await t.get(`/transfers?result=${encodeURIComponent('成交')}`, staff)).text();
    expect(list).toContain('TR-01');
    expect(list).not.toContain('OT-01');
    const bytes = new Uint8Array(await (await t.get('/transfers/export.csv?year=2020', staff)).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs for UTF-8
    const csv = new TextDecoder().decode(bytes);
    expect(csv).toContain('TR-01');
  });
});
