// The performance report of a project, computed from the records each time (REPORTING.md): the
// one function that the page, the JSON API, the CLI, the exports and the project list call.
// `performanceReports` computes many projects in a fixed number of statements, whatever their count.
import { asc, inArray, sql } from 'drizzle-orm';
import { deductions as deductionsTable, indicators as indicatorsTable, type IndicatorRule } from '../../db/schema';
import type { DbOrTx } from '../db';
import { projectFundsByIds, type ProjectFunds } from '../funds/figures';
import { contractStandings, dueInYear, type DueInstalment } from '../contracts/standing';
import { todayShanghai } from '../lib/dates';
import { feesDueInYear, receiptStatuses, type ReceiptStatus } from '../service-fees/receipts';
import { figuresOf, statRoundsFor } from '../statistics/deals';
import { fenToYuan } from '../lib/money';
import { remittanceDaysFor, revenueFiguresFor, type RevenueFigures } from '../revenue/queries';
import { pairKey, satisfactionFiguresFor, transferFiguresFor, type SatisfactionFigures, type TransferFigures } from './figures';
import {
  achievement, defaultLandIndicators, evaluateIndicator, REVENUE_TYPE_RULES, formatHundredths, hundredths, isTransferProject, narrative, score, type IndicatorDef, type IndicatorOutcome, type RuleFigures, type Score,
} from './rules';

export interface ReportIndicator extends IndicatorDef, IndicatorOutcome {
  id: number; position: number;
  /** actual ÷ target × 100 in hundredths of a percent, for a more-is-better row with a target (rules.ts achievement). */
  achievement: bigint | null;
}
export interface ReportDeduction { id: number; points: bigint; reason: string }

export interface PerformanceReport {
  project: { id: number; name: string; year: number; budgetUnit: string | null; target: string | null; actualGoal: string | null };
  center: { id: number; code: string; name: string };
  funds: ProjectFunds;
  transfers: TransferFigures;
  revenue: RevenueFigures;
  /** The instalments due in the year (按时上缴's second half), with whether each was paid on time. */
  dueInstalments: DueInstalment[];
  /** The 交易服务费 collected whose 上缴时限 falls in the year, with whether each was remitted by it. */
  dueFees: ReceiptStatus[];
  satisfaction: SatisfactionFigures;
  indicators: ReportIndicator[];
  deductions: ReportDeduction[];
  score: Score;
  /** Σ 权重 of the indicator rows (hundredths): 90.00 when the set is complete. */
  weights: bigint;
  /** True when the project has no indicator rows of its own and is judged by the default land set. */
  defaultIndicators: boolean;
  narrative: string | null;
}

/** A decimal as the numeric(…, 2) columns give it back ("20" → "20.00"), so a default row reads like a stored one. */
const asStored = (v: string | null) => (v === null ? null : formatHundredths(hundredths(v)));

/** Σ 权重 of a complete indicator set: 90.00 (the other 10 points are the execution score). */
export const COMPLETE_WEIGHTS = 9000n;

/** The reports of the given projects, in the order given (unknown ids are left out). */
export async function performanceReports(db: DbOrTx, projectIds: number[]): Promise<PerformanceReport[]> {
  const ids = [...new Set(projectIds)];
  if (ids.length === 0) return [];
  const meta = await db.execute<{
    id: number; name: string; year: number; budget_unit: string | null; target: string | null; actual_goal: string | null;
    center_id: number; code: string; center_name: string;
  }>(sql`
    select p.id, p.name, p.year, p.budget_unit, p.target, p.actual_goal, c.id as center_id, c.code, c.name as center_name
    from projects p join centers c on c.id = p.center_id where p.id in ${ids}`);
  if (meta.length === 0) return [];
  const pairs = meta.map((m) => ({ centerId: m.center_id, year: m.year }));
  const centerIds = [...new Set(meta.map((m) => m.center_id))];
  const [funds, transfers, revenue, satisfaction, indicatorRows, deductionRows, standings, days, dealRounds, receipts] = await Promise.all([
    projectFundsByIds(db, ids),
    transferFiguresFor(db, pairs),
    revenueFiguresFor(db, pairs),
    satisfactionFiguresFor(db, pairs),
    db.select().from(indicatorsTable).where(inArray(indicatorsTable.projectId, ids)).orderBy(asc(indicatorsTable.position), asc(indicatorsTable.id)),
    db.select().from(deductionsTable).where(inArray(deductionsTable.projectId, ids)).orderBy(asc(deductionsTable.id)),
    // Whether each instalment was paid by its due day, as the records stand today.
    contractStandings(db, centerIds, todayShanghai(),
      { dueFrom: `${Math.min(...meta.map((m) => m.year))}-01-01`, dueTo: `${Math.max(...meta.map((m) => m.year))}-12-31` }),
    remittanceDaysFor(db, pairs),
    statRoundsFor(db, pairs),
    // Whether each 交易服务费 collected was remitted by its 上缴时限, likewise today.
    receiptStatuses(db, centerIds, todayShanghai()),
  ]);
  const fundsById = new Map(funds.map((f) => [f.id, f.funds]));
  const byId = new Map(meta.map((m) => {
    const key = pairKey(m.center_id, m.year);
    const f = fundsById.get(m.id)!;
    const t = transfers.get(key)!;
    const r = revenue.get(key)!;
    const s = satisfaction.get(key)!;
    const dueInstalments = dueInYear(standings.filter((x) => x.centerId === m.center_id), m.year);
    const dueFees = feesDueInYear(receipts.filter((x) => x.centerId === m.center_id), m.year);
    const fig: RuleFigures = {
      year: m.year, total: f.total, spent: f.spent, sold: t.sold, soldLand: t.soldLand, soldMineral: t.soldMineral,
      remitted: r.remitted, revenueTarget: r.target, targetReachedOn: r.targetReachedOn, dueInstalments, dueFees, remittanceDays: days.get(key)!, deals: figuresOf(dealRounds.get(key)!), responses: s.responses, satisfied: s.satisfied,
    };
    const entered = indicatorRows.filter((i) => i.projectId === m.id);
    // A transfer project nobody has given indicators yet (an imported ledger without a 绩效指标
    // sheet, a project from before indicators existed) is judged by the default set, and says so.
    const defaulted = entered.length === 0 && isTransferProject(m.name);
    const defs: (IndicatorDef & { id: number; position: number })[] = defaulted
      // History: the default set counts every type, as the figures did before types were chosen.
      ? defaultLandIndicators(m.year, null).map((d, i) => ({ ...d, id: 0, position: i, weight: asStored(d.weight)!, targetValue: asStored(d.targetValue) }))
      : entered.map((i) => ({
        id: i.id, position: i.position, level1: i.level1, level2: i.level2, level3: i.level3, expected: i.expected, rule: i.rule,
        targetValue: i.targetValue, unit: i.unit, manualActual: i.manualActual, manualPoints: i.manualPoints, weight: i.weight, revenueTypes: i.revenueTypes,
      }));
    const rows: ReportIndicator[] = defs.map((def) => ({ ...def, ...evaluateIndicator(def, fig), achievement: achievement(def, fig) }));
    const taken = deductionRows.filter((d) => d.projectId === m.id).map((d) => ({ id: d.id, points: hundredths(d.points), reason: d.reason }));
    const report: PerformanceReport = {
      project: { id: m.id, name: m.name, year: m.year, budgetUnit: m.budget_unit, target: m.target, actualGoal: m.actual_goal },
      center: { id: m.center_id, code: m.code, name: m.center_name },
      funds: f, transfers: t, revenue: r, dueInstalments, dueFees, satisfaction: s, indicators: rows, deductions: taken,
      score: score(f.spent, f.total, rows.map((x) => x.points), taken.map((d) => d.points)),
      weights: rows.reduce((a, x) => a + hundredths(x.weight), 0n),
      defaultIndicators: defaulted,
      narrative: narrative(rows.map((x) => x.rule as IndicatorRule), fig, m.actual_goal),
    };
    return [m.id, report] as const;
  }));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function performanceReport(db: DbOrTx, projectId: number): Promise<PerformanceReport | null> {
  return (await performanceReports(db, [projectId]))[0] ?? null;
}

/** The project of a center (by code), year and name, or null. */
export async function findProjectByKey(db: DbOrTx, centerCode: string, year: number, name: string) {
  const [row] = await db.execute<{ id: number; center_id: number }>(sql`
    select p.id, p.center_id from projects p join centers c on c.id = p.center_id
    where c.code = ${centerCode} and p.year = ${year} and p.name = ${name}`);
  return row ?? null;
}

// ─── The report as data (REPORTING.md "The report as data") ────────────────────────────────────

const yuan = (v: bigint | null) => (v === null ? null : fenToYuan(v));
const pts = (v: bigint) => formatHundredths(v);

/** The JSON of REPORTING.md: amounts as 元 strings, rates and points as two-decimal strings, null when none. */
export function reportJson(r: PerformanceReport) {
  return {
    center: r.center.code,
    year: r.project.year,
    project: r.project.name,
    budgetUnit: r.project.budgetUnit,
    funds: {
      initial: yuan(r.funds.initial), carriedOver: yuan(r.funds.carriedOver), adjustments: yuan(r.funds.adjustments), total: yuan(r.funds.total),
      arrived: yuan(r.funds.arrived), spent: yuan(r.funds.spent),
      executionRate: r.funds.executionRate, arrivalRate: r.funds.arrivalRate,
    },
    transfers: { sold: r.transfers.sold, failed: r.transfers.failed, organised: r.transfers.organised, dealValue: yuan(r.transfers.dealValue) },
    revenue: { target: yuan(r.revenue.target), remitted: yuan(r.revenue.remitted), targetReachedOn: r.revenue.targetReachedOn },
    dueInstalments: r.dueInstalments.map((i) => ({
      contract: i.contractNo, transferId: i.transferId, seq: i.seq, dueOn: i.dueOn, amount: yuan(i.amount), paid: yuan(i.paid),
      settledOn: i.settledOn, onTime: i.onTime, lateDays: i.lateDays, overdueDays: i.overdueDays,
    })),
    dueFees: r.dueFees.map((x) => ({
      invoice: x.receipt.invoiceNo, transferId: x.transferId, code: x.code, collectedOn: x.receipt.collectedOn, amount: yuan(x.receipt.amount),
      dueOn: x.dueOn, remitted: yuan(x.remitted), remittedOn: x.remittedOn, onTime: x.onTime, overdueDays: x.overdueDays,
    })),
    satisfaction: { responses: r.satisfaction.responses, rate: r.satisfaction.rate },
    indicators: r.indicators.map((i) => ({
      level1: i.level1, level2: i.level2, level3: i.level3, target: i.expected, rule: i.rule,
      targetValue: i.targetValue, unit: i.unit, actual: i.actual, met: i.met, weight: i.weight, points: pts(i.points),
      ...(REVENUE_TYPE_RULES.includes(i.rule) ? { revenueTypes: i.revenueTypes ?? 'all' } : {}),
    })),
    indicatorSet: r.defaultIndicators ? 'default' : 'entered',
    deductions: r.deductions.map((d) => ({ points: pts(d.points), reason: d.reason })),
    score: {
      execution: pts(r.score.execution), indicators: pts(r.score.indicators), deductions: pts(r.score.deductions),
      total: pts(r.score.total), grade: r.score.grade,
    },
    narrative: r.narrative,
  };
}
export type ReportJson = ReturnType<typeof reportJson>;
