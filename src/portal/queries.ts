// What an agency sees of itself. Every statement here takes the agency's id and filters by it in
// SQL (never in JavaScript after the fact), together with the user's centers.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';

export interface PortalWhere { centerIds: number[]; agencyId: number; year?: number }

// The year of a transfer as the fee statement counts it: 成交日期, else 竞价日期 (see transferFees).
const transferYear = (year: number | undefined) => (year === undefined ? sql``
  : sql`and coalesce(t.deal_date, t.auction_date) >= make_date(${year}, 1, 1) and coalesce(t.deal_date, t.auction_date) < make_date(${year + 1}, 1, 1)`);

export interface PortalTransfer {
  id: number; code: string; name: string; kind: string; round: number; mode: string; result: string;
  notice_start: string | null; notice_end: string | null; auction_date: string | null; deal_date: string | null;
  deal_price: string | null; winner: string | null; center: string;
}

export async function agencyTransfers(db: DbOrTx, w: PortalWhere): Promise<PortalTransfer[]> {
  if (w.centerIds.length === 0) return [];
  const rows = await db.execute<PortalTransfer & Record<string, unknown>>(sql`
    select t.id, p.code, p.name, p.kind, t.round, t.mode, t.result, t.notice_start::text, t.notice_end::text,
           t.auction_date::text, t.deal_date::text, t.deal_price::text, t.winner, c.name as center
    from transfers t join parcels p on p.id = t.parcel_id join centers c on c.id = t.center_id
    where t.agency_id = ${w.agencyId} and t.center_id in ${w.centerIds} ${transferYear(w.year)}
    order by coalesce(t.deal_date, t.auction_date) desc nulls first, p.code, t.round`);
  return [...rows];
}

export interface PortalPayment {
  id: number; category: string; payee: string; amount: string; status: string; paid_on: string | null;
  voucher_no: string | null; parcel: string | null; round: number | null; is_reversal: boolean; submitted_on: string;
}

// Drafts and withdrawn drafts are the 经办人's own work and not a claim on the agency's behalf yet;
// the agency sees a payment from the moment it enters the approval chain.
const HIDDEN_STATUSES = ['草稿', '已撤销'];

/** Payments to the agency (payments.agency_id), by the year they were paid, else created. No internal notes or attachments. */
export async function agencyPayments(db: DbOrTx, w: PortalWhere): Promise<PortalPayment[]> {
  if (w.centerIds.length === 0) return [];
  const day = sql`coalesce(x.paid_on, (x.created_at at time zone 'Asia/Shanghai')::date)`;
  const rows = await db.execute<PortalPayment & Record<string, unknown>>(sql`
    select x.id, x.category, x.payee, x.amount::text, x.status, x.paid_on::text, x.voucher_no,
           p.code || ' ' || p.name as parcel, t.round, (x.reverses_id is not null) as is_reversal,
           ((x.created_at at time zone 'Asia/Shanghai')::date)::text as submitted_on
    from payments x left join transfers t on t.id = x.transfer_id left join parcels p on p.id = t.parcel_id
    where x.agency_id = ${w.agencyId} and x.center_id in ${w.centerIds}
      and x.status not in ${HIDDEN_STATUSES}
      ${w.year === undefined ? sql`` : sql`and ${day} >= make_date(${w.year}, 1, 1) and ${day} < make_date(${w.year + 1}, 1, 1)`}
    order by ${day} desc, x.id desc`);
  return [...rows];
}

export async function agencyName(db: DbOrTx, agencyId: number): Promise<string | null> {
  const [row] = await db.execute<{ name: string }>(sql`select name from agencies where id = ${agencyId}`);
  return row?.name ?? null;
}
