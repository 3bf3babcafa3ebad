// The indicator editor over HTTP against a real PostgreSQL: rows and deductions added, edited,
// moved and deleted by finance, every message beside its field, every change audited, and the
// default set a land-transfer project is created with.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, closedYears, deductions, indicators, projects, remittances, revenueTargets } from '../../db/schema';
import { createTestApp, type TestApp } from '../../tests/helpers/app';
import { createProject } from '../funds/test-support';
import { DEFAULTS_REFUSED, DUPLICATE_LEVEL3, DUPLICATE_REASON } from './indicator-queries';
import { performanceReport } from './report';
import { defaultLandIndicators } from './rules';

let t: TestApp;
let finance: string;
let admin: string;
let leader: string;
let staff: string;
let agency: string;

beforeAll(async () => {
  t = await createTestApp();
  [finance, admin, leader, staff, agency] = await Promise.all(['finance', 'admin', 'leader', 'staff', 'agency1'].map((u) => t.signIn(u)));
});
afterAll(() => t.close());

/** The message in the error slot beside an input. */
const besideField = (html: string, name: string) => new RegExp(`id="err-${name}"[^>]*>([^<]*)<`).exec(html)?.[1] ?? null;

const rowsOf = (projectId: number) =>
  t.db.select().from(indicators).where(eq(indicators.projectId, projectId)).orderBy(asc(indicators.position), asc(indicators.id));

const auditOf = (entity: string, entityId: number) =>
  t.db.select().from(auditEvents).where(and(eq(auditEvents.entity, entity), eq(auditEvents.entityId, String(entityId)))).orderBy(asc(auditEvents.id));

const manual = (over: Record<string, string> = {}) => ({
  level1: '效益指标', level2: '社会效益指标', level3: '提升群众满意度', expected: '明显提升', rule: '手工',
  target_value: '', unit: '', manual_actual: '明显提升', manual_points: '8', weight: '10', ...over,
});

describe('projects created on the web', () => {
  it('gives a land-transfer project the default indicators, audited, in the creation', async () => {
    const id = await createProject(t, finance, { name: '土地出让工作经费', year: '2020' });
    const rows = await rowsOf(id);
    const defaults = defaultLandIndicators(2020);
    expect(rows.map((r) => r.level3)).toEqual(defaults.map((d) => d.level3));
    expect(rows.map((r) => r.position)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows.find((r) => r.rule === '按时上缴')!.expected).toBe('2020年12月31日之前');
    for (const r of rows) expect((await auditOf('indicator', r.id)).map((e) => e.action)).toEqual(['create']);
    const html = await (await t.get(`/projects/${id}/indicators`, finance)).text();
    expect(html).toMatch(/id="weights-total"[^>]*>90\.00</);
    expect(html).not.toContain('权重合计为');
    expect(html).toContain('预计完成年度土地（或矿权）出让数');
  });

  it('gives a project that is not a transfer project none', async () => {
    const id = await createProject(t, finance, { name: '政府采购经费', year: '2020' });
    expect(await rowsOf(id)).toEqual([]);
    const html = await (await t.get(`/projects/${id}/indicators`, finance)).text();
    expect(html).toContain('尚未设置绩效指标');
    expect(html).toContain('套用土地出让默认指标');
  });

  it('keeps 实际完成目标 with the project, audited, and shows it in the edit form', async () => {
    const id = await createProject(t, finance, { name: '12345热线经费', year: '2020', actual_goal: '全年受理群众诉求1万余件。' });
    const [p] = await t.db.select().from(projects).where(eq(projects.id, id));
    expect(p!.actualGoal).toBe('全年受理群众诉求1万余件。');
    expect(await (await t.get(`/projects/${id}/edit`, finance)).text()).toContain('全年受理群众诉求1万余件。');
    const res = await t.post(`/projects/${id}`, { name: '12345热线经费', year: '2020', actual_goal: '全年受理群众诉求2万余件。' }, finance);
    expect(res.status, await res.clone().text()).toBe(303);
    const [ev] = (await auditOf('project', id)).filter((e) => e.action === 'update');
    expect(ev!.before).toMatchObject({ actualGoal: '全年受理群众诉求1万余件。' });
    expect(ev!.after).toMatchObject({ actualGoal: '全年受理群众诉求2万余件。' });
    const cleared = await t.post(`/projects/${id}`, { name: '12345热线经费', year: '2020', actual_goal: '  ' }, finance);
    expect(cleared.status).toBe(303);
    expect((await t.db.select().from(projects).where(eq(projects.id, id)))[0]!.actualGoal).toBeNull();
  });
});

describe('the indicator rows', () => {
  let id: number;
  beforeAll(async () => { id = await createProject(t, finance, { name: '网络运维经费', year: '2020' }); });

  it('adds a row, audited, and warns while Σ权重 is not 90', async () => {
    const res = await t.post(`/projects/${id}/indicators`, manual(), finance);
    expect(res.status, await res.clone().text()).toBe(303);
    expect(res.headers.get('location')).toBe(`/projects/${id}/indicators`);
    const [row] = await rowsOf(id);
    expect(row).toMatchObject({ level3: '提升群众满意度', rule: '手工', targetValue: null, manualPoints: '8.00', weight: '10.00', position: 1 });
    const [ev] = await auditOf('indicator', row!.id);
    expect(ev).toMatchObject({ action: 'create', after: expect.objectContaining({ level3: '提升群众满意度' }) });
    const html = await (await t.get(`/projects/${id}/indicators`, finance)).text();
    expect(html).toContain('权重合计为 10.00，应为 90.00');
    expect(html).toContain(`href="/projects/${id}/performance"`);
    expect(html).toContain(`href="/projects/${id}"`);
    expect(html).toContain('明显提升'); // the 手工 row's actual
  });

  it('answers every problem with 422 and the message beside its field, keeping the input', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ rule: '出让宗数', manual_actual: '', manual_points: '', target_value: '' }, 'target_value', '计算规则为出让宗数时必须填写目标数值'],
      [{ rule: '按时上缴', manual_actual: '', manual_points: '', target_value: '100' }, 'target_value', '计算规则为按时上缴时不填写目标数值（以非税任务的完成日期判断）'],
      [{ rule: '预算执行率', target_value: '90', manual_points: '' }, 'manual_actual', '只有手工指标填写实际完成值，其他规则由系统计算'],
      [{ rule: '预算执行率', target_value: '90', manual_actual: '' }, 'manual_points', '只有手工指标填写得分，其他规则由系统计算'],
      [{ manual_points: '12', weight: '10' }, 'manual_points', '得分不能超过权重'],
      [{ weight: '120' }, 'weight', '权重应为0到100之间的数，最多两位小数'],
      [{ weight: '' }, 'weight', '请填写权重'],
      [{ rule: '出让宗数', manual_actual: '', manual_points: '', target_value: '十宗' }, 'target_value', '目标数值应为非负数，最多两位小数（金额以元计，比率以百分数计，不带%）'],
      [{ rule: '出让宗数', manual_actual: '', manual_points: '', target_value: '10.5' }, 'target_value', '出让宗数的目标数值应为整数'],
      [{ rule: '预算执行率', manual_actual: '', manual_points: '', target_value: '120' }, 'target_value', '比率的目标数值不能超过100'],
      [{ manual_points: '1.234' }, 'manual_points', '得分应为非负数，最多两位小数'],
      [{ rule: '' }, 'rule', '请选择计算规则'],
      [{ rule: '猜测' }, 'rule', '请选择计算规则'],
      [{ level3: '' }, 'level3', '请填写三级指标'],
      [{ level3: '提升群众满意度' }, 'level3', DUPLICATE_LEVEL3],
    ];
    for (const [over, field, message] of cases) {
      const form = manual({ level3: '另一项指标', ...over });
      const res = await t.post(`/projects/${id}/indicators`, form, finance);
      const html = await res.text();
      expect(res.status, `${field}: ${message}`).toBe(422);
      expect(besideField(html, field), JSON.stringify(over)).toBe(message);
      if (form.level3) expect(html).toContain(`value="${form.level3}"`);
    }
    // Several problems at once are all shown, not one per submission.
    const many = await (await t.post(`/projects/${id}/indicators`, manual({ level1: '', rule: '按时上缴', target_value: '5', manual_points: '' }), finance)).text();
    expect(besideField(many, 'level1')).toBe('请填写一级指标');
    expect(besideField(many, 'target_value')).toContain('不填写目标数值');
    expect(besideField(many, 'manual_actual')).toContain('只有手工指标');
    expect(await rowsOf(id)).toHaveLength(1);
  });

  it('checks one field inline (htmx) with the same messages', async () => {
    const res = await t.post(`/projects/${id}/indicators/validate?field=target_value`, manual({ rule: '出让宗数', target_value: '', manual_actual: '', manual_points: '' }), finance, { 'HX-Request': 'true' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('计算规则为出让宗数时必须填写目标数值');
    const ok = await t.post(`/projects/${id}/indicators/validate?field=weight`, manual(), finance, { 'HX-Request': 'true' });
    expect(besideField(await ok.text(), 'weight')).toBe('');
  });

  it('edits a row, audited before and after, and refuses a duplicate 三级指标 beside the field', async () => {
    const add = await t.post(`/projects/${id}/indicators`, manual({ level3: '系统可用率', level2: '质量指标', level1: '项目完成指标', rule: '预算执行率', target_value: '95', unit: '%', manual_actual: '', manual_points: '', weight: '40' }), finance);
    expect(add.status, await add.clone().text()).toBe(303);
    const [first, second] = await rowsOf(id);
    const edit = await t.get(`/projects/${id}/indicators/${second!.id}/edit`, finance);
    expect(edit.status).toBe(200);
    const editHtml = await edit.text();
    expect(editHtml).toContain('value="系统可用率"');
    expect(editHtml).toContain('全年预算数为0'); // the computed actual, read-only: no budget yet
    const dup = await t.post(`/projects/${id}/indicators/${second!.id}`, manual({ level3: first!.level3 }), finance);
    expect(dup.status).toBe(422);
    expect(besideField(await dup.text(), 'level3')).toBe(DUPLICATE_LEVEL3);
    const bad = await t.post(`/projects/${id}/indicators/${second!.id}`, manual({ level3: '系统可用率', weight: '-1' }), finance);
    expect(bad.status).toBe(422);
    expect(besideField(await bad.text(), 'weight')).toBe('权重应为0到100之间的数，最多两位小数');

    const res = await t.post(`/projects/${id}/indicators/${second!.id}`, manual({ level3: '系统可用率', level1: '项目完成指标', level2: '质量指标', rule: '预算执行率', target_value: '90', unit: '%', manual_actual: '', manual_points: '', weight: '50' }), finance);
    expect(res.status, await res.clone().text()).toBe(303);
    const after = (await rowsOf(id))[1]!;
    expect(after).toMatchObject({ targetValue: '90.00', weight: '50.00' });
    const update = (await auditOf('indicator', second!.id)).find((e) => e.action === 'update');
    expect(update!.before).toMatchObject({ targetValue: '95.00', weight: '40.00' });
    expect(update!.after).toMatchObject({ targetValue: '90.00', weight: '50.00' });
    expect((await t.get(`/projects/${id}/indicators/999999/edit`, finance)).status).toBe(404);
  });

  it('moves a row up and down, audited, and leaves the first where it is', async () => {
    const add = await t.post(`/projects/${id}/indicators`, manual({ level3: '故障响应时间', manual_points: '5' }), finance);
    expect(add.status).toBe(303);
    const [a, b, c] = await rowsOf(id);
    const up = await t.post(`/projects/${id}/indicators/${c!.id}/position`, { direction: 'up' }, finance);
    expect(up.status).toBe(303);
    expect((await rowsOf(id)).map((r) => r.id)).toEqual([a!.id, c!.id, b!.id]);
    const moved = (await auditOf('indicator', c!.id)).filter((e) => e.action === 'update');
    expect(moved.at(-1)!.before).toMatchObject({ position: 3 });
    expect(moved.at(-1)!.after).toMatchObject({ position: 2 });
    expect((await t.post(`/projects/${id}/indicators/${a!.id}/position`, { direction: 'up' }, finance)).status).toBe(303);
    expect((await t.post(`/projects/${id}/indicators/${a!.id}/position`, { direction: 'down' }, finance)).status).toBe(303);
    expect((await rowsOf(id)).map((r) => r.id)).toEqual([c!.id, a!.id, b!.id]);
    expect((await rowsOf(id)).map((r) => r.position)).toEqual([1, 2, 3]);
    expect((await t.post(`/projects/${id}/indicators/${a!.id}/position`, { direction: 'sideways' }, finance)).status).toBe(400);
    const html = await (await t.get(`/projects/${id}/indicators`, finance)).text();
    expect(html.indexOf('故障响应时间')).toBeLessThan(html.indexOf('提升群众满意度'));
  });

  it('deletes a row, audited with what it was', async () => {
    const [, , last] = await rowsOf(id);
    const res = await t.post(`/projects/${id}/indicators/${last!.id}/delete`, {}, finance);
    expect(res.status).toBe(303);
    expect((await rowsOf(id)).map((r) => r.id)).not.toContain(last!.id);
    const [ev] = (await auditOf('indicator', last!.id)).filter((e) => e.action === 'delete');
    expect(ev!.before).toMatchObject({ level3: last!.level3 });
    expect((await t.post(`/projects/${id}/indicators/${last!.id}/delete`, {}, finance)).status).toBe(404);
  });

  it('applies the default set only to a project without rows', async () => {
    const refused = await t.post(`/projects/${id}/indicators/defaults`, {}, finance);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain(DEFAULTS_REFUSED);
    const empty = await createProject(t, finance, { name: '综合楼运行经费', year: '2021' });
    const res = await t.post(`/projects/${empty}/indicators/defaults`, {}, admin);
    expect(res.status).toBe(303);
    const rows = await rowsOf(empty);
    expect(rows).toHaveLength(6);
    expect(rows[1]!.expected).toBe('2021年12月31日之前');
    expect((await auditOf('indicator', rows[0]!.id))[0]!.actor).toBe('admin');
  });
});

describe('deductions', () => {
  let id: number;
  beforeAll(async () => { id = await createProject(t, finance, { name: '土地出让工作经费', year: '2021' }); });

  it('adds one, audited, and the report’s score falls by it', async () => {
    const before = (await performanceReport(t.db, id))!.score;
    const res = await t.post(`/projects/${id}/deductions`, { points: '4.15', reason: '年末集中支付，序时进度滞后' }, finance);
    expect(res.status, await res.clone().text()).toBe(303);
    const after = (await performanceReport(t.db, id))!.score;
    expect(after.deductions).toBe(415n);
    expect(after.total).toBe(before.total - 415n);
    const [row] = await t.db.select().from(deductions).where(eq(deductions.projectId, id));
    expect(row).toMatchObject({ points: '4.15', reason: '年末集中支付，序时进度滞后' });
    const [ev] = await auditOf('deduction', row!.id);
    expect(ev).toMatchObject({ action: 'create', actor: 'finance', after: expect.objectContaining({ points: '4.15' }) });
    const html = await (await t.get(`/projects/${id}/indicators`, finance)).text();
    expect(html).toMatch(/id="deductions-total"[^>]*>4\.15</);
    expect(html).toContain('年末集中支付，序时进度滞后');
  });

  it('refuses a duplicate reason and bad points beside the field', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ points: '1', reason: '年末集中支付，序时进度滞后' }, 'reason', DUPLICATE_REASON],
      [{ points: '0', reason: '其他' }, 'points', '扣分应大于0且不超过100'],
      [{ points: '101', reason: '其他' }, 'points', '扣分应大于0且不超过100'],
      [{ points: '1.234', reason: '其他' }, 'points', '扣分应为数，最多两位小数'],
      [{ points: '一分', reason: '其他' }, 'points', '扣分应为数，最多两位小数'],
      [{ points: '', reason: '其他' }, 'points', '请填写扣分'],
      [{ points: '1', reason: '' }, 'reason', '请填写扣分原因'],
    ];
    for (const [form, field, message] of cases) {
      const res = await t.post(`/projects/${id}/deductions`, form, finance);
      expect(res.status, message).toBe(422);
      const html = await res.text();
      expect(besideField(html, field)).toBe(message);
      if (form.reason) expect(html).toContain(`value="${form.reason}"`);
    }
    const inline = await t.post(`/projects/${id}/deductions/validate?field=points`, { points: '0', reason: '' }, finance, { 'HX-Request': 'true' });
    expect(await inline.text()).toContain('扣分应大于0且不超过100');
    expect(await t.db.select().from(deductions).where(eq(deductions.projectId, id))).toHaveLength(1);
  });

  it('deletes one, audited, and the score comes back', async () => {
    const [row] = await t.db.select().from(deductions).where(eq(deductions.projectId, id));
    const res = await t.post(`/projects/${id}/deductions/${row!.id}/delete`, {}, admin);
    expect(res.status).toBe(303);
    expect((await performanceReport(t.db, id))!.score.deductions).toBe(0n);
    const ev = (await auditOf('deduction', row!.id)).find((e) => e.action === 'delete');
    expect(ev!.before).toMatchObject({ reason: '年末集中支付，序时进度滞后' });
    expect((await t.post(`/projects/${id}/deductions/${row!.id}/delete`, {}, admin)).status).toBe(404);
  });
});

describe('who may see and change them', () => {
  let id: number;
  let rowId: number;
  let otherId: number;
  beforeAll(async () => {
    id = await createProject(t, finance, { name: '矿业权出让工作经费', year: '2020' });
    rowId = (await rowsOf(id))[0]!.id;
    const [other] = await t.db.insert(projects).values({ centerId: t.fixture.centers.other, year: 2020, name: '土地出让工作经费' }).returning();
    otherId = other!.id;
  });

  it('lets finance and admin write', async () => {
    for (const cookie of [finance, admin]) {
      const html = await (await t.get(`/projects/${id}/indicators`, cookie)).text();
      expect(html).toContain('新增绩效指标');
      expect(html).toContain(`/projects/${id}/indicators/${rowId}/edit`);
      expect(html).toContain('新增扣分');
    }
  });

  it('lets a leader read but not write', async () => {
    const res = await t.get(`/projects/${id}/indicators`, leader);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('预计完成年度土地（或矿权）出让数');
    expect(html).not.toContain('新增绩效指标');
    expect(html).not.toContain('新增扣分');
    expect(html).not.toContain('/delete');
    for (const path of [`/projects/${id}/indicators`, `/projects/${id}/indicators/${rowId}`, `/projects/${id}/indicators/${rowId}/delete`,
      `/projects/${id}/indicators/${rowId}/position`, `/projects/${id}/indicators/defaults`, `/projects/${id}/deductions`]) {
      expect((await t.post(path, manual(), leader)).status, path).toBe(403);
    }
    expect((await t.get(`/projects/${id}/indicators/${rowId}/edit`, leader)).status).toBe(403);
  });

  it('keeps agencies and trading staff out', async () => {
    for (const cookie of [agency, staff]) {
      expect((await t.get(`/projects/${id}/indicators`, cookie)).status).toBe(403);
      expect((await t.post(`/projects/${id}/indicators`, manual(), cookie)).status).toBe(403);
    }
  });

  it('answers 404 for another center’s project', async () => {
    expect((await t.get(`/projects/${otherId}/indicators`, finance)).status).toBe(404);
    expect((await t.post(`/projects/${otherId}/indicators`, manual(), finance)).status).toBe(404);
    expect((await t.post(`/projects/${otherId}/deductions`, { points: '1', reason: 'x' }, admin)).status).toBe(404);
    expect(await rowsOf(otherId)).toEqual([]);
  });

  it('refuses changes in a closed year with a message, and hides the forms', async () => {
    const old = await createProject(t, finance, { name: '出让工作经费', year: '2017' });
    const [row] = await rowsOf(old);
    await t.db.insert(closedYears).values({ centerId: t.fixture.centers.city, year: 2017 });
    const html = await (await t.get(`/projects/${old}/indicators`, finance)).text();
    expect(html).toContain('2017年度已结账');
    expect(html).not.toContain('新增绩效指标');
    for (const [path, form] of [[`/projects/${old}/indicators`, manual()], [`/projects/${old}/deductions`, { points: '1', reason: 'x' }],
      [`/projects/${old}/indicators/${row!.id}/delete`, {}]] as const) {
      const res = await t.post(path, form, finance);
      expect(res.status, path).toBe(409);
      expect(await res.text()).toContain('2017年度已结账');
    }
    expect(await rowsOf(old)).toHaveLength(6);
  });
});

describe('计入收入类型 of 财政增收 and 按时上缴', () => {
  let id: number;
  beforeAll(async () => {
    id = await createProject(t, finance, { name: '土地出让工作经费', year: '2022' });
    const c = t.fixture.centers.city;
    await t.db.insert(revenueTargets).values({ centerId: c, year: 2022, amount: 2_000_000_00n });
    await t.db.insert(remittances).values([
      { centerId: c, receiptNo: 'RT-1', revenueType: '土地出让收入', amount: 9_000_000_00n, remittedOn: '2022-02-01' },
      { centerId: c, receiptNo: 'RT-2', revenueType: '交易服务费', amount: 1_000_000_00n, remittedOn: '2022-03-01' },
      { centerId: c, receiptNo: 'RT-3', revenueType: '交易服务费', amount: 1_500_000_00n, remittedOn: '2022-05-01' },
    ]);
  });

  it('gives a new project\'s rows the center\'s own 交易服务费, and counts only it', async () => {
    const rows = await rowsOf(id);
    expect(rows.filter((r) => r.revenueTypes !== null).map((r) => [r.rule, r.revenueTypes])).toEqual([['按时上缴', ['交易服务费']], ['财政增收', ['交易服务费']]]);
    const r = (await performanceReport(t.db, id))!;
    expect(r.revenue.remitted).toBe(11_500_000_00n); // the figure counts every type
    expect(r.indicators.find((i) => i.rule === '财政增收')).toMatchObject({ actual: '250.00万元', met: true });
    // The 200万 task is reached by service fees alone on 05-01, not on 02-01 by the land price.
    expect(r.indicators.find((i) => i.rule === '按时上缴')!.actual).toBe('2022年5月1日完成');
    const html = await (await t.get(`/projects/${id}/performance`, finance)).text();
    expect(html).toMatch(/class="revenue-types"><th scope="row">促进财政增收<\/th><td class="num">交易服务费<\/td>/);
  });

  it('asks new work which types it counts, and counts what it is told', async () => {
    const form = await (await t.get(`/projects/${id}/indicators`, finance)).text();
    expect(form).toMatch(/name="revenue_types" value="交易服务费" checked/);
    const row = { level1: '效益指标', level2: '经济效益指标', level3: '出让收入上缴', expected: '完成任务', rule: '财政增收', target_value: '', unit: '元', weight: '0' };
    const none = await t.post(`/projects/${id}/indicators`, row, finance);
    expect(none.status).toBe(422);
    expect(besideField(await none.text(), 'revenue_types')).toContain('请选择计入的收入类型');
    const bogus = await t.post(`/projects/${id}/indicators`, { ...row, revenue_types: '罚没收入' }, finance);
    expect(besideField(await bogus.text(), 'revenue_types')).toContain('收入类型“罚没收入”不存在');
    expect((await t.post(`/projects/${id}/indicators`, { ...row, revenue_types: ['土地出让收入', '交易服务费'] }, finance)).status).toBe(303);
    const r = (await performanceReport(t.db, id))!;
    expect(r.indicators.find((i) => i.level3 === '出让收入上缴')).toMatchObject({ actual: '1150.00万元', revenueTypes: ['土地出让收入', '交易服务费'] });
    // A rule that counts no revenue keeps no types, whatever the form sent.
    expect((await t.post(`/projects/${id}/indicators`, { ...manual({ level3: '另一手工' }), revenue_types: '交易服务费' }, finance)).status).toBe(303);
    expect((await rowsOf(id)).find((x) => x.level3 === '另一手工')!.revenueTypes).toBeNull();
  });
});
