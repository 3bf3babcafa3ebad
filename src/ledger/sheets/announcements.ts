// 出让公告: 中心编码*, 公告编号*, 标题*, 媒体, 发布日期*, 费用*, 标的编号* (a list of parcels of the
// same center). Key 中心编码 + 公告编号. Nothing updates by import; the parcel list is compared too.
import { eq, sql } from 'drizzle-orm';
import { announcementParcels, announcements, parcels } from '../../../db/schema';
import { fenToYuan } from '../../lib/money';
import { insertRecords, intList, records } from '../batch';
import { date, list, money, text } from '../cells';
import type { View } from '../run';
import { defineSheet, keyOf, opt, req, type ParsedRow, type RowOf } from '../sheet';

const columns = {
  centerCode: req('中心编码', text),
  code: req('公告编号', text),
  title: req('标题', text),
  medium: opt('媒体', text),
  publishedOn: req('发布日期', date),
  cost: req('费用', money),
  parcelCodes: req('标的编号', list),
};

interface Comparable { title: string; medium: string | null; publishedOn: string; cost: bigint; parcelCodes: string[] }

const view = (a: Comparable): View => ({
  标题: a.title, 媒体: a.medium, 发布日期: a.publishedOn, 费用: fenToYuan(a.cost),
  标的编号: [...a.parcelCodes].sort().join('、'),
});

type Item = { row: ParsedRow<RowOf<typeof columns>>; centerId: number; parcelIds: number[] };

export const announcementsSheet = defineSheet({
  name: '出让公告',
  entity: 'announcement',
  columns,
  key: ['centerCode', 'code'],
  async apply(run, rows) {
    const located = run.locate(rows);

    const wanted = located.flatMap(({ row, centerId }) => row.value.parcelCodes.map((code) => ({ center_id: centerId, code })));
    const parcelId = new Map((await run.tx.select({ id: parcels.id, centerId: parcels.centerId, code: parcels.code }).from(parcels)
      .where(sql`(${parcels.centerId}, ${parcels.code}) in (select center_id, code from ${records(wanted, 'center_id int, code text')})`))
      .map((p) => [`${p.centerId}|${p.code}`, p.id]));
    const items: Item[] = [];
    for (const { row, centerId } of located) {
      const ids: number[] = [];
      for (const code of row.value.parcelCodes) {
        const id = parcelId.get(`${centerId}|${code}`);
        if (id === undefined) run.missing(row, '标的编号', 'parcel', keyOf(row.value.centerCode, code), `标的编号 ${code}`);
        else ids.push(id);
      }
      if (ids.length === row.value.parcelCodes.length) items.push({ row, centerId, parcelIds: ids });
    }

    const keys = items.map((i) => ({ center_id: i.centerId, code: i.row.value.code }));
    const found = await run.tx.select().from(announcements)
      .where(sql`(${announcements.centerId}, ${announcements.code}) in (select center_id, code from ${records(keys, 'center_id int, code text')})`);
    const links = await run.tx.select({ announcementId: announcementParcels.announcementId, code: parcels.code })
      .from(announcementParcels).innerJoin(parcels, eq(parcels.id, announcementParcels.parcelId))
      .where(sql`${announcementParcels.announcementId} in ${intList(found.map((a) => a.id))}`);
    const codesOf = new Map<number, string[]>();
    for (const l of links) codesOf.set(l.announcementId, [...(codesOf.get(l.announcementId) ?? []), l.code]);
    const existing = new Map(found.map((a) => [`${a.centerId}|${a.code}`, { ...a, parcelCodes: codesOf.get(a.id) ?? [] }]));

    const creates: Item[] = [];
    for (const item of items) {
      const e = existing.get(`${item.centerId}|${item.row.value.code}`);
      if (!e) creates.push(item);
      else if (run.compare(item.row, view(item.row.value), view(e)) === 'unchanged') run.unchanged++;
    }

    const inserted = await insertRecords<{ id: number; center_id: number; code: string }>(run.tx, announcements,
      'center_id int, code text, title text, medium text, published_on date, cost bigint',
      creates.map(({ row: { value: v }, centerId }) => ({ center_id: centerId, code: v.code, title: v.title, medium: v.medium, published_on: v.publishedOn, cost: v.cost })),
      'id, center_id, code');
    const idOf = new Map(inserted.map((a) => [`${a.center_id}|${a.code}`, a.id]));
    const newLinks = creates.flatMap(({ row, centerId, parcelIds }) => parcelIds.map((p) => ({ announcement_id: idOf.get(`${centerId}|${row.value.code}`)!, parcel_id: p })));
    await insertRecords(run.tx, announcementParcels, 'announcement_id int, parcel_id int', newLinks, 'announcement_id');
    for (const { row: { value: v }, centerId } of creates) {
      run.audit({
        action: 'import-create', entityId: idOf.get(`${centerId}|${v.code}`)!, centerId,
        after: { centerId, code: v.code, title: v.title, medium: v.medium, publishedOn: v.publishedOn, cost: v.cost, parcelCodes: v.parcelCodes },
      });
      run.created++;
    }
  },
});
