// 满意度: 中心编码*, 年度*, 拍卖机构信用代码*, 总体评价* (非常满意/满意/基本满意/不满意/非常不满意), 意见.
// Key 中心编码 + 年度 + 拍卖机构信用代码: an agency answers once per center and year.
// A response is what the agency said and what the 满意率 of the year counts, so nothing of it updates
// by import; and no new response goes into a year the center has closed (it would change the
// closed year's 满意率).
import { sql } from 'drizzle-orm';
import { agencies, satisfactionRatings, satisfactionResponses } from '../../../db/schema';
import { insertRecords, records, textList } from '../batch';
import { creditCode, integer, oneOf, text } from '../cells';
import { inClosedYearOf, lockOpenYears } from '../funds';
import type { View } from '../run';
import { defineSheet, keyOf, opt, req, type ParsedRow, type RowOf } from '../sheet';

const columns = {
  centerCode: req('中心编码', text),
  year: req('年度', integer(1990, 2200)),
  agencyCode: req('拍卖机构信用代码', creditCode),
  rating: req('总体评价', oneOf(satisfactionRatings)),
  comment: opt('意见', text),
};

type Response = RowOf<typeof columns>;
type Item = { row: ParsedRow<Response>; centerId: number; agencyId: number };

const view = (r: { rating: string; comment: string | null }): View => ({ 总体评价: r.rating, 意见: r.comment });
const responseKey = (centerId: number, year: number, agencyId: number) => `${centerId}|${year}|${agencyId}`;

export const satisfactionSheet = defineSheet({
  name: '满意度',
  entity: 'satisfaction_response',
  columns,
  key: ['centerCode', 'year', 'agencyCode'],
  async apply(run, rows) {
    const located = run.locate(rows);
    const codes = [...new Set(located.map(({ row }) => row.value.agencyCode))];
    const agencyId = new Map((await run.tx.select({ id: agencies.id, code: agencies.creditCode }).from(agencies)
      .where(sql`${agencies.creditCode} in ${textList(codes)}`)).map((a) => [a.code, a.id]));
    const items: Item[] = [];
    for (const { row, centerId } of located) {
      const id = agencyId.get(row.value.agencyCode);
      if (id === undefined) run.missing(row, '拍卖机构信用代码', 'agency', keyOf(row.value.agencyCode), `拍卖机构信用代码 ${row.value.agencyCode}`);
      else items.push({ row, centerId, agencyId: id });
    }

    const keys = items.map((i) => ({ center_id: i.centerId, year: i.row.value.year, agency_id: i.agencyId }));
    const existing = new Map((await run.tx.select().from(satisfactionResponses)
      .where(sql`(${satisfactionResponses.centerId}, ${satisfactionResponses.year}, ${satisfactionResponses.agencyId}) in
        (select center_id, year, agency_id from ${records(keys, 'center_id int, year int, agency_id int')})`))
      .map((r) => [responseKey(r.centerId, r.year, r.agencyId), r]));

    const fresh: Item[] = [];
    for (const item of items) {
      const v = item.row.value;
      const e = existing.get(responseKey(item.centerId, v.year, item.agencyId));
      if (!e) fresh.push(item);
      else if (run.compare(item.row, view(v), view(e)) === 'unchanged') run.unchanged++;
    }

    const closed = await lockOpenYears(run.tx, fresh.map(({ row, centerId }) => ({ centerId, year: row.value.year })));
    const creates = fresh.filter(({ row, centerId }) => !inClosedYearOf(run, row, closed, centerId, row.value.year));

    const inserted = await insertRecords<{ id: number; center_id: number; year: number; agency_id: number }>(run.tx, satisfactionResponses,
      'center_id int, year int, agency_id int, rating text, comment text',
      creates.map(({ row: { value: v }, centerId, agencyId: agency }) => ({ center_id: centerId, year: v.year, agency_id: agency, rating: v.rating, comment: v.comment })),
      'id, center_id, year, agency_id');
    const idOf = new Map(inserted.map((r) => [responseKey(r.center_id, r.year, r.agency_id), r.id]));
    for (const { row: { value: v }, centerId, agencyId: agency } of creates) {
      run.audit({
        action: 'import-create', entityId: idOf.get(responseKey(centerId, v.year, agency))!, centerId,
        after: { centerId, year: v.year, agencyCode: v.agencyCode, rating: v.rating, comment: v.comment },
      });
      run.created++;
    }
  },
});
