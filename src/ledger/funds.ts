// Lookups shared by the finance sheets (项目, 预算, 资金到位, 支付, 非税收入): each is one statement
// for a whole sheet, never one per row.
import { sql } from 'drizzle-orm';
import { closedYears, projects } from '../../db/schema';
import type { Tx } from '../db';
import { closedYearMessage } from '../funds/db-errors';
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

/** A parcel and the transfer a payment or remittance of it refers to (null: the parcel has none yet). */
export interface ParcelTransfer { parcelId: number; transferId: number | null; agencyId: number | null }

/**
 * For each (center, 标的编号): the parcel and its transfer — the 成交 one if there is one, else
 * the latest round. (A parcel is offered again only after a round that did not sell, so the 成交
 * round is also the last; the order says what is meant either way.)
 */
export async function loadParcelTransfers(tx: Tx, keys: { centerId: number; code: string }[]): Promise<Map<string, ParcelTransfer>> {
  if (keys.length === 0) return new Map();
  const rows = await tx.execute<{ parcel_id: number; center_id: number; code: string; transfer_id: number | null; agency_id: number | null }>(sql`
    select p.id as parcel_id, p.center_id, p.code, t.id as transfer_id, t.agency_id
    from parcels p
    left join lateral (
      select id, agency_id from transfers where parcel_id = p.id order by (result = '成交') desc, round desc limit 1
    ) t on true
    where (p.center_id, p.code) in (select center_id, code from ${records(keys.map((k) => ({ center_id: k.centerId, code: k.code })), 'center_id int, code text')})`);
  return new Map(rows.map((r) => [`${r.center_id}|${r.code}`, { parcelId: r.parcel_id, transferId: r.transfer_id, agencyId: r.agency_id }]));
}

/**
 * The transfer a row's 标的编号 names; undefined after reporting (unknown parcel, or a parcel
 * not offered yet).
 */
export function transferOf(
  run: SheetRun, row: ParsedRow<unknown>, found: Map<string, ParcelTransfer>, centerId: number, centerCode: string, parcelCode: string,
): ParcelTransfer | undefined {
  const p = found.get(`${centerId}|${parcelCode}`);
  if (!p) {
    run.missing(row, '标的编号', 'parcel', keyOf(centerCode, parcelCode), `标的编号 ${parcelCode}`);
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
