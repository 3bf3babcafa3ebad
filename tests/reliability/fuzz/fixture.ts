// The fuzzing fixture: one record of every kind in the city center's scope (this year, so dates the
// forms accept are plausible), payments in every approval state, surveys in every state, and the
// signers whose duties make the approval forms appear. Ids are kept per kind, as lists, so the
// discovery can open every detail page of every state.
import { eq } from 'drizzle-orm';
import {
  announcementParcels, announcements, apiTokens, contractInstalments, landContracts, priceCollections, serviceFeeReceipts, serviceFeeSchedules, bankStatementLines, bidApplicationMembers, bidApplications, bidders, calendarDays, budgetEntries, closedYears, deductions, feeAgreements, fundArrivals, importUploads, indicators,
  parcels, payments, paymentStatuses, projects, remittances, revenueTargets, satisfactionResponses, surveyQuestions, surveys, transfers,
  users, type Duty, type Role,
} from '../../../db/schema';
import type { TestApp } from '../../helpers/app';

/** Who fuzzes: one session per role, plus signers holding each approval duty (the fixture's own users have none). */
export type Actor = Role | 'head' | 'finleader';
export const ACTORS: Actor[] = ['admin', 'staff', 'finance', 'leader', 'agency', 'head', 'finleader'];
const USERNAME: Record<Actor, string> = {
  admin: 'admin', staff: 'staff', finance: 'finance', leader: 'leader', agency: 'agency1', head: 'head', finleader: 'finleader',
};
export const roleOf: Record<Actor, Role> = {
  admin: 'admin', staff: 'staff', finance: 'finance', leader: 'leader', agency: 'agency', head: 'finance', finleader: 'leader',
};

export interface FuzzFixture {
  year: number;
  /** Record ids by kind (the names the route parameters are mapped to in discover.ts). */
  ids: Record<string, (number | string)[]>;
  cookies: Record<Actor, string>;
  /** A spare session of each actor for the forms that end or switch a session (logout, context). */
  spare: Record<Actor, string>;
}

async function one<T>(rows: Promise<T[]>): Promise<T> { return (await rows)[0]!; }

export async function seedFuzzFixture(t: TestApp): Promise<FuzzFixture> {
  const db = t.db;
  const { city, county } = t.fixture.centers;
  const { a1 } = t.fixture.agencies;
  const year = new Date().getFullYear();
  const d = (md: string) => `${year}-${md}`;
  const [admin] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.username, 'admin'));
  const mk = (username: string, role: Role, duties: Duty[]) =>
    ({ username, displayName: username, role, centerId: city, passwordHash: admin!.hash, duties });
  await db.update(users).set({ duties: ['业务分管领导'] }).where(eq(users.username, 'leader'));
  await db.insert(users).values([mk('head', 'finance', ['科室负责人']), mk('finleader', 'leader', ['财务分管领导'])]);
  // The user the admin forms edit, disable and reset: nobody signs in as it.
  const victim = await one(db.insert(users).values(mk('victim', 'staff', [])).returning());

  const parcel = await one(db.insert(parcels).values({ centerId: city, code: 'FZ-01', kind: '土地', name: '模糊测试地块', startingPrice: 1_000_000_00n }).returning());
  const parcel2 = await one(db.insert(parcels).values({ centerId: city, code: 'FZ-02', kind: '采矿权', name: '模糊测试矿权', startingPrice: 500_000_00n, mineral: '建筑用砂岩' }).returning());
  // Not offered yet: its page links to a new transfer.
  const parcel3 = await one(db.insert(parcels).values({ centerId: city, code: 'FZ-03', kind: '土地', name: '待出让地块', startingPrice: 300_000_00n }).returning());
  const ann = await one(db.insert(announcements).values({ centerId: city, code: 'FZ-GG-01', title: '模糊测试公告', publishedOn: d('02-01'), cost: 1_500_00n }).returning());
  await db.insert(announcementParcels).values([{ announcementId: ann.id, parcelId: parcel.id }, { announcementId: ann.id, parcelId: parcel2.id }]);
  const sold = await one(db.insert(transfers).values({
    centerId: city, parcelId: parcel.id, round: 2, mode: '拍卖', agencyId: a1, announcementId: ann.id, auctionDate: d('03-01'),
    result: '成交', dealPrice: 2_000_000_00n, winner: '某置业有限公司', dealDate: d('03-01'), confirmationNo: 'FZ-CJ-01',
  }).returning());
  // The sold round's contract, whose page takes 缴款; and a sold round without one, whose page offers the contract form.
  const contract = await one(db.insert(landContracts).values({
    centerId: city, transferId: sold.id, contractNo: 'FZ-HT-01', signedOn: d('03-05'), grantor: '某市自然资源和规划局', grantee: '某置业有限公司',
    price: 2_000_000_00n, earnest: 0n, createdBy: t.fixture.users.staff.id,
  }).returning());
  await db.insert(contractInstalments).values([
    { contractId: contract.id, seq: 1, amount: 1_000_000_00n, dueOn: d('04-05') }, { contractId: contract.id, seq: 2, amount: 1_000_000_00n, dueOn: d('12-05') },
  ]);
  // A collection of it, which finance may reverse.
  const collection = await one(db.insert(priceCollections).values({
    centerId: city, contractId: contract.id, collector: '国库', voucherNo: 'FZ-GK-01', amount: 100_000_00n, collectedOn: d('03-10'),
  }).returning());
  // A 交易服务费 standard and a receipt of the sold round, which finance may reverse.
  await db.insert(serviceFeeSchedules).values({ centerId: city, parcelKind: '土地', effectiveFrom: d('01-01'), documentNo: 'FZ-SF-01', method: '按成交价比例', rate: '0.5000', payer: '受让人' });
  const feeReceipt = await one(db.insert(serviceFeeReceipts).values({
    centerId: city, transferId: sold.id, invoiceNo: 'FZ-FP-01', amount: 1_000_00n, invoicedOn: d('03-02'), collectedOn: d('03-02'),
  }).returning());
  const parcel5 = await one(db.insert(parcels).values({ centerId: city, code: 'FZ-05', kind: '土地', name: '待签合同地块', startingPrice: 800_000_00n }).returning());
  const unsigned = await one(db.insert(transfers).values({
    centerId: city, parcelId: parcel5.id, round: 1, mode: '挂牌', announcementId: null, auctionDate: d('03-02'),
    result: '成交', dealPrice: 900_000_00n, winner: '某实业有限公司', dealDate: d('03-02'), confirmationNo: 'FZ-CJ-05',
  }).returning());
  const failed = await one(db.insert(transfers).values({
    centerId: city, parcelId: parcel.id, round: 1, mode: '拍卖', agencyId: a1, announcementId: ann.id, auctionDate: d('02-20'), result: '流拍',
  }).returning());
  const open = await one(db.insert(transfers).values({
    centerId: city, parcelId: parcel2.id, round: 1, mode: '挂牌', agencyId: a1, announcementId: ann.id, noticeStart: d('02-01'), noticeEnd: d('02-28'),
  }).returning());

  // A suspended round (中止), whose page offers its 恢复.
  const parcel4 = await one(db.insert(parcels).values({ centerId: city, code: 'FZ-04', kind: '土地', name: '中止地块', startingPrice: 200_000_00n }).returning());
  const suspended = await one(db.insert(transfers).values({
    centerId: city, parcelId: parcel4.id, round: 1, mode: '挂牌', noticeStart: d('02-01'), noticeEnd: d('03-15'), suspendedOn: d('02-10'),
  }).returning());

  const project = await one(db.insert(projects).values({ centerId: city, year, name: '土地出让工作经费', target: '完成出让' }).returning());
  await db.insert(budgetEntries).values({ projectId: project.id, kind: '年初预算', amount: 100_000_000n, entryDate: d('01-05') });
  await db.insert(fundArrivals).values({ projectId: project.id, amount: 100_000_000n, arrivedOn: d('01-06') });
  const paymentIds: number[] = [];
  for (const [i, status] of paymentStatuses.entries()) {
    const paid = status === '已支付';
    const p = await one(db.insert(payments).values({
      centerId: city, projectId: project.id, category: '拍卖机构劳务费', payee: '测试甲拍卖有限公司', amount: 100_000n + BigInt(i), agencyId: a1,
      transferId: sold.id, status, paidOn: paid ? d('04-01') : null, voucherNo: paid ? 'FZ-PZ-01' : null, createdBy: t.fixture.users.finance.id,
    }).returning());
    paymentIds.push(p.id);
  }
  const remittance = await one(db.insert(remittances).values({
    centerId: city, receiptNo: 'FZ-JK-01', revenueType: '土地出让收入', amount: 2_000_000_00n, remittedOn: d('03-10'), transferId: sold.id,
  }).returning());
  await db.insert(revenueTargets).values({ centerId: city, year, amount: 1_000_000_00n });
  const indicator = await one(db.insert(indicators).values({
    projectId: project.id, position: 1, level1: '满意度指标', level2: '服务对象满意度指标', level3: '拍卖机构满意度', expected: '≥90%', rule: '手工', weight: '10',
  }).returning());
  const indicator2 = await one(db.insert(indicators).values({
    projectId: project.id, position: 2, level1: '产出指标', level2: '数量指标', level3: '出让宗数', expected: '≥1宗', rule: '出让宗数', weight: '20', targetValue: '1',
  }).returning());
  // A project without indicators, whose page offers the default set.
  const bare = await one(db.insert(projects).values({ centerId: city, year, name: '政府采购经费' }).returning());
  // A project of a closed year with a balance, whose balance page offers its 结转 (into the next year's project) or 收回.
  const closedProject = await one(db.insert(projects).values({ centerId: city, year: year - 3, name: '往年土地出让工作经费' }).returning());
  await db.insert(budgetEntries).values({ projectId: closedProject.id, kind: '年初预算', amount: 50_000_000n, entryDate: `${year - 3}-01-05` });
  await db.insert(projects).values({ centerId: city, year: year - 2, name: '土地出让工作经费' });
  await db.insert(closedYears).values({ centerId: city, year: year - 3 });
  const deduction = await one(db.insert(deductions).values({ projectId: project.id, points: '1.00', reason: '模糊测试扣分' }).returning());
  // One survey per center and year: a draft this year, an open one last year, a closed one the year before.
  const draft = await one(db.insert(surveys).values({ centerId: city, year, title: '模糊测试调查（草稿）', status: '草稿' }).returning());
  const opened = await one(db.insert(surveys).values({ centerId: city, year: year - 1, title: '模糊测试调查（进行中）', status: '进行中', openedAt: new Date() }).returning());
  const closed = await one(db.insert(surveys).values({ centerId: city, year: year - 2, title: '模糊测试调查（已结束）', status: '已结束' }).returning());
  const questions: number[] = [];
  for (const s of [draft, opened, closed]) {
    questions.push((await one(db.insert(surveyQuestions).values({ surveyId: s.id, position: 1, text: '组织安排', kind: '评分', scale: 5 }).returning())).id);
    questions.push((await one(db.insert(surveyQuestions).values({ surveyId: s.id, position: 2, text: '意见建议', kind: '文字' }).returning())).id);
  }
  await db.insert(satisfactionResponses).values({ centerId: city, year: year - 2, agencyId: a1, rating: '满意', comment: '服务周到', surveyId: closed.id });
  const agreement = await one(db.insert(feeAgreements).values({ agencyId: a1, year, method: '按成交价比例', rate: '1.5', cap: 10_000_000n }).returning());
  const token = await one(db.insert(apiTokens).values({ userId: t.fixture.users.admin.id, name: '模糊测试令牌', tokenHash: 'e'.repeat(64) }).returning());
  // A bidder with an application awaiting review on the open round, and an 调休 day of this year.
  const bidder = await one(db.insert(bidders).values({ kind: '法人', name: '模糊测试置业有限公司', creditCode: '91510802MA62A3K77Q', legalRep: '张三', createdCenterId: city }).returning());
  const application = await one(db.insert(bidApplications).values({ centerId: city, transferId: open.id, kind: '单独', appliedOn: d('02-10') }).returning());
  await db.insert(bidApplicationMembers).values({ applicationId: application.id, transferId: open.id, bidderId: bidder.id, share: '100' });
  const line = await one(db.insert(bankStatementLines).values({
    centerId: city, bankSerial: 'FZ-BANK-01', payerName: '模糊测试置业有限公司', payerAccount: '6222000011112222', amount: 100_000_00n,
    receivedAt: new Date(`${d('02-11')}T02:00:00Z`), filename: '模糊流水.csv',
  }).returning());
  const day = d('12-26');
  await db.insert(calendarDays).values({ day, working: true, note: '模糊测试调休' }).onConflictDoNothing();
  const upload = await one(db.insert(importUploads).values({ userId: t.fixture.users.admin.id, filename: '模糊.xlsx', files: [] }).returning());

  const cookies = {} as Record<Actor, string>;
  const spare = {} as Record<Actor, string>;
  for (const a of ACTORS) {
    cookies[a] = await t.signIn(USERNAME[a]);
    spare[a] = await t.signIn(USERNAME[a]);
  }
  return {
    year,
    ids: {
      parcel: [parcel.id, parcel2.id, parcel3.id, parcel4.id, parcel5.id], announcement: [ann.id], transfer: [sold.id, failed.id, open.id, suspended.id, unsigned.id], project: [project.id, bare.id, closedProject.id],
      payment: paymentIds, remittance: [remittance.id], indicator: [indicator.id, indicator2.id], deduction: [deduction.id],
      survey: [draft.id, opened.id, closed.id], question: questions, center: [county, city], user: [victim.id], token: [token.id],
      upload: [upload.id], agency: [a1], bidder: [bidder.id], application: [application.id], calendarDay: [day], statementLine: [line.id], agreement: [agreement.id], code: ['CITY'], collection: [collection.id], feeReceipt: [feeReceipt.id],
    },
    cookies,
    spare,
  };
}
