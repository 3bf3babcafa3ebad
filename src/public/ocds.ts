// The public feed of a center's year as an OCDS 1.1 release package (https://standard.open-contracting.org):
// one ocid per transfer (出让活动), a `tender` release when its announcement is published, an `award`
// release when its result is (成交: 成交价, 竞得人), a `contract` release when the 出让合同 is signed.
// Only what the public pages show goes in: no 底价, deposit, fee, cost or person beyond the 受让人.
// docs/OCDS.md documents the mapping.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { fenToYuan } from '../lib/money';
import { exactNumber } from '../lib/xlsx-cells';
import { transferConditions } from '../performance/figures';

/** Until a center registers its own prefix with the OCDS Helpdesk (config OCDS_PREFIX), this placeholder stands. */
export const UNREGISTERED_PREFIX = 'ocds-xxxxxx';

interface FeedRow extends Record<string, unknown> {
  id: number; round: number; mode: string; result: string; code: string; name: string; kind: string; land_use: string | null; location: string | null;
  district: string | null; area: string | null; term_years: number | null; starting_price: string; deal_price: string | null; winner: string | null;
  deal_date: string | null; result_published_on: string | null; notice_start: string | null; notice_end: string | null;
  announcement_code: string | null; announcement_title: string | null; published_on: string | null;
  contract_no: string | null; signed_on: string | null; contract_price: string | null; start_by: string | null; complete_by: string | null;
  plot_ratio_min: string | null; plot_ratio_max: string | null;
}

/** The transfers of the year the public may see: announced by today in the year, or sold in the year. */
async function feedRows(db: DbOrTx, centerId: number, year: number, today: string): Promise<FeedRow[]> {
  return [...await db.execute<FeedRow>(sql`
    select t.id, t.round, t.mode, t.result, p.code, p.name, p.kind, p.land_use, p.location, p.district, p.area::text, p.term_years,
           p.starting_price::text, t.deal_price::text, t.winner, t.deal_date::text, t.result_published_on::text, t.notice_start::text, t.notice_end::text,
           a.code as announcement_code, a.title as announcement_title, a.published_on::text,
           lc.contract_no, lc.signed_on::text, lc.price::text as contract_price, lc.start_by::text, lc.complete_by::text,
           lc.plot_ratio_min::text, lc.plot_ratio_max::text
    from transfers t join parcels p on p.id = t.parcel_id
      left join announcements a on a.id = t.announcement_id and a.published_on <= ${today}::date
      left join land_contracts lc on lc.transfer_id = t.id and t.result = '成交'
    where t.center_id = ${centerId}
      and ((a.published_on >= make_date(${year}, 1, 1) and a.published_on < make_date(${year + 1}, 1, 1)) or ${transferConditions.sold(sql`${year}::int`)})
    order by t.id`)];
}

// OCDS wants a number: the 元 decimal is written as one where a double holds it exactly (below 10^13 元),
// and left as its exact string beyond, rather than rounded.
const money = (fen: string) => { const yuan = fenToYuan(BigInt(fen)); return { amount: exactNumber(yuan) ?? yuan, currency: 'CNY' }; };
/** OCDS tender status of a round: 进行中 active, 成交 complete, 流拍 unsuccessful, 终止 and 无效 cancelled. */
const STATUS: Record<string, string> = { 进行中: 'active', 成交: 'complete', 流拍: 'unsuccessful', 终止: 'cancelled', 无效: 'cancelled' };
const at = (day: string) => `${day}T00:00:00+08:00`;

/** The release package of a center's year. */
export async function ocdsPackage(db: DbOrTx, o: { center: { id: number; code: string; name: string }; year: number; today: string; prefix: string; uri: string; now: string }) {
  const rows = await feedRows(db, o.center.id, o.year, o.today);
  const buyer = { id: o.center.code, name: o.center.name };
  const releases = rows.flatMap((r) => {
    const ocid = `${o.prefix}-${o.center.code}-${r.id}`;
    const tender = {
      id: `${o.center.code}-${r.id}`, title: `${r.code} ${r.name}（第${r.round}场）`, status: STATUS[r.result] ?? 'active',
      procurementMethod: r.mode === '协议' ? 'direct' : 'open', procurementMethodDetails: `${r.mode}出让`,
      mainProcurementCategory: 'goods',
      items: [{
        id: r.code, description: [r.kind === '土地' ? `国有建设用地使用权（${r.land_use ?? '用途未填'}）` : r.kind, r.district, r.location].filter(Boolean).join('，'),
        ...(r.area ? { quantity: Number(r.area), unit: { name: r.kind === '土地' ? '平方米' : '平方千米' } } : {}),
        ...(r.term_years ? { additionalClassifications: [{ scheme: 'x_出让年限', id: String(r.term_years), description: `${r.term_years}年` }] } : {}),
      }],
      minValue: money(r.starting_price),
      ...(r.notice_start || r.notice_end ? { tenderPeriod: { ...(r.notice_start ? { startDate: at(r.notice_start) } : {}), ...(r.notice_end ? { endDate: at(r.notice_end) } : {}) } } : {}),
      ...(r.announcement_code ? { documents: [{ id: r.announcement_code, documentType: 'tenderNotice', title: r.announcement_title, datePublished: at(r.published_on!) }] } : {}),
    };
    const base = { ocid, language: 'zh', initiationType: 'tender', buyer, tender };
    const parties = [{ ...buyer, roles: ['buyer', 'procuringEntity'] }];
    const out: Record<string, unknown>[] = [];
    if (r.published_on) out.push({ ...base, id: `${ocid}-tender`, date: at(r.published_on), tag: ['tender'], parties });
    if (r.result === '成交' && r.deal_date && r.deal_price && r.winner) {
      const supplier = { id: `${ocid}-winner`, name: r.winner };
      const award = { id: `${ocid}-award`, status: 'active', date: at(r.deal_date), value: money(r.deal_price), suppliers: [supplier] };
      const withSupplier = [...parties, { ...supplier, roles: ['supplier'] }];
      out.push({ ...base, id: `${ocid}-award`, date: at(r.result_published_on ?? r.deal_date), tag: ['award'], parties: withSupplier, awards: [award] });
      if (r.contract_no && r.signed_on) {
        out.push({
          ...base, id: `${ocid}-contract`, date: at(r.signed_on), tag: ['contract'], parties: withSupplier, awards: [award],
          contracts: [{
            id: r.contract_no, awardID: award.id, status: 'active', dateSigned: at(r.signed_on), value: money(r.contract_price!),
            ...(r.start_by || r.complete_by ? { period: { ...(r.start_by ? { startDate: at(r.start_by) } : {}), ...(r.complete_by ? { endDate: at(r.complete_by) } : {}) } } : {}),
            ...(r.plot_ratio_min || r.plot_ratio_max ? { description: `约定容积率 ${r.plot_ratio_min ?? '—'} 至 ${r.plot_ratio_max ?? '—'}` } : {}),
          }],
        });
      }
    }
    return out;
  });
  return {
    uri: o.uri, version: '1.1', publishedDate: o.now,
    publisher: { name: o.center.name, uid: o.center.code },
    releases,
  };
}
