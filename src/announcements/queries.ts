import { and, asc, eq, inArray, notInArray, sql, type SQL } from 'drizzle-orm';
import { agencies, announcementParcels, announcements, parcels, transfers } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import { FieldProblem } from '../lib/forms';
import { likePattern } from '../lib/query';
import type { Db, DbOrTx } from '../db';
import type { AnnouncementInput } from './forms';
import { compareCodes } from './rules';
import { exceptedRules } from '../transfers/exceptions';
import { noticeProblem, noticeRuleApplies } from '../transfers/law';

export const PAGE_SIZE = 50;

export interface AnnouncementFilter {
  year?: number;
  medium?: string;
  q?: string;
  sort: AnnouncementSort;
  dir: 'asc' | 'desc';
  page: number;
  /** null: every matching row (exports). */
  pageSize?: number | null;
}

// Qualified columns: the select list casts cost to text under the same name, and ordering by
// that output column would sort amounts as strings.
export const announcementSorts = { code: 'a.code', date: 'a.published_on', cost: 'a.cost' } as const;
export type AnnouncementSort = keyof typeof announcementSorts;

export interface AnnouncementRow extends Record<string, unknown> {
  id: number; code: string; title: string; medium: string | null; published_on: string; cost: string;
  parcel_count: number; parcel_codes: string | null; total: number;
}


/** One statement whatever the page size: the center's announcements with the parcels they cover. */
export async function listAnnouncements(db: DbOrTx, centerId: number, f: AnnouncementFilter) {
  const where: SQL[] = [sql`a.center_id = ${centerId}`];
  if (f.medium) where.push(sql`a.medium = ${f.medium}`);
  if (f.q) where.push(sql`(a.code ilike ${likePattern(f.q)} or a.title ilike ${likePattern(f.q)})`);
  if (f.year) where.push(sql`a.published_on >= make_date(${f.year}, 1, 1) and a.published_on < make_date(${f.year + 1}, 1, 1)`);
  const order = sql.raw(`${announcementSorts[f.sort]} ${f.dir === 'desc' ? 'desc' : 'asc'}, a.code asc`);
  const size = f.pageSize === null ? null : f.pageSize ?? PAGE_SIZE;
  const rows = await db.execute<AnnouncementRow>(sql`
    select a.id, a.code, a.title, a.medium, a.published_on::text as published_on, a.cost::text as cost,
           count(p.id)::int as parcel_count,
           string_agg(p.code, '、' order by p.code collate "C") as parcel_codes,
           count(*) over ()::int as total
    from announcements a
      left join announcement_parcels ap on ap.announcement_id = a.id
      left join parcels p on p.id = ap.parcel_id
    where ${and(...where)}
    group by a.id
    order by ${order}
    ${size === null ? sql`` : sql`limit ${size} offset ${(f.page - 1) * size}`}`);
  return { rows: [...rows], total: rows[0]?.total ?? 0 };
}

export async function mediaOf(db: DbOrTx, centerId: number): Promise<string[]> {
  const rows = await db.selectDistinct({ m: announcements.medium }).from(announcements)
    .where(and(eq(announcements.centerId, centerId), sql`${announcements.medium} is not null`)).orderBy(asc(announcements.medium));
  return rows.map((r) => r.m!);
}

export async function findAnnouncement(db: DbOrTx, id: number) {
  const [a] = await db.select().from(announcements).where(eq(announcements.id, id));
  return a ?? null;
}

/** What the detail page shows besides the announcement itself: the parcels it covers and the transfers that cite it. */
export async function announcementDetail(db: Db, id: number) {
  const [covered, rounds] = await Promise.all([
    db.select({ id: parcels.id, code: parcels.code, name: parcels.name, kind: parcels.kind })
      .from(announcementParcels).innerJoin(parcels, eq(parcels.id, announcementParcels.parcelId))
      .where(eq(announcementParcels.announcementId, id)),
    db.select({
      id: transfers.id, round: transfers.round, mode: transfers.mode, result: transfers.result,
      auctionDate: transfers.auctionDate, dealPrice: transfers.dealPrice, dealDate: transfers.dealDate,
      parcelId: parcels.id, parcelCode: parcels.code, parcelName: parcels.name, agencyId: agencies.id, agencyName: agencies.name,
    }).from(transfers)
      .innerJoin(parcels, eq(parcels.id, transfers.parcelId))
      .leftJoin(agencies, eq(agencies.id, transfers.agencyId))
      .where(eq(transfers.announcementId, id)).orderBy(asc(parcels.code), asc(transfers.round)),
  ]);
  return { covered, rounds };
}

export interface ParcelChoice { id: number; code: string; name: string; linked: boolean }

/**
 * The parcels an announcement of this center may cover: those not yet sold (a sold parcel
 * is not announced again) plus those it already covers, so editing never drops a link silently.
 */
export async function parcelChoices(db: DbOrTx, centerId: number, announcementId: number | null): Promise<ParcelChoice[]> {
  const rows = await db.execute<ParcelChoice & Record<string, unknown>>(sql`
    select p.id, p.code, p.name, (ap.parcel_id is not null) as linked
    from parcels p
      left join announcement_parcels ap on ap.parcel_id = p.id and ap.announcement_id = ${announcementId ?? 0}
    where p.center_id = ${centerId}
      and (ap.parcel_id is not null
           or not exists (select 1 from transfers t where t.parcel_id = p.id and t.result = '成交'))
    order by p.code collate "C"`);
  return [...rows];
}

/** A posted parcel id that is not a parcel of the announcement's center (or does not exist). */

/** The codes of the posted parcels, all of which must belong to the center; in 标的编号 order, for the audit record. */
async function centerParcelCodes(tx: DbOrTx, centerId: number, ids: number[]): Promise<string[]> {
  const rows = await tx.select({ code: parcels.code }).from(parcels)
    .where(and(eq(parcels.centerId, centerId), inArray(parcels.id, ids)));
  if (rows.length !== ids.length) throw new FieldProblem('parcels', '所选标的不属于本中心或不存在，请重新选择');
  return rows.map((r) => r.code).sort(compareCodes);
}

const columns = (v: AnnouncementInput) => ({
  code: v.code, title: v.title, medium: v.medium ?? null, publishedOn: v.published_on, cost: v.cost,
});

export async function createAnnouncement(db: Db, actor: Actor, centerId: number, v: AnnouncementInput) {
  return db.transaction(async (tx) => {
    const codes = await centerParcelCodes(tx, centerId, v.parcels);
    const [row] = await tx.insert(announcements).values({ centerId, ...columns(v) }).onConflictDoNothing().returning();
    if (!row) throw new FieldProblem('code', '本中心已有相同公告编号');
    await tx.insert(announcementParcels).values(v.parcels.map((parcelId) => ({ announcementId: row.id, parcelId })));
    await recordAudit(tx, actor, { action: 'create', entity: 'announcement', entityId: row.id, centerId, after: { ...row, parcels: codes } });
    return row;
  });
}

/**
 * A deal was checked against the notice date it had: a round that takes its notice date from this
 * announcement (no 公告开始日期 of its own) keeps a lawful notice period when the date moves, unless
 * an admin set the rule aside for it. The rounds are locked, so no deal is recorded meanwhile.
 */
async function dealsKeepTheirNotice(tx: DbOrTx, announcementId: number, publishedOn: string) {
  const rounds = await tx.select({ id: transfers.id, round: transfers.round, mode: transfers.mode, auctionDate: transfers.auctionDate, code: parcels.code, kind: parcels.kind })
    .from(transfers).innerJoin(parcels, eq(parcels.id, transfers.parcelId))
    .where(and(eq(transfers.announcementId, announcementId), sql`${transfers.noticeStart} is null`, eq(transfers.result, '成交')))
    .orderBy(asc(transfers.id)).for('update', { of: transfers });
  for (const r of rounds) {
    if (!noticeRuleApplies(r.kind, r.mode) || (await exceptedRules(tx, 'transfer', r.id)).has('notice')) continue;
    const problem = noticeProblem({ kind: r.kind, mode: r.mode, noticeDate: publishedOn, auctionDate: r.auctionDate });
    if (problem) throw new FieldProblem('published_on', `${r.code} 第${r.round}场已按本公告成交：${problem}`);
  }
}

export async function updateAnnouncement(db: Db, actor: Actor, id: number, v: AnnouncementInput) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(announcements).where(eq(announcements.id, id)).for('update');
    if (!before) return null;
    const clash = await tx.select({ id: announcements.id }).from(announcements)
      .where(and(eq(announcements.centerId, before.centerId), eq(announcements.code, v.code), sql`${announcements.id} <> ${id}`));
    if (clash.length) throw new FieldProblem('code', '本中心已有相同公告编号');
    const codes = await centerParcelCodes(tx, before.centerId, v.parcels);
    const dropped = await tx.selectDistinct({ code: parcels.code }).from(transfers).innerJoin(parcels, eq(parcels.id, transfers.parcelId))
      .where(and(eq(transfers.announcementId, id), notInArray(transfers.parcelId, v.parcels)));
    if (dropped.length) {
      throw new FieldProblem('parcels', `标的 ${dropped.map((r) => r.code).sort(compareCodes).join('、')} 的出让活动引用了本公告，不能移出`);
    }
    if (v.published_on !== before.publishedOn) await dealsKeepTheirNotice(tx, id, v.published_on);
    const beforeLinks = await tx.select({ code: parcels.code }).from(announcementParcels)
      .innerJoin(parcels, eq(parcels.id, announcementParcels.parcelId)).where(eq(announcementParcels.announcementId, id));
    const [after] = await tx.update(announcements).set({ ...columns(v), updatedAt: sql`now()` }).where(eq(announcements.id, id)).returning();
    // Replace the set: simpler to audit and to reason about than a diff, and the table holds no other data.
    await tx.delete(announcementParcels).where(eq(announcementParcels.announcementId, id));
    await tx.insert(announcementParcels).values(v.parcels.map((parcelId) => ({ announcementId: id, parcelId })));
    await recordAudit(tx, actor, {
      action: 'update', entity: 'announcement', entityId: id, centerId: before.centerId,
      before: { ...before, parcels: beforeLinks.map((r) => r.code).sort(compareCodes) }, after: { ...after, parcels: codes },
    });
    return after!;
  });
}
