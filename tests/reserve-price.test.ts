// Issue 12, 底价: set by staff with its collective decision, never below the 起始价; a deal below it is
// refused; its amount is shown only to those who set it — not to other staff, the leader, exports or
// the audit log — and its rows are kept.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reservePrices, transfers } from '../db/schema';
import { besideField, createTestApp, type TestApp } from './helpers/app';

let t: TestApp;
let staff: string;
let admin: string;
let leader: string;
let agency: string;
let otherStaff: string;
let parcelId: number;
let roundId: number;

const idOf = (res: Response) => Number(/\/(?:transfers|parcels)\/(\d+)/.exec(res.headers.get('location')!)![1]);
const PARCEL = { kind: '土地', name: '底价测试地块', land_use: '工业', term_years: '50', starting_price: '1,000,000.00', deposit: '' };
const ROUND = { mode: '挂牌', notice_start: '2020-06-01', notice_end: '2020-07-10', auction_date: '2020-07-10' };
const DEAL = { result: '成交', winner: '某实业有限公司', deal_date: '2020-07-10', confirmation_no: '确〔2020〕60号', confirmation_date: '2020-07-10' };
const SECRET = '1,456,789.12';

beforeAll(async () => {
  t = await createTestApp();
  [staff, admin, leader, agency, otherStaff] = await Promise.all([t.signIn('staff'), t.signIn('admin'), t.signIn('leader'), t.signIn('agency1'), t.signIn('otherStaff')]);
  parcelId = idOf(await t.post('/parcels', { ...PARCEL, code: 'RES-P1' }, staff));
  roundId = idOf(await t.post('/transfers', { ...ROUND, parcel: String(parcelId) }, staff));
});
afterAll(() => t.close());

const pageOf = async (cookie: string) => (await t.get(`/transfers/${roundId}`, cookie)).text();

describe('底价', () => {
  it('is set with its decision, not below the 起始价, by the center\'s staff only', async () => {
    const bare = await t.post(`/transfers/${roundId}/reserve`, { amount: '', decision_no: '' }, staff);
    expect(bare.status).toBe(422);
    const html = await bare.text();
    expect(besideField(html, 'rp-amount')).toBe('请填写底价');
    expect(besideField(html, 'rp-decision_no')).toBe('请填写集体决策文号');
    const low = await t.post(`/transfers/${roundId}/reserve`, { amount: '999,999.99', decision_no: '会议纪要〔2020〕7号' }, staff);
    expect(besideField(await low.text(), 'rp-amount')).toBe('底价不得低于起始价 1,000,000.00 元');
    expect((await t.post(`/transfers/${roundId}/reserve`, { amount: SECRET, decision_no: '会议纪要〔2020〕7号' }, agency)).status).toBe(403);
    expect((await t.post(`/transfers/${roundId}/reserve`, { amount: SECRET, decision_no: '会议纪要〔2020〕7号' }, otherStaff)).status).toBe(404);
    expect(await t.db.$count(reservePrices)).toBe(0);

    const ok = await t.post(`/transfers/${roundId}/reserve`, { amount: SECRET, decision_no: '会议纪要〔2020〕7号' }, staff);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/transfers/${roundId}#reserve`);
  });

  it('shows its amount only to the user who set it', async () => {
    expect(await pageOf(staff)).toContain(`底价 ${SECRET} 元（集体决策文号 会议纪要〔2020〕7号`);
    for (const cookie of [admin, leader]) {
      const html = await pageOf(cookie);
      expect(html).toContain('本场设有底价。底价保密，仅设定人可见。');
      expect(html).not.toContain('1,456,789');
      expect(html).not.toContain('会议纪要〔2020〕7号');
    }
    const audit = await t.db.execute<{ n: number }>(sql`
      select count(*)::int as n from audit_events
      where concat(before::text, after::text, note) ~ '145678912|1456789|会议纪要'`);
    expect(audit[0]!.n).toBe(0);
    const csv = await (await t.get('/transfers/export.csv', staff)).text();
    expect(csv).toContain('RES-P1');
    expect(csv).not.toContain('1456789');
    expect(await (await t.get(`/transfers/${roundId}/result`, staff)).text()).not.toContain('1,456,789');
  });

  it('refuses a deal below it without telling the amount, and takes one at it', async () => {
    const below = await t.post(`/transfers/${roundId}/result`, { ...DEAL, deal_price: '1,456,789.11' }, admin);
    expect(below.status).toBe(422);
    const msg = besideField(await below.text(), 'deal_price');
    expect(msg).toContain('成交价低于本场底价，不能登记成交');
    expect(msg).not.toContain('1,456,789.12');
    const [still] = await t.db.select().from(transfers).where(eq(transfers.id, roundId));
    expect(still!.result).toBe('进行中');

    // A reset by another user's decision: both setters now see the latest amount.
    expect((await t.post(`/transfers/${roundId}/reserve`, { amount: '1,500,000.00', decision_no: '会议纪要〔2020〕8号' }, admin)).status).toBe(303);
    expect(await pageOf(staff)).toContain('底价 1,500,000.00 元（集体决策文号 会议纪要〔2020〕8号');
    expect(await pageOf(admin)).toContain('底价 1,500,000.00 元');
    expect(await pageOf(leader)).not.toContain('1,500,000.00');
    expect((await t.post(`/transfers/${roundId}/result`, { ...DEAL, deal_price: '1,499,999.99' }, staff)).status).toBe(422);

    expect((await t.post(`/transfers/${roundId}/result`, { ...DEAL, deal_price: '1,500,000.00' }, staff)).status).toBe(303);
    const late = await t.post(`/transfers/${roundId}/reserve`, { amount: '1,600,000.00', decision_no: '会议纪要〔2020〕9号' }, staff);
    expect(late.status).toBe(422);
    expect(await late.text()).toContain('本场已成交，不能再设定底价');
    const actions = await t.db.execute<{ action: string }>(sql`select action from audit_events where entity = 'transfer' and entity_id = ${String(roundId)} order by id`);
    expect([...actions].map((a) => a.action)).toEqual(['create', 'set-reserve', 'refused-below-reserve', 'reset-reserve', 'refused-below-reserve', 'record-result']);
  });

  it('keeps every setting: rows are never changed or deleted', async () => {
    expect(await t.db.$count(reservePrices, eq(reservePrices.transferId, roundId))).toBe(2);
    const refusal = (q: ReturnType<typeof sql>) => t.db.execute(q).then(() => 'accepted', (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
    expect(await refusal(sql`update reserve_prices set amount = 1`)).toMatch(/cannot be changed/);
    expect(await refusal(sql`delete from reserve_prices`)).toMatch(/cannot be changed/);
  });

  it('holds the 起始价 under it and keeps a round with one from becoming a 协议', async () => {
    const p = idOf(await t.post('/parcels', { ...PARCEL, code: 'RES-P3' }, staff));
    const r = idOf(await t.post('/transfers', { ...ROUND, parcel: String(p) }, staff));
    expect((await t.post(`/transfers/${r}/reserve`, { amount: '1,200,000.00', decision_no: '会议纪要〔2020〕10号' }, staff)).status).toBe(303);
    const raised = await t.post(`/parcels/${p}`, { ...PARCEL, code: 'RES-P3', starting_price: '1,200,000.01' }, staff);
    expect(raised.status).toBe(422);
    const why = besideField(await raised.text(), 'starting_price');
    expect(why).toContain('起始价不能高于本标的进行中出让已设定的底价');
    expect(why).not.toContain('1,200,000.00');
    expect((await t.post(`/parcels/${p}`, { ...PARCEL, code: 'RES-P3', starting_price: '1,200,000.00' }, staff)).status).toBe(303);
    const agreed = await t.post(`/transfers/${r}`, { mode: '协议' }, staff);
    expect(besideField(await agreed.text(), 'mode')).toBe('本场已设定底价，不能改为协议出让');
  });

  it('is set only by the staff of the round\'s own center, not of a center above it', async () => {
    const county = await t.signIn('staff');
    expect((await t.post('/context', { center: String(t.fixture.centers.county), year: '2020' }, county)).status).toBe(303);
    const p = idOf(await t.post('/parcels', { ...PARCEL, code: 'RES-C1' }, county));
    const r = idOf(await t.post('/transfers', { ...ROUND, parcel: String(p) }, county));
    expect(await (await t.get(`/transfers/${r}`, county)).text()).not.toContain('action="/transfers/' + r + '/reserve"');
    const res = await t.post(`/transfers/${r}/reserve`, { amount: SECRET, decision_no: '会议纪要〔2020〕7号' }, county);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('底价只能由本场所属交易中心的工作人员设定');
    expect(await t.db.$count(reservePrices, eq(reservePrices.transferId, r))).toBe(0);
  });

  it('never lets a deal below it through when both arrive at once', async () => {
    for (let i = 0; i < 8; i++) {
      const p = idOf(await t.post('/parcels', { ...PARCEL, code: `RES-R${i}` }, staff));
      const r = idOf(await t.post('/transfers', { ...ROUND, parcel: String(p) }, staff));
      const [reserve, deal] = await Promise.all([
        t.post(`/transfers/${r}/reserve`, { amount: '1,500,000.00', decision_no: `会议纪要〔2020〕${20 + i}号` }, staff),
        t.post(`/transfers/${r}/result`, { ...DEAL, confirmation_no: `确〔2020〕${70 + i}号`, deal_price: '1,200,000.00' }, admin),
      ]);
      // Exactly one wins: a 底价 first refuses the deal; a deal first closes the round to a 底价.
      expect([reserve.status, deal.status].sort()).toEqual([303, 422]);
      const [row] = await t.db.execute<{ result: string; below: boolean }>(sql`
        select t.result, exists (select 1 from reserve_prices x where x.transfer_id = t.id and t.deal_price < x.amount) as below
        from transfers t where t.id = ${r}`);
      expect(row!.below).toBe(false);
      expect(row!.result).toBe(deal.status === 303 ? '成交' : '进行中');
    }
  });

  it('is not set on a 协议 round', async () => {
    const p = idOf(await t.post('/parcels', { ...PARCEL, code: 'RES-P2' }, staff));
    const r = idOf(await t.post('/transfers', { mode: '协议', parcel: String(p) }, staff));
    const res = await t.post(`/transfers/${r}/reserve`, { amount: SECRET, decision_no: '会议纪要〔2020〕7号' }, staff);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('协议出让不设底价');
  });
});
