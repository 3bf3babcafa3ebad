import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { agencies, centers, parcels, transfers } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import { FieldProblem } from '../lib/forms';
import { likePattern } from '../lib/query';
import type { Db, DbOrTx } from '../db';
import type { AgencyInput } from './forms';

export const PAGE_SIZE = 50;

export interface AgencyFilter {
  q?: string;
  sort: AgencySort;
  dir: 'asc' | 'desc';
  page: number;
  /** null: every matching row (exports). */
  pageSize?: number | null;
}

export const agencySorts = { name: 'a.name', code: 'a.credit_code', transfers: 'transfers' } as const;
export type AgencySort = keyof typeof agencySorts;

export interface AgencyRow extends Record<string, unknown> {
  id: number; credit_code: string; name: string; contact_person: string | null; contact_phone: string | null;
  transfers: number; total: number;
}


/**
 * Agencies are a registry shared by every center; the work count is that of the user's
 * current center, since that is the center whose fees and assignments the user manages.
 */
export async function listAgencies(db: DbOrTx, centerId: number, f: AgencyFilter) {
  const where: SQL[] = [sql`true`];
  // Codes are stored upper case; people type them in either case.
  if (f.q) where.push(sql`(a.name ilike ${likePattern(f.q)} or a.credit_code ilike ${likePattern(f.q)})`);
  const order = sql.raw(`${agencySorts[f.sort]} ${f.dir === 'desc' ? 'desc' : 'asc'}, a.credit_code asc`);
  const size = f.pageSize === null ? null : f.pageSize ?? PAGE_SIZE;
  const rows = await db.execute<AgencyRow>(sql`
    select a.id, a.credit_code, a.name, a.contact_person, a.contact_phone,
           (select count(*) from transfers t where t.agency_id = a.id and t.center_id = ${centerId})::int as transfers,
           count(*) over ()::int as total
    from agencies a
    where ${and(...where)}
    order by ${order}
    ${size === null ? sql`` : sql`limit ${size} offset ${(f.page - 1) * size}`}`);
  return { rows: [...rows], total: rows[0]?.total ?? 0 };
}

export async function findAgency(db: DbOrTx, id: number) {
  const [a] = await db.select().from(agencies).where(eq(agencies.id, id));
  return a ?? null;
}

/** The transfers an agency ran, limited to the centers the user may see: another center's work is not told. */
export async function agencyTransfers(db: DbOrTx, agencyId: number, centerIds: number[]) {
  return db.select({
    id: transfers.id, round: transfers.round, mode: transfers.mode, result: transfers.result,
    auctionDate: transfers.auctionDate, dealDate: transfers.dealDate, dealPrice: transfers.dealPrice,
    parcelId: parcels.id, parcelCode: parcels.code, parcelName: parcels.name, centerName: centers.name,
  }).from(transfers)
    .innerJoin(parcels, eq(parcels.id, transfers.parcelId))
    .innerJoin(centers, eq(centers.id, transfers.centerId))
    .where(and(eq(transfers.agencyId, agencyId), inArray(transfers.centerId, centerIds)))
    .orderBy(sql`coalesce(${transfers.dealDate}, ${transfers.auctionDate}) desc nulls last`, asc(parcels.code), asc(transfers.round));
}


const columns = (v: AgencyInput) => ({
  creditCode: v.credit_code, name: v.name, contactPerson: v.contact_person ?? null, contactPhone: v.contact_phone ?? null,
});

// An agency belongs to no center, so its audit events carry none.
export async function createAgency(db: Db, actor: Actor, v: AgencyInput) {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(agencies).values(columns(v)).onConflictDoNothing().returning();
    if (!row) throw new FieldProblem('credit_code', '该统一社会信用代码已登记');
    await recordAudit(tx, actor, { action: 'create', entity: 'agency', entityId: row.id, after: row });
    return row;
  });
}

export async function updateAgency(db: Db, actor: Actor, id: number, v: AgencyInput) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(agencies).where(eq(agencies.id, id)).for('update');
    if (!before) return null;
    const clash = await tx.select({ id: agencies.id }).from(agencies)
      .where(and(eq(agencies.creditCode, v.credit_code), sql`${agencies.id} <> ${id}`));
    if (clash.length) throw new FieldProblem('credit_code', '该统一社会信用代码已登记');
    const [after] = await tx.update(agencies).set({ ...columns(v), updatedAt: sql`now()` }).where(eq(agencies.id, id)).returning();
    await recordAudit(tx, actor, { action: 'update', entity: 'agency', entityId: id, before, after });
    return after!;
  });
}
