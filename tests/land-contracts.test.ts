// Issue 13, part 1: the 出让合同 of a land deal and its 价款分期 schedule — first ≥ 50% within a month,
// the rest within a year (two with a 文号), the sum the deal's price, signed within 10 working days.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractInstalments, landContracts } from '../db/schema';
import { addMonths } from '../src/contracts/rules';
import { besideField, createTestApp, type TestApp } from './helpers/app';

let t: TestApp;
let staff: string;
let agency: string;
let other: string;
let admin: string;
let roundId: number;

const idOf = (res: Response) => Number(/\/(?:transfers|parcels)\/(\d+)/.exec(res.headers.get('location')!)![1]);
const PARCEL = { kind: '土地', name: '合同测试地块', land_use: '住宅', term_years: '70', starting_price: '10,000,000.00', deposit: '2,000,000.00', area: '12000' };
const ROUND = { mode: '挂牌', notice_start: '2020-06-01', notice_end: '2020-07-10', auction_date: '2020-07-10' };
// Friday 2020-07-10; ten working days later is Friday 2020-07-24.
const DEAL = { result: '成交', deal_price: '12,000,000.00', winner: '某置业有限公司', deal_date: '2020-07-10', confirmation_no: '确〔2020〕90号', confirmation_date: '2020-07-10' };
const CONTRACT = {
  contract_no: '510802-2020-0031', supervision_no: '5108022020B00031', signed_on: '2020-07-20', grantor: '某市自然资源和规划局', grantee: '某置业有限公司',
  area: '12000', land_use: '城镇住宅用地', plot_ratio_min: '1.0', plot_ratio_max: '2.5', earnest: '2,000,000.00',
  start_by: '2021-01-20', complete_by: '2023-01-20',
  inst_amount_1: '6,000,000.00', inst_due_1: '2020-08-20', inst_amount_2: '6,000,000.00', inst_due_2: '2021-07-20',
};

beforeAll(async () => {
  t = await createTestApp();
  [staff, agency, other, admin] = await Promise.all([t.signIn('staff'), t.signIn('agency1'), t.signIn('otherStaff'), t.signIn('admin')]);
  const parcel = await t.post('/parcels', { ...PARCEL, code: 'CON-P1' }, staff);
  expect(parcel.status).toBe(303);
  roundId = idOf(await t.post('/transfers', { ...ROUND, parcel: String(idOf(parcel)) }, staff));
});
afterAll(() => t.close());

const post = (form: Record<string, string>, cookie = staff) => t.post(`/transfers/${roundId}/contract`, form, cookie);

describe('addMonths', () => {
  it('keeps the day, or the month\'s last day', () => {
    expect(addMonths('2020-07-20', 1)).toBe('2020-08-20');
    expect(addMonths('2020-01-31', 1)).toBe('2020-02-29');
    expect(addMonths('2021-01-31', 1)).toBe('2021-02-28');
    expect(addMonths('2020-12-15', 12)).toBe('2021-12-15');
    expect(addMonths('2020-02-29', 24)).toBe('2022-02-28');
  });
});

describe('出让合同', () => {
  it('is only for a deal', async () => {
    const res = await post(CONTRACT);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('只有成交的出让才签订出让合同');
    expect((await t.post(`/transfers/${roundId}/result`, DEAL, staff)).status).toBe(303);
  });

  it('offers the form with the deal\'s winner and price', async () => {
    const html = await (await t.get(`/transfers/${roundId}/contract`, staff)).text();
    expect(html).toContain('不晚于 2020-07-24');
    expect(html).toContain('value="某置业有限公司"');
    expect(html).toContain('value="12000000.00"');
  });

  it('refuses a schedule the rules do not allow, each message beside its row', async () => {
    const small = await post({ ...CONTRACT, inst_amount_1: '5,999,999.99', inst_amount_2: '6,000,000.01' });
    expect(besideField(await small.text(), 'inst_amount_1')).toBe('首期价款 5,999,999.99 元低于出让价款的50%（至少 6,000,000.00 元，国土资发〔2010〕34号）');
    const slow = await post({ ...CONTRACT, inst_due_1: '2020-08-21' });
    expect(besideField(await slow.text(), 'inst_due_1')).toBe('首期价款应在合同签订后1个月内缴纳（不晚于 2020-08-20，国土资发〔2010〕34号）');
    const late = await post({ ...CONTRACT, inst_due_2: '2021-07-21' });
    expect(besideField(await late.text(), 'inst_due_2')).toContain('余款最迟应在合同签订后一年内缴清（不晚于 2021-07-20');
    const short = await post({ ...CONTRACT, inst_amount_2: '5,000,000.00' });
    expect(besideField(await short.text(), 'instalments')).toBe('各期价款合计 11,000,000.00 元，应等于出让价款 12,000,000.00 元');
    const gap = await post({ ...CONTRACT, inst_amount_2: '', inst_due_2: '', inst_amount_3: '6,000,000.00', inst_due_3: '2021-07-20' });
    expect(besideField(await gap.text(), 'inst_amount_3')).toBe('第3期之前有空行：请从第1期起依次填写');
    const order = await post({ ...CONTRACT, inst_due_2: '2020-08-19' });
    expect(besideField(await order.text(), 'inst_due_2')).toBe('第2期应缴日期应晚于第1期（2020-08-20）');
    const signedLate = await post({ ...CONTRACT, signed_on: '2020-07-27' });
    expect(besideField(await signedLate.text(), 'signed_on')).toContain('出让合同应在成交后10个工作日内签订（不晚于 2020-07-24');
    const stranger = await post({ ...CONTRACT, grantee: '另一公司' });
    expect(besideField(await stranger.text(), 'grantee')).toBe('受让人应为本场竞得人“某置业有限公司”');
    const ratio = await post({ ...CONTRACT, plot_ratio_min: '3' });
    expect(besideField(await ratio.text(), 'plot_ratio_max')).toBe('容积率上限不能小于下限');
    expect(await t.db.$count(landContracts)).toBe(0);
  });

  it('lets the last instalment fall within two years with a collective decision\'s 文号', async () => {
    const two = { ...CONTRACT, inst_due_2: '2022-07-20' };
    expect(besideField(await (await post(two)).text(), 'inst_due_2')).toContain('一年内缴清');
    const over = await post({ ...two, inst_due_2: '2022-07-21', extension_doc_no: '某土委〔2020〕5号' });
    expect(besideField(await over.text(), 'inst_due_2')).toBe('全部价款应在合同签订后两年内缴清（不晚于 2022-07-20，财综〔2009〕74号）');
  });

  it('is not for agencies or another center', async () => {
    expect((await post(CONTRACT, agency)).status).toBe(403);
    expect((await t.get(`/transfers/${roundId}/contract`, agency)).status).toBe(403);
    expect((await post(CONTRACT, other)).status).toBe(404);
    expect((await t.get(`/transfers/${roundId}/contract`, other)).status).toBe(404);
  });

  it('records a lawful contract with its schedule, once, and keeps it', async () => {
    const ok = await post(CONTRACT);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/transfers/${roundId}/contract`);
    const html = await (await t.get(`/transfers/${roundId}/contract`, staff)).text();
    expect(html).toContain('出让合同 510802-2020-0031');
    expect(html).toMatch(/第1期<\/td><td>2020-08-20<\/td><td class="num">6,000,000\.00<\/td>\s*<td class="num">50\.00%/);
    expect(html).toContain('1.00 至 2.50');
    const [c] = await t.db.select().from(landContracts);
    expect(c).toMatchObject({ price: 12_000_000_00n, earnest: 2_000_000_00n, grantee: '某置业有限公司' });
    expect((await t.db.select().from(contractInstalments).where(eq(contractInstalments.contractId, c!.id))).map((x) => [x.seq, x.amount, x.dueOn]))
      .toEqual([[1, 6_000_000_00n, '2020-08-20'], [2, 6_000_000_00n, '2021-07-20']]);
    const again = await post({ ...CONTRACT, contract_no: 'X-2' });
    expect(await again.text()).toContain('本场已登记出让合同');
    const audit = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_events where entity = 'land-contract'`);
    expect(audit[0]!.n).toBe(1);
    const refusal = (q: ReturnType<typeof sql>) => t.db.execute(q).then(() => 'accepted', (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
    expect(await refusal(sql`update contract_instalments set amount = 1`)).toMatch(/cannot be changed/);
    expect(await refusal(sql`delete from land_contracts`)).toMatch(/cannot be changed/);
    expect(await (await t.get(`/transfers/${roundId}`, admin)).text()).toContain(`href="/transfers/${roundId}/contract"`);
  });
});

describe('缴款 against the schedule', () => {
  let finance: string;
  beforeAll(async () => { finance = await t.signIn('finance'); });
  const collect = (form: Record<string, string>, cookie = finance) => t.post(`/transfers/${roundId}/contract/collections`, form, cookie);
  const schedule = async (asOf: string) => {
    const html = await (await t.get(`/transfers/${roundId}/contract?as_of=${asOf}`, finance)).text();
    return html.slice(html.indexOf('id="instalments"'), html.indexOf('</table>', html.indexOf('id="instalments"')));
  };

  it('takes what the 国库 collected before 2022, never the 税务, never beyond the price', async () => {
    const tax = await collect({ collector: '税务', voucher_no: 'SW-1', amount: '6,000,000.00', collected_on: '2020-08-10', pushed_on: '2020-08-01' });
    expect(besideField(await tax.text(), 'collector')).toBe('2022-01-01 前土地出让收入由国库以缴款书收缴，2020-08-10 的缴款应登记为“国库”');
    const noPush = await collect({ collector: '税务', voucher_no: 'SW-1', amount: '1', collected_on: '2022-08-10' });
    expect(besideField(await noPush.text(), 'pushed_on')).toBe('税务征收须填写费源信息推送日期');
    expect((await collect({ collector: '国库', voucher_no: 'GK-1', amount: '6,000,000.00', collected_on: '2020-08-10' }, staff)).status).toBe(403);
    expect((await collect({ collector: '国库', voucher_no: 'GK-1', amount: '6,000,000.00', collected_on: '2020-08-10' })).status).toBe(303);
    const twice = await collect({ collector: '国库', voucher_no: 'GK-1', amount: '1', collected_on: '2020-08-11' });
    expect(besideField(await twice.text(), 'voucher_no')).toBe('凭证号 GK-1 已登记过');
    const over = await collect({ collector: '国库', voucher_no: 'GK-2', amount: '6,000,000.01', collected_on: '2020-09-01' });
    expect(besideField(await over.text(), 'amount')).toBe('已缴 6,000,000.00 元，再缴 6,000,000.01 元将超过出让价款 12,000,000.00 元（尚欠 6,000,000.00 元）');
  });

  it('shows each instalment paid, owed and overdue as of a day', async () => {
    expect(await schedule('2021-07-20')).not.toContain('逾期 ');
    const late = await schedule('2021-07-21');
    expect(late).toMatch(/第1期<\/td><td>2020-08-20<\/td>.*?<td>2020-08-10<\/td>/s);
    expect(late).toMatch(/第2期<\/td><td>2021-07-20<\/td>.*?6,000,000\.00<\/td><td>—<\/td><td class="num"><span class="status status-预警">逾期 1<\/span>/s);
    expect((await collect({ collector: '国库', voucher_no: 'GK-3', amount: '5,000,000.00', collected_on: '2021-07-21' })).status).toBe(303);
    const part = await schedule('2021-07-22');
    expect(part).toMatch(/第2期.*?5,000,000\.00<\/td><td class="num">1,000,000\.00<\/td><td>—<\/td><td class="num"><span class="status status-预警">逾期 2</s);
    expect((await collect({ collector: '国库', voucher_no: 'GK-4', amount: '1,000,000.00', collected_on: '2021-07-25' })).status).toBe(303);
    expect(await schedule('2021-08-01')).toContain('2021-07-25（迟 5 天）');
    const refusal = (q: ReturnType<typeof sql>) => t.db.execute(q).then(() => 'accepted', (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
    expect(await refusal(sql`update price_collections set amount = 1`)).toMatch(/cannot be changed/);
    expect((await t.get(`/transfers/${roundId}/contract?as_of=2021-02-30`, finance)).status).toBe(400);
  });
});

describe('冲销 of a collection recorded by mistake', () => {
  it('keeps the collection and its reversal, and the schedule owes the money again from the reversal\'s day', async () => {
    const finance = await t.signIn('finance');
    const [gk4] = await t.db.execute<{ id: number }>(sql`select id from price_collections where voucher_no = 'GK-4'`);
    const reverse = (form: Record<string, string>, cookie = finance) => t.post(`/transfers/${roundId}/contract/collections/${gk4!.id}/reversal`, form, cookie);
    expect((await reverse({ reversed_on: '2021-08-02', reason: '重复登记' }, staff)).status).toBe(403);
    const early = await reverse({ reversed_on: '2021-07-24', reason: '重复登记' });
    expect(early.status).toBe(422);
    expect(besideField(await early.text(), `r${gk4!.id}-reversed_on`)).toBe('冲销日期不能早于缴款日期 2021-07-25');
    expect(besideField(await (await reverse({ reversed_on: '2021-08-02', reason: '' })).text(), `r${gk4!.id}-reason`)).toBeTruthy();
    expect((await reverse({ reversed_on: '2021-08-02', reason: '重复登记' })).status).toBe(303);
    expect(await (await reverse({ reversed_on: '2021-08-03', reason: '再次' })).text()).toContain('已冲销过');
    const schedule = async (asOf: string) => (await (await t.get(`/transfers/${roundId}/contract?as_of=${asOf}`, finance)).text());
    expect(await schedule('2021-08-01')).toContain('2021-07-25（迟 5 天）');
    const after = await schedule('2021-08-02');
    expect(after).toMatch(/第2期.*?5,000,000\.00<\/td><td class="num">1,000,000\.00<\/td><td>—<\/td><td class="num"><span class="status status-预警">逾期 13</s);
    expect(after).toContain('（冲销原因：重复登记）');
    expect(after).toContain('-1,000,000.00');
    // The money may be collected again, and the original stays as it was.
    expect((await t.post(`/transfers/${roundId}/contract/collections`, { collector: '国库', voucher_no: 'GK-5', amount: '1,000,000.00', collected_on: '2021-08-03' }, finance)).status).toBe(303);
    expect(await schedule('2021-08-04')).toContain('2021-08-03（迟 14 天）');
    const refusal = await t.db.execute(sql`delete from price_collections where voucher_no = 'GK-4'`).then(() => 'accepted', (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
    expect(refusal).toMatch(/cannot be changed/);
    expect(await t.db.$count(sql`audit_events`, sql`entity = 'price-collection' and action = 'reverse'`)).toBe(1);
  });
});

describe('the winner\'s deposit, the contract and the price', () => {
  let finance: string;
  let leader: string;
  let id: number;
  const WINNER = { kind: '法人', name: '四川测试置业有限公司', credit_code: '91510802MA62A3K77Q', legal_rep: '张三' };
  const PRICE_CONTRACT = {
    contract_no: '510802-2020-0040', signed_on: '2020-07-30', grantor: '某市自然资源和规划局', grantee: WINNER.name, earnest: '',
    inst_amount_1: '500,000.00', inst_due_1: '2020-08-30', inst_amount_2: '500,000.00', inst_due_2: '2022-07-30', extension_doc_no: '某土委〔2020〕9号',
  };
  const convert = (amount: string, on = '2020-07-15') => t.post(`/transfers/${id}/deposits/dispositions`, {
    application: String(appId), payer_account: '510012345678901', kind: '抵作价款', amount, disposed_on: on,
  }, finance);
  const collect = (voucher: string, amount: string, on = '2020-08-20') => t.post(`/transfers/${id}/contract/collections`, {
    collector: '国库', voucher_no: voucher, amount, collected_on: on,
  }, finance);
  const paidIn = async () => (await t.db.execute<{ n: string }>(sql`
    select ((select coalesce(sum(amount), 0) from price_collections where contract_id in (select id from land_contracts where transfer_id = ${id}))
          + (select coalesce(sum(amount), 0) from deposit_dispositions where transfer_id = ${id} and kind in ('转定金', '抵作价款')))::text as n`))[0]!.n;
  let appId: number;

  beforeAll(async () => {
    [finance, leader] = await Promise.all([t.signIn('finance'), t.signIn('leader')]);
    const parcel = await t.post('/parcels', { kind: '土地', code: 'CON-P2', name: '保证金转价款地块', land_use: '工业', term_years: '50', starting_price: '1,000,000.00', deposit: '600,000.00' }, staff);
    id = idOf(await t.post('/transfers', { ...ROUND, registration_deadline: '2020-07-08', parcel: String(idOf(parcel)) }, staff));
    const bidder = await t.post('/bidders', WINNER, staff);
    expect(bidder.status).toBe(303);
    const bidderId = Number(/\/bidders\/(\d+)/.exec(bidder.headers.get('location')!)![1]);
    expect((await t.post(`/transfers/${id}/applications`, { kind: '单独', applied_on: '2020-07-06', bidder_1: String(bidderId) }, staff)).status).toBe(303);
    appId = (await t.db.execute<{ id: number }>(sql`select id from bid_applications where transfer_id = ${id}`))[0]!.id;
    expect((await t.post(`/transfers/${id}/deposits/receipts`, {
      application: String(appId), bank_serial: 'CON-DEP-1', payer_name: WINNER.name, payer_account: '510012345678901', amount: '600,000.00', received_on: '2020-07-07',
    }, finance)).status).toBe(303);
    expect((await t.post(`/transfers/${id}/applications/${appId}/review`, { review: '通过' }, staff)).status).toBe(303);
    expect((await t.post(`/transfers/${id}/result`, { ...DEAL, deal_price: '1,000,000.00', winner: WINNER.name, confirmation_no: '确〔2020〕91号' }, staff)).status).toBe(303);
  });

  it('counts the deposit turned into price before the contract, and never beyond the deal\'s price', async () => {
    expect((await convert('300,000.00')).status).toBe(303);
    // The contract's 定金 is never more than the price; a late signing needs an admin's exception.
    const big = await t.post(`/transfers/${id}/contract`, { ...PRICE_CONTRACT, earnest: '1,000,000.01' }, staff);
    expect(besideField(await big.text(), 'earnest')).toBe('定金不能超过出让价款 1,000,000.00 元');
    const late = await t.post(`/transfers/${id}/contract`, PRICE_CONTRACT, staff);
    expect(besideField(await late.text(), 'signed_on')).toContain('不晚于 2020-07-24');
    expect((await t.post(`/transfers/${id}/exceptions`, { rule: 'contract-signing', doc_no: '某府函〔2020〕7号', reason: '受让人因疫情延期签约' }, admin)).status).toBe(303);
    // Two years with the collective decision's 文号.
    expect((await t.post(`/transfers/${id}/contract`, PRICE_CONTRACT, staff)).status).toBe(303);
    const html = await (await t.get(`/transfers/${id}/contract?as_of=2020-08-31`, finance)).text();
    expect(html).toContain('竞买保证金转作价款');
    expect(html).toMatch(/第1期<\/td><td>2020-08-30<\/td><td class="num">500,000\.00<\/td>\s*<td class="num">50\.00%<\/td>\s*<td class="num">300,000\.00<\/td><td class="num">200,000\.00<\/td><td>—<\/td><td class="num"><span class="status status-预警">逾期 1</);
    expect((await collect('GK-P-1', '500,000.00')).status).toBe(303);
    const over = await convert('300,000.00', '2020-08-21');
    expect(besideField(await over.text(), 'd-amount')).toBe('已缴 800,000.00 元，再转作价款 300,000.00 元将超过出让价款 1,000,000.00 元（尚欠 200,000.00 元）；多余的保证金应予退还');
  });

  it('lets only one of two conversions at once pass the price before any contract exists', async () => {
    const parcel = await t.post('/parcels', { kind: '土地', code: 'CON-P5', name: '超额保证金地块', land_use: '工业', term_years: '50', starting_price: '1,000,000.00', deposit: '600,000.00' }, staff);
    const round = idOf(await t.post('/transfers', { ...ROUND, registration_deadline: '2020-07-08', parcel: String(idOf(parcel)) }, staff));
    const bidderId = (await t.db.execute<{ id: number }>(sql`select id from bidders where name = ${WINNER.name}`))[0]!.id;
    expect((await t.post(`/transfers/${round}/applications`, { kind: '单独', applied_on: '2020-07-06', bidder_1: String(bidderId) }, staff)).status).toBe(303);
    const app = (await t.db.execute<{ id: number }>(sql`select id from bid_applications where transfer_id = ${round}`))[0]!.id;
    // 1,200,000 came in (more than asked): the balance allows both conversions, the price only one.
    expect((await t.post(`/transfers/${round}/deposits/receipts`, {
      application: String(app), bank_serial: 'CON-DEP-5', payer_name: WINNER.name, payer_account: '510012345678901', amount: '1,200,000.00', received_on: '2020-07-07',
    }, finance)).status).toBe(303);
    expect((await t.post(`/transfers/${round}/applications/${app}/review`, { review: '通过' }, staff)).status).toBe(303);
    expect((await t.post(`/transfers/${round}/result`, { ...DEAL, deal_price: '1,000,000.00', winner: WINNER.name, confirmation_no: '确〔2020〕95号' }, staff)).status).toBe(303);
    const both = await Promise.all([1, 2].map(() => t.post(`/transfers/${round}/deposits/dispositions`, {
      application: String(app), payer_account: '510012345678901', kind: '抵作价款', amount: '600,000.00', disposed_on: '2020-07-15',
    }, finance)));
    expect(both.map((r) => r.status).sort()).toEqual([303, 422]);
    expect(besideField(await both.find((r) => r.status === 422)!.text(), 'd-amount')).toContain('将超过出让价款 1,000,000.00 元');
  });

  it('lets concurrent collections and conversions take the paid total to the price and no further', async () => {
    // 200,000 owed; five collections of 100,000 and two conversions of 150,000 at once: whatever the order, never past the price.
    const results = await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => collect(`RACE-${i}`, '100,000.00')),
      convert('150,000.00', '2020-08-22'), convert('150,000.00', '2020-08-22'),
    ]);
    expect(results.map((r) => r.status).filter((s) => s !== 303 && s !== 422)).toEqual([]);
    const paid = BigInt(await paidIn());
    expect(paid <= 1_000_000_00n && paid >= 950_000_00n).toBe(true);
  });

  it('answers a contract or voucher number another round took at the same moment with a message, not a 500', async () => {
    const ids: number[] = [];
    for (const code of ['CON-P3', 'CON-P4']) {
      const parcel = await t.post('/parcels', { ...PARCEL, code }, staff);
      const round = idOf(await t.post('/transfers', { ...ROUND, parcel: String(idOf(parcel)) }, staff));
      expect((await t.post(`/transfers/${round}/result`, { ...DEAL, confirmation_no: `确-${code}` }, staff)).status).toBe(303);
      ids.push(round);
    }
    const sign = (round: number, no: string) => t.post(`/transfers/${round}/contract`, { ...CONTRACT, contract_no: no }, staff);
    const same = await Promise.all(ids.map((r) => sign(r, 'SAME-NO')));
    expect(same.map((r) => r.status).sort()).toEqual([303, 422]);
    expect(besideField(await same.find((r) => r.status === 422)!.text(), 'contract_no')).toBe('本中心已有合同编号 SAME-NO');
    const unsigned = ids[same.findIndex((r) => r.status === 422)]!;
    expect((await sign(unsigned, 'OTHER-NO')).status).toBe(303);
    const pay = (round: number) => t.post(`/transfers/${round}/contract/collections`, { collector: '国库', voucher_no: 'SAME-V', amount: '1', collected_on: '2020-08-20' }, finance);
    const twice = await Promise.all(ids.map(pay));
    expect(twice.map((r) => r.status).sort()).toEqual([303, 422]);
    expect(besideField(await twice.find((r) => r.status === 422)!.text(), 'voucher_no')).toBe('凭证号 SAME-V 已登记过');
  });

  it('is read by finance and the leader; only finance sees the 缴款 form', async () => {
    const [f, l, s] = await Promise.all([finance, leader, staff].map(async (c) => (await t.get(`/transfers/${id}/contract`, c)).text()));
    for (const html of [f, l, s]) expect(html).toContain('出让合同 510802-2020-0040');
    expect(f).toContain('登记缴款');
    expect(l).not.toContain('登记缴款');
    expect(s).not.toContain('登记缴款');
    const byLeader = await t.post(`/transfers/${id}/contract/collections`, { collector: '国库', voucher_no: 'LEADER-1', amount: '1', collected_on: '2020-08-20' }, leader);
    expect(byLeader.status).toBe(403);
  });

  it('after 成交无效 keeps the contract and refuses further collections with a message', async () => {
    expect((await t.post(`/transfers/${id}/annulment`, { on: '2020-09-01', document_no: '某决〔2020〕8号', reason: '受让人违约' }, staff)).status).toBe(303);
    const after = await collect('AFTER-1', '1', '2020-09-02');
    expect(after.status).toBe(422);
    const html = await after.text();
    expect(html).toContain('本场成交已无效，不能再登记缴款');
    expect(html).toContain('本场成交已无效；合同记录保留。');
  });
});

describe('出让价款缴纳情况表', () => {
  const ledger = async (query: string, cookie: string) => (await t.get(`/contracts?${query}`, cookie)).text();
  it('lists every standing contract with what is paid, due, owed and overdue on a day, as the contract pages do', async () => {
    const finance = await t.signIn('finance');
    const html = await ledger('as_of=2021-07-21', finance);
    expect(html).not.toContain('510802-2020-0040'); // 成交无效: owes nothing more
    expect(html).toMatch(/>510802-2020-0031<\/a><\/td><td>CON-P1<\/td>.*?<td class="num">12,000,000\.00<\/td><td class="num">11,000,000\.00<\/td>\s*<td class="num">12,000,000\.00<\/td><td class="num">1,000,000\.00<\/td><td class="num">0\.00<\/td>\s*<td>—<\/td>\s*<td class="num"><span class="status status-预警">逾期 1<\/span>/s);
    expect(html).toContain('合计 3 份');
    const csv = (await (await t.get('/contracts/export.csv?as_of=2021-07-21', finance)).text()).trim().split('\r\n').map((l) => l.split(','));
    expect(csv[0]![6]).toBe('出让价款（元）');
    expect(csv.slice(1).map((r) => r[0]).sort()).toEqual(['510802-2020-0031', 'OTHER-NO', 'SAME-NO']);
    expect(csv.slice(1).reduce((s, r) => s + BigInt(r[9]!.replace('.', '')), 0n)).toBe(1_000_000_00n + 2n * 12_000_000_00n - 1_00n); // one of the two paid 1 元
    const later = await ledger('as_of=2021-07-26&overdue=1', finance);
    expect(later).not.toContain('510802-2020-0031');
    expect(later).toContain('SAME-NO');
  });

  it('is not for agencies and shows another center nothing', async () => {
    expect((await t.get('/contracts', agency)).status).toBe(403);
    expect((await t.get('/contracts/export.csv', agency)).status).toBe(403);
    expect(await ledger('as_of=2021-07-21', other)).toContain('本中心尚未登记出让合同');
    expect((await t.get('/contracts?as_of=2021-13-01', staff)).status).toBe(400);
  });
});
