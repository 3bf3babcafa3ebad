import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { transferConditions } from '../performance/figures';

export interface YearSummary {
  parcels: number; sold: number; failed: number; terminated: number; running: number; deal_value: string;
}

/** The home page's figures for a center and year, in one statement, by the report's own conditions. */
export async function yearSummary(db: DbOrTx, centerId: number, year: number): Promise<YearSummary> {
  const y = sql`${year}::int`;
  const [row] = await db.execute<YearSummary & Record<string, unknown>>(sql`
    select (select count(*) from parcels where center_id = ${centerId})::int as parcels,
      count(*) filter (where ${transferConditions.sold(y)})::int as sold,
      count(*) filter (where ${transferConditions.failed(y)})::int as failed,
      count(*) filter (where ${transferConditions.terminated(y)})::int as terminated,
      count(*) filter (where t.result = '进行中')::int as running,
      coalesce(sum(t.deal_price) filter (where ${transferConditions.sold(y)}), 0)::text as deal_value
    from transfers t where t.center_id = ${centerId}`);
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
