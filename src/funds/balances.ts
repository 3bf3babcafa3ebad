// 年末结余 and its 处置 (结转 / 收回). Once a year is closed, what a project can still use of its
// budget is fixed but for its 跨年支付: the balance is 全年预算 − what its payments hold (paid in the
// year, paid later as 跨年支付, reserved 待支付) − what was disposed of already. Finance carries it
// into a project of the next year — whose 上年结转 budget entry is written with it, so the next
// report counts it in 全年预算数 — or records it as taken back (收回). Dispositions are kept
// records; what they take is no longer available to the old project's 跨年支付 (approvePayment).
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { balanceDispositions, budgetEntries, projects } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import type { Db, DbOrTx } from '../db';
import { formatYuan } from '../lib/money';
import { FieldProblem } from '../lib/forms';
import { todayShanghai } from '../lib/dates';
import { closedYearMessage, guarded } from './db-errors';
import { spentCondition } from './figures';
import type { DispositionInput } from './forms';
import { committedSql, isYearClosed, lockProject, lockYear, totalBudgetSql, type Project } from './queries';

/** Σ of a project's 结转 and 收回, as a scalar subquery (bigint 分): what left its budget after closing. */
export const disposedSql = (projectId: number | SQL) => sql`(select coalesce(sum(d.amount), 0)
  from balance_dispositions d where d.project_id = ${projectId})`;

/** Σ of a project's 结转 and 收回. Call after lockProject when it guards a write. */
export async function disposedAmount(tx: DbOrTx, projectId: number): Promise<bigint> {
  const [r] = await tx.execute<{ v: string }>(sql`select ${disposedSql(projectId)}::text as v`);
  return BigInt(r!.v);
}

export interface YearEndBalance {
  projectId: number; name: string; year: number; closed: boolean;
  total: bigint;
  /** 执行数 of the year (REPORTING.md `spent`). */
  spent: bigint;
  /** Held by payments outside the year's 执行数: paid after the year (跨年支付) or reserved (待支付). */
  crossYear: bigint;
  carried: bigint; recovered: bigint;
  /** total − committed − disposed: what may still be carried or taken back (never below 0). */
  remaining: bigint;
  /** Payments still in approval: they will need budget if they reach 待支付. */
  inApproval: bigint;
}

type BalanceRow = { id: number; name: string; year: number; closed: boolean; total: string; spent: string; committed: string; carried: string; recovered: string; in_approval: string };

function balanceSql(where: SQL) {
  return sql`
    select p.id, p.name, p.year,
      exists (select 1 from closed_years c where c.center_id = p.center_id and c.year = p.year) as closed,
      ${totalBudgetSql(sql`p.id`)}::text as total,
      coalesce((select sum(y.amount) from payments y where y.project_id = p.id and ${spentCondition('y', sql`p.year`)}), 0)::text as spent,
      ${committedSql(sql`p.id`)}::text as committed,
      coalesce((select sum(d.amount) from balance_dispositions d where d.project_id = p.id and d.kind = '结转'), 0)::text as carried,
      coalesce((select sum(d.amount) from balance_dispositions d where d.project_id = p.id and d.kind = '收回'), 0)::text as recovered,
      coalesce((select sum(x.amount) from payments x where x.project_id = p.id
                 and x.status in ('待科室负责人审核','待业务分管领导审批','待财务分管领导审批')), 0)::text as in_approval
    from projects p where ${where}
    order by p.name`;
}

function balanceFrom(r: BalanceRow): YearEndBalance {
  const total = BigInt(r.total);
  const spent = BigInt(r.spent);
  const committed = BigInt(r.committed);
  const carried = BigInt(r.carried);
  const recovered = BigInt(r.recovered);
  const left = total - committed - carried - recovered;
  return {
    projectId: r.id, name: r.name, year: r.year, closed: r.closed, total, spent, crossYear: committed - spent, carried, recovered,
    remaining: left > 0n ? left : 0n, inApproval: BigInt(r.in_approval),
  };
}

/** The year-end balance of one project. */
export async function yearEndBalance(db: DbOrTx, projectId: number): Promise<YearEndBalance> {
  const [r] = await db.execute<BalanceRow>(balanceSql(sql`p.id = ${projectId}`));
  if (!r) throw new Error(`project ${projectId} not found`);
  return balanceFrom(r);
}

/** The year-end balances of a center's projects of one year, in one statement (the 年末结余 list). */
export async function yearEndBalances(db: DbOrTx, centerId: number, year: number): Promise<YearEndBalance[]> {
  return (await db.execute<BalanceRow>(balanceSql(sql`p.center_id = ${centerId} and p.year = ${year}`))).map(balanceFrom);
}

export interface DispositionRow {
  id: number; kind: '结转' | '收回'; amount: bigint; decidedOn: string; docNo: string | null; reason: string | null;
  projectId: number; projectName: string; projectYear: number;
  targetProjectId: number | null; targetName: string | null; budgetEntryId: number | null;
}

/** The dispositions of a project (what became of its balance), or those carried into it. */
export async function dispositionsOf(db: DbOrTx, projectId: number, side: 'from' | 'into'): Promise<DispositionRow[]> {
  const rows = await db.execute<{
    id: number; kind: '结转' | '收回'; amount: string; decided_on: string; doc_no: string | null; reason: string | null;
    project_id: number; project_name: string; project_year: number; target_project_id: number | null; target_name: string | null; budget_entry_id: number | null;
  }>(sql`
    select d.id, d.kind, d.amount::text as amount, d.decided_on::text as decided_on, d.doc_no, d.reason,
      d.project_id, p.name as project_name, p.year as project_year, d.target_project_id, t.name as target_name, d.budget_entry_id
    from balance_dispositions d join projects p on p.id = d.project_id left join projects t on t.id = d.target_project_id
    where ${side === 'from' ? sql`d.project_id = ${projectId}` : sql`d.target_project_id = ${projectId}`}
    order by d.decided_on, d.id`);
  return rows.map((r) => ({
    id: r.id, kind: r.kind, amount: BigInt(r.amount), decidedOn: r.decided_on, docNo: r.doc_no, reason: r.reason,
    projectId: r.project_id, projectName: r.project_name, projectYear: r.project_year,
    targetProjectId: r.target_project_id, targetName: r.target_name, budgetEntryId: r.budget_entry_id,
  }));
}

/** The projects of the next year of the center, which a 结转 may go into. */
export async function carryTargets(db: DbOrTx, project: Pick<Project, 'centerId' | 'year'>) {
  return db.select({ id: projects.id, name: projects.name }).from(projects)
    .where(and(eq(projects.centerId, project.centerId), eq(projects.year, project.year + 1))).orderBy(asc(projects.name));
}

/** Why the remaining balance cannot take `amount`, or null. */
export function dispositionProblem(b: Pick<YearEndBalance, 'total' | 'spent' | 'crossYear' | 'carried' | 'recovered' | 'remaining'>, amount: bigint): string | null {
  if (amount <= b.remaining) return null;
  const parts = [`全年预算 ${formatYuan(b.total)} 元`, `执行数 ${formatYuan(b.spent)} 元`];
  if (b.crossYear !== 0n) parts.push(`跨年支付及待支付 ${formatYuan(b.crossYear)} 元`);
  if (b.carried + b.recovered !== 0n) parts.push(`已结转或收回 ${formatYuan(b.carried + b.recovered)} 元`);
  return `超过可处置的结余：${parts.join('，')}，尚余 ${formatYuan(b.remaining)} 元`;
}

/**
 * Records a 结转 or 收回 of a closed project's balance. The project is locked first (as a payment's
 * approval locks it), then the balance is read in a statement of its own, so two dispositions, or a
 * disposition and a 跨年支付's approval, never take the same money twice. A 结转 writes the target
 * project's 上年结转 budget entry in the same transaction; both kinds take the shared lock of their date's
 * year and refuse a closed one.
 */
export async function addDisposition(db: Db, actor: Actor, project: Project, v: DispositionInput) {
  const nextYear = project.year + 1;
  if (v.decided_on < `${nextYear}-01-01`) throw new FieldProblem('decided_on', `结余处置日期应在${project.year}年度结账之后，即${nextYear}年1月1日以后`);
  if (v.decided_on > todayShanghai()) throw new FieldProblem('decided_on', '处置日期不能晚于今天');
  if (v.kind === '结转') {
    if (v.target_project === undefined) throw new FieldProblem('target_project', `请选择结转到的${nextYear}年度项目`);
    if (v.doc_no === undefined) throw new FieldProblem('doc_no', '结转应填写批准文号');
    // The 上年结转 is a budget entry of the target's year (budgetDateProblem's rule for it).
    if (v.decided_on > `${nextYear}-12-31`) throw new FieldProblem('decided_on', `结转记入${nextYear}年度项目的上年结转，日期应在${nextYear}年内`);
  }
  // A 收回 goes into no project: a target left selected on the form (it defaults to the only one) is not its.
  return guarded(() => db.transaction(async (tx) => {
    await lockProject(tx, project.id);
    if (!(await isYearClosed(tx, project.centerId, project.year))) throw new FieldProblem('_form', `${project.year}年度尚未结账：结账后才能结转或收回结余`);
    let target: { id: number; name: string } | undefined;
    if (v.kind === '结转') {
      [target] = await tx.select({ id: projects.id, name: projects.name }).from(projects)
        .where(and(eq(projects.id, v.target_project!), eq(projects.centerId, project.centerId), eq(projects.year, nextYear)));
      if (!target) throw new FieldProblem('target_project', `请选择本中心${nextYear}年度的项目`);
    }
    // Dated into its year like every financial record: never into a year the center has closed.
    const year = Number(v.decided_on.slice(0, 4));
    await lockYear(tx, year, 'shared');
    if (await isYearClosed(tx, project.centerId, year)) throw new FieldProblem('decided_on', closedYearMessage(year));
    const problem = dispositionProblem(await yearEndBalance(tx, project.id), v.amount);
    if (problem) throw new FieldProblem('amount', problem);
    let entryId: number | null = null;
    if (target) {
      const [entry] = await tx.insert(budgetEntries).values({
        projectId: target.id, kind: '上年结转', amount: v.amount, entryDate: v.decided_on, docNo: v.doc_no ?? null,
        reason: `${project.year}年“${project.name}”结余结转${v.reason ? `：${v.reason}` : ''}`, createdBy: actor.userId,
      }).returning();
      entryId = entry!.id;
      await recordAudit(tx, actor, { action: 'create', entity: 'budget_entry', entityId: entry!.id, centerId: project.centerId, after: entry, note: `${target.name}（${nextYear}）上年结转` });
    }
    const [row] = await tx.insert(balanceDispositions).values({
      centerId: project.centerId, projectId: project.id, kind: v.kind, amount: v.amount, decidedOn: v.decided_on, docNo: v.doc_no ?? null,
      targetProjectId: target?.id ?? null, budgetEntryId: entryId, reason: v.reason ?? null, createdBy: actor.userId,
    }).returning();
    await recordAudit(tx, actor, {
      action: 'create', entity: 'balance_disposition', entityId: row!.id, centerId: project.centerId, after: row,
      note: `${project.name}（${project.year}）结余${v.kind}${target ? `至${target.name}（${nextYear}）` : ''}`,
    });
    return row!;
  }));
}
