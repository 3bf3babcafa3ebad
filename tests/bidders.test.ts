// Issue 12, part 1: the 竞买人 registry and a round's 报名 and 资格审查, through the web as staff use them.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, bidApplicationMembers, bidApplications, bidders } from '../db/schema';
import { createTestApp, type TestApp } from './helpers/app';

let t: TestApp;
let staff: string;
let other: string;
let agency: string;
let roundId: number;

/** The message beside a field of a re-rendered form. */
const besideField = (html: string, field: string) => new RegExp(`id="err-${field}"[^>]*>([^<]*)<`).exec(html)?.[1] ?? '';
const idOf = (res: Response, what: string) => Number(new RegExp(`/${what}/(\\d+)`).exec(res.headers.get('location')!)![1]);

const COMPANY = { kind: '法人', name: '四川测试置业有限公司', credit_code: '91510802MA62A3K77Q', legal_rep: '张三', phone: '0839-1234567' };
const PERSON = { kind: '自然人', name: '李四', id_number: '510802199001011236' };

beforeAll(async () => {
  t = await createTestApp();
  [staff, other, agency] = await Promise.all([t.signIn('staff'), t.signIn('otherStaff'), t.signIn('agency1')]);
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
