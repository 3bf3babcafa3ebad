import { likePattern } from '../lib/query';
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { agencies, announcementParcels, announcements, parcels, transferEvents, transfers } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import type { Db, DbOrTx } from '../db';
import type { AnnulInput, PublicationInput, ResultInput, ResumeInput, SuspendInput, TransferInput } from './forms';
import { calendarOverrides, mineralNoticeDays } from '../calendar/queries';
import { addWorkingDays, calendarWindow, workingDaysBetween } from '../lib/working-days';
import { FieldProblem } from '../lib/forms';
import { exceptedRules } from './exceptions';
import {
  auctionBiddersProblem, dealPriceProblem, mineralNoticeProblem, noticeProblem, noticeRuleApplies, publicationProblem, RESULT_PUBLICATION_WORKING_DAYS, sameNoticeFacts, winnerProblem,
} from './law';
import { qualifiedBidders } from '../bidders/queries';
import { todayShanghai } from '../lib/dates';
import { closedYearMessage } from '../funds/db-errors';
import { isYearClosed } from '../funds/queries';
import { nextRoundProblem } from './rules';
import { hasReserve, reserveDealProblem } from './reserve';

export const PAGE_SIZE = 50;

export const transferSorts = { date: 'sort_date', code: 'code', price: 'deal_price', result: 'result', round: 'round' } as const;
export type TransferSort = keyof typeof transferSorts;

export interface TransferFilter {
  year?: number; mode?: string; result?: string; agency?: number; q?: string;
  sort: TransferSort; dir: 'asc' | 'desc'; page: number; pageSize?: number | null;
}

export interface TransferRow extends Record<string, unknown> {
  id: number; parcel_id: number; code: string; name: string; kind: string; round: number; mode: string;
  agency: string | null; announcement: string | null; auction_date: string | null; result: string;
  deal_price: string | null; winner: string | null; deal_date: string | null; confirmation_no: string | null; total: number;
}

/** The current center's transfers, filtered, sorted and paged in one statement. */
export async function listTransfers(db: DbOrTx, centerId: number, f: TransferFilter) {
  const where: SQL[] = [sql`t.center_id = ${centerId}`];
  if (f.year) where.push(sql`coalesce(t.deal_date, t.auction_date) >= make_date(${f.year}, 1, 1) and coalesce(t.deal_date, t.auction_date) < make_date(${f.year + 1}, 1, 1)`);
  if (f.mode) where.push(sql`t.mode = ${f.mode}`);
  if (f.result) where.push(sql`t.result = ${f.result}`);
  if (f.agency) where.push(sql`t.agency_id = ${f.agency}`);
  if (f.q) {
    const like = likePattern(f.q);
    where.push(sql`(p.code ilike ${like} or p.name ilike ${like} or coalesce(t.winner, '') ilike ${like} or coalesce(t.confirmation_no, '') ilike ${like})`);
  }
  const order = sql.raw(`${transferSorts[f.sort]} ${f.dir === 'desc' ? 'desc' : 'asc'} nulls last, code asc, round asc`);
  const size = f.pageSize === undefined ? PAGE_SIZE : f.pageSize;
  const rows = await db.execute<TransferRow>(sql`
    select t.id, p.id as parcel_id, p.code, p.name, p.kind, t.round, t.mode, a.name as agency, n.code as announcement,
           t.auction_date::text, t.result, t.deal_price, t.winner, t.deal_date::text, t.confirmation_no,
           coalesce(t.deal_date, t.auction_date) as sort_date, count(*) over ()::int as total
    from transfers t
      join parcels p on p.id = t.parcel_id
      left join agencies a on a.id = t.agency_id
      left join announcements n on n.id = t.announcement_id
    where ${and(...where)}
    order by ${order}
    ${size === null ? sql`` : sql`limit ${size} offset ${(f.page - 1) * size}`}`);
  return { rows: [...rows], total: rows[0]?.total ?? 0 };
}

export async function findTransfer(db: DbOrTx, id: number) {
  const [row] = await db.select({
    transfer: transfers, parcel: { id: parcels.id, code: parcels.code, name: parcels.name, kind: parcels.kind, startingPrice: parcels.startingPrice, deposit: parcels.deposit },
    agencyName: agencies.name, announcementCode: announcements.code, announcementTitle: announcements.title, announcementPublishedOn: announcements.publishedOn,
    latestRound: sql<number>`(select max(x.round) from transfers x where x.parcel_id = ${transfers.parcelId})`.mapWith(Number),
  }).from(transfers)
    .innerJoin(parcels, eq(parcels.id, transfers.parcelId))
    .leftJoin(agencies, eq(agencies.id, transfers.agencyId))
    .leftJoin(announcements, eq(announcements.id, transfers.announcementId))
    .where(eq(transfers.id, id));
  return row ?? null;
}

/** The rounds of a parcel so far, for deciding whether it may be offered again. */
export async function roundsOf(db: DbOrTx, parcelId: number) {
  return db.select({ round: transfers.round, result: transfers.result }).from(transfers)
    .where(eq(transfers.parcelId, parcelId)).orderBy(asc(transfers.round));
}

/** Choices for the schedule form: every agency, and the center's announcements (newest first). */
export async function scheduleChoices(db: DbOrTx, centerId: number, parcelId: number) {
  const [agencyList, announcementList] = await Promise.all([
    db.select({ id: agencies.id, name: agencies.name }).from(agencies).orderBy(asc(agencies.name)),
    db.select({
      id: announcements.id, code: announcements.code, title: announcements.title, publishedOn: announcements.publishedOn,
      covers: sql<boolean>`exists (select 1 from announcement_parcels x where x.announcement_id = ${announcements.id} and x.parcel_id = ${parcelId})`,
    }).from(announcements).where(eq(announcements.centerId, centerId)).orderBy(desc(announcements.publishedOn)),
  ]);
  return { agencies: agencyList, announcements: announcementList };
}

export async function announcementCoversParcel(db: DbOrTx, announcementId: number, parcelId: number, centerId: number) {
  const rows = await db.select({ a: announcementParcels.announcementId }).from(announcementParcels)
    .innerJoin(announcements, eq(announcements.id, announcementParcels.announcementId))
    .where(and(eq(announcementParcels.announcementId, announcementId), eq(announcementParcels.parcelId, parcelId), eq(announcements.centerId, centerId)));
  return rows.length > 0;
}

/** The publication date of an announcement (the notice date of a round without its own 公告开始日期). */
export async function announcementDate(db: DbOrTx, id: number): Promise<string | null> {
  const [row] = await db.select({ on: announcements.publishedOn }).from(announcements).where(eq(announcements.id, id));
  return row?.on ?? null;
}

/** A round's notice date: its own 公告开始日期, else the publication date of the announcement it cites. */
async function noticeDateOf(db: DbOrTx, round: { noticeStart: string | null; announcementId: number | null }) {
  return round.noticeStart ?? (round.announcementId === null ? null : announcementDate(db, round.announcementId));
}

export async function agencyExists(db: DbOrTx, id: number) {
  return (await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.id, id))).length > 0;
}

const schedule = (v: TransferInput) => ({
  mode: v.mode, agencyId: v.agency ?? null, announcementId: v.announcement ?? null, noticeStart: v.notice_start ?? null,
  noticeEnd: v.notice_end ?? null, registrationDeadline: v.registration_deadline ?? null, auctionDate: v.auction_date ?? null,
});

export class RoundConflict extends Error {}

/**
 * Opens the next round (场次) of a parcel. The parcel row is locked so two clerks cannot open the
 * same round, and the rule is checked under that lock: only after a 流拍 or 终止, never after a deal.
 */
export async function openRound(db: Db, actor: Actor, parcel: { id: number; centerId: number }, v: TransferInput) {
  return db.transaction(async (tx) => {
    await tx.select({ id: parcels.id }).from(parcels).where(eq(parcels.id, parcel.id)).for('update');
    const rounds = await roundsOf(tx, parcel.id);
    const last = rounds.at(-1);
    const problem = nextRoundProblem(last);
    if (problem) throw new RoundConflict(`该标的${problem}`);
    const [row] = await tx.insert(transfers).values({
      centerId: parcel.centerId, parcelId: parcel.id, round: (last?.round ?? 0) + 1, result: '进行中', ...schedule(v),
    }).returning();
    await recordAudit(tx, actor, { action: 'create', entity: 'transfer', entityId: row!.id, centerId: parcel.centerId, after: row });
    return row!;
  });
}

/** Why a new deal breaks the law (成交价 below 起始价, a notice period too short or not known), unless an admin set the rule aside: a FieldProblem. */
async function dealLawProblem(tx: DbOrTx, round: typeof transfers.$inferSelect, parcel: { kind: string; startingPrice: bigint }, dealPrice: bigint) {
  const excepted = await exceptedRules(tx, 'transfer', round.id);
  const price = dealPriceProblem(dealPrice, parcel.startingPrice);
  if (price && !excepted.has('deal-price')) throw new FieldProblem('deal_price', price);
  if (round.mode === '协议' || excepted.has('notice')) return;
  if (!noticeRuleApplies(parcel.kind, round.mode)) return mineralDealNotice(tx, round);
  const noticeDate = await noticeDateOf(tx, round);
  if (!noticeDate || !round.auctionDate) {
    throw new FieldProblem('_form', '登记成交前，请在出让安排中填写公告开始日期（或选择出让公告）和竞价日期：成交须经法定公告期（国土资源部令第39号）');
  }
  const notice = noticeProblem({ kind: parcel.kind, mode: round.mode, noticeDate, auctionDate: round.auctionDate });
  if (notice) throw new FieldProblem('_form', `${notice}。不能登记成交`);
}

/** A mineral-right deal's notice period, in working days by the province's setting. */
async function mineralDealNotice(tx: DbOrTx, round: typeof transfers.$inferSelect) {
  const noticeDate = await noticeDateOf(tx, round);
  if (!noticeDate || !round.auctionDate) {
    throw new FieldProblem('_form', '登记成交前，请在出让安排中填写公告开始日期（或选择出让公告）和竞价日期：矿业权出让须经省规定的公告期');
  }
  const cal = await calendarOverrides(tx, noticeDate, round.auctionDate);
  const problem = mineralNoticeProblem({ mode: round.mode, noticeDate, auctionDate: round.auctionDate },
    workingDaysBetween(noticeDate, round.auctionDate, cal), await mineralNoticeDays(tx, round.centerId));
  if (problem) throw new FieldProblem('_form', `${problem}。不能登记成交`);
}

/**
 * A round run with its applications (any registered) closes with a 竞得人 among those that passed
 * 资格审查, and a 拍卖 with at least three of them. A round without applications (recorded before the
 * registry, or imported) keeps its free-text 竞得人. Read under the round's lock, which 报名 and 资格审查
 * take too.
 */
async function dealBiddersProblem(tx: DbOrTx, round: typeof transfers.$inferSelect, winner: string) {
  if ((await exceptedRules(tx, 'transfer', round.id)).has('bidders')) return;
  const { applications, qualified } = await qualifiedBidders(tx, round.id);
  if (applications === 0) return;
  const few = auctionBiddersProblem(round.mode, qualified.length);
  if (few) throw new FieldProblem('result', few);
  const who = winnerProblem(winner, qualified);
  if (who) throw new FieldProblem('winner', who);
}

/** A 流拍's reason must fit the round's applications: none for 无人报名, fewer than three for 不足三人. */
async function failureReasonProblem(tx: DbOrTx, round: typeof transfers.$inferSelect, reason: string) {
  const { applications, qualified } = await qualifiedBidders(tx, round.id);
  if (applications === 0) return; // a round recorded without its applications: the reason is as stated
  if (reason === '未达底价' && !(await hasReserve(tx, round.id))) throw new FieldProblem('failure_reason', '本场未设定底价，流拍原因不能是“未达底价”');
  if (reason === '无人报名') throw new FieldProblem('failure_reason', `本场登记了 ${applications} 个报名，流拍原因不能是“无人报名”`);
  if (reason === '不足三人' && qualified.length >= 3) {
    throw new FieldProblem('failure_reason', `本场有 ${qualified.length} 个竞买人通过资格审查，流拍原因不能是“不足三人”`);
  }
}

export async function updateSchedule(db: Db, actor: Actor, id: number, v: TransferInput) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(transfers).where(eq(transfers.id, id)).for('update');
    // A closed round was judged under its mode and 报名截止 (three bidders for a 拍卖, deposits by the
    // deadline): those stay as they were. An open round's deadline cannot move before an application.
    const [latest] = await tx.execute<{ on: string | null }>(sql`select max(applied_on)::text as on from bid_applications where transfer_id = ${id}`);
    if (before!.result !== '进行中') {
      if (v.mode !== before!.mode) throw new FieldProblem('mode', `本场已${before!.result}：出让方式不能修改`);
      if (latest?.on && (v.registration_deadline ?? null) !== before!.registrationDeadline) {
        throw new FieldProblem('registration_deadline', `本场已${before!.result}且有报名：报名截止日期不能修改`);
      }
    } else if (v.registration_deadline) {
      if (latest?.on && v.registration_deadline < latest.on) {
        throw new FieldProblem('registration_deadline', `本场已有 ${latest.on} 登记的报名：报名截止日期不能早于该日`);
      }
    }
    // A deal was checked against its schedule: a schedule edit must not take that away (clear a date,
    // shorten the notice, make a land 挂牌 a 协议), unless it leaves the notice facts as they were.
    if (before!.result === '成交') {
      const [parcel] = await tx.select({ kind: parcels.kind }).from(parcels).where(eq(parcels.id, before!.parcelId)).for('update');
      const next = { kind: parcel!.kind, mode: v.mode, noticeDate: await noticeDateOf(tx, schedule(v)), auctionDate: v.auction_date ?? null };
      const was = { kind: parcel!.kind, mode: before!.mode, noticeDate: await noticeDateOf(tx, before!), auctionDate: before!.auctionDate };
      const changed = !sameNoticeFacts(next, was);
      // Land by 39号令's days, a mineral right by its center's working days: both were checked at the deal
      // (the mode itself cannot change once the round closed, above).
      if (changed && was.mode !== '协议' && !(await exceptedRules(tx, 'transfer', id)).has('notice')) {
        if (!next.noticeDate || !next.auctionDate) throw new FieldProblem('_form', '本场已成交：公告开始日期（或出让公告）和竞价日期不能清除');
        let problem: string | null;
        if (noticeRuleApplies(next.kind, next.mode)) problem = noticeProblem(next);
        else {
          const cal = await calendarOverrides(tx, next.noticeDate, next.auctionDate);
          problem = mineralNoticeProblem({ mode: next.mode, noticeDate: next.noticeDate, auctionDate: next.auctionDate },
            workingDaysBetween(next.noticeDate, next.auctionDate, cal), await mineralNoticeDays(tx, before!.centerId));
        }
        if (problem) throw new FieldProblem('_form', `本场已成交：${problem}`);
      }
    }
    if (v.mode === '协议' && before!.mode !== '协议' && (await hasReserve(tx, id))) throw new FieldProblem('mode', '本场已设定底价，不能改为协议出让');
    const [after] = await tx.update(transfers).set({ ...schedule(v), updatedAt: sql`now()` }).where(eq(transfers.id, id)).returning();
    await recordAudit(tx, actor, { action: 'update', entity: 'transfer', entityId: id, centerId: before!.centerId, before, after });
    return after!;
  });
}

/** A round's present state as its history records it (the deal fields, reason and 文号). */
const dealOf = (t: typeof transfers.$inferSelect) => ({
  result: t.result, dealPrice: t.dealPrice?.toString() ?? null, winner: t.winner, dealDate: t.dealDate, confirmationNo: t.confirmationNo,
  confirmationDate: t.confirmationDate, resultPublishedOn: t.resultPublishedOn, failureReason: t.failureReason, documentNo: t.documentNo,
});

async function addEvent(tx: DbOrTx, actor: Actor, t: typeof transfers.$inferSelect, e: {
  kind: (typeof transferEvents.$inferInsert)['kind']; onDate: string | null; reason?: string | null; documentNo?: string | null; detail?: unknown;
}) {
  await tx.insert(transferEvents).values({
    centerId: t.centerId, transferId: t.id, kind: e.kind, onDate: e.onDate, reason: e.reason ?? null, documentNo: e.documentNo ?? null,
    detail: e.detail ?? null, createdBy: actor.userId,
  });
}

/** Locks a round and its parcel; only the latest round of a parcel may change. */
async function lockLatestRound(tx: DbOrTx, id: number) {
  const [before] = await tx.select().from(transfers).where(eq(transfers.id, id)).for('update');
  const [parcel] = await tx.select({ id: parcels.id, kind: parcels.kind, startingPrice: parcels.startingPrice }).from(parcels)
    .where(eq(parcels.id, before!.parcelId)).for('update');
  const rounds = await roundsOf(tx, before!.parcelId);
  if (rounds.at(-1)!.round !== before!.round) throw new RoundConflict(`该标的已有第${rounds.at(-1)!.round}场，本场结果不能再修改`);
  return { before: before!, parcel: parcel! };
}

/**
 * Records the result of a round; only the latest round of a parcel may change, under a lock on the
 * parcel. A 流拍 may be corrected while no next round follows; a 成交 — whose 成交确认书 is recorded with it —
 * is never edited: it is declared 无效 with its 文号 (annulDeal). A 终止 is final. A 中止 round waits for its 恢复.
 */
export async function recordResult(db: Db, actor: Actor, id: number, v: ResultInput) {
  return db.transaction(async (tx) => {
    const { before, parcel } = await lockLatestRound(tx, id);
    if (before.result === '成交') {
      throw new FieldProblem('result', `本场已成交（成交确认书 ${before.confirmationNo}），成交结果不能修改；如成交无效，请在本场页面登记“成交无效”（须填写文号和原因）`);
    }
    if (before.result === '终止' || before.result === '无效') throw new FieldProblem('result', `本场已${before.result}（${before.documentNo ?? '无文号'}），结果不能修改；如需再次出让，请新建下一场`);
    if (before.suspendedOn) throw new FieldProblem('result', `本场自 ${before.suspendedOn} 起中止，请先登记恢复再登记结果`);
    const deal = v.result === '成交';
    // The law's rules, read under the locks: the 起始价 and the schedule cannot change while the deal is recorded.
    if (deal) await dealLawProblem(tx, before, parcel, v.deal_price!);
    if (deal) await dealBiddersProblem(tx, before, v.winner!);
    if (deal) await reserveDealProblem(tx, before.id, v.deal_price!);
    if (v.result === '流拍') await failureReasonProblem(tx, before, v.failure_reason!);
    if (v.result === '终止' && v.decided_on! > todayShanghai()) throw new FieldProblem('decided_on', '终止日期不能晚于今天');
    const [after] = await tx.update(transfers).set({
      result: v.result,
      dealPrice: deal ? v.deal_price! : null,
      winner: deal ? v.winner! : null,
      dealDate: deal ? v.deal_date! : null,
      confirmationNo: deal ? v.confirmation_no! : null,
      confirmationDate: deal ? v.confirmation_date! : null,
      resultPublishedOn: null,
      failureReason: v.result === '流拍' ? v.failure_reason! : null,
      documentNo: v.result === '终止' ? v.document_no! : null,
      closedOn: v.result === '终止' ? v.decided_on! : null,
      updatedAt: sql`now()`,
    }).where(eq(transfers.id, id)).returning();
    if (v.result !== '进行中') {
      const kind = v.result;
      const onDate = deal ? v.deal_date! : v.result === '终止' ? v.decided_on! : before.auctionDate;
      await addEvent(tx, actor, before, { kind, onDate, reason: v.failure_reason ?? null, documentNo: v.document_no ?? null, detail: { before: dealOf(before), after: dealOf(after!) } });
    } else if (before.result !== '进行中') {
      await addEvent(tx, actor, before, { kind: '更正', onDate: null, detail: { before: dealOf(before), after: dealOf(after!) } });
    }
    await recordAudit(tx, actor, { action: 'record-result', entity: 'transfer', entityId: id, centerId: before.centerId, before, after });
    return after!;
  });
}

/** 中止: a running round stops (权属争议, 违法行为未处理, 不可抗力 — 矿业权交易规则; the same in land practice) until its 恢复. */
export async function suspendRound(db: Db, actor: Actor, id: number, v: SuspendInput) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(transfers).where(eq(transfers.id, id)).for('update');
    if (before!.result !== '进行中') throw new FieldProblem('on', `本场已${before!.result}，不能中止`);
    if (before!.suspendedOn) throw new FieldProblem('on', `本场已于 ${before!.suspendedOn} 中止`);
    const [last] = await tx.select({ on: transferEvents.onDate }).from(transferEvents)
      .where(and(eq(transferEvents.transferId, id), eq(transferEvents.kind, '恢复'))).orderBy(desc(transferEvents.id)).limit(1);
    if (last?.on && v.on < last.on) throw new FieldProblem('on', `中止日期不能早于上次恢复日期 ${last.on}`);
    if (v.on > todayShanghai()) throw new FieldProblem('on', '中止日期不能晚于今天');
    const [after] = await tx.update(transfers).set({ suspendedOn: v.on, updatedAt: sql`now()` }).where(eq(transfers.id, id)).returning();
    await addEvent(tx, actor, before!, { kind: '中止', onDate: v.on, reason: v.reason, documentNo: v.document_no ?? null });
    await recordAudit(tx, actor, { action: 'suspend', entity: 'transfer', entityId: id, centerId: before!.centerId, before, after, note: v.reason });
    return after!;
  });
}

/** 恢复: a suspended round runs again from the given day (not before its 中止). */
export async function resumeRound(db: Db, actor: Actor, id: number, v: ResumeInput) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(transfers).where(eq(transfers.id, id)).for('update');
    if (!before!.suspendedOn) throw new FieldProblem('on', '本场未中止，无需恢复');
    if (v.on < before!.suspendedOn) throw new FieldProblem('on', `恢复日期不能早于中止日期 ${before!.suspendedOn}`);
    if (v.on > todayShanghai()) throw new FieldProblem('on', '恢复日期不能晚于今天');
    const [after] = await tx.update(transfers).set({ suspendedOn: null, updatedAt: sql`now()` }).where(eq(transfers.id, id)).returning();
    await addEvent(tx, actor, before!, { kind: '恢复', onDate: v.on, reason: v.reason ?? null, detail: { suspendedOn: before!.suspendedOn } });
    await recordAudit(tx, actor, { action: 'resume', entity: 'transfer', entityId: id, centerId: before!.centerId, before, after });
    return after!;
  });
}

/**
 * 成交无效: a recorded deal is void by a decision with its 文号 and reason (e.g. the winner refused to
 * sign the contract). The round's result becomes 无效 and its deal fields are cleared; the voided deal
 * is kept in the round's history; the parcel may be offered again as the next round.
 */
export async function annulDeal(db: Db, actor: Actor, id: number, v: AnnulInput) {
  return db.transaction(async (tx) => {
    const { before } = await lockLatestRound(tx, id);
    if (before.result !== '成交') throw new FieldProblem('on', `本场结果为“${before.result}”，只有成交可以认定无效`);
    if (v.on < before.dealDate!) throw new FieldProblem('on', `认定无效日期不能早于成交日期 ${before.dealDate}`);
    if (v.on > todayShanghai()) throw new FieldProblem('on', '认定无效日期不能晚于今天');
    // A closed year keeps its figures: voiding one of its deals would change its 出让宗数 and score.
    const dealYear = Number(before.dealDate!.slice(0, 4));
    if (await isYearClosed(tx, before.centerId, dealYear)) throw new FieldProblem('on', `${closedYearMessage(dealYear)}：该年度的成交不能认定无效`);
    const [after] = await tx.update(transfers).set({
      result: '无效', dealPrice: null, winner: null, dealDate: null, confirmationNo: null, confirmationDate: null, resultPublishedOn: null,
      failureReason: null, documentNo: v.document_no, closedOn: v.on, updatedAt: sql`now()`,
    }).where(eq(transfers.id, id)).returning();
    await addEvent(tx, actor, before, { kind: '无效', onDate: v.on, reason: v.reason, documentNo: v.document_no, detail: { voided: dealOf(before) } });
    await recordAudit(tx, actor, { action: 'annul', entity: 'transfer', entityId: id, centerId: before.centerId, before, after, note: `${v.document_no}：${v.reason}` });
    return after!;
  });
}

/**
 * 结果公示: the day a deal's result was published, once. Within 10 working days after the deal by the
 * calendar (国土资源部令第39号), unless an admin set the rule aside for the round.
 */
export async function publishResult(db: Db, actor: Actor, id: number, v: PublicationInput) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(transfers).where(eq(transfers.id, id)).for('update');
    if (before!.result !== '成交') throw new FieldProblem('on', `本场结果为“${before!.result}”，只有成交需要公示结果`);
    if (before!.resultPublishedOn) throw new FieldProblem('on', `本场结果已于 ${before!.resultPublishedOn} 公示`);
    if (v.on > todayShanghai()) throw new FieldProblem('on', '结果公示日期不能晚于今天');
    const window = calendarWindow(before!.dealDate!, before!.dealDate!, RESULT_PUBLICATION_WORKING_DAYS);
    const due = addWorkingDays(before!.dealDate!, RESULT_PUBLICATION_WORKING_DAYS, await calendarOverrides(tx, window.from, window.to));
    const problem = publicationProblem(v.on, before!.dealDate!, due);
    if (problem && (v.on < before!.dealDate! || !(await exceptedRules(tx, 'transfer', id)).has('publication'))) throw new FieldProblem('on', problem);
    const [after] = await tx.update(transfers).set({ resultPublishedOn: v.on, updatedAt: sql`now()` }).where(eq(transfers.id, id)).returning();
    await addEvent(tx, actor, before!, { kind: '公示', onDate: v.on, detail: { due } });
    await recordAudit(tx, actor, { action: 'publish', entity: 'transfer', entityId: id, centerId: before!.centerId, before, after });
    return after!;
  });
}

export interface TransferEventRow extends Record<string, unknown> {
  id: number; kind: string; on_date: string | null; reason: string | null; document_no: string | null; detail: unknown; by: string | null; at: string;
}

/** A round's history, oldest first. */
export async function transferEventsOf(db: DbOrTx, transferId: number) {
  return [...await db.execute<TransferEventRow>(sql`
    select e.id, e.kind, e.on_date::text, e.reason, e.document_no, e.detail, u.display_name as by,
           to_char(e.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as at
    from transfer_events e left join users u on u.id = e.created_by where e.transfer_id = ${transferId} order by e.id`)];
}
