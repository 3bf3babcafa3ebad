// What the public may read: centers, published announcements and deal results (成交公示). Each
// statement selects only public columns — never costs, fees, payments, agencies' fee data or users.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { transferConditions } from '../performance/figures';

export interface PublicCenter { id: number; code: string; name: string; level: string; deals: number; last_year: number | null }

/** Every center, with its number of deals and the latest year it had one. */
export async function publicCenters(db: DbOrTx): Promise<PublicCenter[]> {
  const rows = await db.execute<PublicCenter & Record<string, unknown>>(sql`
    select c.id, c.code, c.name, c.level, count(t.id)::int as deals, max(extract(year from t.deal_date))::int as last_year
    from centers c left join transfers t on t.center_id = c.id and t.result = '成交'
    group by c.id order by c.level, c.code`);
  return [...rows];
}

export interface PublicAnnouncement { code: string; title: string; medium: string | null; published_on: string; parcels: string | null }

/** Announcements published in the year and not after today, with the parcels they cover. */
export async function publishedAnnouncements(db: DbOrTx, centerId: number, year: number, today: string): Promise<PublicAnnouncement[]> {
  const rows = await db.execute<PublicAnnouncement & Record<string, unknown>>(sql`
    select a.code, a.title, a.medium, a.published_on::text,
           string_agg(p.code || ' ' || p.name, '；' order by p.code) as parcels
    from announcements a left join announcement_parcels ap on ap.announcement_id = a.id left join parcels p on p.id = ap.parcel_id
    where a.center_id = ${centerId} and a.published_on <= ${today}::date
      and a.published_on >= make_date(${year}, 1, 1) and a.published_on < make_date(${year + 1}, 1, 1)
    group by a.id order by a.published_on desc, a.code`);
  return [...rows];
}

export interface PublicDeal {
  transfer_id: number; code: string; name: string; kind: string; land_use: string | null; location: string | null; district: string | null;
  area: string | null; term_years: number | null; deal_price: string; starting_price: string; winner: string; deal_date: string; mode: string;
  notice_start: string | null; notice_end: string | null; result_published_on: string | null;
  /** From the 出让合同, once it exists (as 中国土地市场网's 结果公告 shows them). */
  contract_no: string | null; signed_on: string | null; plot_ratio_min: string | null; plot_ratio_max: string | null; start_by: string | null; complete_by: string | null;
}

/** 成交 transfers whose 成交日期 is in the year (the report's 出让宗数 counts the same), with their contract's public terms. */
export async function dealResults(db: DbOrTx, centerId: number, year: number): Promise<PublicDeal[]> {
  const rows = await db.execute<PublicDeal & Record<string, unknown>>(sql`
    select t.id as transfer_id, p.code, p.name, p.kind, p.land_use, p.location, p.district, p.area::text, p.term_years,
           t.deal_price::text, p.starting_price::text, t.winner, t.deal_date::text, t.mode, t.notice_start::text, t.notice_end::text,
           t.result_published_on::text, lc.contract_no, lc.signed_on::text, lc.plot_ratio_min::text, lc.plot_ratio_max::text,
           lc.start_by::text, lc.complete_by::text
    from transfers t join parcels p on p.id = t.parcel_id left join land_contracts lc on lc.transfer_id = t.id
    where t.center_id = ${centerId} and ${transferConditions.sold(sql`${year}::int`)}
    order by t.deal_date desc, p.code`);
  return [...rows];
}
