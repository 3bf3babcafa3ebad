import { likePattern } from '../lib/query';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { announcementParcels, announcements, agencies, auditEvents, parcels, transfers } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import { FieldProblem } from '../lib/forms';
import { formatYuan } from '../lib/money';
import type { Db, DbOrTx } from '../db';
import type { ParcelInput } from './forms';
import type { ParcelStatus } from './rules';
import { shareCost } from '../announcements/rules';
import { runningReserveOfParcel } from '../transfers/reserve';

export const PAGE_SIZE = 50;

export interface ParcelFilter {
  year?: number;
  kind?: string;
  status?: string;
  district?: string;
  q?: string;
  sort: ParcelSort;
  dir: 'asc' | 'desc';
  page: number;
  /** null: every matching row (exports). */
  pageSize?: number | null;
}

export const parcelSorts = { code: 'code', name: 'name', district: 'district', price: 'starting_price', status: 'status', date: 'last_date', deal: 'deal_price' } as const;
export type ParcelSort = keyof typeof parcelSorts;

// The derived status, in SQL, over a parcel's transfers (see rules.ts for the same rule in TypeScript).
const statusAgg = sql`case
    when bool_or(t.result = '成交') then '已成交'
    when count(t.id) = 0 then '未出让'
    when (array_agg(t.result order by t.round desc))[1] = '进行中' then '出让中'
    when (array_agg(t.result order by t.round desc))[1] = '流拍' then '流拍'
    when (array_agg(t.result order by t.round desc))[1] = '无效' then '成交无效'
    else '已终止' end`;

export interface ParcelRow extends Record<string, unknown> {
  id: number; code: string; name: string; kind: string; district: string | null; land_use: string | null;
  area: string | null; starting_price: string; status: ParcelStatus; last_date: string | null;
  deal_price: string | null; rounds: number; total: number;
}

/** One statement whatever the page size: filter, sort and page the center's parcels with their derived status. */
export async function listParcels(db: DbOrTx, centerId: number, f: ParcelFilter) {
  const where: SQL[] = [sql`p.center_id = ${centerId}`];
  if (f.kind) where.push(sql`p.kind = ${f.kind}`);
  if (f.district) where.push(sql`p.district = ${f.district}`);
  if (f.q) {
    const like = likePattern(f.q);
    where.push(sql`(p.code ilike ${like} or p.name ilike ${like} or coalesce(p.location, '') ilike ${like})`);
  }
  if (f.year) {
    where.push(sql`exists (select 1 from transfers y where y.parcel_id = p.id
      and coalesce(y.deal_date, y.auction_date) >= make_date(${f.year}, 1, 1)
      and coalesce(y.deal_date, y.auction_date) < make_date(${f.year + 1}, 1, 1))`);
  }
  const order = sql.raw(`${parcelSorts[f.sort]} ${f.dir === 'desc' ? 'desc' : 'asc'} nulls last, code asc`);
  const rows = await db.execute<ParcelRow>(sql`
    select * , count(*) over ()::int as total from (
      select p.id, p.code, p.name, p.kind, p.district, p.land_use, p.area, p.starting_price,
             ${statusAgg} as status,
             max(coalesce(t.deal_date, t.auction_date))::text as last_date,
             max(t.deal_price) filter (where t.result = '成交') as deal_price,
             count(t.id)::int as rounds
      from parcels p left join transfers t on t.parcel_id = p.id
      where ${and(...where)}
      group by p.id) x
    ${f.status ? sql`where status = ${f.status}` : sql``}
    order by ${order}
    ${f.pageSize === null ? sql`` : sql`limit ${f.pageSize ?? PAGE_SIZE} offset ${(f.page - 1) * (f.pageSize ?? PAGE_SIZE)}`}`);
  return { rows: [...rows], total: rows[0]?.total ?? 0 };
}

export async function districtsOf(db: DbOrTx, centerId: number): Promise<string[]> {
  const rows = await db.selectDistinct({ d: parcels.district }).from(parcels)
    .where(and(eq(parcels.centerId, centerId), sql`${parcels.district} is not null`)).orderBy(asc(parcels.district));
  return rows.map((r) => r.d!);
}

export async function findParcel(db: DbOrTx, id: number) {
  const [p] = await db.select().from(parcels).where(eq(parcels.id, id));
  return p ?? null;
}

/**
 * A parcel's whole history: every round with its agency and announcement, the announcements that
 * cover it with this parcel's share of each one's cost (and their sum, 出让成本), and its audit trail.
 * Three statements whatever the number of rounds or announcements.
 */
export async function parcelHistory(db: Db, parcelId: number) {
  const [rounds, covered, audit] = await Promise.all([
    db.select({
      id: transfers.id, round: transfers.round, mode: transfers.mode, result: transfers.result,
      auctionDate: transfers.auctionDate, dealPrice: transfers.dealPrice, winner: transfers.winner,
      dealDate: transfers.dealDate, confirmationNo: transfers.confirmationNo,
      agencyName: agencies.name, announcementCode: announcements.code, announcementId: announcements.id,
    }).from(transfers)
      .leftJoin(agencies, eq(agencies.id, transfers.agencyId))
      .leftJoin(announcements, eq(announcements.id, transfers.announcementId))
      .where(eq(transfers.parcelId, parcelId)).orderBy(asc(transfers.round)),
    db.select({
      id: announcements.id, code: announcements.code, title: announcements.title, publishedOn: announcements.publishedOn,
      cost: announcements.cost, medium: announcements.medium,
      // Every parcel the announcement covers, so its cost can be shared here without a query per announcement.
      parcels: sql<{ id: number; code: string }[]>`(select json_agg(json_build_object('id', p2.id, 'code', p2.code))
        from announcement_parcels x join parcels p2 on p2.id = x.parcel_id where x.announcement_id = ${announcements.id})`,
    }).from(announcementParcels)
      .innerJoin(announcements, eq(announcements.id, announcementParcels.announcementId))
      .where(eq(announcementParcels.parcelId, parcelId)).orderBy(asc(announcements.publishedOn)),
    db.select({ at: auditEvents.at, actor: auditEvents.actor, action: auditEvents.action, note: auditEvents.note })
      .from(auditEvents).where(and(eq(auditEvents.entity, 'parcel'), eq(auditEvents.entityId, String(parcelId))))
      .orderBy(asc(auditEvents.id)).limit(100),
  ]);
  // This parcel's part of each announcement's cost, by the one sharing rule (remainder to the first 标的编号).
  const coveredWithShare = covered.map(({ parcels: list, ...a }) => ({
    ...a,
    parcelCount: list.length,
    share: shareCost(a.cost, list).find((s) => s.parcel.id === parcelId)!.share,
  }));
  const announcementCost = coveredWithShare.reduce((sum, a) => sum + a.share, 0n);
  return { rounds, covered: coveredWithShare, announcementCost, audit };
}

const columns = (v: ParcelInput) => ({
  code: v.code, kind: v.kind, name: v.name, location: v.location ?? null, district: v.district ?? null,
  landUse: v.land_use ?? null, area: v.area ?? null, plotRatio: v.plot_ratio ?? null, termYears: v.term_years ?? null,
  mineral: v.mineral ?? null, resources: v.resources ?? null, validUntil: v.valid_until ?? null,
  startingPrice: v.starting_price, deposit: v.deposit ?? null,
});

export async function createParcel(db: Db, actor: Actor, centerId: number, v: ParcelInput) {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(parcels).values({ centerId, ...columns(v) }).onConflictDoNothing().returning();
    if (!row) throw new FieldProblem('code', '本中心已有相同标的编号');
    await recordAudit(tx, actor, { action: 'create', entity: 'parcel', entityId: row.id, centerId, after: row });
    return row;
  });
}

export async function updateParcel(db: Db, actor: Actor, id: number, v: ParcelInput) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(parcels).where(eq(parcels.id, id)).for('update');
    if (!before) return null;
    const clash = await tx.select({ id: parcels.id }).from(parcels)
      .where(and(eq(parcels.centerId, before.centerId), eq(parcels.code, v.code), sql`${parcels.id} <> ${id}`));
    if (clash.length) throw new FieldProblem('code', '本中心已有相同标的编号');
    // A deal was checked against the parcel's 类型 and 起始价 (src/transfers/law.ts): an edit must not take that away.
    const deals = await tx.select({ round: transfers.round, dealPrice: transfers.dealPrice }).from(transfers)
      .where(and(eq(transfers.parcelId, id), eq(transfers.result, '成交')));
    for (const d of deals) {
      if (v.kind !== before.kind) throw new FieldProblem('kind', `该标的已在第${d.round}场成交，类型不能修改`);
      if (v.starting_price !== before.startingPrice && d.dealPrice !== null && d.dealPrice < v.starting_price) {
        throw new FieldProblem('starting_price', `该标的已在第${d.round}场以 ${formatYuan(d.dealPrice)} 元成交：起始价不能改为高于成交价`);
      }
    }
    // A running round's 底价 is not below the 起始价 (src/transfers/reserve.ts); the message names no amount.
    const reserve = v.starting_price !== before.startingPrice ? await runningReserveOfParcel(tx, id) : null;
    if (reserve !== null && v.starting_price > reserve) {
      throw new FieldProblem('starting_price', '起始价不能高于本标的进行中出让已设定的底价（底价保密）；如需调整，请先重新设定底价');
    }
    const [after] = await tx.update(parcels).set({ ...columns(v), updatedAt: sql`now()` }).where(eq(parcels.id, id)).returning();
    await recordAudit(tx, actor, { action: 'update', entity: 'parcel', entityId: id, centerId: before.centerId, before, after });
    return after!;
  });
}
