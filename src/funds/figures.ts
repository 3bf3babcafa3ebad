// The funds figures of a project (REPORTING.md): one function per figure family, called by every
// page, export, API and CLI that shows them. Amounts are bigint 分; rates are strings "91.50".
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { percent, theoreticalByMonth } from './rules';

export interface ProjectFunds {
  initial: bigint; adjustments: bigint; total: bigint; arrived: bigint; arrivedFiscal: bigint; arrivedOther: bigint;
  spent: bigint; executionRate: string | null; arrivalRate: string | null;
}

/**
 * initial = Σ 年初预算; adjustments = Σ 追加 − Σ 调减; total = initial + adjustments;
 * arrived = Σ 资金到位; spent = Σ paid payments (reversals included) with 支付日期 in the project's year.
 */
export async function projectFunds(db: DbOrTx, projectId: number): Promise<ProjectFunds> {
  const [r] = await db.execute<Record<string, string>>(sql`
    select
      coalesce((select sum(amount) from budget_entries where project_id = p.id and kind = '年初预算'), 0)::text as initial,
      coalesce((select sum(case kind when '追加' then amount when '调减' then -amount else 0 end) from budget_entries where project_id = p.id), 0)::text as adjustments,
      coalesce((select sum(amount) from fund_arrivals where project_id = p.id), 0)::text as arrived,
      coalesce((select sum(amount) from fund_arrivals where project_id = p.id and source = '财政拨款'), 0)::text as arrived_fiscal,
      coalesce((select sum(amount) from payments where project_id = p.id and status = '已支付'
                 and paid_on >= make_date(p.year, 1, 1) and paid_on < make_date(p.year + 1, 1, 1)), 0)::text as spent
    from projects p where p.id = ${projectId}`);
  if (!r) throw new Error(`project ${projectId} not found`);
  const initial = BigInt(r.initial!);
  const adjustments = BigInt(r.adjustments!);
  const total = initial + adjustments;
  const arrived = BigInt(r.arrived!);
  const arrivedFiscal = BigInt(r.arrived_fiscal!);
  const spent = BigInt(r.spent!);
  return {
    initial, adjustments, total, arrived, arrivedFiscal, arrivedOther: arrived - arrivedFiscal, spent,
    executionRate: percent(spent, total), arrivalRate: percent(arrived, total),
  };
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
  return rows.map((r) => {
    const spent = BigInt(r.spent);
    const total = BigInt(r.total);
    const theoretical = theoreticalByMonth(total, r.m);
    return { month: r.m, spent, total, theoretical, rate: percent(spent, total), theoreticalRate: percent(theoretical, total) };
  });
}
