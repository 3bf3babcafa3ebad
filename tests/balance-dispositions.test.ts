// Issue 14, part 2: 结转. Closing a year shows each project's unspent balance; finance carries it into
// a project of the next year (whose 上年结转 counts in 全年预算数) or records it as 收回. The demo's
// 2020 closing offers 8.5万 (100万 budget − 91.5万 spent), and the 结转 shows in 2021's report.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, balanceDispositions, budgetEntries } from '../db/schema';
import { DEMO_PASSWORD, loadDemo } from '../src/demo/load';
import { performanceReport, reportJson } from '../src/performance/report';
import { besideField, createTestApp, type TestApp } from './helpers/app';

let t: TestApp;
let finance: string;
let gyjy: number;
let old: number;
let next: number;

const idFrom = (res: Response) => Number(/\/(\d+)/.exec(res.headers.get('location') ?? '')?.[1]);

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  await loadDemo(t.db);
  finance = await t.signIn('finance', DEMO_PASSWORD);
  const [c] = await t.db.execute<{ id: number }>(sql`select id from centers where code = 'GYJY'`);
  gyjy = c!.id;
  expect((await t.post('/context', { center: String(gyjy), year: '2020' }, finance)).status).toBe(303);
  const [p] = await t.db.execute<{ id: number }>(sql`select id from projects where center_id = ${gyjy} and year = 2020 and name = '土地出让工作经费'`);
  old = p!.id;
  const res = await t.post('/projects', { name: '土地出让工作经费', year: '2021', budget_unit: '广元市公共资源交易信息中心' }, finance);
  expect(res.status, await res.clone().text()).toBe(303);
  next = idFrom(res);
  const budget = await t.post(`/projects/${next}/budget`, { kind: '年初预算', amount: '600000', entry_date: '2021-01-10', doc_no: '广财预〔2021〕9号' }, finance);
  expect(budget.status, await budget.clone().text()).toBe(303);
}, 120_000);
afterAll(() => t.close());

const dispose = (form: Record<string, string>) =>
  t.post(`/projects/${old}/balance`, { kind: '结转', amount: '85000', decided_on: '2021-01-15', target_project: String(next), doc_no: '广财预〔2021〕3号', reason: '', ...form }, finance);

describe('结转 of the demo 2020 balance', () => {
  it('is refused while 2020 is open: the year must be closed first', async () => {
    const res = await dispose({});
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('2020年度尚未结账：结账后才能结转或收回结余');
    expect(await t.db.select().from(balanceDispositions)).toHaveLength(0);
  });

  it('offers 8.5万 once 2020 is closed, on the year list and on the project', async () => {
    const res = await t.post('/projects/close-year', { year: '2020' }, finance);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/projects/balances?year=2020');
    const list = await (await t.get('/projects/balances?year=2020', finance)).text();
    const row = new RegExp(`<tr id="balance-${old}">[\\s\\S]*?</tr>`).exec(list)![0];
    // 全年预算, 执行数, 跨年支付, 已结转, 已收回, 待处置结余.
    expect([...row.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1])).toEqual(['1,000,000.00', '915,000.00', '0.00', '0.00', '0.00', '85,000.00']);
    const page = await (await t.get(`/projects/${old}/balance`, finance)).text();
    expect(page).toContain('data-remaining="8500000"');
    expect(await (await t.get(`/projects/${old}`, finance)).text()).toContain('id="year-end-balance"');
  });

  it('refuses, beside the field, what the rules do not allow', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ amount: '85000.01' }, 'amount', '超过可处置的结余：全年预算 1,000,000.00 元，执行数 915,000.00 元，尚余 85,000.00 元'],
      [{ doc_no: '' }, 'doc_no', '结转应填写批准文号'],
      [{ target_project: '' }, 'target_project', '请选择结转到的2021年度项目'],
      [{ target_project: String(old) }, 'target_project', '请选择本中心2021年度的项目'],
      [{ decided_on: '2020-12-31' }, 'decided_on', '结余处置日期应在2020年度结账之后，即2021年1月1日以后'],
      [{ decided_on: '2022-01-03' }, 'decided_on', '结转记入2021年度项目的上年结转，日期应在2021年内'],
      [{ decided_on: '2099-01-01', kind: '收回', target_project: '' }, 'decided_on', '处置日期不能晚于今天'],
      [{ kind: '退回' }, 'kind', '请选择处置方式'],
    ];
    for (const [form, field, message] of cases) {
      const res = await dispose(form);
      expect(res.status, JSON.stringify(form)).toBe(422);
      expect(besideField(await res.text(), field), JSON.stringify(form)).toContain(message);
    }
    expect(await t.db.select().from(balanceDispositions)).toHaveLength(0);
  });

  it('takes no 上年结转 typed on the budget form: it comes only from the year before', async () => {
    const res = await t.post(`/projects/${next}/budget`, { kind: '上年结转', amount: '1', entry_date: '2021-01-10' }, finance);
    expect(res.status).toBe(422);
    expect(besideField(await res.text(), 'kind')).toContain('请选择类型');
  });

  it('lets only finance and admin record it, leaders read it (another center is the isolation test’s)', async () => {
    const leader = await t.signIn('leader', DEMO_PASSWORD);
    const staff = await t.signIn('staff', DEMO_PASSWORD);
    expect((await t.post(`/projects/${old}/balance`, { kind: '收回', amount: '1', decided_on: '2021-01-15' }, leader)).status).toBe(403);
    expect((await t.post(`/projects/${old}/balance`, { kind: '收回', amount: '1', decided_on: '2021-01-15' }, staff)).status).toBe(403);
    expect((await t.get(`/projects/${old}/balance`, staff)).status).toBe(403);
    expect((await t.get(`/projects/${old}/balance`, leader)).status).toBe(200);
    expect(await t.db.select().from(balanceDispositions)).toHaveLength(0);
  });

  it('never carries the same money twice, even when two 结转 arrive at once', async () => {
    const [a, b] = await Promise.all([dispose({ amount: '50000' }), dispose({ amount: '50000', doc_no: '广财预〔2021〕4号' })]);
    expect([a.status, b.status].sort()).toEqual([303, 422]);
    const refused = a.status === 422 ? a : b;
    expect(besideField(await refused.text(), 'amount')).toContain('已结转或收回 50,000.00 元，尚余 35,000.00 元');
    const rest = await dispose({ amount: '35000' });
    expect(rest.status, await rest.clone().text()).toBe(303);
    const rows = await t.db.select().from(balanceDispositions).where(eq(balanceDispositions.projectId, old));
    expect(rows.map((r) => r.amount).sort()).toEqual([3500000n, 5000000n]);
    // Each wrote the 2021 project's 上年结转 and an audit event for both records.
    const entries = await t.db.select().from(budgetEntries).where(eq(budgetEntries.projectId, next));
    expect(entries.filter((e) => e.kind === '上年结转').map((e) => e.id).sort()).toEqual(rows.map((r) => r.budgetEntryId).sort());
    const audits = await t.db.select().from(auditEvents).where(eq(auditEvents.entity, 'balance_disposition'));
    expect(audits.map((e) => Number(e.entityId)).sort()).toEqual(rows.map((r) => r.id).sort());
    const none = await dispose({ kind: '收回', amount: '0.01', target_project: '', doc_no: '' });
    expect(besideField(await none.text(), 'amount')).toContain('尚余 0.00 元');
  });

  it('leaves nothing for a 跨年支付 of the old project once its balance is carried: the last approval is refused', async () => {
    const draft = await t.post('/payments', { project_id: String(old), category: '其他', payee: '某印刷厂', amount: '100.00', summary: '资料印制' }, finance);
    expect(draft.status, await draft.clone().text()).toBe(303);
    const id = idFrom(draft);
    expect((await t.post(`/payments/${id}/submission`, {}, finance)).status).toBe(303);
    for (const signer of ['finhead', 'leader']) expect((await t.post(`/payments/${id}/approval`, {}, await t.signIn(signer, DEMO_PASSWORD))).status).toBe(303);
    const last = await t.post(`/payments/${id}/approval`, {}, await t.signIn('finleader', DEMO_PASSWORD));
    expect(last.status).toBe(409);
    expect(await last.text()).toContain('结余已结转或收回 85,000.00 元，尚可安排 0.00 元，本笔 100.00 元');
  });

  it('shows in 2021’s 预算执行情况: 全年预算数 counts the 上年结转, linked to the 2020 project', async () => {
    const r = reportJson((await performanceReport(t.db, next))!);
    expect(r.funds).toMatchObject({ initial: '600000.00', carriedOver: '85000.00', adjustments: '0.00', total: '685000.00' });
    const html = await (await t.get(`/projects/${next}/performance`, finance)).text();
    expect(html).toContain(`上年结转 <a href="/projects/${next}#carried-in">85,000.00 元</a>`);
    const projectPage = await (await t.get(`/projects/${next}`, finance)).text();
    expect(projectPage).toContain('id="carried-in"');
    expect(projectPage).toContain(`href="/projects/${old}#year-end-balance">土地出让工作经费（2020年）`);
    // 2020's own report is as it was: 95 分, 91.5% of its 100万.
    const before = reportJson((await performanceReport(t.db, old))!);
    expect(before.funds).toMatchObject({ total: '1000000.00', spent: '915000.00', carriedOver: '0.00' });
    expect(before.score.total).toBe('95.00');
  });

  it('keeps the records: a disposition is never changed or deleted, and needs a closed year in the database too', async () => {
    await expect(t.db.execute(sql`update balance_dispositions set amount = 1`)).rejects.toThrow();
    await expect(t.db.execute(sql`delete from balance_dispositions`)).rejects.toThrow();
    const open = await t.db.execute(sql`insert into balance_dispositions (center_id, project_id, kind, amount, decided_on)
      values (${gyjy}, ${next}, '收回', 1, '2022-01-01')`).then(() => null, (e: { cause?: Error }) => e.cause?.message);
    expect(open).toMatch(/year of project \d+ is not closed/);
    const intoClosed = await t.db.execute(sql`insert into balance_dispositions (center_id, project_id, kind, amount, decided_on)
      values (${gyjy}, ${old}, '收回', 1, '2020-12-31')`).then(() => null, (e: { cause?: Error }) => e.cause?.message);
    expect(intoClosed).toMatch(/year 2020 of center \d+ is closed/);
    const noDoc = await t.db.execute(sql`insert into balance_dispositions (center_id, project_id, kind, amount, decided_on, target_project_id, budget_entry_id)
      values (${gyjy}, ${old}, '结转', 1, '2021-02-01', ${next}, (select min(id) from budget_entries where project_id = ${next}))`).then(() => null, (e: { cause?: Error }) => e.cause?.message);
    expect(noDoc).toMatch(/balance_dispositions_doc_check/);
  });
});
