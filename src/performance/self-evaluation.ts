// The 项目支出绩效自评表 in the layout the provinces ask for (财预〔2020〕10号's 附件 and, closest
// here, Sichuan's 部门预算项目支出绩效自评表 as its counties publish it, e.g. 青神县 2023): 预算执行情况
// with 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 by funding line, then the indicators
// with 指标性质, 年度指标值, 度量单位, 实际完成值, 分值, 得分 and 偏差原因分析及改进措施, then 总分 and 等级.
// Every figure comes from the report (report.ts), as in the seed's table (xlsx.ts); only the layout
// differs. 偏差原因 and the funding lines beyond 财政/上年结转/其他 are not kept yet (issue 16): their
// cells say what the form expects rather than invent it.
import { formatWan } from '../lib/money';
import { fundsBySource } from './sources';
import type { PerformanceReport, ReportIndicator } from './report';
import { formatHundredths, hundredths } from './rules';
import type { IndicatorRule } from '../../db/schema';
import { unjudged } from './findings';
import { cell, indicatorActual, money, tableWorkbook, type TableModel, type TableRow } from './xlsx';

/** Eleven columns: the section title, then ten (the indicator block uses all ten, the funds block eight). */
export const SELF_EVALUATION_COLUMNS = 11;
const WIDTHS = [12, 12, 12, 18, 8, 12, 8, 16, 8, 8, 22];

export type Nature = '≥' | '≤' | '=' | '定性';

/** The direction a computed rule judges by (REPORTING.md "Indicators"), and the unit of its 年度指标值. */
const RULE_FORM: Record<Exclude<IndicatorRule, '手工'>, { nature: Nature; unit: string | null }> = {
  出让宗数: { nature: '≥', unit: '宗' }, 财政增收: { nature: '≥', unit: '万元' }, 按时上缴: { nature: '定性', unit: null },
  工作经费: { nature: '≤', unit: '万元' }, 拍卖机构满意度: { nature: '≥', unit: '%' }, 预算执行率: { nature: '≥', unit: '%' },
  溢价率: { nature: '≥', unit: '%' }, 流拍率: { nature: '≤', unit: '%' }, 出让面积: { nature: '≥', unit: null },
};

/**
 * 指标性质 of a 手工 row, read from its 预期指标值 as typed: ≥ / 以上 / 不低于 / 余 → ≥; ≤ / 以内 / 以下 /
 * 不超过 / 低于 → ≤; = → =; anything without a number is 定性. (Issue 16 keeps a direction per row.)
 */
export function natureOfText(expected: string): Nature {
  if (!/\d/.test(expected)) return '定性';
  if (/[≤<]|以内|以下|不超过|不高于|低于/.test(expected)) return '≤';
  if (/[≥>]|以上|不低于|不少于|超过|余/.test(expected)) return '≥';
  if (/[=＝]/.test(expected)) return '=';
  return '定性';
}

/** 指标性质, 年度指标值 and 度量单位 of a row. */
export function indicatorForm(i: Pick<ReportIndicator, 'rule' | 'expected' | 'targetValue' | 'unit'>): { nature: Nature; value: string; unit: string } {
  if (i.rule === '手工') return { nature: natureOfText(i.expected), value: i.expected, unit: i.unit ?? '' };
  const form = RULE_FORM[i.rule];
  if (i.targetValue === null || form.nature === '定性') return { nature: form.nature, value: i.expected, unit: form.unit ?? i.unit ?? '' };
  // 财政增收 and 工作经费 keep their targets in 元: the form speaks 万元.
  const value = form.unit === '万元' ? formatWan(hundredths(i.targetValue)) : i.targetValue.replace(/\.00$/, '');
  return { nature: form.nature, value, unit: form.unit ?? i.unit ?? '' };
}

const pts = (h: bigint) => formatHundredths(h);
const slash = () => cell('/', 'amount');

/** The 预算执行情况 block's 原因 cell: what the form asks to be explained, from the figures. */
function executionReason(r: PerformanceReport): string {
  const notes: string[] = [];
  const rate = r.funds.executionRate;
  if (rate !== null && hundredths(rate) < 9000n) notes.push(`预算执行率${rate}%，未达到90%，须说明原因`);
  if (r.funds.adjustments !== 0n) notes.push(`年中预算${r.funds.adjustments > 0n ? `追加${formatWan(r.funds.adjustments)}` : `调减${formatWan(-r.funds.adjustments)}`}万元，须单独说明理由`);
  if (r.funds.carriedOver !== 0n) notes.push(`含上年结转${formatWan(r.funds.carriedOver)}万元`);
  return notes.join('；');
}

export function selfEvaluationTable(r: PerformanceReport, o: { department: string | null }): TableModel {
  const split = fundsBySource(r.funds);
  const f = r.funds;
  const rows: TableRow[] = [
    [cell('项目名称', 'label'), cell(r.project.name, 'text', 10)],
    [cell('主管部门', 'label'), cell(o.department ?? '', 'text', 4), cell('实施单位', 'label', 2), cell(r.project.budgetUnit ?? r.center.name, 'text', 4)],
    [cell('预算执行情况（万元）', 'label', 1, 5), cell('', 'head'), cell('年初预算数', 'head'), cell('全年预算数', 'head'), cell('全年执行数', 'head'),
      cell('分值', 'head'), cell('执行率', 'head'), cell('得分', 'head'), cell('原因说明', 'head', 3)],
    [cell('年度资金总额', 'label'), money(f.initial), money(f.total), money(f.spent), cell('10.00', 'amount'),
      cell(f.executionRate === null ? '—' : `${f.executionRate}%`, 'amount'), cell(pts(r.score.execution), 'amount'), cell(executionReason(r), 'text', 3, 4)],
    [cell('其中：当年财政拨款', 'label'), money(split.initial.fiscal), money(split.total.fiscal > f.carriedOver ? split.total.fiscal - f.carriedOver : 0n), money(split.spent.fiscal), slash(), slash(), slash()],
    [cell('上年结转资金', 'label'), slash(), money(f.carriedOver), slash(), slash(), slash(), slash()],
    [cell('其他资金', 'label'), money(split.initial.other), money(split.total.other), money(split.spent.other), slash(), slash(), slash()],
    [cell('年度总体目标', 'label', 1, 2), cell('预期目标', 'head', 5), cell('实际完成情况', 'head', 5)],
    [cell(r.project.target, 'text', 5), cell(r.narrative ?? r.project.actualGoal, 'text', 5)],
  ];
  const n = Math.max(r.indicators.length, 1);
  rows.push([
    cell('绩效指标', 'label', 1, n + 1), cell('一级指标', 'head'), cell('二级指标', 'head'), cell('三级指标', 'head'), cell('指标性质', 'head'),
    cell('年度指标值', 'head'), cell('度量单位', 'head'), cell('实际完成值', 'head'), cell('分值', 'head'), cell('得分', 'head'), cell('偏差原因分析及改进措施', 'head'),
  ]);
  if (r.indicators.length === 0) rows.push([cell('（尚未设定绩效指标）', 'text', 10)]);
  for (const i of r.indicators) {
    const form = indicatorForm(i);
    // A row not met asks for its reason; the records do not hold one yet (issue 16).
    const deviation = i.met !== false ? ''
      : unjudged(i) ? `无法评价：${i.note}，须补充` : `未完成${i.note ? `：${i.note}` : ''}，须分析原因并提出改进措施`;
    rows.push([cell(i.level1, 'text'), cell(i.level2, 'text'), cell(i.level3, 'text'), cell(form.nature, 'amount'), cell(form.value, 'text'),
      cell(form.unit, 'amount'), cell(indicatorActual(i), 'text'), cell(pts(hundredths(i.weight)), 'amount'), cell(pts(i.points), 'amount'), cell(deviation, 'text')]);
  }
  r.deductions.forEach((d, k) => {
    const label = k === 0 ? [cell('扣分', 'label', 1, r.deductions.length)] : [];
    rows.push([...label, cell(`${k + 1}.${d.reason}`, 'text', 8), cell(`-${pts(d.points)}`, 'amount'), cell('', 'text')]);
  });
  rows.push([cell('总分', 'label'), cell(r.deductions.length === 0 ? '预算执行情况得分 + 绩效指标得分' : '预算执行情况得分 + 绩效指标得分 − 扣分', 'text', 7),
    cell(pts(1000n + r.weights), 'amount'), cell(pts(r.score.total), 'amount'), cell('', 'text')]);
  rows.push([cell('等级', 'label'), cell(`${r.score.grade}（优≥90分，良≥80分，中≥60分，差<60分）`, 'text', 10)]);
  return { columns: SELF_EVALUATION_COLUMNS, rows };
}

export const selfEvaluationTitles = (r: PerformanceReport) => ['项目支出绩效自评表', `（${r.project.year}年度）`] as const;

export async function selfEvaluationXlsx(r: PerformanceReport, o: { department: string | null }): Promise<Buffer> {
  return tableWorkbook({
    title: `${r.project.name}项目支出绩效自评表（${r.project.year}年度）`, sheet: '项目支出绩效自评表', widths: WIDTHS,
    titles: selfEvaluationTitles(r), models: [selfEvaluationTable(r, o)], orientation: 'landscape',
  });
}
