import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';

export interface YearSummary {
  parcels: number; sold: number; failed: number; terminated: number; running: number; deal_value: string;
}

/** The home page's figures for a center and year, in one statement. */
export async function yearSummary(db: DbOrTx, centerId: number, year: number): Promise<YearSummary> {
  const [row] = await db.execute<YearSummary & Record<string, unknown>>(sql`
    select (select count(*) from parcels where center_id = ${centerId})::int as parcels,
      count(*) filter (where result = '成交' and deal_date >= make_date(${year}, 1, 1) and deal_date < make_date(${year + 1}, 1, 1))::int as sold,
      count(*) filter (where result = '流拍' and auction_date >= make_date(${year}, 1, 1) and auction_date < make_date(${year + 1}, 1, 1))::int as failed,
      count(*) filter (where result = '终止' and auction_date >= make_date(${year}, 1, 1) and auction_date < make_date(${year + 1}, 1, 1))::int as terminated,
      count(*) filter (where result = '进行中')::int as running,
      coalesce(sum(deal_price) filter (where result = '成交' and deal_date >= make_date(${year}, 1, 1) and deal_date < make_date(${year + 1}, 1, 1)), 0)::text as deal_value
    from transfers where center_id = ${centerId}`);
  return row!;
}

export interface RecentTransfer {
  id: number; parcel_id: number; code: string; name: string; round: number; mode: string; result: string;
  auction_date: string | null; deal_date: string | null; deal_price: string | null; agency: string | null;
}

export async function recentTransfers(db: DbOrTx, where: { centerIds: number[]; agencyId?: number }, limit = 15): Promise<RecentTransfer[]> {
  const rows = await db.execute<RecentTransfer & Record<string, unknown>>(sql`
    select t.id, p.id as parcel_id, p.code, p.name, t.round, t.mode, t.result, t.auction_date::text, t.deal_date::text,
           t.deal_price::text, a.name as agency
    from transfers t join parcels p on p.id = t.parcel_id left join agencies a on a.id = t.agency_id
    where t.center_id in ${where.centerIds}
      ${where.agencyId !== undefined ? sql`and t.agency_id = ${where.agencyId}` : sql``}
    order by coalesce(t.deal_date, t.auction_date) desc nulls first, t.id desc
    limit ${limit}`);
  return [...rows];
}
