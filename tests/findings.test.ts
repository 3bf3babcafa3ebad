// Issue 14, part 5: 存在的问题 drafted from the records. For the demo the findings are the facts its
// records hold, each linked; a pure test drives every kind, and that a sentence is written only when
// its fact holds.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, loadDemo } from '../src/demo/load';
import { findings, reportFindings, suggestions, type FindingFacts } from '../src/performance/findings';
import { performanceReport, type PerformanceReport } from '../src/performance/report';
import { besideField, createTestApp, type TestApp } from './helpers/app';

let t: TestApp;
let finance: string;
let report: PerformanceReport;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  await loadDemo(t.db);
  finance = await t.signIn('finance', DEMO_PASSWORD);
  const [p] = await t.db.execute<{ id: number }>(sql`select p.id from projects p join centers c on c.id = p.center_id where c.code = 'GYJY' and p.year = 2020`);
  report = (await performanceReport(t.db, p!.id))!;
}, 120_000);
afterAll(() => t.close());

describe('findings of the demo', () => {
  it('are the facts its records hold, each linked to its records, after its own deductions', async () => {
    const id = report.project.id;
    const found = await reportFindings(t.db, report, '2026-12-07');
    expect(found.map((x) => [x.kind, x.href])).toEqual([
      ['deduction', `/projects/${id}/indicators#deduction-table`], ['deduction', `/projects/${id}/indicators#deduction-table`],
      ['deduction', `/projects/${id}/indicators#deduction-table`],
      ['year-end', `/projects/${id}/performance/spent`], ['behind', `/monitoring/projects/${id}`], ['fee-lag', `/projects/${id}/performance/spent`],
      ['target-low', `/projects/${id}/indicators`], ['target-low', `/projects/${id}/indicators`],
    ]);
    // The seed's own deduction "存在年末集中支付情况" is what the payments show: 70.60% in Q4.
    expect(found[3]!.text).toBe('年末集中支付：第四季度支付64.60万元，占全年执行数的70.60%，其中12月支付32.80万元（35.84%）。');
    expect(found[4]!.text).toBe('预算执行进度滞后：2–11月的执行率低于序时进度10个百分点以上。');
    expect(found[5]!.text).toBe('拍卖机构劳务费支付不够及时：四川凤凰山拍卖有限公司6笔平均在成交后35天支付（最长41天）；广元市昭化拍卖有限责任公司6笔平均在成交后70天支付（最长98天）。');
    // "绩效目标还需要进一步细化、量化" in numbers: 17 宗 against 10, 2208万 against 700万.
    expect(found[6]!.text).toBe('目标可能设定偏低：“预计完成年度土地（或矿权）出让数”预期10余宗，实际完成17宗，为目标的170.00%（超出50%以上）。');
    expect(found[7]!.text).toContain('为目标的315.45%');
    expect(suggestions(found)).toHaveLength(5);
  });

  it('show on the report page, each with its link', async () => {
    const html = await (await t.get(`/projects/${report.project.id}/performance`, finance)).text();
    const section = /<section id="findings">[\s\S]*?<\/section>/.exec(html)![0];
    expect(section.match(/<li data-kind=/g)).toHaveLength(8);
    expect(section).toContain(`href="/monitoring/projects/${report.project.id}"`);
  });

  it('follow the center’s margin for a target beaten: at 200% only 财政增收 (315%) is flagged, not 出让宗数 (170%)', async () => {
    await t.db.execute(sql`insert into center_settings (center_id, key, value) values (${report.center.id}, 'target_low_margin_percent', '200'::jsonb)`);
    try {
      const found = await reportFindings(t.db, report, '2026-12-07');
      expect(found.filter((x) => x.kind === 'target-low').map((x) => x.text)).toEqual([expect.stringContaining('“促进财政增收”')]);
    } finally {
      await t.db.execute(sql`delete from center_settings where key = 'target_low_margin_percent'`);
    }
  });
});

describe('the margin as a setting', () => {
  it('is set by an admin for the center (and those below it), refused beside the field when not a number, and followed by the report', async () => {
    const admin = await t.signIn('admin', DEMO_PASSWORD);
    expect((await t.post('/context', { center: String(report.center.id), year: '2020' }, admin)).status).toBe(303);
    const bad = await t.post('/admin/calendar/target-margin', { target_margin: '很多' }, admin);
    expect(bad.status).toBe(422);
    expect(besideField(await bad.text(), 'target_margin')).not.toBe('');
    expect((await t.post('/admin/calendar/target-margin', { target_margin: '200' }, finance)).status).toBe(403);
    expect((await t.post('/admin/calendar/target-margin', { target_margin: '200' }, admin)).status).toBe(303);
    expect((await reportFindings(t.db, report)).filter((x) => x.kind === 'target-low')).toHaveLength(1);
    expect((await t.post('/admin/calendar/target-margin', { target_margin: '50' }, admin)).status).toBe(303);
    expect((await reportFindings(t.db, report)).filter((x) => x.kind === 'target-low')).toHaveLength(2);
  });
});

describe('a finding is written only when its fact holds', () => {
  const months = (spentByMonth: number[], total = 120_00n) => {
    let sum = 0n;
    return spentByMonth.map((v, k) => {
      sum += BigInt(v);
      return { month: k + 1, spent: sum, total, theoretical: (total * BigInt(k + 1)) / 12n, rate: null, theoreticalRate: null };
    });
  };
  const facts = (o: Partial<FindingFacts>): FindingFacts => ({ months: months(Array(12).fill(10_00)), ended: 12, feeLags: [], warnings: 0, targetMargin: 50, ...o });
  const bare = () => ({ ...report, deductions: [], indicators: [] });

  it('says nothing of a year spent evenly, on time, with fees paid within 30 days and no warnings', () => {
    expect(findings(bare(), facts({ feeLags: [{ agency: '甲', payments: 2, averageDays: 30, maxDays: 45 }] }))).toEqual([]);
  });

  it('names 年末集中支付 only past half the year in Q4, and only once the year has ended', () => {
    const bunched = months([...Array(9).fill(0), 40_00, 40_00, 40_00]);
    expect(findings(bare(), facts({ months: bunched })).map((x) => x.kind)).toEqual(['year-end', 'behind']);
    expect(findings(bare(), facts({ months: bunched, ended: 11 })).map((x) => x.kind)).toEqual(['behind']);
    const half = months([10_00, 10_00, 10_00, 10_00, 10_00, 10_00, 10_00, 10_00, 20_00, 20_00, 20_00, 20_00]);
    expect(findings(bare(), facts({ months: half })).map((x) => x.kind)).toEqual([]);
  });

  it('counts imported warnings and unmet rows', () => {
    const unset = { ...report.indicators[0]!, met: false as const, note: '未设目标数值', achievement: null };
    const missed = { ...report.indicators[0]!, level3: '出让宗数', met: false as const, note: null, actual: '8宗', expected: '10余宗', achievement: null };
    const found = findings({ ...bare(), indicators: [unset, missed] }, facts({ warnings: 2 }));
    // A row without a target is a gap in the set-up, not a target missed.
    expect(found.map((x) => [x.kind, x.text])).toEqual([
      ['unjudged', `“${unset.level3}”无法评价：未设目标数值。`], ['unmet', '“出让宗数”未完成（实际8宗，预期10余宗）。'], ['warnings', '导入的历史记录有2条警告，尚待核对。']]);
  });
});
