// Issue 13, part 3: 交易服务费 — the center's standards with their 文号, kept, each from its day; every
// 成交 owes the fee of the standard in force on its 成交日期; the statement sets it against what was remitted.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remittances, serviceFeeSchedules } from '../db/schema';
import { besideField, createTestApp, type TestApp } from './helpers/app';

let t: TestApp;
let staff: string;
let finance: string;
const ids: number[] = [];
const idOf = (res: Response) => Number(/\/(?:transfers|parcels)\/(\d+)/.exec(res.headers.get('location')!)![1]);

beforeAll(async () => {
  t = await createTestApp();
  [staff, finance] = await Promise.all([t.signIn('staff'), t.signIn('finance')]);
  for (const c of [staff, finance]) expect((await t.post('/context', { center: String(t.fixture.centers.city), year: '2020' }, c)).status).toBe(303);
  const deals = [
    { code: 'SF-1', notice_start: '2020-04-01', notice_end: '2020-05-11', deal_date: '2020-05-11', deal_price: '12,000,000.00' },
    { code: 'SF-2', notice_start: '2020-06-01', notice_end: '2020-07-10', deal_date: '2020-07-10', deal_price: '30,000,000.00' },
  ];
  for (const d of deals) {
    const parcel = await t.post('/parcels', { kind: '土地', code: d.code, name: `服务费地块${d.code}`, land_use: '工业', term_years: '50', starting_price: '10,000,000.00', deposit: '2,000,000.00' }, staff);
    const id = idOf(await t.post('/transfers', { parcel: String(idOf(parcel)), mode: '挂牌', notice_start: d.notice_start, notice_end: d.notice_end, auction_date: d.deal_date }, staff));
    expect((await t.post(`/transfers/${id}/result`, {
      result: '成交', deal_price: d.deal_price, winner: '某实业有限公司', deal_date: d.deal_date, confirmation_no: `确-${d.code}`, confirmation_date: d.deal_date,
    }, staff)).status).toBe(303);
    ids.push(id);
  }
});
afterAll(() => t.close());

const schedule = (form: Record<string, string>, cookie = finance) => t.post('/service-fees/schedules', {
  parcel_kind: '土地', effective_from: '2020-01-01', document_no: '广发改价格〔2019〕12号', method: '按成交价比例', payer: '受让人', ...form,
}, cookie);
const statement = async () => {
  const html = await (await t.get('/service-fees', finance)).text();
  return html.slice(html.indexOf('id="service-fee-statement"'), html.indexOf('</table>', html.indexOf('id="service-fee-statement"')));
};

describe('交易服务费', () => {
  it('says which deals have no standard before one is recorded', async () => {
    expect(await statement()).toContain('无适用标准');
    expect(await (await t.get('/service-fees', finance)).text()).toContain('2 宗成交在成交日期没有适用的收费标准');
  });

  it('records standards with their 文号, each field checked beside it, one per kind and day, kept', async () => {
    expect(besideField(await (await schedule({ rate: '' })).text(), 'rate')).toBe('按成交价比例须填写费率');
    expect(besideField(await (await schedule({ rate: '0.5', fixed_amount: '100' })).text(), 'fixed_amount')).toBe('计费方式为“按成交价比例”时不填固定金额');
    expect(besideField(await (await schedule({ rate: '0.5', document_no: '' })).text(), 'document_no')).toBeTruthy();
    expect((await schedule({ rate: '0.5', cap: '100,000.00' }, staff)).status).toBe(403);
    expect((await schedule({ rate: '0.5', cap: '100,000.00' })).status).toBe(303);
    const again = await schedule({ rate: '0.6' });
    expect(besideField(await again.text(), 'effective_from')).toBe('本中心土地已有自 2020-01-01 起执行的收费标准；新标准请从另一日起执行');
    expect((await schedule({ effective_from: '2020-07-01', document_no: '广发改价格〔2020〕30号', method: '分档累进', tiers: '0-10000000:0.5;10000000-:0.2' })).status).toBe(303);
    expect(besideField(await (await schedule({ rate: '0.5', effective_from: '1900-01-01' })).text(), 'effective_from')).toBe('执行日期应在1990年至明年之间');
    expect(await t.db.$count(serviceFeeSchedules)).toBe(2);
    const refusal = await t.db.execute(sql`update service_fee_schedules set rate = 9`).then(() => 'accepted', (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
    expect(refusal).toMatch(/cannot be changed/);
    expect(await t.db.$count(sql`audit_events`, sql`entity = 'service-fee-schedule'`)).toBe(2);
  });

  it('charges each deal by the standard of its 成交日期 and sets it against the 交易服务费 remitted for it', async () => {
    // SF-1 (05-11): 0.5% of 12,000,000 = 60,000 (cap 100,000). SF-2 (07-10): 0.5% of 10,000,000 + 0.2% of 20,000,000 = 90,000.
    await t.db.insert(remittances).values({ centerId: t.fixture.centers.city, receiptNo: 'FW-1', revenueType: '交易服务费', transferId: ids[0]!, amount: 6_000_000n, remittedOn: '2020-05-20' });
    await t.db.insert(remittances).values({ centerId: t.fixture.centers.city, receiptNo: 'TD-1', revenueType: '土地出让收入', transferId: ids[1]!, amount: 9_000_000n, remittedOn: '2020-07-20' });
    const html = await statement();
    expect(html).toMatch(/SF-1<\/a>.*?广发改价格〔2019〕12号（2020-01-01 起）<\/td><td class="num">60,000\.00<\/td><td class="num">60,000\.00<\/td><td class="num">0\.00<\/td>/s);
    expect(html).toMatch(/SF-2<\/a>.*?广发改价格〔2020〕30号（2020-07-01 起）<\/td><td class="num">90,000\.00<\/td><td class="num">0\.00<\/td><td class="num">90,000\.00<\/td>/s);
    expect(html).toContain('<td class="num">150,000.00</td><td class="num">60,000.00</td><td class="num">90,000.00</td>');
    await t.db.insert(remittances).values({ centerId: t.fixture.centers.city, receiptNo: 'FW-Q3', revenueType: '交易服务费', amount: 12_345_00n, remittedOn: '2020-09-30' });
    expect(await (await t.get('/service-fees', finance)).text()).toContain('另有 12,345.00 元交易服务费于2020年上缴、未对应上表的成交');
    const csv = (await (await t.get('/service-fees/export.csv', staff)).text()).trim().split('\r\n');
    expect(csv).toHaveLength(3);
    expect(csv[2]).toContain('90000.00');
  });

  it('is read by staff and leaders without the form, not by agencies, and shows another center nothing', async () => {
    expect(await (await t.get('/service-fees', staff)).text()).not.toContain('登记收费标准</legend>');
    expect(await (await t.get('/service-fees', finance)).text()).toContain('登记收费标准</legend>');
    expect((await t.get('/service-fees', await t.signIn('agency1'))).status).toBe(403);
    expect(await (await t.get('/service-fees', await t.signIn('otherStaff'))).text()).toContain('尚未登记收费标准');
  });
});
