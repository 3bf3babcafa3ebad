import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencies, auditEvents, feeAgreements, parcels, paymentSteps, payments, projects, transfers } from '../../db/schema';
import { createTestApp, type TestApp } from '../../tests/helpers/app';
import { transferFees } from '../fees/queries';
import { creditCodeCheckChar } from '../lib/credit-code';
import { feeOverpayment } from '../fees/rules';
import {
  addBudget, addSigners, approveThrough, committedFeeOf, createProject, disburse, draftPayment, feeDueTransfer, feeForm, statusOf, tradingRecords,
  type Signers,
} from './test-support';

let t: TestApp;
let finance: string;
let admin: string;
let leader: string;
let s: Signers & { ids: Record<keyof Signers, number> };
let projectId: number;
let links: { transferId: number; announcementId: number };

beforeAll(async () => {
  t = await createTestApp();
  [finance, admin, leader] = [await t.signIn('finance'), await t.signIn('admin'), await t.signIn('leader')];
  s = await addSigners(t);
  links = await tradingRecords(t);
  projectId = await createProject(t, finance, { name: '土地出让工作经费', year: '2020' });
  await addBudget(t, finance, projectId, '年初预算', '100000', '2020-01-02');
});
afterAll(() => t.close());

const post = (id: number, what: string, cookie: string, form: Record<string, string> = {}) => t.post(`/payments/${id}/${what}`, form, cookie);

async function expectRefused(res: Response, status: number, message: string) {
  const html = await res.text();
  expect(res.status, html.slice(0, 200)).toBe(status);
  expect(html).toContain(message);
}

describe('drafting', () => {
  it('checks what each category must point at', async () => {
    let res = await t.post('/payments', { project_id: String(projectId), category: '拍卖机构劳务费', payee: '', amount: '1000' }, finance);
    await expectRefused(res, 422, '拍卖机构劳务费请选择对应的出让活动');
    res = await t.post('/payments', { project_id: String(projectId), category: '公告费', payee: '日报社', amount: '1000' }, finance);
    await expectRefused(res, 422, '公告费请选择对应的出让公告');
    res = await t.post('/payments', { project_id: String(projectId), category: '其他', payee: '', amount: '5' }, finance);
    await expectRefused(res, 422, '请填写收款人');
    res = await t.post('/payments', { project_id: String(projectId), category: '其他', payee: 'x', amount: '-5' }, finance);
    await expectRefused(res, 422, '金额不能为负数');
    res = await t.post('/payments', { project_id: String(projectId), category: '其他', payee: 'x', amount: '0.00' }, finance);
    await expectRefused(res, 422, '金额应大于0');
  });

  it('sets the agency of an agency fee from its transfer', async () => {
    const id = await draftPayment(t, finance, projectId, { category: '拍卖机构劳务费', payee: '', transfer_id: String(links.transferId) });
    const [p] = await t.db.select().from(payments).where(eq(payments.id, id));
    expect(p!.agencyId).toBe(t.fixture.agencies.a1);
    expect(p!.payee).toBe('测试甲拍卖有限公司');
    expect(p!.status).toBe('草稿');
    expect(await (await t.get(`/payments/new?project=${projectId}`, finance)).text()).toContain('GY-2020-01');
  });
});

describe('an agency fee for a 流拍 round', () => {
  it('is drafted, approved and paid when the agreement says 流拍计费 是, and the statement shows it paid', async () => {
    const { city } = t.fixture.centers;
    const { a1, a2 } = t.fixture.agencies;
    // a2: 按宗固定 3,000.00 with 流拍计费 是; a1: 按宗固定 4,000.00 without.
    await t.db.insert(feeAgreements).values([
      { agencyId: a2, year: 2020, method: '按宗固定', fixedAmount: 300_000n, payFailed: true },
      { agencyId: a1, year: 2020, method: '按宗固定', fixedAmount: 400_000n, payFailed: false },
    ]);
    const [parcel] = await t.db.insert(parcels).values({ centerId: city, code: 'LP-01', kind: '土地', name: '流拍地块', startingPrice: 100_000_000n }).returning();
    const round = (n: number, agencyId: number | null, result: '流拍' | '终止', auctionDate: string) =>
      ({ centerId: city, parcelId: parcel!.id, round: n, mode: '拍卖' as const, agencyId, auctionDate, result });
    const [failed, failedUnpaid, stopped, failedNoAgency] = await t.db.insert(transfers).values([
      round(2, a2, '流拍', '2020-05-10'), round(3, a1, '流拍', '2020-06-10'), round(4, a2, '终止', '2020-07-10'), round(5, null, '流拍', '2020-08-10'),
    ]).returning();

    // The form offers the 流拍 round with a fee due, naming its round and result; not the others.
    const page = await (await t.get(`/payments/new?project=${projectId}`, finance)).text();
    const select = /<select id="f-transfer_id".*?<\/select>/.exec(page)![0];
    expect(select).toContain(`<option value="${failed!.id}">LP-01 流拍地块 第2场（流拍） · 测试乙拍卖有限公司 · 2020-05-10竞价 · 应付劳务费 3,000.00 元</option>`);
    for (const other of [failedUnpaid!, stopped!, failedNoAgency!]) expect(select).not.toContain(`value="${other.id}"`);
    expect(select).toMatch(/GY-2020-01 测试地块 第1场（成交）/);

    // The others are refused beside the select, saying why.
    const fee = (transferId: number) => ({ category: '拍卖机构劳务费', payee: '', amount: '3000', transfer_id: String(transferId) });
    let res = await t.post('/payments', { project_id: String(projectId), ...fee(failedUnpaid!.id) }, finance);
    await expectRefused(res, 422, '不计劳务费');
    res = await t.post('/payments', { project_id: String(projectId), ...fee(stopped!.id) }, finance);
    await expectRefused(res, 422, '结果为“终止”');
    res = await t.post('/payments', { project_id: String(projectId), ...fee(failedNoAgency!.id) }, finance);
    await expectRefused(res, 422, '没有登记拍卖机构');

    const id = await draftPayment(t, finance, projectId, fee(failed!.id));
    const [draft] = await t.db.select().from(payments).where(eq(payments.id, id));
    expect(draft).toMatchObject({ agencyId: a2, payee: '测试乙拍卖有限公司', transferId: failed!.id, status: '草稿' });
    expect(await (await t.get(`/payments/${id}`, finance)).text()).toContain('LP-01 流拍地块 第2场（流拍）');
    await approveThrough(t, id, finance, [s.head, s.biz, s.fin]);
    await disburse(t, id, finance, '2020-06-15', 'V-LP-1');

    const [row] = (await transferFees(t.db, { centerIds: [city], year: 2020 })).filter((r) => r.transferId === failed!.id);
    expect(row).toMatchObject({ result: '流拍', due: 300_000n, paid: 300_000n, outstanding: 0n });
    // Without 流拍计费, nothing is due and nothing was paid.
    const [unpaid] = await transferFees(t.db, { centerIds: [city], transferId: failedUnpaid!.id });
    expect(unpaid).toMatchObject({ due: 0n, paid: 0n });
  });
});

describe('an agency fee within the fee due', () => {
  // A transfer whose agency is due 5,000.00 under its agreement (按宗固定).
  let fee: Awaited<ReturnType<typeof feeDueTransfer>>;
  beforeAll(async () => { fee = await feeDueTransfer(t, 'FEE-01', 500_000n); });
  const over = (committed: string, left: string, amount: string) =>
    `超过该场次应付的劳务费：应付 5,000.00 元，已支付与待支付 ${committed} 元，尚可支付 ${left} 元，本笔 ${amount} 元`;

  it('refuses a draft beyond the fee due beside 金额, keeping what was typed (422)', async () => {
    const res = await t.post('/payments', { project_id: String(projectId), ...feeForm(fee.transferId, '5000.01'), summary: '劳务费超付' }, finance);
    const html = await res.text();
    expect(res.status, html.slice(0, 200)).toBe(422);
    const message = over('0.00', '5,000.00', '5,000.01');
    expect(message).toBe(feeOverpayment({ due: 500_000n, agreementId: 1 }, 0n, 500_001n));
    expect(html).toContain(`<span id="err-amount" class="field-error" role="alert">${message}</span>`);
    expect(html).toMatch(/name="amount"[^>]*value="5000.01"|value="5000.01"[^>]*name="amount"/);
    expect(html).toContain('劳务费超付');
    expect(await t.db.select().from(payments).where(eq(payments.transferId, fee.transferId))).toHaveLength(0);
    // Exactly the fee due is a draft.
    const id = await draftPayment(t, finance, projectId, feeForm(fee.transferId, '5000.00'));
    expect((await post(id, 'withdrawal', finance)).status).toBe(303);
  });

  it('refuses at the final approval what two drafts ask together (409), then lets the 经办人 cut it to what is left', async () => {
    // Each draft fits the fee alone; only the first to be approved reserves it.
    const first = await draftPayment(t, finance, projectId, feeForm(fee.transferId, '3000.00'));
    const second = await draftPayment(t, finance, projectId, feeForm(fee.transferId, '3000.00'));
    await approveThrough(t, first, finance, [s.head, s.biz, s.fin]);
    await approveThrough(t, second, finance, [s.head, s.biz]);
    const steps = async () => (await t.db.select().from(paymentSteps).where(eq(paymentSteps.paymentId, second))).length;
    const audits = async () => (await t.db.select().from(auditEvents).where(and(eq(auditEvents.entity, 'payment'), eq(auditEvents.entityId, String(second))))).length;
    const [stepsBefore, auditsBefore] = [await steps(), await audits()];
    await expectRefused(await post(second, 'approval', s.fin), 409, over('3,000.00', '2,000.00', '3,000.00'));
    // Refused: still waiting for its last signature, no step, no audit event; the fee holds what is due.
    expect(await statusOf(t, second)).toBe('待财务分管领导审批');
    expect([await steps(), await audits()]).toEqual([stepsBefore, auditsBefore]);
    expect(await committedFeeOf(t, fee.transferId)).toBe(300_000n);

    // Sent back, the 经办人's edit is checked as a draft is (its own amount left out of what is held).
    expect((await post(second, 'return', s.fin, { reason: '超过应付劳务费' })).status).toBe(303);
    const edit = (amount: string) => t.post(`/payments/${second}/edit`, { ...feeForm(fee.transferId, amount), summary: '' }, finance);
    const refused = await edit('2000.01');
    const html = await refused.text();
    expect(refused.status).toBe(422);
    expect(html).toContain(`<span id="err-amount" class="field-error" role="alert">${over('3,000.00', '2,000.00', '2,000.01')}</span>`);
    expect((await edit('2000.00')).status).toBe(303);
    await approveThrough(t, second, finance, [s.head, s.biz, s.fin]);
    expect(await committedFeeOf(t, fee.transferId)).toBe(500_000n);
    await expectRefused(await t.post('/payments', { project_id: String(projectId), ...feeForm(fee.transferId, '0.01') }, finance), 422,
      over('5,000.00', '0.00', '0.01'));

    // A reversal gives back what it takes off: 1,000.00 of the first payment may be paid again, not a 分 more.
    await disburse(t, first, finance, '2020-08-01', 'V-FEE-1');
    const rev = await post(first, 'reversal', finance, { amount: '1000.00', paid_on: '2020-08-02', voucher_no: 'V-FEE-1R', reason: '多付冲回' });
    expect(rev.status, await rev.clone().text()).toBe(303);
    await expectRefused(await t.post('/payments', { project_id: String(projectId), ...feeForm(fee.transferId, '1000.01') }, finance), 422,
      over('4,000.00', '1,000.00', '1,000.01'));
    const again = await draftPayment(t, finance, projectId, feeForm(fee.transferId, '1000.00'));
    await approveThrough(t, again, finance, [s.head, s.biz, s.fin]);
    const [row] = await transferFees(t.db, { centerIds: [t.fixture.centers.city], transferId: fee.transferId });
    expect(row).toMatchObject({ due: 500_000n, paid: 200_000n });
    expect(await committedFeeOf(t, fee.transferId)).toBe(500_000n);
  });
});

describe('an agency fee for all the rounds of a parcel', () => {
  it('is held against the fee of every round its agency ran (a 流拍 round under 流拍计费 是), at drafting and at the final approval', async () => {
    const { city } = t.fixture.centers;
    const first17 = '915108007AR000001';
    const [agency] = await t.db.insert(agencies).values({ creditCode: first17 + creditCodeCheckChar(first17)!, name: '两场拍卖有限公司' }).returning();
    await t.db.insert(feeAgreements).values({ agencyId: agency!.id, year: 2020, method: '按宗固定', fixedAmount: 300_000n, payFailed: true });
    const [parcel] = await t.db.insert(parcels).values({ centerId: city, code: 'AR-01', kind: '土地', name: '两场地块', startingPrice: 100_000_000n }).returning();
    const [r1, r2] = await t.db.insert(transfers).values([
      { centerId: city, parcelId: parcel!.id, round: 1, mode: '拍卖', agencyId: agency!.id, auctionDate: '2020-05-01', result: '流拍' },
      { centerId: city, parcelId: parcel!.id, round: 2, mode: '挂牌', agencyId: agency!.id, auctionDate: '2020-06-01', result: '成交',
        dealPrice: 120_000_000n, winner: '某公司', dealDate: '2020-06-01', confirmationNo: 'CJ-AR-01' },
    ]).returning();
    const both = (amount: string) => ({ ...feeForm(r2!.id, amount), all_rounds: '1' });
    const message = (committed: string, left: string, amount: string) =>
      `超过该标的各场次应付的劳务费：应付 6,000.00 元（第1场流拍 3,000.00、第2场成交 3,000.00），已支付与待支付 ${committed} 元，尚可支付 ${left} 元，本笔 ${amount} 元`;

    // 挂牌劳务费（两场）: beyond one round's fee, within both.
    await expectRefused(await t.post('/payments', { project_id: String(projectId), ...feeForm(r2!.id, '6000.00') }, finance), 422,
      '超过该场次应付的劳务费：应付 3,000.00 元');
    await expectRefused(await t.post('/payments', { project_id: String(projectId), ...both('6000.01') }, finance), 422, message('0.00', '6,000.00', '6,000.01'));
    const id = await draftPayment(t, finance, projectId, both('6000.00'));
    const [draft] = await t.db.select().from(payments).where(eq(payments.id, id));
    expect(draft).toMatchObject({ allRounds: true, transferId: r2!.id, agencyId: agency!.id });
    expect(await (await t.get(`/payments/${id}`, finance)).text()).toContain('按该标的该拍卖机构承办的全部场次支付');
    // A payment for round 1 alone, drafted meanwhile, fits round 1 but not both rounds once the first is reserved.
    const one = await draftPayment(t, finance, projectId, feeForm(r1!.id, '0.01'));
    await approveThrough(t, id, finance, [s.head, s.biz, s.fin]);
    await approveThrough(t, one, finance, [s.head, s.biz]);
    await expectRefused(await post(one, 'approval', s.fin), 409, message('6,000.00', '0.00', '0.01'));
    await disburse(t, id, finance, '2020-07-01', 'V-AR-1');
    const rows = await transferFees(t.db, { centerIds: [city], transferIds: [r1!.id, r2!.id] });
    expect(rows.map((r) => [r.round, r.due, r.paid, r.outstanding])).toEqual([[1, 300_000n, 300_000n, 0n], [2, 300_000n, 300_000n, 0n]]);
    // Its reversal is for both rounds too.
    expect((await post(id, 'reversal', finance, { amount: '6000.00', paid_on: '2020-07-02', voucher_no: 'V-AR-1R', reason: '冲回' })).status).toBe(303);
    expect((await t.db.select().from(payments).where(eq(payments.reversesId, id)))[0]).toMatchObject({ allRounds: true });
  });

  it('is an agency fee only', async () => {
    await expectRefused(await t.post('/payments', { project_id: String(projectId), category: '其他', payee: 'x', amount: '1', all_rounds: '1' }, finance), 422,
      '只有拍卖机构劳务费可以按标的全部场次支付');
  });
});

describe('the approval chain', () => {
  it('goes through each duty in turn, with each step’s permission', async () => {
    const id = await draftPayment(t, finance, projectId, { amount: '500.00' });
    // Only its 经办人 submits it.
    await expectRefused(await post(id, 'submission', s.finance2), 403, '只有经办人本人可以提交审批');
    await expectRefused(await post(id, 'submission', admin), 403, '只有经办人本人可以提交审批');
    // Nobody approves a draft.
    await expectRefused(await post(id, 'approval', s.head), 409, '不在审批中');
    expect((await post(id, 'submission', finance)).status).toBe(303);
    expect(await statusOf(t, id)).toBe('待科室负责人审核');

    // Wrong duty, no duty, wrong role.
    await expectRefused(await post(id, 'approval', s.fin), 403, '此步骤须由科室负责人审批');
    await expectRefused(await post(id, 'approval', leader), 403, '此步骤须由科室负责人审批');
    await expectRefused(await post(id, 'approval', finance), 403, '此步骤须由科室负责人审批');
    expect((await post(id, 'approval', admin)).status).toBe(403); // not a signing role at all

    expect((await post(id, 'approval', s.head)).status).toBe(303);
    expect(await statusOf(t, id)).toBe('待业务分管领导审批');
    await expectRefused(await post(id, 'approval', s.head), 403, '此步骤须由业务分管领导审批');
    expect((await post(id, 'approval', s.biz)).status).toBe(303);
    expect(await statusOf(t, id)).toBe('待财务分管领导审批');
    expect((await post(id, 'approval', s.fin)).status).toBe(303);
    expect(await statusOf(t, id)).toBe('待支付');
    // Approving again answers a conflict, not a second step.
    await expectRefused(await post(id, 'approval', s.fin), 409, '不在审批中');

    const steps = await t.db.select().from(paymentSteps).where(eq(paymentSteps.paymentId, id)).orderBy(paymentSteps.id);
    expect(steps.map((x) => [x.toStatus, x.duty])).toEqual([
      ['草稿', null], ['待科室负责人审核', null], ['待业务分管领导审批', '科室负责人'], ['待财务分管领导审批', '业务分管领导'], ['待支付', '财务分管领导'],
    ]);
    const audit = await t.db.select().from(auditEvents).where(and(eq(auditEvents.entity, 'payment'), eq(auditEvents.entityId, String(id)))).orderBy(auditEvents.id);
    expect(audit.map((e) => e.action)).toEqual(['create', 'submit', 'approve', 'approve', 'approve']);

    // Only finance pays, once, with a voucher number unique in the center.
    expect((await post(id, 'disbursement', admin, { paid_on: '2020-06-01', voucher_no: 'V-1' })).status).toBe(403);
    await expectRefused(await post(id, 'disbursement', finance, { paid_on: '2019-12-31', voucher_no: 'V-1' }), 422, '支付日期不能早于项目年度2020年');
    await disburse(t, id, finance, '2020-06-01', 'V-1');
    const other = await draftPayment(t, finance, projectId, { amount: '1.00' });
    await approveThrough(t, other, finance, [s.head, s.biz, s.fin]);
    await expectRefused(await post(other, 'disbursement', finance, { paid_on: '2020-06-02', voucher_no: 'V-1' }), 422, '本中心已有该凭证号');
  });

  it('never lets the drafter approve, nor one person sign two steps', async () => {
    const own = await draftPayment(t, s.both, projectId);
    expect((await post(own, 'submission', s.both)).status).toBe(303);
    await expectRefused(await post(own, 'approval', s.both), 403, '经办人不能审批自己起草的支付');

    const id = await draftPayment(t, finance, projectId);
    expect((await post(id, 'submission', finance)).status).toBe(303);
    expect((await post(id, 'approval', s.both)).status).toBe(303); // as 科室负责人
    expect((await post(id, 'approval', s.biz)).status).toBe(303);
    await expectRefused(await post(id, 'approval', s.both), 403, '同一人不能在同一笔支付上签署两个审批步骤');
    expect((await post(id, 'approval', s.fin)).status).toBe(303);

    // The page offers the button only to who may press it.
    const page = await (await t.get(`/payments/${own}`, s.both)).text();
    expect(page).not.toContain(`action="/payments/${own}/approval"`);
    expect(page).toContain('经办人不能审批自己起草的支付');
  });

  it('sends back with a reason to 已退回, then the 经办人 edits and resubmits', async () => {
    const id = await draftPayment(t, finance, projectId, { amount: '800.00' });
    await approveThrough(t, id, finance, [s.head]);
    await expectRefused(await post(id, 'return', s.head, { reason: '不是我的步骤' }), 403, '此步骤须由业务分管领导退回');
    await expectRefused(await post(id, 'return', s.biz, { reason: '  ' }), 422, '请填写退回原因');
    expect((await post(id, 'return', s.biz, { reason: '缺少发票' })).status).toBe(303);
    expect(await statusOf(t, id)).toBe('已退回');
    const [back] = await t.db.select().from(paymentSteps).where(and(eq(paymentSteps.paymentId, id), eq(paymentSteps.toStatus, '已退回')));
    expect(back).toMatchObject({ fromStatus: '待业务分管领导审批', duty: '业务分管领导', userId: s.ids.biz, reason: '缺少发票' });
    expect(await (await t.get(`/payments/${id}`, finance)).text()).toContain('缺少发票');

    // Only the 经办人 edits it; then it goes round again from the start.
    expect((await t.get(`/payments/${id}/edit`, s.finance2)).status).toBe(403);
    const edit = await t.post(`/payments/${id}/edit`, { category: '其他', payee: '某印刷厂', amount: '750.00', summary: '补发票', attachment: '发票 No.123' }, finance);
    expect(edit.status).toBe(303);
    expect((await post(id, 'submission', finance)).status).toBe(303);
    expect(await statusOf(t, id)).toBe('待科室负责人审核');
    for (const cookie of [s.head, s.biz, s.fin]) expect((await post(id, 'approval', cookie)).status).toBe(303);
    const [p] = await t.db.select().from(payments).where(eq(payments.id, id));
    expect(p).toMatchObject({ status: '待支付', amount: 75_000n, attachment: '发票 No.123' });
  });

  it('withdraws a draft (已撤销), by its drafter only', async () => {
    const id = await draftPayment(t, finance, projectId);
    expect((await post(id, 'withdrawal', s.finance2)).status).toBe(403);
    expect((await post(id, 'withdrawal', finance)).status).toBe(303);
    expect(await statusOf(t, id)).toBe('已撤销');
    await expectRefused(await post(id, 'submission', finance), 409, '已撤销');
    expect((await t.get(`/payments/${id}/edit`, finance)).status).toBe(409);
  });

  it('lists what waits for my duty under 待我审批', async () => {
    const id = await draftPayment(t, finance, projectId, { payee: '待办收款人' });
    await approveThrough(t, id, finance, [s.head]);
    const mine = await (await t.get('/payments?view=todo', s.biz)).text();
    expect(mine).toContain('待办收款人');
    expect(await (await t.get('/payments?view=todo', s.head)).text()).not.toContain('待办收款人');
    expect(await (await t.get('/payments?view=todo', leader)).text()).toContain('没有等待您审批的支付');
    const all = await t.get('/payments?status=待业务分管领导审批&q=待办', finance, { 'HX-Request': 'true', 'HX-Target': 'div#payment-results' });
    const fragment = await all.text();
    expect(fragment.startsWith('<div id="payment-results">')).toBe(true);
    expect(fragment).toContain('待办收款人');
  });
});

describe('a paid payment', () => {
  let paid: number;

  beforeAll(async () => {
    paid = await draftPayment(t, finance, projectId, { amount: '300.00' });
    await approveThrough(t, paid, finance, [s.head, s.biz, s.fin]);
    await disburse(t, paid, finance, '2020-07-01', 'V-PAID');
  });

  it('cannot be changed through any route', async () => {
    const form = { category: '其他', payee: 'x', amount: '1.00', reason: '改', paid_on: '2020-07-02', voucher_no: 'V-X' };
    const attempts: [string, Promise<Response>][] = [
      ['GET edit', t.get(`/payments/${paid}/edit`, finance)],
      ['POST edit', t.post(`/payments/${paid}/edit`, form, finance)],
      ['submission', post(paid, 'submission', finance)],
      ['approval', post(paid, 'approval', s.fin)],
      ['return', post(paid, 'return', s.fin, form)],
      ['withdrawal', post(paid, 'withdrawal', finance)],
      ['disbursement', post(paid, 'disbursement', finance, form)],
    ];
    for (const [what, pending] of attempts) {
      const res = await pending;
      expect(res.status, what).toBeGreaterThanOrEqual(400);
      expect(res.status, what).toBeLessThan(500);
      expect(await res.text(), what).toMatch(/已支付|不在审批中/);
    }
    const [p] = await t.db.select().from(payments).where(eq(payments.id, paid));
    expect(p).toMatchObject({ status: '已支付', amount: 30_000n, paidOn: '2020-07-01', voucherNo: 'V-PAID' });
    expect(await (await t.get(`/payments/${paid}`, finance)).text()).not.toContain(`/payments/${paid}/edit`);
  });

  it('is refused by the database too: no UPDATE, no DELETE, no step rewritten', async () => {
    await expect(t.database.sql`update payments set amount = 1 where id = ${paid}`).rejects.toMatchObject({ hint: 'financial-record-kept' });
    await expect(t.database.sql`update payments set status = '草稿', paid_on = null, voucher_no = null where id = ${paid}`).rejects.toMatchObject({ hint: 'financial-record-kept' });
    await expect(t.database.sql`delete from payments where id = ${paid}`).rejects.toMatchObject({ hint: 'financial-record-kept' });
    await expect(t.database.sql`update payment_steps set reason = 'x' where payment_id = ${paid}`).rejects.toMatchObject({ hint: 'financial-record-kept' });
    // Not even a draft is deleted: it is withdrawn.
    const draft = await draftPayment(t, finance, projectId);
    await expect(t.db.execute(sql`delete from payments where id = ${draft}`)).rejects.toThrow();
  });
});

describe('who may', () => {
  it('refuses agency and staff users every funds route (403)', async () => {
    const id = await draftPayment(t, finance, projectId);
    const routes: [string, string][] = [
      ['GET', '/projects'], ['GET', '/projects/new'], ['POST', '/projects'], ['POST', '/projects/close-year'],
      ['GET', `/projects/${projectId}`], ['GET', `/projects/${projectId}/edit`], ['POST', `/projects/${projectId}`],
      ['GET', `/projects/${projectId}/budget/new`], ['POST', `/projects/${projectId}/budget`],
      ['GET', `/projects/${projectId}/arrivals/new`], ['POST', `/projects/${projectId}/arrivals`],
      ['GET', '/payments'], ['GET', '/payments?view=todo'], ['GET', '/payments/new'], ['POST', '/payments'],
      ['GET', `/payments/${id}`], ['GET', `/payments/${id}/edit`], ['POST', `/payments/${id}/edit`],
      ...['submission', 'approval', 'return', 'withdrawal', 'disbursement', 'reversal'].map((a): [string, string] => ['POST', `/payments/${id}/${a}`]),
    ];
    for (const username of ['agency1', 'staff']) {
      const cookie = await t.signIn(username);
      for (const [method, path] of routes) {
        const res = method === 'GET' ? await t.get(path, cookie) : await t.post(path, { reason: 'x' }, cookie);
        expect(res.status, `${username} ${method} ${path}`).toBe(403);
      }
    }
    expect(await statusOf(t, id)).toBe('草稿');
  });

  it('hides another center’s project and payment (404)', async () => {
    const [p] = await t.db.insert(projects).values({ centerId: t.fixture.centers.other, year: 2020, name: '别处的项目' }).returning();
    const [x] = await t.db.insert(payments).values({ centerId: t.fixture.centers.other, projectId: p!.id, category: '其他', payee: '别处', amount: 100n }).returning();
    for (const path of [`/projects/${p!.id}`, `/projects/${p!.id}/edit`, `/projects/${p!.id}/budget/new`, `/payments/${x!.id}`, `/payments/${x!.id}/edit`]) {
      expect((await t.get(path, admin)).status, path).toBe(404);
    }
    expect((await t.post(`/projects/${p!.id}/budget`, { kind: '追加', amount: '1', entry_date: '2020-02-02' }, finance)).status).toBe(404);
    expect((await post(x!.id, 'submission', finance)).status).toBe(404);
    expect((await post(x!.id, 'approval', s.fin)).status).toBe(404);
    expect((await t.post('/payments', { project_id: String(p!.id), category: '其他', payee: 'x', amount: '1' }, finance)).status).toBe(422);
    expect(await (await t.get('/payments?q=别处', admin)).text()).not.toContain('别处的项目');
  });

  it('lets leaders read but not write', async () => {
    expect((await t.get('/projects', leader)).status).toBe(200);
    expect((await t.get(`/projects/${projectId}`, leader)).status).toBe(200);
    expect((await t.get('/payments', leader)).status).toBe(200);
    expect((await t.get('/projects/new', leader)).status).toBe(403);
    expect((await t.post('/payments', {}, leader)).status).toBe(403);
  });
});
