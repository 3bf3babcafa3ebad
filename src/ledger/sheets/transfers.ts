// 出让活动: 中心编码*, 标的编号*, 场次*, 方式*, 拍卖机构信用代码, 公告编号, 竞价日期, 结果*, 成交价, 竞得人,
// 成交日期, 成交确认书编号, and four columns we added to the format: 公告开始日期, 公告截止日期,
// 报名截止日期, and 拍卖机构 — the agency by its name, as a center's ledger names it (拍卖公司), when
// the file has no credit code: it must name exactly one agency of the file or the database.
// Key 中心编码 + 标的编号 + 场次. Nothing updates by import.
import { alias } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { agencies, announcementParcels, announcements, failureReasons, parcels, transferModes, transferResults, transfers } from '../../../db/schema';
import { dealPriceProblem, mineralNoticeProblem, noticeProblem } from '../../transfers/law';
import { calendarOverrides, mineralNoticeDaysByCenter } from '../../calendar/queries';
import { workingDaysBetween } from '../../lib/working-days';
import { dealDateProblem, nextRoundProblem, scheduleProblems, type ScheduleField } from '../../transfers/rules';
import { AS_HISTORY } from '../funds';
import type { Tx } from '../../db';
import { fenToYuan } from '../../lib/money';
import { insertRecords, intList, records, textList } from '../batch';
import { creditCode, date, integer, money, oneOf, text } from '../cells';
import type { SheetRun, View } from '../run';
import { defineSheet, keyOf, opt, req, type ParsedRow, type RowOf } from '../sheet';

const columns = {
  centerCode: req('中心编码', text),
  parcelCode: req('标的编号', text),
  round: req('场次', integer(1, 999)),
  mode: req('方式', oneOf(transferModes)),
  agencyCode: opt('拍卖机构信用代码', creditCode),
  agencyName: opt('拍卖机构', text),
  announcementCode: opt('公告编号', text),
  noticeStart: opt('公告开始日期', date),
  noticeEnd: opt('公告截止日期', date),
  registrationDeadline: opt('报名截止日期', date),
  auctionDate: opt('竞价日期', date),
  result: req('结果', oneOf(transferResults)),
  dealPrice: opt('成交价', money),
  winner: opt('竞得人', text),
  dealDate: opt('成交日期', date),
  confirmationNo: opt('成交确认书编号', text),
  failureReason: opt('流拍原因', oneOf(failureReasons)),
  documentNo: opt('文号', text),
};

type Transfer = RowOf<typeof columns>;
type Comparable = Omit<Transfer, 'centerCode' | 'parcelCode' | 'round' | 'agencyName'>;

// A deal is only a deal with all four; any other result has none of them.
const DEAL = [['dealPrice', '成交价'], ['winner', '竞得人'], ['dealDate', '成交日期'], ['confirmationNo', '成交确认书编号']] as const;

const SCHEDULE_HEADERS: Record<ScheduleField, string> = { agency: '拍卖机构信用代码', notice_end: '公告截止日期', registration_deadline: '报名截止日期' };

const view = (t: Comparable): View => ({
  方式: t.mode, 拍卖机构信用代码: t.agencyCode, 公告编号: t.announcementCode,
  公告开始日期: t.noticeStart, 公告截止日期: t.noticeEnd, 报名截止日期: t.registrationDeadline, 竞价日期: t.auctionDate,
  结果: t.result, 成交价: t.dealPrice === null ? null : fenToYuan(t.dealPrice), 竞得人: t.winner, 成交日期: t.dealDate, 成交确认书编号: t.confirmationNo,
  流拍原因: t.failureReason ?? null, 文号: t.documentNo ?? null,
});

const TRANSFER_COLUMNS = 'center_id int, parcel_id int, round int, mode text, agency_id int, announcement_id int, notice_start date, notice_end date, '
  + 'registration_deadline date, auction_date date, result text, deal_price bigint, winner text, deal_date date, confirmation_no text, '
  + 'failure_reason text, document_no text';

interface Item { row: ParsedRow<Transfer>; centerId: number; parcelId: number; agencyId: number | null; announcementId: number | null }
interface ParcelRef { id: number; kind: string; startingPrice: bigint }

export const transfersSheet = defineSheet({
  name: '出让活动',
  entity: 'transfer',
  columns,
  key: ['centerCode', 'parcelCode', 'round'],
  check(row, bad) {
    const schedule = scheduleProblems({
      mode: row.mode, hasAgency: row.agencyCode !== null || (row.agencyName ?? null) !== null, noticeStart: row.noticeStart, noticeEnd: row.noticeEnd,
      registrationDeadline: row.registrationDeadline, auctionDate: row.auctionDate,
    });
    for (const p of schedule) bad(SCHEDULE_HEADERS[p.field], p.message);
    const late = dealDateProblem(row.dealDate, row.auctionDate);
    if (late) bad('成交日期', late);
    if (row.result === undefined) return;
    for (const [field, header] of DEAL) {
      const value = row[field];
      if (row.result === '成交' && value === null) bad(header, `结果为成交时必须填写${header}`);
      if (row.result !== '成交' && value !== null && value !== undefined) bad(header, `结果为${row.result}时不应填写${header}`);
    }
    // A 流拍原因 belongs to a 流拍, a 文号 to a 终止 or 无效: elsewhere they contradict the 结果.
    if (row.failureReason && row.result !== '流拍') bad('流拍原因', `结果为${row.result}时不应填写流拍原因`);
    if (row.documentNo && row.result !== '终止' && row.result !== '无效') bad('文号', `结果为${row.result}时不应填写文号（文号用于终止或成交无效）`);
  },
  async apply(run, rows) {
    const located = run.locate(rows);
    const refs = await loadReferences(run.tx, located);

    const items: Item[] = [];
    for (const { row, centerId } of located) {
      const v = row.value;
      const parcelId = refs.parcels.get(`${centerId}|${v.parcelCode}`)?.id;
      if (v.agencyName !== null && !agencyByName(run, row, refs.agencyNames)) continue;
      const agencyId = v.agencyCode === null ? null : refs.agencies.get(v.agencyCode);
      const announcementId = v.announcementCode === null ? null : refs.announcements.get(`${centerId}|${v.announcementCode}`);
      if (parcelId === undefined) run.missing(row, '标的编号', 'parcel', keyOf(v.centerCode, v.parcelCode), `标的编号 ${v.parcelCode}`);
      if (agencyId === undefined) run.missing(row, '拍卖机构信用代码', 'agency', keyOf(v.agencyCode!), `拍卖机构信用代码 ${v.agencyCode}`);
      if (announcementId === undefined) run.missing(row, '公告编号', 'announcement', keyOf(v.centerCode, v.announcementCode!), `公告编号 ${v.announcementCode}`);
      if (parcelId !== undefined && agencyId !== undefined && announcementId !== undefined) items.push({ row, centerId, parcelId, agencyId, announcementId });
    }

    const ag = alias(agencies, 'ag');
    const an = alias(announcements, 'an');
    const existingRows = await run.tx.select({ t: transfers, agencyCode: ag.creditCode, announcementCode: an.code }).from(transfers)
      .leftJoin(ag, sql`${ag.id} = ${transfers.agencyId}`)
      .leftJoin(an, sql`${an.id} = ${transfers.announcementId}`)
      .where(sql`${transfers.parcelId} in ${intList([...new Set(items.map((i) => i.parcelId))])}`);
    const existing = new Map(existingRows.map((r) => [`${r.t.parcelId}|${r.t.round}`, r]));

    // Rounds per parcel, from the database and the file, for the round-chain rule.
    const rounds = new Map<number, Map<number, string>>();
    const roundsOf = (parcelId: number) => rounds.get(parcelId) ?? rounds.set(parcelId, new Map()).get(parcelId)!;
    for (const r of existingRows) roundsOf(r.t.parcelId).set(r.t.round, r.t.result);
    const creates: Item[] = [];
    for (const item of items) {
      const e = existing.get(`${item.parcelId}|${item.row.value.round}`);
      if (e) {
        if (run.compare(item.row, view(item.row.value), view({ ...e.t, agencyCode: e.agencyCode, announcementCode: e.announcementCode })) === 'unchanged') run.unchanged++;
      } else {
        creates.push(item);
        roundsOf(item.parcelId).set(item.row.value.round, item.row.value.result);
      }
    }

    // A parcel is offered again only after a round that did not sell.
    const valid = creates.filter(({ row, parcelId }) => {
      const { round, centerCode, parcelCode } = row.value;
      if (round === 1) return true;
      const previous = roundsOf(parcelId).get(round - 1);
      if (previous === undefined) {
        if (run.ctx.isTainted('transfer', keyOf(centerCode, parcelCode, round - 1))) run.drop(row);
        else run.fail(row, '场次', `标的 ${parcelCode} 的第 ${round - 1} 场在文件和数据库中都不存在，不能有第 ${round} 场`);
        return false;
      }
      const problem = nextRoundProblem({ round: round - 1, result: previous });
      if (problem) {
        run.fail(row, '场次', `标的 ${parcelCode} 不能有第 ${round} 场：${problem}`);
        return false;
      }
      return true;
    }).filter(({ row, parcelId, announcementId }) => {
      // The announcement a round cites must cover its parcel, as the form requires.
      if (announcementId === null || refs.covered.has(`${announcementId}|${parcelId}`)) return true;
      run.fail(row, '公告编号', `公告 ${row.value.announcementCode} 未包含标的 ${row.value.parcelCode}`);
      return false;
    });

    // True history that breaks the law's rules for new work goes in, with the warning on the round.
    // Mineral rights are held to their center's (the province's) working-day periods, by the calendar.
    const mineralDates = valid.flatMap(({ row: { value: v } }) => [v.noticeStart, v.auctionDate]).filter((d): d is string => !!d).sort();
    const periodsOf = await mineralNoticeDaysByCenter(run.tx, valid.map((i) => i.centerId));
    const cal = mineralDates.length ? await calendarOverrides(run.tx, mineralDates[0]!, mineralDates.at(-1)!) : new Map<string, boolean>();
    for (const { row, centerId, announcementId } of valid) {
      const v = row.value;
      const parcel = refs.parcels.get(`${centerId}|${v.parcelCode}`)!;
      const price = v.result === '成交' ? dealPriceProblem(v.dealPrice, parcel.startingPrice) : null;
      if (price) run.warn(row, '成交价', 'below-starting-price', `${price}${AS_HISTORY}`);
      const notice = noticeProblem({
        kind: parcel.kind, mode: v.mode, auctionDate: v.auctionDate,
        noticeDate: v.noticeStart ?? (announcementId === null ? null : refs.published.get(announcementId)),
      });
      if (notice) run.warn(row, v.noticeStart ? '公告开始日期' : '竞价日期', 'notice-too-short', `${notice}${AS_HISTORY}`);
      const noticeDate = v.noticeStart ?? (announcementId === null ? null : refs.published.get(announcementId));
      if (parcel.kind !== '土地' && v.mode !== '协议' && noticeDate && v.auctionDate) {
        const mineral = mineralNoticeProblem({ mode: v.mode, noticeDate, auctionDate: v.auctionDate }, workingDaysBetween(noticeDate, v.auctionDate, cal), periodsOf.get(centerId)!);
        if (mineral) run.warn(row, v.noticeStart ? '公告开始日期' : '竞价日期', 'notice-too-short', `${mineral}${AS_HISTORY}`);
      }
    }

    const inserted = await insertRecords<{ id: number; parcel_id: number; round: number }>(run.tx, transfers, TRANSFER_COLUMNS,
      valid.map(({ row: { value: v }, centerId, parcelId, agencyId, announcementId }) => ({
        center_id: centerId, parcel_id: parcelId, round: v.round, mode: v.mode, agency_id: agencyId, announcement_id: announcementId,
        notice_start: v.noticeStart, notice_end: v.noticeEnd, registration_deadline: v.registrationDeadline, auction_date: v.auctionDate,
        result: v.result, deal_price: v.dealPrice, winner: v.winner, deal_date: v.dealDate, confirmation_no: v.confirmationNo,
        failure_reason: v.failureReason, document_no: v.documentNo,
      })), 'id, parcel_id, round');
    const idOf = new Map(inserted.map((t) => [`${t.parcel_id}|${t.round}`, t.id]));
    for (const { row, centerId, parcelId } of valid) {
      const { centerCode: _c, ...after } = row.value;
      run.audit({ action: 'import-create', entityId: idOf.get(`${parcelId}|${row.value.round}`)!, centerId, after }, row);
      run.created++;
    }
  },
});

/** Parcels (with what the law's rules read), agencies and announcements (with their dates) the rows name, and which parcels those announcements cover: a few queries for the whole sheet. */
async function loadReferences(tx: Tx, located: { row: ParsedRow<Transfer>; centerId: number }[]) {
  const parcelKeys = located.map(({ row, centerId }) => ({ center_id: centerId, code: row.value.parcelCode }));
  const announcementKeys = located.filter(({ row }) => row.value.announcementCode !== null)
    .map(({ row, centerId }) => ({ center_id: centerId, code: row.value.announcementCode }));
  const agencyCodes = [...new Set(located.flatMap(({ row }) => (row.value.agencyCode === null ? [] : [row.value.agencyCode])))];
  const agencyNames = [...new Set(located.flatMap(({ row }) => (row.value.agencyName === null ? [] : [row.value.agencyName])))];
  const p = await tx.select({ id: parcels.id, centerId: parcels.centerId, code: parcels.code, kind: parcels.kind, startingPrice: parcels.startingPrice }).from(parcels)
    .where(sql`(${parcels.centerId}, ${parcels.code}) in (select center_id, code from ${records(parcelKeys, 'center_id int, code text')})`);
  const a = await tx.select({ id: agencies.id, code: agencies.creditCode }).from(agencies)
    .where(sql`${agencies.creditCode} in ${textList(agencyCodes)}`);
  const byName = await tx.select({ id: agencies.id, code: agencies.creditCode, name: agencies.name }).from(agencies)
    .where(sql`${agencies.name} in ${textList(agencyNames)} or ${agencies.creditCode} in ${textList(agencyCodes)}`);
  const n = await tx.select({ id: announcements.id, centerId: announcements.centerId, code: announcements.code, publishedOn: announcements.publishedOn }).from(announcements)
    .where(sql`(${announcements.centerId}, ${announcements.code}) in (select center_id, code from ${records(announcementKeys, 'center_id int, code text')})`);
  const links = n.length === 0 ? [] : await tx.select({ a: announcementParcels.announcementId, p: announcementParcels.parcelId })
    .from(announcementParcels).where(sql`${announcementParcels.announcementId} in ${intList(n.map((x) => x.id))}`);
  return {
    covered: new Set(links.map((l) => `${l.a}|${l.p}`)),
    parcels: new Map<string, ParcelRef>(p.map((x) => [`${x.centerId}|${x.code}`, { id: x.id, kind: x.kind, startingPrice: x.startingPrice }])),
    published: new Map(n.map((x) => [x.id, x.publishedOn])),
    agencies: new Map([...a, ...byName].map((x) => [x.code, x.id])),
    agencyNames: { codes: groupBy(byName, (x) => x.name, (x) => x.code), names: new Map(byName.map((x) => [x.code, x.name])) },
    announcements: new Map(n.map((x) => [`${x.centerId}|${x.code}`, x.id])),
  };
}

function groupBy<T, K, V>(list: readonly T[], key: (x: T) => K, value: (x: T) => V): Map<K, V[]> {
  const out = new Map<K, V[]>();
  for (const x of list) out.set(key(x), [...(out.get(key(x)) ?? []), value(x)]);
  return out;
}

/**
 * The agency a row's 拍卖机构 names: with a 拍卖机构信用代码 it must be that agency's name; without, the
 * one agency (of the file's 拍卖机构 sheet, applied before, or the database) of that name, whose code
 * the row then carries. False after reporting.
 */
function agencyByName(run: SheetRun, row: ParsedRow<Transfer>, refs: { codes: Map<string, string[]>; names: Map<string, string> }): boolean {
  const v = row.value;
  const name = v.agencyName!;
  if (v.agencyCode !== null) {
    const actual = refs.names.get(v.agencyCode);
    if (actual === undefined || actual === name) return true;
    run.fail(row, '拍卖机构', `拍卖机构“${name}”与拍卖机构信用代码 ${v.agencyCode} 的机构“${actual}”不一致`);
    return false;
  }
  const codes = refs.codes.get(name) ?? [];
  if (codes.length === 1) {
    v.agencyCode = codes[0]!;
    return true;
  }
  run.fail(row, '拍卖机构', codes.length === 0
    ? `拍卖机构“${name}”在文件和数据库中都不存在（按名称查找；也可填写拍卖机构信用代码）`
    : `有 ${codes.length} 家名为“${name}”的拍卖机构，请填写拍卖机构信用代码`);
  return false;
}
