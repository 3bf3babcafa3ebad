// 存在的问题, drafted from the records. Each finding is a fact the records hold — spending bunched at
// the year's end, months behind 序时进度, agency fees paid long after the deal, a target beaten by far,
// a row not met, warnings on imported records — written only when it holds, with a link to the
// records behind it and the suggestion it calls for. The thresholds below are ours, not a
// regulation's (none we found gives a number); the target margin is a center setting.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { percent } from '../funds/rules';
import { monthlyExecution, spentCondition, type MonthExecution } from '../funds/figures';
import { formatWan } from '../lib/money';
import { todayShanghai } from '../lib/dates';
import { DEFAULT_MARGIN, endedMonths, monthRanges, scheduleOf } from '../monitoring/rules';
import { centerSettings, TARGET_LOW_KEY } from '../calendar/queries';
import { projectWarnings } from '../warnings/queries';
import type { PerformanceReport, ReportIndicator } from './report';
import { formatHundredths } from './rules';

/** More than this share of the year's 执行数 paid in October–December is 年末集中支付 (ours: half). */
export const YEAR_END_SHARE = 5000n;
/** An agency whose 劳务费 came more than this many days after the deal, on average, was paid late (ours). */
export const FEE_LAG_DAYS = 30;

export type FindingKind = 'year-end' | 'behind' | 'fee-lag' | 'target-low' | 'unmet' | 'unjudged' | 'warnings' | 'deduction';

/**
 * A row that could not be judged (no target, no responses, no deals, a unit it cannot read): a gap in
 * the set-up, not a target missed. 按时上缴's notes name what was late, so its row is simply unmet.
 */
export const unjudged = (i: Pick<ReportIndicator, 'met' | 'note' | 'rule'>) => i.met === false && i.note !== null && i.rule !== '按时上缴';

export interface Finding { kind: FindingKind; text: string; href: string }

/** What a finding asks for, once per kind, in the order the findings came. */
export const SUGGESTIONS: Record<FindingKind, string> = {
  'year-end': '均衡预算执行进度，拍卖等工作完成后及时结算支付，避免年末集中支付。',
  behind: '加强预算执行的日常监控，执行进度落后于序时进度时及时分析原因、加快执行。',
  'fee-lag': '按费用支付协议的约定及时结算拍卖机构劳务费，缩短从成交到支付的时间。',
  'target-low': '参照往年实际完成情况设定绩效目标，细化、量化指标值，避免目标设定偏低。',
  unmet: '对未完成的绩效指标逐项分析原因，制定改进措施并跟踪落实。',
  unjudged: '为无法评价的绩效指标补充目标值或评价所需的记录。',
  warnings: '核对导入历史记录中的警告事项，对确有差错的记录另行更正。',
  deduction: '针对扣分事项逐项整改。',
};

export interface FeeLag { agency: string; payments: number; averageDays: number; maxDays: number }

export interface FindingFacts {
  months: readonly MonthExecution[];
  /** Months of the project's year ended by the day the findings are drafted. */
  ended: number;
  feeLags: readonly FeeLag[];
  warnings: number;
  /** Percent above target that makes a row "目标可能设定偏低" (center setting). */
  targetMargin: number;
}

const pct = (h: bigint) => `${formatHundredths(h)}%`;

/** The findings of a report from its facts (pure: the tests drive it directly). */
export function findings(r: PerformanceReport, f: FindingFacts): Finding[] {
  const id = r.project.id;
  const out: Finding[] = [];
  for (const d of r.deductions) out.push({ kind: 'deduction', text: d.reason, href: `/projects/${id}/indicators#deduction-table` });

  const year = f.months[11];
  if (f.ended === 12 && year && year.spent > 0n) {
    const q4 = year.spent - f.months[8]!.spent;
    const dec = year.spent - f.months[10]!.spent;
    const share = percent(q4, year.spent)!;
    if (q4 * 10_000n > YEAR_END_SHARE * year.spent) {
      out.push({
        kind: 'year-end', href: `/projects/${id}/performance/spent`,
        text: `年末集中支付：第四季度支付${formatWan(q4)}万元，占全年执行数的${share}%，其中12月支付${formatWan(dec)}万元（${percent(dec, year.spent)}%）。`,
      });
    }
  }

  const schedule = scheduleOf(f.months, f.ended, DEFAULT_MARGIN);
  if (schedule.behindMonths.length > 0) {
    out.push({
      kind: 'behind', href: `/monitoring/projects/${id}`,
      text: `预算执行进度滞后：${monthRanges(schedule.behindMonths)}的执行率低于序时进度${formatHundredths(DEFAULT_MARGIN).replace(/\.00$/, '')}个百分点以上。`,
    });
  }

  const late = f.feeLags.filter((l) => l.averageDays > FEE_LAG_DAYS);
  if (late.length > 0) {
    out.push({
      kind: 'fee-lag', href: `/projects/${id}/performance/spent`,
      text: `拍卖机构劳务费支付不够及时：${late.map((l) => `${l.agency}${l.payments}笔平均在成交后${l.averageDays}天支付（最长${l.maxDays}天）`).join('；')}。`,
    });
  }

  const margin = BigInt(f.targetMargin) * 100n;
  for (const i of r.indicators) {
    if (i.achievement !== null && i.achievement > 10_000n + margin) {
      out.push({
        kind: 'target-low', href: `/projects/${id}/indicators`,
        text: `目标可能设定偏低：“${i.level3}”预期${i.expected}，实际完成${i.actual}，为目标的${pct(i.achievement)}（超出${f.targetMargin}%以上）。`,
      });
    }
  }
  for (const i of r.indicators) {
    if (unjudged(i)) out.push({ kind: 'unjudged', href: `/projects/${id}/indicators`, text: `“${i.level3}”无法评价：${i.note}。` });
    else if (i.met === false) out.push({ kind: 'unmet', href: `/projects/${id}/performance#completion-table`, text: `“${i.level3}”未完成${i.note ? `：${i.note}` : `（实际${i.actual ?? '—'}，预期${i.expected}）`}。` });
  }

  if (f.warnings > 0) out.push({ kind: 'warnings', href: `/projects/${id}#record-warnings`, text: `导入的历史记录有${f.warnings}条警告，尚待核对。` });
  return out;
}

/** The suggestions the findings call for, one per kind. */
export function suggestions(list: readonly Finding[]): string[] {
  return [...new Set(list.map((x) => x.kind))].map((k) => SUGGESTIONS[k]);
}

/**
 * Days from 成交 to payment of the year's paid 拍卖机构劳务费 of the project, per agency (reversals
 * left out: they correct an amount, not a day).
 */
export async function feeLags(db: DbOrTx, projectId: number): Promise<FeeLag[]> {
  const rows = await db.execute<{ agency: string; n: number; total: number; max: number }>(sql`
    select coalesce(a.name, x.payee) as agency, count(*)::int as n, sum(x.paid_on - t.deal_date)::int as total, max(x.paid_on - t.deal_date)::int as max
    from payments x join projects p on p.id = x.project_id join transfers t on t.id = x.transfer_id left join agencies a on a.id = x.agency_id
    where x.project_id = ${projectId} and x.category = '拍卖机构劳务费' and x.reverses_id is null and t.deal_date is not null
      and ${spentCondition('x', sql`p.year`)}
    group by 1 order by 1`);
  // Half-up to whole days.
  return rows.map((r) => ({ agency: r.agency, payments: r.n, averageDays: Math.floor((2 * r.total + r.n) / (2 * r.n)), maxDays: r.max }));
}

/** The findings of a project's report as the records stand on `today`. */
export async function reportFindings(db: DbOrTx, r: PerformanceReport, today = todayShanghai()): Promise<Finding[]> {
  const [months, lags, warnings, settings] = await Promise.all([
    monthlyExecution(db, r.project.id), feeLags(db, r.project.id), projectWarnings(db, r.project.id),
    centerSettings(db, [r.center.id], [TARGET_LOW_KEY]),
  ]);
  return findings(r, {
    months, ended: endedMonths(r.project.year, today), feeLags: lags, warnings: warnings.length,
    targetMargin: settings.get(r.center.id)![TARGET_LOW_KEY].value,
  });
}
