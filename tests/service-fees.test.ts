// Issue 13, part 3: 交易服务费 — the center's standards with their 文号, kept, each from its day; every
// 成交 owes the fee of the standard in force on its 成交日期; the statement sets it against what was remitted.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projects, remittances, serviceFeeReceipts, serviceFeeSchedules } from '../db/schema';
import { performanceReport } from '../src/performance/report';
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
const receipt = (form: Record<string, string>, cookie = finance) => t.post('/service-fees/receipts', {
  invoice_no: 'FP-X', invoiced_on: '2020-07-12', collected_on: '2020-07-12', ...form,
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
    expect(besideField(await again.text(), 'effective_from')).toBe('本中心土地已有自 2020-01-01 起执行的收费标准；新标准请从另一日起执行，录错的请选择“更正的标准”');
    expect((await schedule({ effective_from: '2020-07-01', document_no: '广发改价格〔2020〕30号', method: '分档累进', tiers: '0-10000000:0.5;10000000-:0.2' })).status).toBe(303);
    expect(besideField(await (await schedule({ rate: '0.5', effective_from: '1900-01-01' })).text(), 'effective_from')).toBe('执行日期应在1990年至明年之间');
    expect(await t.db.$count(serviceFeeSchedules)).toBe(2);
    const refusal = await t.db.execute(sql`update service_fee_schedules set rate = 9`).then(() => 'accepted', (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
    expect(refusal).toMatch(/cannot be changed/);
    expect(await t.db.$count(sql`audit_events`, sql`entity = 'service-fee-schedule'`)).toBe(2);
  });

  it('charges each deal by the standard of its 成交日期; what was collected (票据) and remitted (先收先缴) stands beside it', async () => {
    // SF-1 (05-11): 0.5% of 12,000,000 = 60,000 (cap 100,000). SF-2 (07-10): 0.5% of 10,000,000 + 0.2% of 20,000,000 = 90,000.
    await t.db.insert(remittances).values({ centerId: t.fixture.centers.city, receiptNo: 'FW-1', revenueType: '交易服务费', amount: 6_000_000n, remittedOn: '2020-05-20' });
    await t.db.insert(remittances).values({ centerId: t.fixture.centers.city, receiptNo: 'TD-1', revenueType: '土地出让收入', transferId: ids[1]!, amount: 9_000_000n, remittedOn: '2020-07-20' });
    let html = await statement();
    // 应收, 已收, 已上缴, 欠收, 待上缴.
    expect(html).toMatch(/SF-1<\/a>.*?广发改价格〔2019〕12号（2020-01-01 起）<\/td><td class="num">60,000\.00<\/td><td class="num">0\.00<\/td><td class="num">0\.00<\/td><td class="num">60,000\.00<\/td><td class="num">0\.00<\/td>/s);
    expect(await (await t.get('/service-fees', finance)).text()).toContain('另有 60,000.00 元交易服务费已上缴、没有对应的收费票据');
    expect((await receipt({ transfer_id: String(ids[0]), amount: '60,000.00' }, staff)).status).toBe(403);
    expect(besideField(await (await receipt({ transfer_id: String(ids[0]), amount: '60,000.01' })).text(), 'amount'))
      .toBe('超过应收：按 广发改价格〔2019〕12号 应收 60,000.00 元，已收 0.00 元，最多还可收 60,000.00 元');
    expect(besideField(await (await receipt({ transfer_id: String(ids[0]), amount: '60,000.00', collected_on: '2020-05-10' })).text(), 'collected_on')).toBe('收款日期不能早于成交日期 2020-05-11');
    expect(besideField(await (await receipt({ transfer_id: '999999', amount: '1.00' })).text(), 'transfer_id')).toBe('本中心没有这场出让活动');
    expect((await receipt({ transfer_id: String(ids[0]), amount: '60,000.00', invoice_no: 'FP-1', collected_on: '2020-05-15' })).status).toBe(303);
    expect(besideField(await (await receipt({ transfer_id: String(ids[1]), amount: '1.00', invoice_no: 'FP-1' })).text(), 'invoice_no')).toBe('票据号 FP-1 已登记过');
    html = await statement();
    expect(html).toMatch(/SF-1<\/a>.*?<td class="num">60,000\.00<\/td><td class="num">60,000\.00<\/td><td class="num">60,000\.00<\/td><td class="num">0\.00<\/td><td class="num">0\.00<\/td>/s);
    expect(html).toMatch(/SF-2<\/a>.*?广发改价格〔2020〕30号（2020-07-01 起）<\/td><td class="num">90,000\.00<\/td><td class="num">0\.00<\/td><td class="num">0\.00<\/td><td class="num">90,000\.00<\/td>/s);
    expect(await (await t.get('/service-fees', finance)).text()).not.toContain('id="unlinked-fees"');

    // Two receipts at once on SF-2 (fee 90,000): one lands, the other is refused beside its amount.
    const both = await Promise.all(['FP-A', 'FP-B'].map((no) => receipt({ transfer_id: String(ids[1]), amount: '50,000.00', invoice_no: no, collected_on: '2020-07-12' })));
    expect(both.map((r) => r.status).sort()).toEqual([303, 422]);
    const [landed] = await t.db.select().from(serviceFeeReceipts).where(eq(serviceFeeReceipts.transferId, ids[1]!));
    // 冲销: once, from a day not before the collection, with its reason; the receipt is kept.
    const reverse = (form: Record<string, string>, id = landed!.id) => t.post(`/service-fees/receipts/${id}/reversal`, { reversed_on: '2020-07-13', reason: '金额录错', ...form }, finance);
    const refused = await (await reverse({ reversed_on: '2020-07-11' })).text();
    expect(refused).toContain('冲销日期不能早于收款日期 2020-07-12');
    // Back on its row with what was typed.
    expect(refused).toMatch(new RegExp(`id="receipt-${landed!.id}".*?value="2020-07-11".*?value="金额录错"`, 's'));
    expect((await reverse({})).status).toBe(303);
    expect(await (await reverse({})).text()).toContain('的收费已冲销过');
    expect((await reverse({}, 99_999_999)).status).toBe(404);
    expect((await t.post(`/service-fees/receipts/${landed!.id}/reversal`, { reversed_on: '2020-07-13', reason: 'x' }, await t.signIn('otherStaff'))).status).toBe(403);
    expect(await t.db.$count(serviceFeeReceipts, eq(serviceFeeReceipts.transferId, ids[1]!))).toBe(2);
    // The reversed 票据 is entered again with the right amount, under its own number; then reversed too.
    expect((await receipt({ transfer_id: String(ids[1]), amount: '40,000.00', invoice_no: landed!.invoiceNo, collected_on: '2020-07-12' })).status).toBe(303);
    const [again] = await t.db.select().from(serviceFeeReceipts).where(sql`${serviceFeeReceipts.invoiceNo} = ${landed!.invoiceNo} and ${serviceFeeReceipts.id} <> ${landed!.id}`);
    expect(again!.amount).toBe(40_000_00n);
    expect(besideField(await (await receipt({ transfer_id: String(ids[1]), amount: '1.00', invoice_no: landed!.invoiceNo })).text(), 'invoice_no')).toBe(`票据号 ${landed!.invoiceNo} 已登记过`);
    expect((await reverse({}, again!.id)).status).toBe(303);
    expect(await statement()).toMatch(/SF-2<\/a>.*?<td class="num">90,000\.00<\/td><td class="num">0\.00<\/td>/s);
    const refusal = await t.db.execute(sql`delete from service_fee_receipts`).then(() => 'accepted', (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
    expect(refusal).toMatch(/cannot be changed/);
    const csv = (await (await t.get('/service-fees/export.csv', staff)).text()).trim().split('\r\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]).toContain('已收（元）');
    expect(csv[2]).toContain('90000.00');
    const receipts = (await (await t.get('/service-fees/receipts.csv', staff)).text()).trim().split('\r\n');
    expect(receipts[0]).toContain('票据号');
    expect(receipts.find((l) => l.startsWith(landed!.invoiceNo))).toContain('已冲销（2020-07-13，金额录错）');
    expect(receipts.find((l) => l.startsWith('FP-1,'))).toContain('60000.00');
  });

  it('corrects a standard typed wrong by a 更正 row of the same kind and day, with its reason; the old row is kept and no longer applies', async () => {
    const [old] = await t.db.select().from(serviceFeeSchedules).where(eq(serviceFeeSchedules.documentNo, '广发改价格〔2020〕30号'));
    const fix = (form: Record<string, string>, cookie = finance) => schedule({
      effective_from: '2020-07-01', document_no: '广发改价格〔2020〕31号', method: '分档累进', tiers: '0-10000000:0.5;10000000-:0.2', supersedes: String(old!.id), reason: '文号录错', ...form,
    }, cookie);
    expect(besideField(await (await fix({ reason: '' })).text(), 'reason')).toBe('更正收费标准须填写更正原因');
    expect(besideField(await (await fix({ effective_from: '2020-07-02' })).text(), 'supersedes')).toBe('更正须与原标准的标的类型（土地）和执行日期（2020-07-01）相同；调整收费标准请从新的执行日期另登记一条');
    expect(besideField(await (await fix({ supersedes: '99999999' })).text(), 'supersedes')).toBe('本中心没有这条收费标准');
    expect((await fix({}, staff)).status).toBe(403);
    expect((await fix({})).status).toBe(303);
    expect(besideField(await (await fix({ document_no: '广发改价格〔2020〕32号' })).text(), 'supersedes')).toBe('这条收费标准已更正过：请更正最新的一条');
    const html = await statement();
    expect(html).toMatch(/SF-2<\/a>.*?广发改价格〔2020〕31号（2020-07-01 起）<\/td><td class="num">90,000\.00<\/td>/s);
    const page = await (await t.get('/service-fees', finance)).text();
    expect(page).toContain('已更正，不再适用');
    expect(page).toContain('（更正，原因：文号录错）');
    expect(await t.db.$count(sql`audit_events`, sql`entity = 'service-fee-schedule' and action = 'correct'`)).toBe(1);
  });

  it('makes 按时上缴 unmet when a fee is remitted after the 上缴时限 of its standard, naming the 票据', async () => {
    // A standard from SF-2's day with a 时限: 10 days after the collection.
    expect(besideField(await (await schedule({ effective_from: '2020-07-10', document_no: '广财非〔2020〕5号', method: '分档累进', tiers: '0-10000000:0.5;10000000-:0.2', remit_rule: '收款后天数' })).text(), 'remit_days'))
      .toBe('请填写上缴时限的天数');
    expect((await schedule({ effective_from: '2020-07-10', document_no: '广财非〔2020〕5号', method: '分档累进', tiers: '0-10000000:0.5;10000000-:0.2', remit_rule: '收款后天数', remit_days: '10' })).status).toBe(303);
    expect((await receipt({ transfer_id: String(ids[1]), amount: '90,000.00', invoice_no: 'FP-3', collected_on: '2020-07-12' })).status).toBe(303);
    // Not remitted: on the finance dashboard, overdue since 07-22.
    const overdue = async () => { const h = await (await t.get('/monitoring', finance)).text(); return h.slice(h.indexOf('id="overdue-fees"'), h.indexOf('</table>', h.indexOf('id="overdue-fees"'))); };
    expect(await overdue()).toMatch(/<td>FP-3<\/td>.*?<td>2020-07-22<\/td>/s);
    await t.db.insert(remittances).values({ centerId: t.fixture.centers.city, receiptNo: 'FW-2', revenueType: '交易服务费', amount: 9_000_000n, remittedOn: '2020-07-25' });
    expect(await overdue()).toContain('没有逾期未上缴的交易服务费');
    const [project] = await t.db.insert(projects).values({ centerId: t.fixture.centers.city, year: 2020, name: '土地出让工作经费' }).returning();
    const r = (await performanceReport(t.db, project!.id))!;
    expect(r.dueFees.map((x) => [x.receipt.invoiceNo, x.dueOn, x.remittedOn, x.onTime])).toEqual([['FP-3', '2020-07-22', '2020-07-25', false]]);
    const row = r.indicators.find((i) => i.rule === '按时上缴')!;
    expect(row.met).toBe(false);
    expect(row.note).toContain('交易服务费票据FP-3（SF-2）应于2020-07-22前上缴，2020-07-25上缴');
    const page = await (await t.get(`/projects/${project!.id}/performance`, finance)).text();
    expect(page).toContain('id="due-fees"');
    expect(page).toContain(`/service-fees#receipt-${r.dueFees[0]!.receipt.id}`);
    const res = await t.get(`/api/v1/performance?center=CITY&year=2020&project=${encodeURIComponent("土地出让工作经费")}`, finance);
    const json = await res.json() as { dueFees: { invoice: string; onTime: boolean }[] };
    expect(res.status, JSON.stringify(json)).toBe(200);
    expect(json.dueFees).toEqual([expect.objectContaining({ invoice: 'FP-3', onTime: false, amount: '90000.00' })]);
    // Once 2020 is closed, nothing is collected into it or reversed out of it, by the form or past it.
    await t.db.execute(sql`insert into closed_years (center_id, year) values (${t.fixture.centers.city}, 2020)`);
    expect(besideField(await (await receipt({ transfer_id: String(ids[0]), amount: '1.00', invoice_no: 'FP-9', collected_on: '2020-12-01' })).text(), 'collected_on')).toBe('2020年度已结账，不能再记入该年度的记录');
    expect(await (await t.post(`/service-fees/receipts/${r.dueFees[0]!.receipt.id}/reversal`, { reversed_on: '2021-01-05', reason: '录错' }, finance)).text()).toContain('的收款年度已结账，不能冲销');
    const direct = await t.db.insert(serviceFeeReceipts).values({ centerId: t.fixture.centers.city, transferId: ids[0]!, invoiceNo: 'FP-DB', amount: 1n, invoicedOn: '2020-12-01', collectedOn: '2020-12-01' })
      .then(() => 'accepted', (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
    expect(direct).toMatch(/year 2020 of center \d+ is closed/);
  });

  it('is read by staff and leaders without the form, not by agencies, and shows another center nothing', async () => {
    expect(await (await t.get('/service-fees', staff)).text()).not.toContain('登记收费标准</legend>');
    expect(await (await t.get('/service-fees', finance)).text()).toContain('登记收费标准</legend>');
    expect((await t.get('/service-fees', await t.signIn('agency1'))).status).toBe(403);
    expect(await (await t.get('/service-fees', await t.signIn('otherStaff'))).text()).toContain('尚未登记收费标准');
  });
});
