// The funds figures of a project (REPORTING.md): one function per figure family, called by every
// page, export, API and CLI that shows them. Amounts are bigint 分; rates are strings "91.50".
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { percent, theoreticalByMonth } from './rules';

/**
 * The payments `spent` counts (REPORTING.md): paid (reversals included, so they net out), 支付日期 in
 * the project's year. The one definition, for the sums here and the list behind the figure.
 */
export const spentCondition = (pay: string, year: SQL) => {
  const a = sql.raw(pay);
  return sql`${a}.status = '已支付' and ${a}.paid_on >= make_date(${year}, 1, 1) and ${a}.paid_on < make_date(${year} + 1, 1, 1)`;
};

export interface ProjectFunds {
  initial: bigint;
  /** 上年结转: the balance of the year before carried into this project (its 结转, src/funds/balances.ts). */
  carriedOver: bigint;
  adjustments: bigint; total: bigint; arrived: bigint; arrivedFiscal: bigint; arrivedOther: bigint;
  spent: bigint; executionRate: string | null; arrivalRate: string | null;
}

/**
 * initial = Σ 年初预算; carriedOver = Σ 上年结转; adjustments = Σ 追加 − Σ 调减; total = initial + carriedOver + adjustments;
 * arrived = Σ 资金到位; spent = Σ paid payments (reversals included) with 支付日期 in the project's year.
 */
export async function projectFunds(db: DbOrTx, projectId: number): Promise<ProjectFunds> {
  const [r] = await db.execute<Sums>(sql`
    select
      coalesce((select sum(amount) from budget_entries where project_id = p.id and kind = '年初预算'), 0)::text as initial,
      coalesce((select sum(amount) from budget_entries where project_id = p.id and kind = '上年结转'), 0)::text as carried,
      coalesce((select sum(case kind when '追加' then amount when '调减' then -amount else 0 end) from budget_entries where project_id = p.id), 0)::text as adjustments,
      coalesce((select sum(amount) from fund_arrivals where project_id = p.id), 0)::text as arrived,
      coalesce((select sum(amount) from fund_arrivals where project_id = p.id and source = '财政拨款'), 0)::text as arrived_fiscal,
      coalesce((select sum(y.amount) from payments y where y.project_id = p.id and ${spentCondition('y', sql`p.year`)}), 0)::text as spent
    from projects p where p.id = ${projectId}`);
  if (!r) throw new Error(`project ${projectId} not found`);
  return fundsFromSums(r);
}

/** The derived figures from the sums (as text from SQL): the one place total and the rates are made. */
type Sums = { initial: string; carried: string; adjustments: string; arrived: string; arrived_fiscal: string; spent: string };

function fundsFromSums(r: Sums): ProjectFunds {
  const initial = BigInt(r.initial);
  const carriedOver = BigInt(r.carried);
  const adjustments = BigInt(r.adjustments);
  const total = initial + carriedOver + adjustments;
  const arrived = BigInt(r.arrived);
  const arrivedFiscal = BigInt(r.arrived_fiscal);
  const spent = BigInt(r.spent);
  return {
    initial, carriedOver, adjustments, total, arrived, arrivedFiscal, arrivedOther: arrived - arrivedFiscal, spent,
    executionRate: percent(spent, total), arrivalRate: percent(arrived, total),
  };
}

export interface ProjectWithFunds { id: number; name: string; year: number; budgetUnit: string | null; centerId: number; funds: ProjectFunds }

/**
 * The projects of a center (of one year, or all years) with the same figures as projectFunds, in
 * one statement whatever the number of projects: grouped sums joined once, not a query per row.
 * A test holds the two to the same numbers.
 */
export async function projectFundsList(db: DbOrTx, centerId: number, year?: number): Promise<ProjectWithFunds[]> {
  return fundsOf(db, sql`p.center_id = ${centerId} ${year === undefined ? sql`` : sql`and p.year = ${year}`}`);
}

/** The same figures for the projects of several centers (a department and the centers below it). */
export async function projectFundsOfCenters(db: DbOrTx, centerIds: number[], year?: number): Promise<ProjectWithFunds[]> {
  if (centerIds.length === 0) return [];
  return fundsOf(db, sql`p.center_id in ${centerIds} ${year === undefined ? sql`` : sql`and p.year = ${year}`}`);
}

/** The same figures for the given projects, in one statement. */
export async function projectFundsByIds(db: DbOrTx, ids: number[]): Promise<ProjectWithFunds[]> {
  if (ids.length === 0) return [];
  return fundsOf(db, sql`p.id in ${ids}`);
}

async function fundsOf(db: DbOrTx, where: SQL): Promise<ProjectWithFunds[]> {
  const rows = await db.execute<Sums & { id: number; name: string; year: number; budget_unit: string | null; center_id: number }>(sql`
    select p.id, p.name, p.year, p.budget_unit, p.center_id,
      coalesce(b.initial, 0)::text as initial,
      coalesce(b.carried, 0)::text as carried,
      coalesce(b.adjustments, 0)::text as adjustments,
      coalesce(a.arrived, 0)::text as arrived,
      coalesce(a.arrived_fiscal, 0)::text as arrived_fiscal,
      coalesce(x.spent, 0)::text as spent
    from projects p
      left join lateral (select
                   sum(amount) filter (where kind = '年初预算') as initial,
                   sum(amount) filter (where kind = '上年结转') as carried,
                   sum(case kind when '追加' then amount when '调减' then -amount else 0 end) as adjustments
                 from budget_entries where project_id = p.id) b on true
      left join lateral (select sum(amount) as arrived, sum(amount) filter (where source = '财政拨款') as arrived_fiscal
                 from fund_arrivals where project_id = p.id) a on true
      left join lateral (select sum(y.amount) as spent from payments y
                 where y.project_id = p.id and ${spentCondition('y', sql`p.year`)}) x on true
    where ${where}
    order by p.year desc, p.name`);
  return rows.map((r) => ({ id: r.id, name: r.name, year: r.year, budgetUnit: r.budget_unit, centerId: r.center_id, funds: fundsFromSums(r) }));
}

export interface MonthExecution {
  month: number;
  /** Spent up to the end of the month (paid payments, reversals included). */
  spent: bigint;
  /** The total budget as it stood at the end of the month. */
  total: bigint;
  /** 序时进度: total × m / 12. */
  theoretical: bigint;
  /** spent / total × 100 at the end of the month; null while the total is 0. */
  rate: string | null;
  /** theoretical / total × 100 = m / 12 × 100. */
  theoreticalRate: string | null;
}

/** monthly[m] of REPORTING.md, for m = 1…12, in one statement. */
export async function monthlyExecution(db: DbOrTx, projectId: number): Promise<MonthExecution[]> {
  const rows = await db.execute<{ m: number; spent: string; total: string }>(sql`
    with p as (select id, year from projects where id = ${projectId}),
    months as (select m, (make_date(p.year, m, 1) + interval '1 month')::date as month_end from p, generate_series(1, 12) m)
    select m,
      coalesce((select sum(amount) from payments x, p where x.project_id = p.id and x.status = '已支付'
                 and x.paid_on >= make_date(p.year, 1, 1) and x.paid_on < months.month_end), 0)::text as spent,
      coalesce((select sum(case kind when '调减' then -amount else amount end) from budget_entries b, p
                 where b.project_id = p.id and b.entry_date < months.month_end), 0)::text as total
    from months order by m`);
  return rows.map((r) => monthFigures(r.m, BigInt(r.spent), BigInt(r.total)));
}

/**
 * The figures of month m from what was spent up to its end and the total as it stood then.
 * The 序时进度率 is m / 12 × 100, rounded once: it is NOT derived from `theoretical`, which is
 * already rounded to the 分 (with a total of 0.10 元, January's theoretical is 0.01 元, but its
 * rate is 8.33%, not 10.00%).
 */
export function monthFigures(month: number, spent: bigint, total: bigint): MonthExecution {
  return {
    month, spent, total, theoretical: theoreticalByMonth(total, month),
    rate: percent(spent, total), theoreticalRate: total === 0n ? null : percent(BigInt(month), 12n),
  };
}
