// 绩效指标: 中心编码*, 年度*, 项目名称*, 一级指标*, 二级指标*, 三级指标*, 预期指标值*, 计算规则*, 目标数值,
// 单位, 实际完成值, 得分, 权重*, 计入收入类型. Key 中心编码 + 年度 + 项目名称 + 三级指标.
// 计入收入类型 (财政增收/按时上缴 only: `土地出让收入、交易服务费`) may be empty on history: all types count.
//
// A row of the project's 绩效指标完成情况 table. 计算规则, 目标数值, 实际完成值, 得分 and 权重 are checked
// by indicatorProblems (src/performance/rules.ts), the function the web form uses, and each problem
// is reported on its own column. The rows decide the project's score, so nothing of an existing row
// updates by import; and no new row goes into a year the center has closed. New rows of a project
// come after its existing ones, in the order of the file (indicators.position).
import { sql } from 'drizzle-orm';
import { indicators } from '../../../db/schema';
import type { IndicatorRule } from '../../../db/schema';
import { formatHundredths, hundredths, indicatorProblems, normalizeTarget, parseRevenueTypes, REVENUE_TYPE_RULES, revenueTypesText, type IndicatorValues } from '../../performance/rules';
import { insertRecords, intList } from '../batch';
import { integer, text } from '../cells';
import { inClosedYearOf, lockOpenYears, lockProjects, rowsWithProjects, type ProjectRef } from '../funds';
import type { View } from '../run';
import { defineSheet, opt, req, type ParsedRow, type RowOf } from '../sheet';

const columns = {
  centerCode: req('中心编码', text),
  year: req('年度', integer(1990, 2200)),
  projectName: req('项目名称', text),
  level1: req('一级指标', text),
  level2: req('二级指标', text),
  level3: req('三级指标', text),
  expected: req('预期指标值', text),
  // Kept as typed: indicatorProblems judges them, with the web form's messages.
  rule: req('计算规则', text),
  targetValue: opt('目标数值', text),
  unit: opt('单位', text),
  manualActual: opt('实际完成值', text),
  manualPoints: opt('得分', text),
  weight: req('权重', text),
  revenueTypes: opt('计入收入类型', text),
};

type Indicator = RowOf<typeof columns>;

/** The column each field of indicatorProblems is reported on. */
const HEADERS: Record<keyof IndicatorValues, string> = {
  rule: '计算规则', targetValue: '目标数值', manualActual: '实际完成值', manualPoints: '得分', weight: '权重', unit: '单位',
};

/** `20`, `20.0` and the database's `20.00` alike, as the table shows them: `20.00`. Rows here passed indicatorProblems. */
const decimalText = (v: string | null) => (v === null ? null : formatHundredths(hundredths(v)));

const view = (i: {
  level1: string; level2: string; expected: string; rule: string; targetValue: string | null; unit: string | null;
  manualActual: string | null; manualPoints: string | null; weight: string; revenueTypes: string | readonly string[] | null | undefined;
}): View => ({
  一级指标: i.level1, 二级指标: i.level2, 预期指标值: i.expected, 计算规则: i.rule, 目标数值: decimalText(i.targetValue), 单位: i.unit,
  实际完成值: i.manualActual, 得分: decimalText(i.manualPoints), 权重: decimalText(i.weight),
  计入收入类型: (() => { const t = parseRevenueTypes(i.revenueTypes).types; return t ? revenueTypesText(t) : null; })(),
});

export const indicatorsSheet = defineSheet({
  name: '绩效指标',
  entity: 'indicator',
  columns,
  key: ['centerCode', 'year', 'projectName', 'level3'],
  check(row, bad) {
    // Without a 计算规则 the other fields cannot be judged; its emptiness is reported already.
    if (row.rule === undefined) return;
    // A money target is read like every amount of the ledger (`7,000,000.00`); the row keeps that reading.
    row.targetValue = normalizeTarget(row.rule, row.targetValue ?? null);
    const problems = indicatorProblems({
      rule: row.rule, targetValue: row.targetValue ?? null, manualActual: row.manualActual ?? null, manualPoints: row.manualPoints ?? null, unit: row.unit ?? null,
      // An empty 权重 is reported already; 100 (the most a weight can be) proves nothing against the rest.
      weight: row.weight ?? '100',
    });
    for (const [field, message] of Object.entries(problems) as [keyof IndicatorValues, string][]) bad(HEADERS[field], message);
    const { problem, types } = parseRevenueTypes(row.revenueTypes);
    if (problem) bad('计入收入类型', problem);
    else if (types && !REVENUE_TYPE_RULES.includes(row.rule as IndicatorRule)) bad('计入收入类型', '只有财政增收、按时上缴指标可以填写计入收入类型');
  },
  async apply(run, rows) {
    const { items } = await rowsWithProjects(run, rows);

    // The web's writes to a project's rows take the year lock and then the project row before they
    // read the rows and put a new one after them (src/performance/indicator-queries.ts): so does this.
    const closed = await lockOpenYears(run.tx, items.map(({ project }) => ({ centerId: project.centerId, year: project.year })));
    const projectIds = [...new Set(items.map((i) => i.project.id))];
    await lockProjects(run.tx, projectIds);
    const existing = new Map<string, typeof indicators.$inferSelect>();
    const lastPosition = new Map<number, number>();
    for (const e of await run.tx.select().from(indicators).where(sql`${indicators.projectId} in ${intList(projectIds)}`)) {
      existing.set(`${e.projectId}|${e.level3}`, e);
      lastPosition.set(e.projectId, Math.max(lastPosition.get(e.projectId) ?? 0, e.position));
    }

    const fresh: typeof items = [];
    for (const item of items) {
      const e = existing.get(`${item.project.id}|${item.row.value.level3}`);
      if (!e) fresh.push(item);
      else if (run.compare(item.row, view(item.row.value), view(e)) === 'unchanged') run.unchanged++;
    }

    const creates: { row: ParsedRow<Indicator>; project: ProjectRef; position: number }[] = [];
    for (const { row, project } of fresh) {
      if (inClosedYearOf(run, row, closed, project.centerId, project.year)) continue;
      const position = (lastPosition.get(project.id) ?? 0) + 1;
      lastPosition.set(project.id, position);
      creates.push({ row, project, position });
    }

    const inserted = await insertRecords<{ id: number; project_id: number; level3: string }>(run.tx, indicators,
      'project_id int, position int, level1 text, level2 text, level3 text, expected text, rule text, target_value numeric, unit text, '
      + 'manual_actual text, manual_points numeric, weight numeric, revenue_types text[]',
      creates.map(({ row: { value: v }, project, position }) => ({
        project_id: project.id, position, level1: v.level1, level2: v.level2, level3: v.level3, expected: v.expected, rule: v.rule,
        target_value: v.targetValue, unit: v.unit, manual_actual: v.manualActual, manual_points: v.manualPoints, weight: v.weight,
        revenue_types: parseRevenueTypes(v.revenueTypes).types,
      })),
      'id, project_id, level3');
    const idOf = new Map(inserted.map((i) => [`${i.project_id}|${i.level3}`, i.id]));
    for (const { row: { value: v }, project, position } of creates) {
      run.audit({
        action: 'import-create', entityId: idOf.get(`${project.id}|${v.level3}`)!, centerId: project.centerId,
        after: {
          projectId: project.id, project: `${project.year}年 ${project.name}`, position, level1: v.level1, level2: v.level2, level3: v.level3,
          expected: v.expected, rule: v.rule, targetValue: v.targetValue, unit: v.unit, manualActual: v.manualActual, manualPoints: v.manualPoints, weight: v.weight,
          revenueTypes: parseRevenueTypes(v.revenueTypes).types,
        },
      });
      run.created++;
    }
  },
});
