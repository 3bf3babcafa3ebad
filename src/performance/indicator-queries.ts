// A project's indicator rows (绩效指标) and deductions (扣分), as finance keeps them on the web.
// They are not financial records: they may be edited and deleted, each change audited in its own
// transaction. They decide a year's score, so like the ledger importer nothing here writes into a
// year the center has closed. Every write takes the shared year lock and then the project row, so
// it is ordered against 年度结账 and against the other writes to the same project's rows.
import { and, asc, eq, sql } from 'drizzle-orm';
import { HTTPException } from 'hono/http-exception';
import { deductions, indicators, projects } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import type { Db, DbOrTx, Tx } from '../db';
import { closedYearMessage } from '../funds/db-errors';
import { isYearClosed, lockProject, lockYear } from '../funds/queries';
import { FieldProblem } from '../lib/forms';
import type { DeductionInput, IndicatorInput } from './indicator-forms';
import { defaultLandIndicators, type IndicatorDef } from './rules';

/** What the writes here need to know of the project. */
export interface ProjectRef { id: number; centerId: number; name: string; year: number }

export const DUPLICATE_LEVEL3 = '本项目已有该三级指标';
export const DUPLICATE_REASON = '本项目已有相同原因的扣分';
export const DEFAULTS_REFUSED = '本项目已有绩效指标，默认指标只能套用于尚无指标的项目';

const label = (p: ProjectRef) => `${p.name}（${p.year}）`;

/** A unique constraint met by a write that raced past our own check: the same message beside the same field. */
async function guarded<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    for (let x: unknown = e, depth = 0; x && typeof x === 'object' && depth < 5; x = (x as { cause?: unknown }).cause, depth++) {
      const { code, constraint_name: constraint } = x as { code?: string; constraint_name?: string };
      if (code === '23505' && constraint === 'indicators_project_level3') throw new FieldProblem('level3', DUPLICATE_LEVEL3);
      if (code === '23505' && constraint === 'deductions_project_reason') throw new FieldProblem('reason', DUPLICATE_REASON);
    }
    throw e;
  }
}

/** Orders the write after a close of the year (refused then) and after other writes to the project's rows. */
async function lockOpenProject(tx: Tx, p: ProjectRef) {
  await lockYear(tx, p.year, 'shared');
  await lockProject(tx, p.id);
  if (await isYearClosed(tx, p.centerId, p.year)) throw new HTTPException(409, { message: closedYearMessage(p.year) });
}

/** 实际完成目标 of a project, for its edit form. */
export async function projectActualGoal(db: DbOrTx, projectId: number): Promise<string | null> {
  const [row] = await db.select({ v: projects.actualGoal }).from(projects).where(eq(projects.id, projectId));
  return row?.v ?? null;
}

export async function findIndicator(db: DbOrTx, projectId: number, id: number) {
  const [row] = await db.select().from(indicators).where(and(eq(indicators.projectId, projectId), eq(indicators.id, id)));
  return row ?? null;
}
export type Indicator = NonNullable<Awaited<ReturnType<typeof findIndicator>>>;

const columns = (v: IndicatorDef | IndicatorInput) => ({
  level1: v.level1, level2: v.level2, level3: v.level3, expected: v.expected, rule: v.rule, targetValue: v.targetValue,
  unit: v.unit, manualActual: v.manualActual, manualPoints: v.manualPoints, weight: v.weight, revenueTypes: v.revenueTypes,
});

async function nextPosition(tx: DbOrTx, projectId: number): Promise<number> {
  const [r] = await tx.select({ v: sql<number>`coalesce(max(${indicators.position}), 0)::int` }).from(indicators).where(eq(indicators.projectId, projectId));
  return (r?.v ?? 0) + 1;
}

async function level3Taken(tx: DbOrTx, projectId: number, level3: string, exceptId?: number) {
  const rows = await tx.select({ id: indicators.id }).from(indicators).where(and(eq(indicators.projectId, projectId), eq(indicators.level3, level3)));
  return rows.some((r) => r.id !== exceptId);
}

/**
 * Appends rows to a project's indicators, in the order given, each audited. Called inside the
 * caller's transaction (createProject adds the default set with the project it creates).
 */
export async function insertIndicators(tx: DbOrTx, actor: Actor, p: ProjectRef, defs: (IndicatorDef | IndicatorInput)[]) {
  if (defs.length === 0) return [];
  const first = await nextPosition(tx, p.id);
  const rows = await tx.insert(indicators).values(defs.map((d, i) => ({ projectId: p.id, position: first + i, ...columns(d) }))).returning();
  await recordAudit(tx, actor, rows.map((row) => ({
    action: 'create', entity: 'indicator', entityId: row.id, centerId: p.centerId, after: row, note: `${label(p)} ${row.level3}`,
  })));
  return rows;
}

export async function addIndicator(db: Db, actor: Actor, p: ProjectRef, v: IndicatorInput) {
  return guarded(() => db.transaction(async (tx) => {
    await lockOpenProject(tx, p);
    if (await level3Taken(tx, p.id, v.level3)) throw new FieldProblem('level3', DUPLICATE_LEVEL3);
    const [row] = await insertIndicators(tx, actor, p, [v]);
    return row!;
  }));
}

/** The row after the change, or null when the project has no such row. */
export async function updateIndicator(db: Db, actor: Actor, p: ProjectRef, id: number, v: IndicatorInput) {
  return guarded(() => db.transaction(async (tx) => {
    await lockOpenProject(tx, p);
    const before = await findIndicator(tx, p.id, id);
    if (!before) return null;
    if (await level3Taken(tx, p.id, v.level3, id)) throw new FieldProblem('level3', DUPLICATE_LEVEL3);
    const [after] = await tx.update(indicators).set({ ...columns(v), updatedAt: sql`now()` }).where(eq(indicators.id, id)).returning();
    await recordAudit(tx, actor, { action: 'update', entity: 'indicator', entityId: id, centerId: p.centerId, before, after, note: `${label(p)} ${after!.level3}` });
    return after!;
  }));
}

/** The row deleted, or null when the project has no such row. */
export async function deleteIndicator(db: Db, actor: Actor, p: ProjectRef, id: number) {
  return db.transaction(async (tx) => {
    await lockOpenProject(tx, p);
    const before = await findIndicator(tx, p.id, id);
    if (!before) return null;
    await tx.delete(indicators).where(eq(indicators.id, id));
    await recordAudit(tx, actor, { action: 'delete', entity: 'indicator', entityId: id, centerId: p.centerId, before, note: `${label(p)} ${before.level3}` });
    return before;
  });
}

/**
 * Moves a row one place up or down. The rows are numbered 1…n again in their new order (rows the
 * importer or an old version left with equal positions get distinct ones); each row whose position
 * changes is audited. Returns null when the project has no such row, false when it cannot move further.
 */
export async function moveIndicator(db: Db, actor: Actor, p: ProjectRef, id: number, direction: 'up' | 'down') {
  return db.transaction(async (tx) => {
    await lockOpenProject(tx, p);
    const rows = await tx.select().from(indicators).where(eq(indicators.projectId, p.id)).orderBy(asc(indicators.position), asc(indicators.id));
    const i = rows.findIndex((r) => r.id === id);
    if (i < 0) return null;
    const j = direction === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= rows.length) return false;
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    const events = [];
    for (const [k, before] of rows.entries()) {
      if (before.position === k + 1) continue;
      const [after] = await tx.update(indicators).set({ position: k + 1, updatedAt: sql`now()` }).where(eq(indicators.id, before.id)).returning();
      events.push({ action: 'update', entity: 'indicator', entityId: before.id, centerId: p.centerId, before, after, note: `${label(p)} ${before.level3} 调整顺序` });
    }
    await recordAudit(tx, actor, events);
    return true;
  });
}

/** The default set of a land-transfer project (rules.ts), for a project that has no rows yet. */
export async function applyDefaultIndicators(db: Db, actor: Actor, p: ProjectRef) {
  return db.transaction(async (tx) => {
    await lockOpenProject(tx, p);
    const [r] = await tx.select({ n: sql<number>`count(*)::int` }).from(indicators).where(eq(indicators.projectId, p.id));
    if ((r?.n ?? 0) > 0) throw new FieldProblem('_form', DEFAULTS_REFUSED);
    return insertIndicators(tx, actor, p, defaultLandIndicators(p.year));
  });
}

export async function addDeduction(db: Db, actor: Actor, p: ProjectRef, v: DeductionInput) {
  return guarded(() => db.transaction(async (tx) => {
    await lockOpenProject(tx, p);
    const clash = await tx.select({ id: deductions.id }).from(deductions).where(and(eq(deductions.projectId, p.id), eq(deductions.reason, v.reason)));
    if (clash.length) throw new FieldProblem('reason', DUPLICATE_REASON);
    const [row] = await tx.insert(deductions).values({ projectId: p.id, points: v.points, reason: v.reason, createdBy: actor.userId }).returning();
    await recordAudit(tx, actor, { action: 'create', entity: 'deduction', entityId: row!.id, centerId: p.centerId, after: row, note: `${label(p)} 扣${v.points}分` });
    return row!;
  }));
}

/** The deduction deleted, or null when the project has no such deduction. */
export async function deleteDeduction(db: Db, actor: Actor, p: ProjectRef, id: number) {
  return db.transaction(async (tx) => {
    await lockOpenProject(tx, p);
    const [before] = await tx.select().from(deductions).where(and(eq(deductions.projectId, p.id), eq(deductions.id, id)));
    if (!before) return null;
    await tx.delete(deductions).where(eq(deductions.id, id));
    await recordAudit(tx, actor, { action: 'delete', entity: 'deduction', entityId: id, centerId: p.centerId, before, note: `${label(p)} 扣${before.points}分` });
    return before;
  });
}
