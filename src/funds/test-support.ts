// Shared set-up of the funds tests: signers for each duty, a sold transfer and an announcement to
// pay for, and short-hands that drive the project and payment routes over HTTP.
import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { agencies, announcements, feeAgreements, parcels, transfers, users, type Duty, type Role } from '../../db/schema';
import type { TestApp } from '../../tests/helpers/app';
import { creditCodeCheckChar } from '../lib/credit-code';

export interface Signers { head: string; biz: string; fin: string; both: string; finance2: string }

/**
 * Users beyond the fixture, at the city center: one per duty (科室负责人 in 财务科, the two 分管领导),
 * `both` (财务科, 科室负责人 and 财务分管领导, to try signing two steps) and a second finance user.
 */
export async function addSigners(t: TestApp): Promise<Signers & { ids: Record<keyof Signers, number> }> {
  const [admin] = await t.db.select({ hash: users.passwordHash }).from(users).where(eq(users.username, 'admin'));
  const mk = (username: string, role: Role, duties: Duty[]) =>
    ({ username, displayName: username, role, centerId: t.fixture.centers.city, passwordHash: admin!.hash, duties });
  const rows = await t.db.insert(users).values([
    mk('head', 'finance', ['科室负责人']), mk('biz', 'leader', ['业务分管领导']), mk('fin', 'leader', ['财务分管领导']),
    mk('both', 'finance', ['科室负责人', '财务分管领导']), mk('finance2', 'finance', []),
  ]).returning({ id: users.id, username: users.username });
  const ids = Object.fromEntries(rows.map((r) => [r.username, r.id])) as Record<keyof Signers, number>;
  return { head: await t.signIn('head'), biz: await t.signIn('biz'), fin: await t.signIn('fin'), both: await t.signIn('both'), finance2: await t.signIn('finance2'), ids };
}

/** A sold transfer run by agency a1 and an announcement, at the given center. */
export async function tradingRecords(t: TestApp, centerId = t.fixture.centers.city, code = 'GY-2020-01') {
  const [parcel] = await t.db.insert(parcels).values({ centerId, code, kind: '土地', name: '测试地块', startingPrice: 100000000n }).returning();
  const [ann] = await t.db.insert(announcements).values({ centerId, code: `公告-${code}`, title: '出让公告', publishedOn: '2020-03-01', cost: 1500000n }).returning();
  const [transfer] = await t.db.insert(transfers).values({
    centerId, parcelId: parcel!.id, round: 1, mode: '拍卖', agencyId: t.fixture.agencies.a1, announcementId: ann!.id,
    auctionDate: '2020-04-01', result: '成交', dealPrice: 200000000n, winner: '某公司', dealDate: '2020-04-01', confirmationNo: `CJ-${code}`,
  }).returning();
  return { transferId: transfer!.id, announcementId: ann!.id };
}

/**
 * A transfer with a known fee due: a new agency (its own, so its agreement is the test's alone)
 * with a 2020 按宗固定 agreement of `fixed` 分, and a parcel it sold in 2020 at the city center.
 */
export async function feeDueTransfer(t: TestApp, code: string, fixed: bigint) {
  const centerId = t.fixture.centers.city;
  const first17 = `915108007${code.replace(/\D/g, '').padStart(8, '0').slice(-8)}`;
  const [agency] = await t.db.insert(agencies).values({ creditCode: first17 + creditCodeCheckChar(first17)!, name: `${code}拍卖有限公司` }).returning();
  await t.db.insert(feeAgreements).values({ agencyId: agency!.id, year: 2020, method: '按宗固定', fixedAmount: fixed, payFailed: false });
  const [parcel] = await t.db.insert(parcels).values({ centerId, code, kind: '土地', name: `${code}地块`, startingPrice: 100000000n }).returning();
  const [transfer] = await t.db.insert(transfers).values({
    centerId, parcelId: parcel!.id, round: 1, mode: '拍卖', agencyId: agency!.id,
    auctionDate: '2020-05-01', result: '成交', dealPrice: 200000000n, winner: '某公司', dealDate: '2020-05-01', confirmationNo: `CJ-${code}`,
  }).returning();
  return { transferId: transfer!.id, agencyId: agency!.id, agencyName: agency!.name };
}

/** The form of an agency fee for that transfer (the payee comes from its agency). */
export const feeForm = (transferId: number, amount: string) => ({ category: '拍卖机构劳务费', payee: '', amount, transfer_id: String(transferId) });

/** Σ amount of the transfer's agency fees reserved or paid, reversals included: what feeOverpayment holds under the fee due. */
export async function committedFeeOf(t: TestApp, transferId: number): Promise<bigint> {
  const [row] = await t.db.execute<{ v: string }>(sql`select coalesce(sum(amount), 0)::text as v from payments
    where transfer_id = ${transferId} and category = '拍卖机构劳务费' and status in ('待支付', '已支付')`);
  return BigInt(row!.v);
}

const idFrom = (res: Response) => Number(/\/(\d+)$/.exec(res.headers.get('location') ?? '')?.[1]);

export async function createProject(t: TestApp, cookie: string, form: Record<string, string>) {
  const res = await t.post('/projects', form, cookie);
  expect(res.status, await res.clone().text()).toBe(303);
  return idFrom(res);
}

export async function addBudget(t: TestApp, cookie: string, projectId: number, kind: string, amount: string, date: string) {
  const res = await t.post(`/projects/${projectId}/budget`, { kind, amount, entry_date: date, doc_no: '广财预〔2020〕1号', reason: '' }, cookie);
  expect(res.status, await res.clone().text()).toBe(303);
}

export async function addArrival(t: TestApp, cookie: string, projectId: number, amount: string, date: string, source = '财政拨款') {
  const res = await t.post(`/projects/${projectId}/arrivals`, { amount, arrived_on: date, source, note: '' }, cookie);
  expect(res.status, await res.clone().text()).toBe(303);
}

export async function draftPayment(t: TestApp, cookie: string, projectId: number, form: Record<string, string> = {}) {
  const res = await t.post('/payments', { project_id: String(projectId), category: '其他', payee: '某印刷厂', amount: '100.00', summary: '资料印制', ...form }, cookie);
  expect(res.status, await res.clone().text()).toBe(303);
  return idFrom(res);
}

/** Drafter submits, then the given signers approve in turn; every step must succeed. */
export async function approveThrough(t: TestApp, paymentId: number, drafter: string, signers: string[]) {
  const sub = await t.post(`/payments/${paymentId}/submission`, {}, drafter);
  expect(sub.status, await sub.clone().text()).toBe(303);
  for (const cookie of signers) {
    const res = await t.post(`/payments/${paymentId}/approval`, {}, cookie);
    expect(res.status, await res.clone().text()).toBe(303);
  }
}

export async function disburse(t: TestApp, paymentId: number, cookie: string, paidOn: string, voucherNo: string) {
  const res = await t.post(`/payments/${paymentId}/disbursement`, { paid_on: paidOn, voucher_no: voucherNo }, cookie);
  expect(res.status, await res.clone().text()).toBe(303);
}

export async function statusOf(t: TestApp, paymentId: number): Promise<string> {
  const [row] = await t.database.sql<{ status: string }[]>`select status from payments where id = ${paymentId}`;
  return row!.status;
}

/** Σ amount reserved or paid on the project: what the budget guard holds under the total. */
export async function committedOf(t: TestApp, projectId: number): Promise<bigint> {
  const [row] = await t.db.execute<{ v: string }>(sql`select coalesce(sum(amount), 0)::text as v from payments where project_id = ${projectId} and status in ('待支付', '已支付')`);
  return BigInt(row!.v);
}
