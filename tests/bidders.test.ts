// Issue 12, part 1: the 竞买人 registry and a round's 报名 and 资格审查, through the web as staff use them.
import ExcelJS from 'exceljs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, bidApplicationMembers, bidApplications, bidders, depositDispositions, depositReceipts } from '../db/schema';
import { besideField, createTestApp, type TestApp } from './helpers/app';

let t: TestApp;
let staff: string;
let other: string;
let agency: string;
let roundId: number;
let finance: string;

/** The message beside a field of a re-rendered form. */
const idOf = (res: Response, what: string) => Number(new RegExp(`/${what}/(\\d+)`).exec(res.headers.get('location')!)![1]);

const COMPANY = { kind: '法人', name: '四川测试置业有限公司', credit_code: '91510802MA62A3K77Q', legal_rep: '张三', phone: '0839-1234567' };
const PERSON = { kind: '自然人', name: '李四', id_number: '510802199001011236' };

beforeAll(async () => {
  t = await createTestApp();
  [staff, other, agency, finance] = await Promise.all([t.signIn('staff'), t.signIn('otherStaff'), t.signIn('agency1'), t.signIn('finance')]);
  const parcel = await t.post('/parcels', { code: 'BID-P1', kind: '土地', name: '竞买人测试地块', land_use: '工业', term_years: '50', starting_price: '1,000,000.00', deposit: '200,000.00' }, staff);
  expect(parcel.status).toBe(303);
  const round = await t.post('/transfers', {
    parcel: String(idOf(parcel, 'parcels')), mode: '挂牌', agency: String(t.fixture.agencies.a1),
    notice_start: '2020-07-01', notice_end: '2020-07-31', registration_deadline: '2020-07-29', auction_date: '2020-07-31',
  }, staff);
  expect(round.status).toBe(303);
  roundId = idOf(round, 'transfers');
});
afterAll(() => t.close());

async function register(form: Record<string, string>) {
  const res = await t.post('/bidders', form, staff);
  expect(res.status).toBe(303);
  return idOf(res, 'bidders');
}

describe('the bidder registry', () => {
  it('registers a 法人 and a 自然人, with Chinese messages beside the wrong fields', async () => {
    const noCode = await t.post('/bidders', { ...COMPANY, credit_code: '', legal_rep: '' }, staff);
    expect(noCode.status).toBe(422);
    const html = await noCode.text();
    expect(besideField(html, 'credit_code')).toBe('法人竞买人须填写统一社会信用代码');
    expect(besideField(html, 'legal_rep')).toBe('法人竞买人须填写法定代表人');
    const badCode = await t.post('/bidders', { ...COMPANY, credit_code: '91510802MA62A3K77X' }, staff);
    expect(besideField(await badCode.text(), 'credit_code')).toMatch(/校验/);
    const badId = await t.post('/bidders', { ...PERSON, id_number: '510802199001011237' }, staff);
    expect(besideField(await badId.text(), 'id_number')).toMatch(/校验/);
    const noId = await t.post('/bidders', { ...PERSON, id_number: '' }, staff);
    expect(besideField(await noId.text(), 'id_number')).toBe('自然人竞买人须填写身份证号码');
    expect(await t.db.$count(bidders)).toBe(0);

    const company = await register(COMPANY);
    const person = await register({ ...PERSON, id_number: '510802199001011236 ' });
    const [row] = await t.db.select().from(bidders).where(eq(bidders.id, person));
    expect(row).toMatchObject({ kind: '自然人', idNumber: '510802199001011236', createdCenterId: t.fixture.centers.city });
    expect(await t.db.$count(auditEvents, sql`entity = 'bidder' and entity_id in (${String(company)}, ${String(person)})`)).toBe(2);
  });

  it('refuses the same bidder twice and names the one already registered', async () => {
    const again = await t.post('/bidders', { ...COMPANY, name: '另一个名称' }, staff);
    expect(again.status).toBe(422);
    expect(besideField(await again.text(), 'credit_code')).toContain('该竞买人已登记为“四川测试置业有限公司”');
    const person = await t.post('/bidders', { ...PERSON, name: '李四（重复）' }, other);
    expect(besideField(await person.text(), 'id_number')).toContain('该竞买人已登记为“李四”');
    expect(await t.db.$count(bidders)).toBe(2);
  });

  it('shows a 自然人 ID number in full only to the centers that registered or received it', async () => {
    const mine = await (await t.get('/bidders', staff)).text();
    expect(mine).toContain('510802199001011236');
    const theirs = await (await t.get('/bidders', other)).text();
    expect(theirs).toContain('李四');
    expect(theirs).not.toContain('510802199001011236');
    expect(theirs).toContain('5108**********1236');
    const [person] = await t.db.select().from(bidders).where(eq(bidders.kind, '自然人'));
    expect(await (await t.get(`/bidders/${person!.id}`, other)).text()).not.toContain('510802199001011236');
  });

  it('registers a bidder for the user\'s own center even while viewing a center below it, so its staff read the ID number', async () => {
    const viewing = await t.signIn('staff');
    expect((await t.post('/context', { center: String(t.fixture.centers.county), year: '2020' }, viewing)).status).toBe(303);
    expect((await t.post('/bidders', { kind: '自然人', name: '王五', id_number: '11010519491231002X' }, viewing)).status).toBe(303);
    const [wang] = await t.db.select().from(bidders).where(eq(bidders.name, '王五'));
    expect(wang!.createdCenterId).toBe(t.fixture.centers.city);
    expect(await (await t.get(`/bidders/${wang!.id}`, viewing)).text()).toContain('11010519491231002X');
    expect(await (await t.get(`/bidders/${wang!.id}`, other)).text()).not.toContain('11010519491231002X');
  });

  it('is not for agencies', async () => {
    expect((await t.get('/bidders', agency)).status).toBe(403);
    expect((await t.get('/bidders/new', agency)).status).toBe(403);
    expect((await t.post('/bidders', { ...PERSON, id_number: '11010519491231002X', name: '王五' }, agency)).status).toBe(403);
    expect((await t.get(`/transfers/${roundId}/bidders`, agency)).status).toBe(403);
  });
});

describe('applications and 资格审查 of a round', () => {
  let company: number;
  let person: number;
  let third: number;
  beforeAll(async () => {
    const rows = await t.db.select().from(bidders);
    company = rows.find((b) => b.kind === '法人')!.id;
    person = rows.find((b) => b.kind === '自然人')!.id;
    third = await register({ kind: '法人', name: '广元测试建设有限公司', credit_code: '91510800208745618U', legal_rep: '赵六' });
  });
  const apply = (form: Record<string, string | string[]>) => t.post(`/transfers/${roundId}/applications`, form, staff);

  it('refuses joint shares that do not sum to 100%, a missing 联合竞买协议, and an application after the deadline', async () => {
    const joint = { kind: '联合', applied_on: '2020-07-20', bidder_1: String(company), share_1: '60', bidder_2: String(person), share_2: '30.5', documents: ['营业执照或身份证明', '联合竞买协议'] };
    const sum = await apply(joint);
    expect(sum.status).toBe(422);
    expect(besideField(await sum.text(), 'share_1')).toBe('联合竞买各方出资比例合计应为100%，现为90.50%');
    const noAgreement = await apply({ ...joint, share_2: '40', documents: ['营业执照或身份证明'] });
    expect(besideField(await noAgreement.text(), 'documents')).toBe('联合竞买须提交联合竞买协议');
    const two = await apply({ kind: '单独', applied_on: '2020-07-20', bidder_1: String(company), bidder_2: String(person) });
    expect(besideField(await two.text(), 'kind')).toContain('单独竞买只列一个竞买人');
    const late = await apply({ kind: '单独', applied_on: '2020-07-30', bidder_1: String(third) });
    expect(late.status).toBe(422);
    expect(besideField(await late.text(), 'applied_on')).toBe('报名日期晚于报名截止日期 2020-07-29');
    expect(await t.db.$count(bidApplications)).toBe(0);
  });

  it('takes a joint and a single application, and refuses a bidder applying twice', async () => {
    const joint = await apply({ kind: '联合', applied_on: '2020-07-20', bidder_1: String(company), share_1: '60', bidder_2: String(person), share_2: '40', documents: ['营业执照或身份证明', '联合竞买协议'], agent_name: '钱七', agent_id_number: '510802198506120046' });
    expect(joint.status).toBe(303);
    const single = await apply({ kind: '单独', applied_on: '2020-07-21', bidder_1: String(third), documents: ['营业执照或身份证明', '法定代表人身份证明'] });
    expect(single.status).toBe(303);
    const twice = await apply({ kind: '单独', applied_on: '2020-07-22', bidder_1: String(person) });
    expect(twice.status).toBe(422);
    expect(besideField(await twice.text(), 'bidder_1')).toContain('李四已报名本场');
    const members = await t.db.select().from(bidApplicationMembers).orderBy(bidApplicationMembers.bidderId);
    expect(members.map((m) => [m.bidderId, m.share])).toEqual([[company, '60.00'], [person, '40.00'], [third, '100.00']]);
    expect(await t.db.$count(auditEvents, sql`entity = 'bid-application' and action = 'create'`)).toBe(2);

    const page = await (await t.get(`/transfers/${roundId}/bidders`, staff)).text();
    expect(page).toContain('报名 2 个，资格审查通过 0 个');
    expect(page).toContain('510802199001011236');
    expect(page).toContain('出资 60.00%');
  });

  it('records each review once: a pass takes the next 号牌, a refusal needs its reason', async () => {
    const apps = await t.db.select().from(bidApplications).orderBy(bidApplications.id);
    const review = (id: number, form: Record<string, string>) => t.post(`/transfers/${roundId}/applications/${id}/review`, form, staff);
    const noReason = await review(apps[1]!.id, { review: '不通过' });
    expect(noReason.status).toBe(422);
    expect(besideField(await noReason.text(), 'review_reason')).toBe('资格审查不通过须写明理由');

    // 资格审查 passes only when the full 保证金 arrived by the 报名截止 (2020-07-29).
    const unpaid = await review(apps[1]!.id, { review: '通过' });
    expect(unpaid.status).toBe(422);
    expect(besideField(await unpaid.text(), 'review')).toBe('竞买保证金未足额到账：应交 200,000.00 元，截至 2020-07-29 到账 0.00 元，资格审查不能通过');
    const receipt = (application: number, form: Record<string, string>) => t.post(`/transfers/${roundId}/deposits/receipts`, { application: String(application), ...form }, staff);
    expect((await receipt(apps[1]!.id, { bank_serial: 'BANK-001', payer_name: '广元测试建设有限公司', payer_account: '5100 1234 5678 9012', amount: '200,000.00', received_on: '2020-07-30' })).status).toBe(303);
    const late = await review(apps[1]!.id, { review: '通过' });
    expect(besideField(await late.text(), 'review')).toContain('截至 2020-07-29 到账 0.00 元');
    expect((await receipt(apps[1]!.id, { bank_serial: 'BANK-002', payer_name: '广元测试建设有限公司', payer_account: '510012345678901', amount: '200,000.00', received_on: '2020-07-28', received_time: '10:30' })).status).toBe(303);
    expect((await receipt(apps[0]!.id, { bank_serial: 'BANK-003', payer_name: '四川测试置业有限公司', payer_account: '6222000011112222', amount: '120,000.00', received_on: '2020-07-21' })).status).toBe(303);
    expect((await receipt(apps[0]!.id, { bank_serial: 'BANK-004', payer_name: '李四', payer_account: '6222000033334444', amount: '80,000.00', received_on: '2020-07-22' })).status).toBe(303);

    expect((await review(apps[1]!.id, { review: '通过' })).headers.get('location')).toContain(`#application-${apps[1]!.id}`);
    expect((await review(apps[0]!.id, { review: '通过' })).status).toBe(303);
    const after = await t.db.select().from(bidApplications).orderBy(bidApplications.id);
    expect(after.map((a) => [a.review, a.paddleNo])).toEqual([['通过', 2], ['通过', 1]]);
    expect(after[0]!.reviewedBy).toBe(t.fixture.users.staff.id);

    const again = await review(apps[0]!.id, { review: '不通过', review_reason: '材料不全' });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('该报名已审查（通过），审查结果不能修改');
    expect(await t.db.$count(auditEvents, sql`entity = 'bid-application' and action = 'review'`)).toBe(2);
  });

  it('hides the round from an unrelated center, and keeps applications in the database', async () => {
    // The unrelated center cannot read the city's round at all.
    expect((await t.get(`/transfers/${roundId}/bidders`, other)).status).toBe(404);
    const refusal = (q: ReturnType<typeof sql>) => t.db.execute(q).then(() => 'accepted', (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
    expect(await refusal(sql`update bid_applications set applied_on = '2020-07-01'`)).toMatch(/cannot be changed/);
    expect(await refusal(sql`update bid_applications set review = '不通过', review_reason = 'x', paddle_no = null`)).toMatch(/cannot be changed/);
    expect(await refusal(sql`delete from bid_application_members`)).not.toBe('accepted');
    expect(await refusal(sql`delete from bid_applications`)).toMatch(/cannot be changed/);
    expect(await t.db.$count(bidApplications)).toBe(2);
  });
});

describe('the 保证金 of a round', () => {
  let joint: number;
  let single: number;
  beforeAll(async () => {
    const apps = await t.db.select().from(bidApplications).orderBy(bidApplications.id);
    [joint, single] = [apps[0]!.id, apps[1]!.id];
  });
  const receipt = (form: Record<string, string>, cookie = finance) => t.post(`/transfers/${roundId}/deposits/receipts`, form, cookie);
  const dispose = (form: Record<string, string>, cookie = finance) => t.post(`/transfers/${roundId}/deposits/dispositions`, form, cookie);

  it('takes receipts only from the bidders themselves, once per bank serial', async () => {
    const stranger = await receipt({ application: String(single), bank_serial: 'BANK-101', payer_name: '某代缴公司', payer_account: '6222999900001111', amount: '1000', received_on: '2020-07-20' });
    expect(stranger.status).toBe(422);
    expect(besideField(await stranger.text(), 'payer_name')).toBe('缴款人“某代缴公司”不是该报名的竞买人（广元测试建设有限公司）；保证金须由竞买人本人账户缴纳');
    const twice = await receipt({ application: String(single), bank_serial: 'BANK-002', payer_name: '广元测试建设有限公司', payer_account: '510012345678901', amount: '1000', received_on: '2020-07-20' });
    expect(besideField(await twice.text(), 'bank_serial')).toBe('银行流水号 BANK-002 已登记过，同一笔到账不能登记两次');
    const zero = await receipt({ application: String(single), bank_serial: 'BANK-102', payer_name: '广元测试建设有限公司', payer_account: '510012345678901', amount: '0', received_on: '2020-07-20' });
    expect(besideField(await zero.text(), 'amount')).toBe('到账金额应大于0');
    expect(await t.db.$count(depositReceipts)).toBe(4);
    expect((await receipt({ application: String(single), bank_serial: 'X', payer_name: '广元测试建设有限公司', payer_account: '510012345678901', amount: '1', received_on: '2020-07-20' }, agency)).status).toBe(403);
  });

  it('disposes of a deposit only from the account it came from, never beyond what is left', async () => {
    const wrong = await dispose({ application: String(single), payer_account: '6222000011112222', kind: '退还', amount: '1000', disposed_on: '2020-08-03' });
    expect(besideField(await wrong.text(), 'd-payer_account')).toBe('该报名没有从账户 6222000011112222 到账的保证金；退还须退回原缴款账户');
    const tooMuch = await dispose({ application: String(joint), payer_account: '6222000033334444', kind: '退还', amount: '80,000.01', disposed_on: '2020-08-03' });
    expect(besideField(await tooMuch.text(), 'd-amount')).toBe('处置金额 80,000.01 元超过该账户截至 2020-08-03 的保证金余额 80,000.00 元');
    const notWinner = await dispose({ application: String(joint), payer_account: '6222000011112222', kind: '转定金', amount: '120000', disposed_on: '2020-08-03' });
    expect(besideField(await notWinner.text(), 'd-kind')).toContain('只有成交后竞得人的保证金可以转定金或抵作价款');
    const forfeit = await dispose({ application: String(joint), payer_account: '6222000011112222', kind: '没收', amount: '1000', disposed_on: '2020-08-03' });
    expect(besideField(await forfeit.text(), 'd-document_no')).toBe('没收保证金须填写决定文号');
    const early = await dispose({ application: String(joint), payer_account: '6222000033334444', kind: '退还', amount: '1000', disposed_on: '2020-07-21' });
    expect(besideField(await early.text(), 'd-disposed_on')).toBe('处置日期早于保证金到账日期 2020-07-22');
    expect(await t.db.$count(depositDispositions)).toBe(0);

    // The late receipt (after the deadline) is refunded to its account, the rest is left.
    expect((await dispose({ application: String(single), payer_account: '5100 1234 5678 9012', kind: '退还', amount: '200000', disposed_on: '2020-08-03', bank_serial: 'REFUND-1' })).status).toBe(303);
    const page = await (await t.get(`/transfers/${roundId}/bidders`, finance)).text();
    expect(page).toContain('REFUND-1');
    expect(page).toMatch(/400,000\.00<\/td><td class="num">200,000\.00<\/td><td class="num">200,000\.00/);
    expect(await t.db.$count(auditEvents, sql`entity in ('deposit-receipt', 'deposit-disposition')`)).toBe(5);
  });

  it('lets only one of 32 concurrent refunds of the same money through', async () => {
    const form = { application: String(joint), payer_account: '6222000011112222', kind: '退还', amount: '120000', disposed_on: '2020-08-04' };
    const results = await Promise.all(Array.from({ length: 32 }, () => dispose(form)));
    expect(results.filter((r) => r.status === 303)).toHaveLength(1);
    expect(results.filter((r) => r.status === 422)).toHaveLength(31);
    const [row] = await t.db.execute<{ left: string }>(sql`
      select (select sum(amount) from deposit_receipts where application_id = ${joint} and payer_account = '6222000011112222')
           - (select sum(amount) from deposit_dispositions where application_id = ${joint} and payer_account = '6222000011112222') as left`);
    expect(row!.left).toBe('0');
  });

  it('closes the round only with a qualified applicant as 竞得人', async () => {
    const form = await (await t.get(`/transfers/${roundId}/result`, staff)).text();
    expect(form).toContain('<option value="四川测试置业有限公司、李四"');
    expect(form).toContain('从资格审查通过的 2 个竞买人中选择');
    const deal = { result: '成交', deal_price: '1,000,000.00', deal_date: '2020-07-31', confirmation_no: 'BID-CJ-1', confirmation_date: '2020-07-31' };
    const stranger = await t.post(`/transfers/${roundId}/result`, { ...deal, winner: '未报名的公司' }, staff);
    expect(stranger.status).toBe(422);
    expect(besideField(await stranger.text(), 'winner')).toBe('竞得人须为本场资格审查通过的竞买人之一：广元测试建设有限公司；四川测试置业有限公司、李四');
    expect((await t.post(`/transfers/${roundId}/result`, { ...deal, winner: '四川测试置业有限公司、李四' }, staff)).status).toBe(303);
    expect(await (await t.get(`/transfers/${roundId}`, staff)).text()).not.toContain('winner-note');
    // Once closed, no more applications or reviews.
    const late = await t.post(`/transfers/${roundId}/applications`, { kind: '单独', applied_on: '2020-07-20', bidder_1: String((await t.db.select().from(bidders))[0]!.id) }, staff);
    expect(await late.text()).toContain('本场已成交，不能再登记报名或资格审查');
  });

  it('turns only the winner\'s deposit into 定金, and keeps every record', async () => {
    expect((await dispose({ application: String(joint), payer_account: '6222000033334444', kind: '转定金', amount: '80000', disposed_on: '2020-08-05' })).status).toBe(303);
    const loser = await dispose({ application: String(single), payer_account: '510012345678901', kind: '抵作价款', amount: '200000', disposed_on: '2020-08-05' });
    expect(besideField(await loser.text(), 'd-kind')).toContain('只有成交后竞得人的保证金');
    const refusal = (q: ReturnType<typeof sql>) => t.db.execute(q).then(() => 'accepted', (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
    expect(await refusal(sql`update deposit_receipts set amount = 1`)).toMatch(/cannot be changed/);
    expect(await refusal(sql`delete from deposit_dispositions`)).toMatch(/cannot be changed/);
  });
});

describe('the 保证金管理科 reports', () => {
  it('shows what is held on a day (在途余额表) and every movement of a period (保证金台账), exported as CSV and xlsx', async () => {
    const july = await (await t.get('/deposits?as_of=2020-07-31&from=2020-07-01&to=2020-08-31', finance)).text();
    expect(july).toContain('在途余额表（截至 2020-07-31）');
    expect(july).toMatch(/<th colspan="7">合计<\/th><td class="num">600,000\.00<\/td><td class="num">0\.00<\/td><td class="num">600,000\.00<\/td>/);
    // 4 receipts, 3 dispositions: 600,000 in, 400,000 out.
    expect(july).toMatch(/本期净额<\/th><td class="num">200,000\.00</);
    const csv = await (await t.get('/deposits/balances.csv?as_of=2020-08-31', finance)).text();
    expect(csv.trim().split('\r\n')).toEqual([
      '交易中心,标的编号,场次,出让方式,结果,号牌,竞买人,首笔到账日期,到账（元）,已处置（元）,在途余额（元）',
      '测试市公共资源交易中心,BID-P1,1,挂牌,成交,1,广元测试建设有限公司,2020-07-28,400000.00,200000.00,200000.00',
    ]);
    const xlsx = await t.get('/deposits/ledger.xlsx?from=2020-07-01&to=2020-08-31', finance);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('保证金台账（2020-07-01至2020-08-31）');
    expect(ws.rowCount).toBe(2 + 7 + 1);
    expect(ws.getCell('J3').value).toBe(120000);
    expect(ws.getCell('J10').value).toEqual({ formula: 'SUM(J3:J9)' });
    expect((await t.get('/deposits?as_of=2020-13-01', finance)).status).toBe(400);
    expect((await t.get('/deposits', agency)).status).toBe(403);
    expect((await t.get('/deposits/ledger.csv', agency)).status).toBe(403);
    // Another center holds none of it.
    expect(await (await t.get('/deposits/balances.csv?as_of=2020-08-31', other)).text()).not.toContain('BID-P1');
  });
});

describe('the 保证金管理科 worklist', () => {
  const worklist = async (on: string, cookie = finance) => (await t.get(`/deposits/worklist?on=${on}`, cookie)).text();
  const section = (html: string, id: string) => html.slice(html.indexOf(`id="${id}"`), html.indexOf('</table>', html.indexOf(`id="${id}"`)));

  it('lists the day\'s arrivals as the ledger holds them', async () => {
    const [row] = await t.db.execute<{ n: number; day: string }>(sql`
      select count(*)::int as n, min(received_at::date)::text as day from deposit_receipts group by received_at::date order by 1 desc limit 1`);
    const html = await worklist(row!.day);
    expect(html).toContain(`当日到账（${row!.n} 笔）`);
    expect(await worklist('2020-06-01')).toContain('当日没有保证金到账');
  });

  it('shows a loser\'s deposit as due within 5 working days of the deal, then overdue, never the winner\'s', async () => {
    // The round closed on Friday 2020-07-31; five working days after it is Friday 2020-08-07.
    const before = await worklist('2020-08-05');
    expect(section(before, 'due-table')).toMatch(/广元测试建设有限公司<\/td><td>2020-07-31<\/td><td>2020-08-07<\/td><td class="num">200,000\.00/);
    expect(section(before, 'overdue-table')).toContain('没有逾期未退的保证金');
    expect(section(before, 'due-table')).not.toContain('四川测试置业有限公司');
    const after = await worklist('2020-08-10');
    expect(section(after, 'overdue-table')).toMatch(/2020-08-07<\/td><td class="num">1<\/td><td class="num">200,000\.00/);
    expect(section(after, 'due-table')).toContain('没有待退还的保证金');
    const csv = await (await t.get('/deposits/worklist.csv?on=2020-08-10', finance)).text();
    expect(csv.trim().split('\r\n')[1]).toBe('逾期未退,测试市公共资源交易中心,BID-P1,1,挂牌,成交,1,广元测试建设有限公司,2020-07-31,2020-08-07,1,200000.00');
  });

  it('agrees with the 在途余额表 to the 分', async () => {
    const balances = await (await t.get('/deposits/balances.csv?as_of=2020-08-10', finance)).text();
    const held = balances.trim().split('\r\n').slice(1).map((l) => l.split(',')).filter((c) => c[6] !== '四川测试置业有限公司、李四');
    const refunds = (await (await t.get('/deposits/worklist.csv?on=2020-08-10', finance)).text()).trim().split('\r\n').slice(1).map((l) => l.split(','));
    const cents = (rows: string[][], col: number) => rows.reduce((s, c) => s + BigInt(c[col]!.replace('.', '')), 0n);
    expect(refunds.length).toBe(held.length);
    expect(cents(refunds, 11)).toBe(cents(held, 10));
  });

  it('follows the refund period the admin sets', async () => {
    const admin = await t.signIn('admin');
    expect((await t.post('/admin/calendar/refund-days', { days: '3' }, admin)).status).toBe(303);
    // Three working days after Friday 07-31: Wednesday 08-05, so on 08-06 it is one day late.
    expect(section(await worklist('2020-08-06'), 'overdue-table')).toMatch(/2020-08-05<\/td><td class="num">1</);
    expect((await t.post('/admin/calendar/refund-days', { days: '5' }, admin)).status).toBe(303);
  });

  it('records a late refund among the year\'s late refunds, and the balance leaves the lists', async () => {
    const [single] = await t.db.select().from(bidApplications).orderBy(bidApplications.id).offset(1).limit(1);
    const refund = await t.post(`/transfers/${roundId}/deposits/dispositions`, {
      application: String(single!.id), payer_account: '510012345678901', kind: '退还', amount: '200000', disposed_on: '2020-08-11', bank_serial: 'REFUND-LATE',
    }, finance);
    expect(refund.status).toBe(303);
    const html = await worklist('2020-08-31');
    expect(section(html, 'overdue-table')).toContain('没有逾期未退的保证金');
    expect(html).toContain('本年逾期退还（1 笔）');
    expect(html).toMatch(/510012345678901<\/td><td>2020-07-31<\/td><td>2020-08-07<\/td><td>2020-08-11<\/td><td class="num">2<\/td><td class="num">200,000\.00/);
    // The refund on 08-03 was on time and is not listed.
    expect(html).not.toContain('2020-08-03</td>');
  });

  it('is not for agencies, shows nothing of another center, and refuses a bad date', async () => {
    expect((await t.get('/deposits/worklist', agency)).status).toBe(403);
    expect((await t.get('/deposits/worklist.csv', agency)).status).toBe(403);
    expect(await worklist('2020-08-31', other)).toContain('本年逾期退还（0 笔）');
    expect((await t.get('/deposits/worklist?on=2020-02-30', finance)).status).toBe(400);
  });
});

describe('a 拍卖 run with its applications', () => {
  it('cannot close as 成交 with fewer than three qualified bidders', async () => {
    const parcel = await t.post('/parcels', { code: 'BID-P2', kind: '土地', name: '拍卖测试地块', land_use: '工业', term_years: '50', starting_price: '1,000,000.00', deposit: '' }, staff);
    const round = await t.post('/transfers', {
      parcel: String(idOf(parcel, 'parcels')), mode: '拍卖', agency: String(t.fixture.agencies.a1), notice_start: '2020-07-01', registration_deadline: '2020-07-20', auction_date: '2020-07-25',
    }, staff);
    const id = idOf(round, 'transfers');
    const all = await t.db.select().from(bidders).orderBy(bidders.id);
    for (const [i, b] of all.slice(0, 2).entries()) {
      expect((await t.post(`/transfers/${id}/applications`, { kind: '单独', applied_on: `2020-07-1${i}`, bidder_1: String(b.id) }, staff)).status).toBe(303);
    }
    for (const a of await t.db.select().from(bidApplications).where(eq(bidApplications.transferId, id))) {
      expect((await t.post(`/transfers/${id}/applications/${a.id}/review`, { review: '通过' }, staff)).status).toBe(303);
    }
    const deal = await t.post(`/transfers/${id}/result`, { result: '成交', deal_price: '1,000,000.00', winner: all[0]!.name, deal_date: '2020-07-25', confirmation_no: 'BID-CJ-2', confirmation_date: '2020-07-25' }, staff);
    expect(deal.status).toBe(422);
    expect(besideField(await deal.text(), 'result')).toBe('拍卖须至少3个竞买人通过资格审查，本场仅 2 个：不能登记成交，应登记流拍（或改为挂牌出让）');
    const none = await t.post(`/transfers/${id}/result`, { result: '流拍', failure_reason: '无人报名' }, staff);
    expect(besideField(await none.text(), 'failure_reason')).toBe('本场登记了 2 个报名，流拍原因不能是“无人报名”');
    expect((await t.post(`/transfers/${id}/result`, { result: '流拍', failure_reason: '不足三人' }, staff)).status).toBe(303);
  });
});

describe('a deal declared 无效', () => {
  it('holds its former winner\'s deposit apart as 待处置, not as a refund due; and 未达底价 needs a 底价', async () => {
    const parcel = await t.post('/parcels', { code: 'BID-P3', kind: '土地', name: '无效测试地块', land_use: '工业', term_years: '50', starting_price: '1,000,000.00', deposit: '100,000.00' }, staff);
    const id = idOf(await t.post('/transfers', {
      parcel: String(idOf(parcel, 'parcels')), mode: '挂牌', notice_start: '2020-09-01', notice_end: '2020-10-12', registration_deadline: '2020-10-09', auction_date: '2020-10-12',
    }, staff), 'transfers');
    const two = (await t.db.select().from(bidders).where(eq(bidders.kind, '法人')).orderBy(bidders.id)).slice(0, 2);
    expect(two).toHaveLength(2);
    for (const [i, b] of two.entries()) {
      expect((await t.post(`/transfers/${id}/applications`, { kind: '单独', applied_on: '2020-10-08', bidder_1: String(b.id) }, staff)).status).toBe(303);
      const [a] = await t.db.select().from(bidApplications).where(sql`transfer_id = ${id} and id not in (select application_id from deposit_receipts)`).limit(1);
      expect((await t.post(`/transfers/${id}/deposits/receipts`, {
        application: String(a!.id), bank_serial: `VOID-${i}`, payer_name: b.name, payer_account: `62220000999${i}`, amount: '100000', received_on: '2020-10-08',
      }, finance)).status).toBe(303);
      expect((await t.post(`/transfers/${id}/applications/${a!.id}/review`, { review: '通过' }, staff)).status).toBe(303);
    }
    const noReserve = await t.post(`/transfers/${id}/result`, { result: '流拍', failure_reason: '未达底价' }, staff);
    expect(besideField(await noReserve.text(), 'failure_reason')).toBe('本场未设定底价，流拍原因不能是“未达底价”');
    expect((await t.post(`/transfers/${id}/result`, {
      result: '成交', deal_price: '1,000,000.00', winner: two[0]!.name, deal_date: '2020-10-12', confirmation_no: 'BID-CJ-3', confirmation_date: '2020-10-12',
    }, staff)).status).toBe(303);
    expect((await t.post(`/transfers/${id}/annulment`, { on: '2020-10-20', document_no: '某决〔2020〕9号', reason: '竞得人拒签出让合同' }, staff)).status).toBe(303);

    const html = await (await t.get('/deposits/worklist?on=2020-10-21', finance)).text();
    const part = (name: string) => html.slice(html.indexOf(`id="${name}"`), html.indexOf('</table>', html.indexOf(`id="${name}"`)));
    expect(part('voided-table')).toContain(`${two[0]!.name}</td><td>2020-10-12</td><td>—</td><td class="num">100,000.00`);
    expect(part('voided-table')).not.toContain(two[1]!.name);
    // The loser was due its refund five working days after the deal (Monday 10-12 → 10-19), 无效 or not.
    expect(part('overdue-table')).toContain(`${two[1]!.name}</td><td>2020-10-12</td><td>2020-10-19</td><td class="num">2</td><td class="num">100,000.00`);
    expect(part('overdue-table')).not.toContain(two[0]!.name);
    expect(part('due-table')).not.toContain(two[0]!.name);
    const csv = (await (await t.get('/deposits/worklist.csv?on=2020-10-21', finance)).text()).trim().split('\r\n');
    expect(csv).toContain(`待处置（成交无效）,测试市公共资源交易中心,BID-P3,1,挂牌,无效,1,${two[0]!.name},2020-10-12,,0,100000.00`);
  });
});
