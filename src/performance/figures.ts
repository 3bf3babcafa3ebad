// The trading and satisfaction figures of REPORTING.md, for many (center, year) pairs in one
// statement each, and the record lists behind them, which share their WHERE clauses: a figure
// and the records shown behind it cannot drift apart.
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { spentCondition } from '../funds/figures';
import { percent } from '../funds/rules';
import { remittedCondition } from '../revenue/queries';

export interface Pair { centerId: number; year: number }
export const pairKey = (centerId: number, year: number) => `${centerId}:${year}`;

const pairsTable = (pairs: Pair[]) =>
  sql`(select distinct * from json_to_recordset(${JSON.stringify(pairs.map((p) => ({ c: p.centerId, y: p.year })))}::text::json) as x(c int, y int))`;

/** A date column within the calendar year `year` (an SQL expression or a parameter). */
const within = (column: SQL, year: SQL) => sql`${column} >= make_date(${year}, 1, 1) and ${column} < make_date(${year} + 1, 1, 1)`;

/** The transfers each figure counts, as conditions on `t` (transfers) for a center and year. */
export const transferConditions = {
  /** sold: 结果 成交 with 成交日期 in the year. */
  sold: (year: SQL) => sql`t.result = '成交' and ${within(sql`t.deal_date`, year)}`,
  /** failed: 结果 流拍 with 竞价日期 in the year. */
  failed: (year: SQL) => sql`t.result = '流拍' and ${within(sql`t.auction_date`, year)}`,
  /** terminated: 结果 终止 with 竞价日期 in the year (organised = sold + failed + terminated). */
  terminated: (year: SQL) => sql`t.result = '终止' and ${within(sql`t.auction_date`, year)}`,
};

export interface TransferFigures {
  sold: number; soldLand: number; soldMineral: number; failed: number; terminated: number; organised: number; dealValue: bigint;
}

/** sold, failed, organised and dealValue (REPORTING.md) per (center, year), keyed `centerId:year`. */
export async function transferFiguresFor(db: DbOrTx, pairs: Pair[]): Promise<Map<string, TransferFigures>> {
  const out = new Map<string, TransferFigures>();
  if (pairs.length === 0) return out;
  const y = sql`pairs.y`;
  // Per pair (lateral), so each center's transfers are read through its index: a join over all
  // pairs at once is planned for ~100 pairs and scans every transfer of the province.
  const rows = await db.execute<{ c: number; y: number; sold: number; sold_land: number; failed: number; terminated: number; deal_value: string }>(sql`
    select pairs.c, pairs.y, f.sold, f.sold_land, f.failed, f.terminated, f.deal_value
    from ${pairsTable(pairs)} pairs
      cross join lateral (
        select
          count(t.id) filter (where ${transferConditions.sold(y)})::int as sold,
          count(t.id) filter (where ${transferConditions.sold(y)} and p.kind = '土地')::int as sold_land,
          count(t.id) filter (where ${transferConditions.failed(y)})::int as failed,
          count(t.id) filter (where ${transferConditions.terminated(y)})::int as terminated,
          coalesce(sum(t.deal_price) filter (where ${transferConditions.sold(y)}), 0)::text as deal_value
        from transfers t left join parcels p on p.id = t.parcel_id
        where t.center_id = pairs.c and ((${within(sql`t.deal_date`, y)}) or (${within(sql`t.auction_date`, y)}))) f`);
  for (const r of rows) {
    out.set(pairKey(r.c, r.y), {
      sold: r.sold, soldLand: r.sold_land, soldMineral: r.sold - r.sold_land, failed: r.failed, terminated: r.terminated,
      organised: r.sold + r.failed + r.terminated, dealValue: BigInt(r.deal_value),
    });
  }
  return out;
}

export interface SatisfactionFigures { responses: number; satisfied: number; rate: string | null }

/** Responses rated 非常满意 or 满意 over all responses of the center and year (× 100), per pair. */
export async function satisfactionFiguresFor(db: DbOrTx, pairs: Pair[]): Promise<Map<string, SatisfactionFigures>> {
  const out = new Map<string, SatisfactionFigures>();
  if (pairs.length === 0) return out;
  const rows = await db.execute<{ c: number; y: number; responses: number; satisfied: number }>(sql`
    select pairs.c, pairs.y, count(s.id)::int as responses,
           count(s.id) filter (where s.rating in ('非常满意', '满意'))::int as satisfied
    from ${pairsTable(pairs)} pairs left join satisfaction_responses s on s.center_id = pairs.c and s.year = pairs.y
    group by pairs.c, pairs.y`);
  for (const r of rows) {
    out.set(pairKey(r.c, r.y), { responses: r.responses, satisfied: r.satisfied, rate: percent(BigInt(r.satisfied), BigInt(r.responses)) });
  }
  return out;
}

// ─── The records behind a figure ───────────────────────────────────────────────────────────────

export interface TransferRecord {
  id: number; parcel_id: number; code: string; name: string; kind: string; round: number; mode: string; result: string;
  auction_date: string | null; deal_date: string | null; deal_price: string | null; winner: string | null; agency: string | null;
  agency_id: number | null;
}

/** The transfers a figure counts (sold / failed / terminated), in date order. */
export async function transfersBehind(db: DbOrTx, which: keyof typeof transferConditions, centerId: number, year: number): Promise<TransferRecord[]> {
  const rows = await db.execute<TransferRecord & Record<string, unknown>>(sql`
    select t.id, p.id as parcel_id, p.code, p.name, p.kind, t.round, t.mode, t.result, t.auction_date::text, t.deal_date::text,
           t.deal_price::text, t.winner, a.name as agency, a.id as agency_id
    from transfers t join parcels p on p.id = t.parcel_id left join agencies a on a.id = t.agency_id
    where t.center_id = ${centerId} and ${transferConditions[which](sql`${year}::int`)}
    order by coalesce(t.deal_date, t.auction_date), p.code, t.round`);
  return [...rows];
}

export interface RemittanceRecord {
  id: number; receipt_no: string; revenue_type: string; amount: string; remitted_on: string; code: string | null; name: string | null;
  parcel_id: number | null; transfer_id: number | null; cumulative: string;
}

/** The remittances `remitted` sums (the center's, 上缴日期 in the year), with the running sum. */
export async function remittancesBehind(db: DbOrTx, centerId: number, year: number): Promise<RemittanceRecord[]> {
  const rows = await db.execute<RemittanceRecord & Record<string, unknown>>(sql`
    select r.id, r.receipt_no, r.revenue_type, r.amount::text as amount, r.remitted_on::text as remitted_on,
           p.code, p.name, p.id as parcel_id, t.id as transfer_id,
           (sum(r.amount) over (order by r.remitted_on, r.id))::text as cumulative
    from remittances r left join transfers t on t.id = r.transfer_id left join parcels p on p.id = t.parcel_id
    where ${remittedCondition('r', sql`${centerId}::int`, sql`${year}::int`)}
    order by r.remitted_on, r.id`);
  return [...rows];
}

export interface PaymentRecord {
  id: number; voucher_no: string; category: string; payee: string; amount: string; paid_on: string; summary: string | null;
  reverses_id: number | null;
}

/** The payments `spent` sums: the project's paid ones (reversals included) with 支付日期 in its year. */
export async function paymentsBehind(db: DbOrTx, projectId: number): Promise<PaymentRecord[]> {
  const rows = await db.execute<PaymentRecord & Record<string, unknown>>(sql`
    select y.id, y.voucher_no, y.category, y.payee, y.amount::text as amount, y.paid_on::text as paid_on, y.summary, y.reverses_id
    from payments y join projects p on p.id = y.project_id
    where y.project_id = ${projectId} and ${spentCondition('y', sql`p.year`)}
    order by y.paid_on, y.id`);
  return [...rows];
}

export interface ResponseRecord { id: number; agency_id: number; agency: string; credit_code: string; rating: string; comment: string | null; updated_at: string }

/** The satisfaction responses `satisfactionRate` counts. */
export async function responsesBehind(db: DbOrTx, centerId: number, year: number): Promise<ResponseRecord[]> {
  const rows = await db.execute<ResponseRecord & Record<string, unknown>>(sql`
    select s.id, a.id as agency_id, a.name as agency, a.credit_code, s.rating, s.comment, s.updated_at::text
    from satisfaction_responses s join agencies a on a.id = s.agency_id
    where s.center_id = ${centerId} and s.year = ${year}
    order by a.name`);
  return [...rows];
}
