// Lookups shared by the finance sheets (项目, 预算, 资金到位, 支付, 非税收入) and the project-keyed performance
// sheets (绩效指标, 扣分): each is one statement for a whole sheet, never one per row.
import { sql, type SQL } from 'drizzle-orm';
import { closedYears, projects } from '../../db/schema';
import type { Tx } from '../db';
import { todayShanghai } from '../lib/dates';
import { closedYearMessage } from '../funds/db-errors';
import { committedSql, lockYear, totalBudgetSql } from '../funds/queries';
import { disposedSql } from '../funds/balances';
import { intList, records } from './batch';
import type { SheetRun } from './run';
import { keyOf, type ParsedRow } from './sheet';

export interface ProjectRef { id: number; centerId: number; year: number; name: string }

/** Projects by `centerId|year|name`, for the (center, 年度, 项目名称) the rows name. */
export async function loadProjects(tx: Tx, keys: { centerId: number; year: number; name: string }[]): Promise<Map<string, ProjectRef>> {
  const found = await tx.select({ id: projects.id, centerId: projects.centerId, year: projects.year, name: projects.name }).from(projects)
    .where(sql`(${projects.centerId}, ${projects.year}, ${projects.name}) in
      (select center_id, year, name from ${records(keys.map((k) => ({ center_id: k.centerId, year: k.year, name: k.name })), 'center_id int, year int, name text')})`);
  return new Map(found.map((p) => [projectKey(p.centerId, p.year, p.name), p]));
}

export const projectKey = (centerId: number, year: number, name: string) => `${centerId}|${year}|${name}`;

/**
 * The project a row names by 中心编码 + 年度 + 项目名称; null after reporting it missing (or
 * dropping the row quietly when the 项目 row of the same file failed).
 */
export function projectOf(
  run: SheetRun, row: ParsedRow<unknown>, found: Map<string, ProjectRef>,
  ref: { centerId: number; centerCode: string; year: number; projectName: string },
): ProjectRef | null {
  const p = found.get(projectKey(ref.centerId, ref.year, ref.projectName));
  if (p) return p;
  run.missing(row, '项目名称', 'project', keyOf(ref.centerCode, ref.year, ref.projectName), `项目“${ref.year}年 ${ref.projectName}”`);
  return null;
}

/** A parcel and the transfer a payment or remittance of it refers to (null: the parcel has none yet, or not that round). */
export interface ParcelTransfer { parcelId: number; transferId: number | null; agencyId: number | null; round: number | null }

/**
 * The round a 标的编号 names when no 场次 is given: the 成交 one if there is one, else the latest
 * round. (A parcel is offered again only after a round that did not sell, so the 成交 round is
 * also the last; the order says what is meant either way.) The ORDER BY of a query over
 * `transfers` alone; the import and the export (which writes 场次 only where a link is not this
 * round) share it.
 */
export const DEFAULT_ROUND_ORDER: SQL = sql.raw(`(result = '成交') desc, round desc`);

const parcelRoundKey = (centerId: number, code: string, round: number | null | undefined) => `${centerId}|${code}|${round ?? ''}`;

/**
 * For each (center, 标的编号[, 场次]): the parcel and its transfer — the round asked for, or without
 * one the round DEFAULT_ROUND_ORDER picks.
 */
export async function loadParcelTransfers(tx: Tx, keys: { centerId: number; code: string; round?: number | null }[]): Promise<Map<string, ParcelTransfer>> {
  if (keys.length === 0) return new Map();
  const rows = await tx.execute<{ parcel_id: number; center_id: number; code: string; asked: number | null; transfer_id: number | null; agency_id: number | null; round: number | null }>(sql`
    select p.id as parcel_id, p.center_id, p.code, k.round as asked, t.id as transfer_id, t.agency_id, t.round
    from parcels p
    join (select distinct center_id, code, round from ${records(keys.map((k) => ({ center_id: k.centerId, code: k.code, round: k.round ?? null })), 'center_id int, code text, round int')}) k
      on k.center_id = p.center_id and k.code = p.code
    left join lateral (
      select id, agency_id, round from transfers where parcel_id = p.id and (k.round is null or round = k.round) order by ${DEFAULT_ROUND_ORDER} limit 1
    ) t on true`);
  return new Map(rows.map((r) => [parcelRoundKey(r.center_id, r.code, r.asked), { parcelId: r.parcel_id, transferId: r.transfer_id, agencyId: r.agency_id, round: r.round }]));
}

/**
 * The transfer a row's 标的编号 (and 场次, when the sheet has one) names; undefined after reporting
 * (unknown parcel, a parcel not offered yet, or no such round).
 */
export function transferOf(
  run: SheetRun, row: ParsedRow<unknown>, found: Map<string, ParcelTransfer>, centerId: number, centerCode: string, parcelCode: string,
  round: number | null = null,
): ParcelTransfer | undefined {
  const p = found.get(parcelRoundKey(centerId, parcelCode, round));
  if (!p) {
    run.missing(row, '标的编号', 'parcel', keyOf(centerCode, parcelCode), `标的编号 ${parcelCode}`);
    return undefined;
  }
  if (p.transferId === null && round !== null) {
    run.missing(row, '场次', 'transfer', keyOf(centerCode, parcelCode, round), `标的 ${parcelCode} 的第 ${round} 场出让活动`);
    return undefined;
  }
  if (p.transferId === null) {
    // Its 出让活动 row may have failed in this same file.
    if (run.ctx.isTaintedUnder('transfer', centerCode, parcelCode)) run.drop(row);
    else run.fail(row, '标的编号', `标的 ${parcelCode} 还没有出让活动，无法关联`);
    return undefined;
  }
  return p;
}

/**
 * Locks the project rows a sheet is about to write budget-dependent records for, in id order (the
 * order every multi-project locker uses, so two imports cannot deadlock on them), exactly as the
 * web's lockProject does for one: `SELECT … FOR UPDATE` and nothing else — the sums are read
 * AFTERWARDS, in statements of their own (projectBudgets), so under READ COMMITTED they see
 * whatever a web final approval or 调减 holding the lock before us committed.
 */
export async function lockProjects(tx: Tx, projectIds: Iterable<number>): Promise<void> {
  const ids = [...new Set(projectIds)];
  if (ids.length === 0) return;
  await tx.execute(sql`select id from projects where id in ${intList(ids)} order by id for update`);
}

/**
 * Total budget and committed amount (待支付 + 已支付, and a closed year's balance once 结转 or 收回)
 * of each project, by the web's own definitions (src/funds/queries.ts, balances.ts), in one statement.
 * Call after lockProjects.
 */
export async function projectBudgets(tx: Tx, projectIds: Iterable<number>): Promise<Map<number, { total: bigint; committed: bigint }>> {
  const ids = [...new Set(projectIds)];
  if (ids.length === 0) return new Map();
  const rows = await tx.execute<{ id: number; total: string; committed: string }>(sql`
    select p.id, ${totalBudgetSql(sql`p.id`)}::text as total, (${committedSql(sql`p.id`)} + ${disposedSql(sql`p.id`)})::text as committed
    from projects p where p.id in ${intList(ids)}`);
  return new Map(rows.map((r) => [r.id, { total: BigInt(r.total), committed: BigInt(r.committed) }]));
}

/**
 * What a warning adds to the web's own refusal: the record is imported as the history it is, while
 * new work is still refused.
 */
export const AS_HISTORY = '（按历史记录导入；新录入时不允许）';

/**
 * The web's "not after today" (Asia/Shanghai) for a date the web refuses in the future (支付日期 in
 * src/funds/payment-queries.ts, 上缴日期 in src/revenue/forms.ts), with the web's message; or null.
 */
export function futureDateProblem(label: string, date: string, today = todayShanghai()): string | null {
  return date > today ? `${label}不能晚于今天` : null;
}

/**
 * The rows of a project-keyed sheet (预算, 资金到位, 绩效指标, 扣分) located and resolved to their project, the
 * rest reported; and the closed years of their centers. One lookup of each for the whole sheet.
 */
export async function rowsWithProjects<R extends { centerCode: string; year: number; projectName: string }>(run: SheetRun, rows: ParsedRow<R>[]) {
  const located = run.locate(rows);
  const found = await loadProjects(run.tx, located.map(({ row, centerId }) => ({ centerId, year: row.value.year, name: row.value.projectName })));
  const closed = await loadClosedYears(run.tx, located.map((l) => l.centerId));
  const items: { row: ParsedRow<R>; project: ProjectRef }[] = [];
  for (const { row, centerId } of located) {
    const v = row.value;
    const project = projectOf(run, row, found, { centerId, centerCode: v.centerCode, year: v.year, projectName: v.projectName });
    if (project) items.push({ row, project });
  }
  return { items, closed };
}

/** Closed years of the given centers, as `centerId|year`. */
export async function loadClosedYears(tx: Tx, centerIds: number[]): Promise<Set<string>> {
  const rows = await tx.select({ centerId: closedYears.centerId, year: closedYears.year }).from(closedYears)
    .where(sql`${closedYears.centerId} in ${intList([...new Set(centerIds)])}`);
  return new Set(rows.map((r) => `${r.centerId}|${r.year}`));
}

/**
 * A dated financial record may not go into a closed year (the database refuses it too, with HINT
 * 'year-closed'); reported on the row here so the import shows it like any other error.
 */
export function inClosedYear(run: SheetRun, row: ParsedRow<unknown>, closed: Set<string>, centerId: number, date: string, column: string): boolean {
  const year = Number(date.slice(0, 4));
  if (!closed.has(`${centerId}|${year}`)) return false;
  run.fail(row, column, closedYearMessage(year));
  return true;
}

/**
 * For the undated records of a center's year (满意度, 绩效指标, 扣分): takes the shared lock of each of
 * the years (in year order) as the web's writes into a year do (lockYear in src/funds/queries.ts), and
 * only then reads which are closed, as `centerId|year` — so a 年度结账 either committed before and is
 * seen here, or waits for this import.
 */
export async function lockOpenYears(tx: Tx, pairs: { centerId: number; year: number }[]): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  for (const year of [...new Set(pairs.map((p) => p.year))].sort((a, b) => a - b)) await lockYear(tx, year, 'shared');
  return loadClosedYears(tx, pairs.map((p) => p.centerId));
}

/**
 * An undated record of a center's year (满意度; 绩效指标 and 扣分 by their project's year): a new one may
 * not go into a closed year, where it would change the year's score. Reported on the row's 年度.
 */
export function inClosedYearOf(run: SheetRun, row: ParsedRow<unknown>, closed: Set<string>, centerId: number, year: number): boolean {
  if (!closed.has(`${centerId}|${year}`)) return false;
  run.fail(row, '年度', closedYearMessage(year));
  return true;
}
