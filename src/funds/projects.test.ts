import { eq, sql } from 'drizzle-orm';
import { HTTPException } from 'hono/http-exception';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, budgetEntries, payments, projects } from '../../db/schema';
import { createTestApp, type TestApp } from '../../tests/helpers/app';
import { mapFundsDbError } from './db-errors';
import { projectFunds, projectFundsList } from './figures';
import {
  addArrival, addBudget, addSigners, approveThrough, createProject, disburse, draftPayment, tradingRecords, type Signers,
} from './test-support';

let t: TestApp;
let finance: string;
let admin: string;
let s: Signers;
let links: { transferId: number; announcementId: number };
let projectId: number;

beforeAll(async () => {
  t = await createTestApp();
  finance = await t.signIn('finance');
  admin = await t.signIn('admin');
  s = await addSigners(t);
  links = await tradingRecords(t);
});
afterAll(() => t.close());

const chain = () => [s.head, s.biz, s.fin];

describe('a project and its funds', () => {
  it('creates the project of the seed and records its budget and arrivals', async () => {
    projectId = await createProject(t, finance, { name: '土地出让工作经费', year: '2020', budget_unit: '广元市公共资源交易信息中心', target: '完成2020年度土地出让10余宗' });
    await addBudget(t, finance, projectId, '年初预算', '600,000.00', '2019-12-25');
    await addBudget(t, finance, projectId, '追加', '400000', '2020-08-15');
    await addArrival(t, finance, projectId, '600000.00', '2020-02-01');
    await addArrival(t, finance, projectId, '400000.00', '2020-09-01');
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.entity, 'budget_entry'));
    expect(events).toHaveLength(2);
  });

  it('pays 915000.00 through the chain and shows the seed’s table', async () => {
    const fee = await draftPayment(t, finance, projectId, { category: '拍卖机构劳务费', payee: '', amount: '500000.00', transfer_id: String(links.transferId) });
    const ad = await draftPayment(t, finance, projectId, { category: '公告费', payee: '广元日报社', amount: '15000.00', announcement_id: String(links.announcementId) });
    const other = await draftPayment(t, finance, projectId, { category: '其他', payee: '某会务公司', amount: '400000.00' });
    let n = 0;
    for (const id of [fee, ad, other]) {
      await approveThrough(t, id, finance, chain());
      await disburse(t, id, finance, n === 0 ? '2020-05-10' : '2020-12-20', `记-2020-${++n}`);
    }
    const html = await (await t.get(`/projects/${projectId}`, finance)).text();
    expect(html).toContain('100.00万元'); // 全年预算
    expect(html).toContain('91.50万元'); // 执行数
    expect(html).toContain('91.50%'); // 执行率
    expect(html).toContain('100.00%'); // 资金到位率
    expect(html).toContain('60.00万元'); // 资金计划 = 年初预算
    expect(html).toContain(`href="/monitoring/projects/${projectId}"`);
    expect(html).toContain('测试甲拍卖有限公司'); // the agency fee's payee defaults to the transfer's agency
    const funds = await projectFunds(t.db, projectId);
    expect(funds).toMatchObject({ initial: 60_000_000n, adjustments: 40_000_000n, total: 100_000_000n, arrived: 100_000_000n, arrivedFiscal: 100_000_000n, arrivedOther: 0n, spent: 91_500_000n, executionRate: '91.50', arrivalRate: '100.00' });
  });

  it('lists the projects with the same figures as projectFunds, in one statement', async () => {
    // A second project with 其他 arrivals, a 调减, and a payment awaiting approval that must not count.
    const second = await createProject(t, finance, { name: '政府采购经费', year: '2020' });
    await addBudget(t, finance, second, '年初预算', '300000', '2020-01-05');
    await addBudget(t, finance, second, '调减', '33333.33', '2020-06-30');
    await addArrival(t, finance, second, '100000.01', '2020-03-01', '其他');
    await approveThrough(t, await draftPayment(t, finance, second, { amount: '12345.67' }), finance, chain());
    const empty = await createProject(t, finance, { name: '空项目', year: '2020' });
    const list = await projectFundsList(t.db, t.fixture.centers.city, 2020);
    expect(list.map((r) => r.id).sort()).toEqual([projectId, second, empty].sort());
    for (const row of list) expect(row.funds).toEqual(await projectFunds(t.db, row.id));
    expect(list.find((r) => r.id === empty)!.funds.executionRate).toBeNull();
    const html = await (await t.get('/projects?year=2020', finance)).text();
    expect(html).toContain('1,000,000.00');
    expect(html).toContain('915,000.00');
    expect(html).toContain('91.50%');
    expect(html).toContain('266,666.67');
    expect(await (await t.get('/projects?year=2019', finance)).text()).not.toContain('土地出让工作经费');
    expect(await (await t.get('/projects?year=all', finance)).text()).toContain('土地出让工作经费');
  });

  it('nets a reversal out of projectFunds and the list', async () => {
    const id = await draftPayment(t, finance, projectId, { amount: '20000.00' });
    await approveThrough(t, id, finance, chain());
    await disburse(t, id, finance, '2020-12-21', '记-2020-9');
    expect((await projectFunds(t.db, projectId)).spent).toBe(93_500_000n);
    const res = await t.post(`/payments/${id}/reversal`, { amount: '20000.00', paid_on: '2020-12-28', voucher_no: '记-2020-10', reason: '重复支付' }, finance);
    expect(res.status, await res.clone().text()).toBe(303);
    const funds = await projectFunds(t.db, projectId);
    expect(funds.spent).toBe(91_500_000n);
    expect(funds.executionRate).toBe('91.50');
    const row = (await projectFundsList(t.db, t.fixture.centers.city, 2020)).find((r) => r.id === projectId)!;
    expect(row.funds).toEqual(funds);
    const list = await (await t.get('/projects?year=2020', finance)).text();
    expect(list).toContain('915,000.00');
    // A second reversal of the same payment, and a reversal of the reversal, are refused.
    expect((await t.post(`/payments/${id}/reversal`, { amount: '1.00', paid_on: '2020-12-28', voucher_no: '记-2020-11', reason: '再冲' }, finance)).status).toBe(409);
    const reversal = Number(/\/(\d+)$/.exec(res.headers.get('location')!)![1]);
    expect((await t.post(`/payments/${reversal}/reversal`, { amount: '1.00', paid_on: '2020-12-28', voucher_no: '记-2020-12', reason: '再冲' }, finance)).status).toBe(409);
  });

  it('refuses a reversal larger than the payment, beside the amount', async () => {
    const id = await draftPayment(t, finance, projectId, { amount: '100.00' });
    await approveThrough(t, id, finance, chain());
    await disburse(t, id, finance, '2020-12-22', '记-2020-20');
    const res = await t.post(`/payments/${id}/reversal`, { amount: '100.01', paid_on: '2020-12-28', voucher_no: '记-2020-21', reason: '多付' }, finance);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('冲销金额不能超过原支付金额 100.00 元');
  });

  it('checks budget entries: positive amounts, dates in the year, and no 调减 below what is committed', async () => {
    const post = (form: Record<string, string>) => t.post(`/projects/${projectId}/budget`, { kind: '追加', amount: '1', entry_date: '2020-05-01', ...form }, finance);
    let res = await post({ amount: '0' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('金额应大于0');
    res = await post({ entry_date: '2021-01-05' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('日期应在项目年度2020年内');
    res = await post({ kind: '年初预算', entry_date: '2019-11-05' });
    expect(await res.text()).toContain('或2019年12月');
    // Committed now: 915000 paid + 100 paid = 915100; total 1000000 → at most 84900 may be cut.
    res = await post({ kind: '调减', amount: '84900.01' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('低于已占用的 915,100.00 元');
    expect(html).toContain('最多可调减 84,900.00 元');
    expect((await post({ kind: '调减', amount: '84900.00' })).status).toBe(303);
    expect((await projectFunds(t.db, projectId)).total).toBe(91_510_000n);
  });

  it('keeps budget entries: there is no route to change one, and the database refuses', async () => {
    const [entry] = await t.db.select().from(budgetEntries).where(eq(budgetEntries.projectId, projectId)).limit(1);
    expect((await t.post(`/projects/${projectId}/budget/${entry!.id}`, { amount: '1' }, admin)).status).toBe(404);
    const err = await t.db.execute(sql`update budget_entries set amount = 1 where id = ${entry!.id}`).catch((e: unknown) => e);
    expect(mapFundsDbError(err)).toBeInstanceOf(HTTPException);
    expect((mapFundsDbError(err) as HTTPException).status).toBe(409);
    await expect(t.db.execute(sql`delete from fund_arrivals where project_id = ${projectId}`)).rejects.toThrow();
  });

  it('edits a project but not its year once it has records', async () => {
    let res = await t.post(`/projects/${projectId}`, { name: '土地出让工作经费', year: '2021', budget_unit: '', target: '' }, finance);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('不能再修改年度');
    res = await t.post(`/projects/${projectId}`, { name: '土地出让工作经费', year: '2020', budget_unit: '广元市公共资源交易信息中心', target: '完成年度非税征收任务700万元' }, finance);
    expect(res.status).toBe(303);
    const [p] = await t.db.select().from(projects).where(eq(projects.id, projectId));
    expect(p!.target).toBe('完成年度非税征收任务700万元');
    res = await t.post('/projects', { name: '土地出让工作经费', year: '2020' }, finance);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('本中心该年度已有同名项目');
  });
});

describe('closing a year', () => {
  it('refuses every dated write into the closed year, and lets what is still owed be paid later as 跨年支付', async () => {
    const id = await createProject(t, finance, { name: '往年经费', year: '2018' });
    await addBudget(t, finance, id, '年初预算', '1000', '2018-01-02');
    const waiting = await draftPayment(t, finance, id, { amount: '100' });
    await approveThrough(t, waiting, finance, chain());
    const paid = await draftPayment(t, finance, id, { amount: '100' });
    await approveThrough(t, paid, finance, chain());
    await disburse(t, paid, finance, '2018-06-01', '记-2018-1');
    const draft = await draftPayment(t, finance, id, { amount: '10' });
    const inApproval = await draftPayment(t, finance, id, { amount: '20' });
    await approveThrough(t, inApproval, finance, [s.head]);

    expect((await t.post('/projects/close-year', { year: '2999' }, finance)).status).toBe(422);
    // Closing does not wait for what is still in approval: it is not stranded, it will be a 跨年支付.
    const res = await t.post('/projects/close-year', { year: '2018' }, finance);
    expect(res.status).toBe(303);
    // The flash cookie holds the message URI-encoded, and the cookie encodes it once more.
    const flash = decodeURIComponent(decodeURIComponent(/flash=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!));
    expect(flash).toBe('已结账 2018 年度：该年度不能再记入新的记录；3 笔尚未办结的支付可继续审批，只能在以后年度支付（跨年支付）。各项目的结余可结转到下一年度项目或登记收回');
    expect(res.headers.get('location')).toBe('/projects/balances?year=2018');
    expect((await t.post('/projects/close-year', { year: '2018' }, finance)).status).toBe(422);
    expect(await (await t.get(`/projects/${id}`, finance)).text()).toContain('已结账');

    const refusals = [
      await t.post(`/projects/${id}/budget`, { kind: '追加', amount: '1', entry_date: '2018-05-01' }, finance),
      await t.post(`/projects/${id}/arrivals`, { amount: '1', arrived_on: '2018-05-01', source: '财政拨款' }, finance),
      await t.post(`/payments/${waiting}/disbursement`, { paid_on: '2018-12-31', voucher_no: '记-2018-0' }, finance),
      await t.post(`/payments/${paid}/reversal`, { amount: '1', paid_on: '2018-06-02', voucher_no: '记-2018-3', reason: '更正' }, finance),
    ];
    for (const r of refusals) {
      expect([409, 422]).toContain(r.status);
      expect(await r.text()).toContain('2018年度已结账');
    }

    // Paid in 2019: a 跨年支付 of the 2018 project, shown as such and counted in no year's 执行数.
    await disburse(t, waiting, finance, '2019-01-10', '记-2019-1');
    for (const signer of [s.biz, s.fin]) expect((await t.post(`/payments/${inApproval}/approval`, {}, signer)).status).toBe(303);
    const later = await draftPayment(t, finance, id, { amount: '5' });
    expect(later).toBeGreaterThan(0);
    const pageHtml = await (await t.get(`/projects/${id}`, finance)).text();
    expect(pageHtml).toContain('跨年支付 1 笔，合计 100.00 元：支付日期在2018年之后，不计入2018年的执行数与月度执行');
    expect(await (await t.get(`/payments/${waiting}`, finance)).text()).toContain('跨年支付');
    expect((await projectFunds(t.db, id)).spent).toBe(10000n);
    const [stillDraft] = await t.db.select({ status: payments.status }).from(payments).where(eq(payments.id, draft));
    expect(stillDraft!.status).toBe('草稿');
    // A 年初预算 of 2019 dated in December 2018 falls in the closed year too.
    const next = await createProject(t, finance, { name: '往年经费', year: '2019' });
    const dec = await t.post(`/projects/${next}/budget`, { kind: '年初预算', amount: '1', entry_date: '2018-12-20' }, finance);
    expect(dec.status, await dec.clone().text()).toBe(422);
    expect(await dec.text()).toContain('2018年度已结账');
    // The trigger is the backstop, and its refusal maps to a message.
    const err = await t.db.insert(budgetEntries).values({ projectId: id, kind: '追加', amount: 1n, entryDate: '2018-07-01' }).catch((e: unknown) => e);
    const mapped = mapFundsDbError(err) as HTTPException;
    expect(mapped.status).toBe(409);
    expect(mapped.message).toContain('已结账');
  });
});
