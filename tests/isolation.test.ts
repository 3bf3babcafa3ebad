// Isolation, generated from the app's own route table: every role signs in and requests every
// route that takes an id with the id of a record it must not see — another center's record for
// everyone, and for an agency also another agency's records in its own center — and must get 403
// or 404 every time, with nothing changed. Then every list page and export a role may open is read
// for the marks of those records, which must never appear. A new route with an id whose kind this
// file does not know fails the test until it is taught here.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  announcementParcels, announcements, apiTokens, bankStatementLines, bidApplicationMembers, bidApplications, bidders, budgetEntries, deductions, feeAgreements, fundArrivals, importUploads, indicators, landContracts, parcels, priceCollections, serviceFeeReceipts,
  payments, projects, remittances, roles, satisfactionResponses, surveyQuestions, surveys, transfers, users, type Role,
} from '../db/schema';
import { routeTable } from '../src/auth/routes-table';
import { createTestApp, type TestApp } from './helpers/app';

let t: TestApp;
const cookies = {} as Record<Role | 'agency2', string>;
const userOf: Record<Role, string> = { admin: 'admin', staff: 'staff', finance: 'finance', leader: 'leader', agency: 'agency1' };

/** What must stay out of sight: one record of each kind, at the unrelated center OTHER. */
const far = {} as Record<string, number | string>;
/** Agency a2's records inside the city center, which agency1 (a1, same center) must not see. */
const rival = {} as Record<string, number>;
/** Records of the city center, in every staff role's scope: parents to pair with a forbidden child. */
const near = {} as Record<string, number>;
/** Marks written into those records; none may appear on a page the role can open. */
const FAR_MARKS = ['远方禁区地块', '远方禁区公告', '远方禁区收款方', '远方禁区项目', 'FARPAY-001', 'FAR-RCPT-01', '远方禁区扣分原因', '远方禁区满意度意见'];
const RIVAL_MARKS = ['乙机构专属地块', '乙机构劳务费收款', 'RIVALPAY-01', '乙机构的意见'];

async function one<T>(rows: Promise<T[]>): Promise<T> { return (await rows)[0]!; }

beforeAll(async () => {
  t = await createTestApp();
  for (const role of roles) cookies[role] = await t.signIn(userOf[role]);
  cookies.agency2 = await t.signIn('agency2');
  const { city, other } = t.fixture.centers;
  const { a1, a2 } = t.fixture.agencies;
  const db = t.db;

  // ── At the unrelated center ──
  const parcel = await one(db.insert(parcels).values({ centerId: other, code: 'FAR-01', kind: '土地', name: '远方禁区地块', startingPrice: 1_000_000_00n }).returning());
  const ann = await one(db.insert(announcements).values({ centerId: other, code: 'FAR-GG-01', title: '远方禁区公告', publishedOn: '2020-02-01', cost: 123_45n }).returning());
  await db.insert(announcementParcels).values({ announcementId: ann.id, parcelId: parcel.id });
  const transfer = await one(db.insert(transfers).values({
    centerId: other, parcelId: parcel.id, round: 1, mode: '拍卖', agencyId: a2, announcementId: ann.id, auctionDate: '2020-03-01',
    result: '成交', dealPrice: 2_000_000_00n, winner: '远方竞得人', dealDate: '2020-03-01', confirmationNo: 'FAR-CJ-01',
  }).returning());
  const project = await one(db.insert(projects).values({ centerId: other, year: 2020, name: '远方禁区项目' }).returning());
  await db.insert(budgetEntries).values({ projectId: project.id, kind: '年初预算', amount: 10_000_000n, entryDate: '2020-01-05' });
  await db.insert(fundArrivals).values({ projectId: project.id, amount: 10_000_000n, arrivedOn: '2020-01-06' });
  const payment = await one(db.insert(payments).values({
    centerId: other, projectId: project.id, category: '拍卖机构劳务费', payee: '远方禁区收款方', amount: 500_000n, agencyId: a2, transferId: transfer.id,
    status: '已支付', paidOn: '2020-04-01', voucherNo: 'FARPAY-001',
  }).returning());
  const draft = await one(db.insert(payments).values({
    centerId: other, projectId: project.id, category: '其他', payee: '远方禁区收款方', amount: 1_000n, status: '草稿',
  }).returning());
  const remittance = await one(db.insert(remittances).values({ centerId: other, receiptNo: 'FAR-RCPT-01', revenueType: '土地出让收入', amount: 2_000_000_00n, remittedOn: '2020-03-10', transferId: transfer.id }).returning());
  const indicator = await one(db.insert(indicators).values({
    projectId: project.id, position: 1, level1: '满意度指标', level2: '满意度指标', level3: '远方禁区指标', expected: '100%', rule: '手工', weight: '10',
  }).returning());
  const deduction = await one(db.insert(deductions).values({ projectId: project.id, points: '1.00', reason: '远方禁区扣分原因' }).returning());
  const survey = await one(db.insert(surveys).values({ centerId: other, year: 2020, title: '远方禁区调查', status: '草稿' }).returning());
  const question = await one(db.insert(surveyQuestions).values({ surveyId: survey.id, position: 1, text: '远方禁区问题', kind: '评分', scale: 5 }).returning());
  await db.insert(satisfactionResponses).values({ centerId: other, year: 2020, agencyId: a2, rating: '不满意', comment: '远方禁区满意度意见', surveyId: survey.id });
  const agreement = await one(db.insert(feeAgreements).values({ agencyId: a2, year: 2019, method: '按宗固定', fixedAmount: 1_000_00n }).returning());
  const otherStaff = t.fixture.users.otherStaff.id;
  const otherAdmin = await one(db.insert(users).values({
    username: 'otherAdmin', displayName: 'otherAdmin', role: 'admin', centerId: other, passwordHash: 'x',
  }).returning());
  const token = await one(db.insert(apiTokens).values({ userId: otherAdmin.id, name: '远方令牌', tokenHash: 'f'.repeat(64) }).returning());
  const upload = await one(db.insert(importUploads).values({ userId: otherAdmin.id, filename: '远方.xlsx', files: [] }).returning());
  // Bidders are one registry shared by every center (like agencies): only agencies may not reach them.
  // An application belongs to its round, so another center's application is out of sight.
  const bidder = await one(db.insert(bidders).values({ kind: '自然人', name: '远方竞买人', idNumber: '11010519491231002X', createdCenterId: other }).returning());
  const application = await one(db.insert(bidApplications).values({ centerId: other, transferId: transfer.id, kind: '单独', appliedOn: '2020-02-20', documents: [] }).returning());
  await db.insert(bidApplicationMembers).values({ applicationId: application.id, transferId: transfer.id, bidderId: bidder.id, share: '100' });
  const line = await one(db.insert(bankStatementLines).values({
    centerId: other, bankSerial: 'FAR-BANK-01', payerName: '远方竞买人', payerAccount: '6222000011119999', amount: 100_000n,
    receivedAt: new Date('2020-02-21T02:00:00Z'), filename: '远方流水.csv',
  }).returning());
  // A contract of the far round with a collection: its 冲销 is out of reach too.
  const contract = await one(db.insert(landContracts).values({
    centerId: other, transferId: transfer.id, contractNo: 'FAR-HT-01', signedOn: '2020-03-01', grantor: '远方局', grantee: '远方竞买人', price: 1_000_00n, earnest: 0n,
  }).returning());
  const collection = await one(db.insert(priceCollections).values({
    centerId: other, contractId: contract.id, collector: '国库', voucherNo: 'FAR-GK-01', amount: 1_000_00n, collectedOn: '2020-03-02',
  }).returning());
  const feeReceipt = await one(db.insert(serviceFeeReceipts).values({
    centerId: other, transferId: transfer.id, invoiceNo: 'FAR-FP-01', amount: 1_000_00n, invoicedOn: '2020-03-02', collectedOn: '2020-03-02',
  }).returning());
  Object.assign(far, {
    collection: collection.id, feeReceipt: feeReceipt.id,
    application: application.id, statementLine: line.id,
    parcel: parcel.id, announcement: ann.id, transfer: transfer.id, project: project.id, payment: payment.id, draft: draft.id,
    remittance: remittance.id, indicator: indicator.id, deduction: deduction.id, survey: survey.id, question: question.id, center: other, user: otherStaff,
    token: token.id, upload: upload.id,
  });

  // ── Agency a2's records inside the city center (agency1 is a1 at the same center) ──
  const rp = await one(db.insert(parcels).values({ centerId: city, code: 'RIVAL-01', kind: '土地', name: '乙机构专属地块', startingPrice: 1_000_000_00n }).returning());
  const rt = await one(db.insert(transfers).values({
    centerId: city, parcelId: rp.id, round: 1, mode: '拍卖', agencyId: a2, auctionDate: '2020-05-01',
    result: '成交', dealPrice: 3_000_000_00n, winner: '乙机构客户', dealDate: '2020-05-01', confirmationNo: 'RIVAL-CJ-01',
  }).returning());
  const rproject = await one(db.insert(projects).values({ centerId: city, year: 2020, name: '市本级工作经费' }).returning());
  await db.insert(budgetEntries).values({ projectId: rproject.id, kind: '年初预算', amount: 10_000_000n, entryDate: '2020-01-05' });
  const rpay = await one(db.insert(payments).values({
    centerId: city, projectId: rproject.id, category: '拍卖机构劳务费', payee: '乙机构劳务费收款', amount: 700_000n, agencyId: a2, transferId: rt.id,
    status: '已支付', paidOn: '2020-06-01', voucherNo: 'RIVALPAY-01',
  }).returning());
  const citySurvey = await one(db.insert(surveys).values({ centerId: city, year: 2020, title: '市本级调查', status: '已结束' }).returning());
  const cityQuestion = await one(db.insert(surveyQuestions).values({ surveyId: citySurvey.id, position: 1, text: '组织安排', kind: '评分', scale: 5 }).returning());
  await db.insert(satisfactionResponses).values({ centerId: city, year: 2020, agencyId: a2, rating: '满意', comment: '乙机构的意见', surveyId: citySurvey.id });
  Object.assign(rival, { bidder: bidder.id, application: application.id, parcel: rp.id, transfer: rt.id, payment: rpay.id, agency: a2, project: rproject.id, agencyAgreement: agreement.id });
  // In-scope parents for the staff roles, to pair with another center's child ids.
  Object.assign(near, { transfer: rt.id, project: rproject.id, survey: citySurvey.id, question: cityQuestion.id });
  void a1;
}, 120_000);
afterAll(() => t.close());

/**
 * The forbidden id for a route parameter, by the route's path. Staff roles are given the far
 * center's records; the agency also its rival's. null: the route takes no record id of that kind.
 */
function forbiddenIds(path: string, role: Role): Record<string, string>[] {
  const sets: Record<string, number | string>[] = [far];
  if (role === 'agency') sets.push(rival);
  const out: Record<string, string>[] = [];
  for (const set of sets) {
    const kind = kindOf(path);
    if (kind === undefined) throw new Error(`isolation test: no record kind known for ${path} — teach kindOf()`);
    const id = set[kind.id];
    if (id === undefined) continue; // this set has no record of that kind
    const params: Record<string, string> = { [kind.param]: String(id) };
    if (kind.inner) {
      const inner = set[kind.inner.id];
      if (inner === undefined) continue;
      params[kind.inner.param] = String(inner);
    }
    out.push(params);
    // The likeliest leak: a parent the user may see, with a child id that belongs elsewhere.
    if (kind.inner && role !== 'agency' && near[kind.id] !== undefined) {
      out.push({ [kind.param]: String(near[kind.id]), [kind.inner.param]: params[kind.inner.param]! });
    }
  }
  return out;
}

type Kind = { param: string; id: string; inner?: { param: string; id: string } };
function kindOf(path: string): Kind | undefined {
  const rules: [RegExp, Kind][] = [
    [/^\/projects\/:id\/indicators\/:iid/, { param: 'id', id: 'project', inner: { param: 'iid', id: 'indicator' } }],
    [/^\/projects\/:id\/deductions\/:did/, { param: 'id', id: 'project', inner: { param: 'did', id: 'deduction' } }],
    [/^\/projects\/:id/, { param: 'id', id: 'project' }],
    [/^\/monitoring\/projects\/:id/, { param: 'id', id: 'project' }],
    [/^\/parcels\/:id/, { param: 'id', id: 'parcel' }],
    [/^\/transfers\/:id\/applications\/:aid/, { param: 'id', id: 'transfer', inner: { param: 'aid', id: 'application' } }],
    [/^\/transfers\/:id\/contract\/collections\/:cid/, { param: 'id', id: 'transfer', inner: { param: 'cid', id: 'collection' } }],
    [/^\/transfers\/:id/, { param: 'id', id: 'transfer' }],
    [/^\/announcements\/:id/, { param: 'id', id: 'announcement' }],
    [/^\/payments\/:id/, { param: 'id', id: 'payment' }],
    [/^\/revenue\/:id/, { param: 'id', id: 'remittance' }],
    [/^\/surveys\/:id\/questions\/:questionId/, { param: 'id', id: 'survey', inner: { param: 'questionId', id: 'question' } }],
    [/^\/surveys\/:id/, { param: 'id', id: 'survey' }],
    [/^\/centers\/:id/, { param: 'id', id: 'center' }],
    [/^\/admin\/users\/:id/, { param: 'id', id: 'user' }],
    [/^\/admin\/tokens\/:id/, { param: 'id', id: 'token' }],
    [/^\/ledger\/import\/:id/, { param: 'id', id: 'upload' }],
    // Agencies and their agreements are shared by every center's staff (an agency works for many
    // centers); only another agency may not reach them — and agencies have no such route at all.
    [/^\/agencies\/:id/, { param: 'id', id: 'agency' }],
    [/^\/bidders\/:id/, { param: 'id', id: 'bidder' }],
    [/^\/deposits\/statements\/lines\/:id/, { param: 'id', id: 'statementLine' }],
    [/^\/fees\/agencies\/:agencyId/, { param: 'agencyId', id: 'agency' }],
    // The working-day calendar is national (one 节假日安排 for the country): no center owns a day.
    [/^\/admin\/calendar\/days\/:day/, { param: 'day', id: 'calendarDay' }],
    [/^\/fees\/agreements\/:id/, { param: 'id', id: 'agencyAgreement' }],
    [/^\/service-fees\/receipts\/:rid/, { param: 'rid', id: 'feeReceipt' }],
  ];
  return rules.find(([re]) => re.test(path))?.[1];
}

const fill = (path: string, params: Record<string, string>) => path.replace(/:([a-zA-Z]+)/g, (_, k: string) => {
  if (params[k] === undefined) throw new Error(`isolation test: no id for :${k} in ${path} — teach kindOf()`);
  return params[k];
});

/** A fingerprint of everything the forbidden records are, to prove no refused request changed one. */
async function snapshot() {
  const [row] = await t.db.execute<{ h: string }>(sql`select md5(string_agg(x, '|' order by x)) as h from (
    select 'p' || id || name || coalesce(location, '') as x from parcels union all
    select 't' || id || result || coalesce(deal_price::text, '') from transfers union all
    select 'k' || id || amount::text from price_collections union all
    select 'f' || id || amount::text from service_fee_receipts union all
    select 'e' || id || kind || amount::text from budget_entries union all
    select 'z' || id || kind || amount::text from balance_dispositions union all
    select 'a' || id || title from announcements union all
    select 'y' || id || status || amount from payments union all
    select 'j' || id || name || coalesce(actual_goal, '') from projects union all
    select 'i' || id || level3 || weight from indicators union all
    select 'd' || id || reason from deductions union all
    select 's' || id || status from surveys union all
    select 'r' || id || rating || coalesce(comment, '') from satisfaction_responses union all
    select 'k' || id || coalesce(revoked_at::text, '') from api_tokens union all
    select 'u' || id || username || active from users union all
    select 'c' || id || name from centers union all
    select 'q' || id || text || kind from survey_questions union all
    select 'w' || id || coalesce(rating::text, '') || coalesce(text, '') from survey_answers union all
    select 'f' || id || method || year from fee_agreements union all
    select 'm' || id || receipt_no || amount from remittances union all
    select 'l' || id || status from import_uploads union all
    select 'b' || id || review || coalesce(paddle_no::text, '') from bid_applications union all
    select 'g' || id || bank_serial || amount from deposit_receipts) q`);
  return row!.h;
}

describe('isolation', () => {
  it('refuses every route with an id each role must not see: 403 or 404, nothing changed', async () => {
    const before = await snapshot();
    // Public routes show public records by design (the third test reads them for internal data).
    const table = routeTable(t.app).filter((r) => r.path.includes(':') && r.roles !== 'public');
    expect(table.length).toBeGreaterThan(40);
    const seen: string[] = [];
    for (const r of table) {
      for (const role of roles) {
        for (const params of forbiddenIds(r.path, role)) {
          const path = fill(r.path, params);
          const res = r.method === 'GET' ? await t.get(path, cookies[role]) : await t.post(path, {}, cookies[role]);
          expect([403, 404], `${role} ${r.method} ${path}`).toContain(res.status);
          seen.push(`${role} ${r.method} ${r.path}`);
        }
      }
    }
    // Every role met every route with a record id it must not see.
    expect(seen.length).toBeGreaterThan(table.length * 3);
    expect(await snapshot()).toBe(before);
  }, 300_000);

  it('never shows another center\'s records — nor, to an agency, another agency\'s — on a list page or export', async () => {
    const lists = routeTable(t.app).filter((r) => r.method === 'GET' && !r.path.includes(':') && !r.path.includes('*') && !r.path.startsWith('/public'));
    for (const who of [...roles, 'agency2'] as const) {
      const role: Role = who === 'agency2' ? 'agency' : who;
      for (const r of lists) {
        if (r.roles !== 'public' && !r.roles!.includes(role)) continue;
        for (const query of ['', '?year=2020', '?year=all', '?format=csv', '?year=2020&format=csv']) {
          const res = await t.get(r.path + query, cookies[who]);
          if (res.status !== 200) continue;
          const type = res.headers.get('content-type') ?? '';
          if (!/text|json|csv/.test(type)) continue;
          const body = await res.text();
          for (const mark of FAR_MARKS) expect(body, `${who} GET ${r.path}${query} shows ${mark}`).not.toContain(mark);
          if (who === 'agency') for (const mark of RIVAL_MARKS) expect(body, `agency1 GET ${r.path}${query} shows ${mark}`).not.toContain(mark);
        }
      }
    }
  }, 300_000);

  it('shows an agency no other agency\'s answer on the survey pages of its own center', async () => {
    for (const who of ['agency', 'agency2'] as const) {
      const html = await (await t.get(`/surveys/${near.survey}`, cookies[who])).text();
      if (who === 'agency') {
        expect(html).not.toContain('乙机构的意见');
        // One answer (a2's): a summary would be a2's answer; none is shown.
        expect(html).not.toContain('100.00%');
      } else {
        expect(html).toContain('乙机构的意见'); // its own answer, to itself
      }
    }
  });

  it('shows the public no internal data of any center', async () => {
    const pages = routeTable(t.app).filter((r) => r.method === 'GET' && r.path.startsWith('/public'));
    for (const r of pages) {
      for (const params of [{ code: 'OTHER', id: String(far.announcement) }, { code: 'CITY', id: String(rival.transfer) }]) {
        for (const query of ['', '?year=2020', '?center=OTHER&year=2020', '?center=CITY&year=2020']) {
          const res = await t.get(fill(r.path, params) + query);
          if (res.status !== 200) continue;
          const body = await res.text();
          // Deals and announcements are public; what paid for them and what agencies said is not.
          for (const mark of ['远方禁区收款方', 'FARPAY-001', '乙机构劳务费收款', 'RIVALPAY-01', '远方禁区扣分原因', '远方禁区满意度意见', '乙机构的意见', '123.45', 'otherAdmin']) {
            expect(body, `public GET ${r.path}${query} shows ${mark}`).not.toContain(mark);
          }
        }
      }
    }
  }, 120_000);
});
