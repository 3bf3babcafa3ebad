// Projects and what is recorded against them: budget entries (预算), fund arrivals (资金到位) and the
// closing of a year. The figures themselves are in figures.ts.
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { budgetEntries, closedYears, fundArrivals, payments, projects, users } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import type { Db, DbOrTx, Tx } from '../db';
import { FieldProblem } from '../lib/forms';
import { formatYuan } from '../lib/money';
import { insertIndicators } from '../performance/indicator-queries';
import { defaultLandIndicators, isTransferProject } from '../performance/rules';
import { closedYearMessage, guarded } from './db-errors';
import type { ArrivalInput, BudgetInput, ProjectInput } from './forms';
import { budgetDateProblem, committedStatuses, inYearProblem, unfinishedStatuses, yearOf } from './rules';

export async function findProject(db: DbOrTx, id: number) {
  const [row] = await db.select({
    id: projects.id, centerId: projects.centerId, year: projects.year, name: projects.name,
    budgetUnit: projects.budgetUnit, target: projects.target, createdAt: projects.createdAt, updatedAt: projects.updatedAt,
    closed: sql<boolean>`exists (select 1 from closed_years c where c.center_id = projects.center_id and c.year = projects.year)`,
  }).from(projects).where(eq(projects.id, id));
  return row ?? null;
}
export type Project = NonNullable<Awaited<ReturnType<typeof findProject>>>;

export async function isYearClosed(db: DbOrTx, centerId: number, year: number): Promise<boolean> {
  const [row] = await db.select({ y: closedYears.year }).from(closedYears).where(and(eq(closedYears.centerId, centerId), eq(closedYears.year, year)));
  return !!row;
}

export async function closedYearsOf(db: DbOrTx, centerId: number): Promise<number[]> {
  const rows = await db.select({ y: closedYears.year }).from(closedYears).where(eq(closedYears.centerId, centerId)).orderBy(desc(closedYears.year));
  return rows.map((r) => r.y);
}

/** What a project page lists: its budget entries, its arrivals and its payments, in three statements. */
export async function projectRecords(db: Db, projectId: number) {
  const [entries, arrivals, paymentRows] = await Promise.all([
    db.select({
      id: budgetEntries.id, kind: budgetEntries.kind, amount: budgetEntries.amount, entryDate: budgetEntries.entryDate,
      docNo: budgetEntries.docNo, reason: budgetEntries.reason, by: users.displayName,
    }).from(budgetEntries).leftJoin(users, eq(users.id, budgetEntries.createdBy))
      .where(eq(budgetEntries.projectId, projectId)).orderBy(asc(budgetEntries.entryDate), asc(budgetEntries.id)),
    db.select({
      id: fundArrivals.id, amount: fundArrivals.amount, arrivedOn: fundArrivals.arrivedOn, source: fundArrivals.source,
      note: fundArrivals.note, by: users.displayName,
    }).from(fundArrivals).leftJoin(users, eq(users.id, fundArrivals.createdBy))
      .where(eq(fundArrivals.projectId, projectId)).orderBy(asc(fundArrivals.arrivedOn), asc(fundArrivals.id)),
    db.select({
      id: payments.id, category: payments.category, payee: payments.payee, amount: payments.amount, status: payments.status,
      paidOn: payments.paidOn, voucherNo: payments.voucherNo, reversesId: payments.reversesId, summary: payments.summary,
    }).from(payments).where(eq(payments.projectId, projectId)).orderBy(desc(payments.id)),
  ]);
  return { entries, arrivals, payments: paymentRows };
}
export type ProjectRecords = Awaited<ReturnType<typeof projectRecords>>;

const projectColumns = (v: ProjectInput) => ({
  name: v.name, year: v.year, budgetUnit: v.budget_unit ?? null, target: v.target ?? null, actualGoal: v.actual_goal ?? null,
});

/**
 * A project created on the web; a land- or mineral-transfer project (by its name) starts with the
 * default indicator set, in the same transaction. The ledger importer does not come here: it
 * imports the 绩效指标 sheet as it is.
 */
export async function createProject(db: Db, actor: Actor, centerId: number, v: ProjectInput) {
  return guarded(() => db.transaction(async (tx) => {
    if (await isYearClosed(tx, centerId, v.year)) throw new FieldProblem('year', closedYearMessage(v.year));
    const [row] = await tx.insert(projects).values({ centerId, ...projectColumns(v) }).onConflictDoNothing().returning();
    if (!row) throw new FieldProblem('name', '本中心该年度已有同名项目');
    await recordAudit(tx, actor, { action: 'create', entity: 'project', entityId: row.id, centerId, after: row });
    if (isTransferProject(row.name)) await insertIndicators(tx, actor, row, defaultLandIndicators(row.year));
    return row;
  }));
}

export async function updateProject(db: Db, actor: Actor, id: number, v: ProjectInput) {
  return guarded(() => db.transaction(async (tx) => {
    const [found] = await tx.select({ year: projects.year }).from(projects).where(eq(projects.id, id));
    if (!found) return null;
    // A closed year's project is final like its records: its name and 实际完成目标 are in its report.
    await lockYear(tx, found.year, 'shared');
    const [before] = await tx.select().from(projects).where(eq(projects.id, id)).for('update');
    if (!before) return null;
    if (await isYearClosed(tx, before.centerId, before.year)) throw new FieldProblem('name', `${before.year}年度已结账，项目不能再修改`);
    if (v.year !== before.year) {
      // Every record of the project is dated in its year; moving the project would strand them.
      const [used] = await tx.execute<{ n: number }>(sql`select
        (select count(*) from budget_entries where project_id = ${id}) + (select count(*) from fund_arrivals where project_id = ${id})
        + (select count(*) from payments where project_id = ${id}) as n`);
      if (Number(used?.n ?? 0) > 0) throw new FieldProblem('year', '项目已有预算、资金到位或支付记录，不能再修改年度');
      if (await isYearClosed(tx, before.centerId, v.year)) throw new FieldProblem('year', closedYearMessage(v.year));
    }
    const clash = await tx.select({ id: projects.id }).from(projects)
      .where(and(eq(projects.centerId, before.centerId), eq(projects.year, v.year), eq(projects.name, v.name), sql`${projects.id} <> ${id}`));
    if (clash.length) throw new FieldProblem('name', '本中心该年度已有同名项目');
    const [after] = await tx.update(projects).set({ ...projectColumns(v), updatedAt: sql`now()` }).where(eq(projects.id, id)).returning();
    await recordAudit(tx, actor, { action: 'update', entity: 'project', entityId: id, centerId: before.centerId, before, after });
    return after!;
  }));
}

/**
 * Locks the project row. Every write that depends on the project's total or on what is committed
 * against it (the final approval, a 调减) takes this lock FIRST and computes its sums AFTERWARDS, in
 * statements of their own: under READ COMMITTED each later statement sees whatever the previous
 * holder of the lock committed, so two writers can never both pass the check on stale sums.
 */
export async function lockProject(tx: Tx, id: number) {
  const [row] = await tx.execute<{ id: number; center_id: number; year: number }>(
    sql`select id, center_id, year from projects where id = ${id} for update`);
  return row ?? null;
}

/**
 * Σ 年初预算 + 追加 − 调减 of one project, as a scalar subquery (bigint 分): THE definition of the
 * total budget, for `totalBudget` and for set-at-a-time callers (the ledger import), which pass a
 * column such as sql`p.id`.
 */
export const totalBudgetSql = (projectId: number | SQL) => sql`(select coalesce(sum(case b.kind when '调减' then -b.amount else b.amount end), 0)
  from budget_entries b where b.project_id = ${projectId})`;

/**
 * Σ amount of one project's payments reserved (待支付) or paid (已支付), reversals included, as a
 * scalar subquery: THE definition of what is committed against the budget (see totalBudgetSql).
 */
export const committedSql = (projectId: number | SQL) => sql`(select coalesce(sum(c.amount), 0)
  from payments c where c.project_id = ${projectId} and c.status in (${sql.join(committedStatuses.map((s) => sql`${s}`), sql`, `)}))`;

/** Σ 年初预算 + 追加 − 调减: the total budget as it stands. Call after lockProject when it guards a write. */
export async function totalBudget(tx: DbOrTx, projectId: number): Promise<bigint> {
  const [r] = await tx.execute<{ v: string }>(sql`select ${totalBudgetSql(projectId)}::text as v`);
  return BigInt(r!.v);
}

/** Σ amount of payments reserved (待支付) or paid (已支付), reversals included. Call after lockProject when it guards a write. */
export async function committedAmount(tx: DbOrTx, projectId: number): Promise<bigint> {
  const [r] = await tx.execute<{ v: string }>(sql`select ${committedSql(projectId)}::text as v`);
  return BigInt(r!.v);
}

/**
 * Why a 调减 of `amount` may not be recorded against a project whose total budget is `total` with
 * `committed` reserved or paid (the total may not fall below what is committed), or null.
 */
export function reductionProblem(total: bigint, amount: bigint, committed: bigint): string | null {
  if (total - amount >= committed) return null;
  return `调减后全年预算为 ${formatYuan(total - amount)} 元，低于已占用的 ${formatYuan(committed)} 元（已支付与待支付），最多可调减 ${formatYuan(total - committed > 0n ? total - committed : 0n)} 元`;
}

export async function addBudgetEntry(db: Db, actor: Actor, project: Project, v: BudgetInput) {
  const dateProblem = budgetDateProblem(v.kind, v.entry_date, project.year);
  if (dateProblem) throw new FieldProblem('entry_date', dateProblem);
  return guarded(() => db.transaction(async (tx) => {
    await lockProject(tx, project.id);
    if (await isYearClosed(tx, project.centerId, yearOf(v.entry_date))) throw new FieldProblem('entry_date', closedYearMessage(yearOf(v.entry_date)));
    if (v.kind === '调减') {
      // Separate statements after the lock, like the final approval, so the two cannot interleave.
      const total = await totalBudget(tx, project.id);
      const committed = await committedAmount(tx, project.id);
      const problem = reductionProblem(total, v.amount, committed);
      if (problem) throw new FieldProblem('amount', problem);
    }
    const [row] = await tx.insert(budgetEntries).values({
      projectId: project.id, kind: v.kind, amount: v.amount, entryDate: v.entry_date, docNo: v.doc_no ?? null, reason: v.reason ?? null, createdBy: actor.userId,
    }).returning();
    await recordAudit(tx, actor, { action: 'create', entity: 'budget_entry', entityId: row!.id, centerId: project.centerId, after: row, note: `${project.name}（${project.year}）${v.kind}` });
    return row!;
  }));
}

export async function addArrival(db: Db, actor: Actor, project: Project, v: ArrivalInput) {
  const dateProblem = inYearProblem('到位日期', v.arrived_on, project.year);
  if (dateProblem) throw new FieldProblem('arrived_on', dateProblem);
  return guarded(() => db.transaction(async (tx) => {
    if (await isYearClosed(tx, project.centerId, yearOf(v.arrived_on))) throw new FieldProblem('arrived_on', closedYearMessage(yearOf(v.arrived_on)));
    const [row] = await tx.insert(fundArrivals).values({
      projectId: project.id, amount: v.amount, arrivedOn: v.arrived_on, source: v.source, note: v.note ?? null, createdBy: actor.userId,
    }).returning();
    await recordAudit(tx, actor, { action: 'create', entity: 'fund_arrival', entityId: row!.id, centerId: project.centerId, after: row, note: `${project.name}（${project.year}）资金到位` });
    return row!;
  }));
}

// Closing a year and the writes that must not land in a year being closed take turns on one
// advisory lock per year (all centers): closeYear takes it exclusively, those writes (paying or
// reversing a payment dated in it, setting the 非税任务, saving a fee agreement) take it shared — so they do not wait for
// each other — and each checks closed_years only AFTER it holds the lock, in a statement of its
// own. Under READ COMMITTED that statement sees a close that committed before it; and a close
// that comes second counts what they committed.
const YEAR_LOCK = 0x79656172; // 'year'

/** Takes the year lock for the rest of the transaction: 'exclusive' to close the year, 'shared' for a write into it. */
export async function lockYear(tx: Tx, year: number, mode: 'shared' | 'exclusive') {
  await tx.execute(mode === 'exclusive'
    ? sql`select pg_advisory_xact_lock(${YEAR_LOCK}::int, ${year}::int)`
    : sql`select pg_advisory_xact_lock_shared(${YEAR_LOCK}::int, ${year}::int)`);
}

/**
 * 年度结账: from now on nothing is dated into the year at this center (the triggers of 0002 hold it
 * too). Payments of the year's projects still in approval are not stranded by it: they may go on
 * and be paid in a later year, as 跨年支付 (counted in no year's 执行数), as may payments drafted for
 * those projects afterwards — closing a year does not wait for them. Returns how many are unfinished.
 */
export async function closeYear(db: Db, actor: Actor, centerId: number, year: number) {
  return db.transaction(async (tx) => {
    await lockYear(tx, year, 'exclusive');
    if (await isYearClosed(tx, centerId, year)) throw new FieldProblem('year', `${year}年度已经结账`);
    const [open] = await tx.execute<{ n: number }>(sql`
      select count(*)::int as n from payments x join projects p on p.id = x.project_id
      where p.center_id = ${centerId} and p.year = ${year}
        and x.status in (${sql.join(unfinishedStatuses.map((s) => sql`${s}`), sql`, `)})`);
    const [row] = await tx.insert(closedYears).values({ centerId, year, closedBy: actor.userId }).onConflictDoNothing().returning();
    if (!row) throw new FieldProblem('year', `${year}年度已经结账`);
    await recordAudit(tx, actor, { action: 'close-year', entity: 'closed_year', entityId: `${centerId}-${year}`, centerId, after: { ...row, unfinishedPayments: open!.n } });
    return { ...row, unfinished: open!.n };
  });
}

/** The center's projects for a filter select, newest year first. */
export async function projectOptions(db: DbOrTx, centerId: number) {
  return db.select({ id: projects.id, name: projects.name, year: projects.year }).from(projects)
    .where(eq(projects.centerId, centerId)).orderBy(desc(projects.year), asc(projects.name));
}
