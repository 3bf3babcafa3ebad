// Warnings imported records keep (record_warnings): a fee paid beyond the fee due, a payment dated
// outside its project's year, … — true history that breaks a control of new work. Shown on the record
// itself, on the project and the fee statement, and in finance's list.
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import type { WarningKind } from '../ledger/types';

export const WARNING_LABELS: Record<WarningKind, string> = {
  'fee-overpaid': '劳务费超过应付',
  'paid-after-year': '跨年支付',
  'paid-before-year': '支付早于项目年度',
  'over-budget': '超出项目预算',
  'below-committed': '调减低于已占用',
  'dated-outside-year': '日期不在项目年度内',
  'total-mismatch': '合计不符',
  'below-starting-price': '成交价低于起始价',
  'notice-too-short': '公告期不足',
  'deposit-too-low': '保证金低于法定比例',
  'term-too-long': '出让年限超过法定最高年限',
};
/** The kinds a record keeps (a 合计 row that does not add up is the file's, shown in its preview only). */
export const recordWarningKinds = (Object.keys(WARNING_LABELS) as WarningKind[]).filter((k) => k !== 'total-mismatch');

/** What a record's warning says, and where it came from. */
export interface RecordWarning { id: number; entity: string; entityId: number; kind: WarningKind; column: string | null; message: string; source: string | null; createdAt: Date }

/** The warnings of some records of one entity (payment, budget_entry, fund_arrival), by record id. One statement. */
export async function warningsOf(db: DbOrTx, entity: string, ids: readonly number[]): Promise<Map<number, RecordWarning[]>> {
  const out = new Map<number, RecordWarning[]>();
  if (ids.length === 0) return out;
  const rows = await db.execute<{ id: number; entity: string; entity_id: number; kind: WarningKind; ledger_column: string | null; message: string; source: string | null; created_at: string }>(sql`
    select id, entity, entity_id, kind, ledger_column, message, source, to_json(created_at) #>> '{}' as created_at from record_warnings
    where entity = ${entity} and entity_id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::text::jsonb)::int)
    order by id`);
  for (const r of rows) {
    const w: RecordWarning = { id: r.id, entity: r.entity, entityId: r.entity_id, kind: r.kind, column: r.ledger_column, message: r.message, source: r.source, createdAt: new Date(r.created_at) };
    out.set(w.entityId, [...(out.get(w.entityId) ?? []), w]);
  }
  return out;
}

/** The warnings of a project's records — its payments, budget entries and arrivals — in one statement. */
export async function projectWarnings(db: DbOrTx, projectId: number) {
  return db.execute<{ id: number; entity: string; entity_id: number; kind: WarningKind; ledger_column: string | null; message: string; label: string }>(sql`
    select w.id, w.entity, w.entity_id, w.kind, w.ledger_column, w.message, r.label
    from record_warnings w
      join lateral (
        select '支付 ' || coalesce(x.voucher_no, '#' || x.id) as label from payments x where w.entity = 'payment' and x.id = w.entity_id and x.project_id = ${projectId}
        union all
        select b.kind || ' ' || b.entry_date from budget_entries b where w.entity = 'budget_entry' and b.id = w.entity_id and b.project_id = ${projectId}
        union all
        select '资金到位 ' || a.arrived_on from fund_arrivals a where w.entity = 'fund_arrival' and a.id = w.entity_id and a.project_id = ${projectId}
      ) r on true
    where w.center_id = (select center_id from projects where id = ${projectId})
    order by w.id`);
}

export const PAGE_SIZE = 50;

export interface WarningFilter { kind?: WarningKind; page: number }

export interface WarningRow extends Record<string, unknown> {
  id: number; center_name: string; entity: string; entity_id: number; kind: WarningKind; ledger_column: string | null; message: string;
  /** created_at in ISO 8601. */
  source: string | null; created_at: string; project_id: number | null; project: string | null; record: string; total: number;
}

/** Finance's list: the warnings of the centers' records, newest first, with the record they are on. One statement per page. */
export async function listWarnings(db: DbOrTx, centerIds: readonly number[], f: WarningFilter, limit: number | null = PAGE_SIZE) {
  const where: SQL[] = [sql`w.center_id in (${sql.join(centerIds.map((id) => sql`${id}`), sql`, `)})`];
  if (f.kind) where.push(sql`w.kind = ${f.kind}`);
  const rows = await db.execute<WarningRow>(sql`
    select w.id, c.name as center_name, w.entity, w.entity_id, w.kind, w.ledger_column, w.message, w.source, to_json(w.created_at) #>> '{}' as created_at,
           r.project_id, r.project, r.record, count(*) over ()::int as total
    from record_warnings w
      join centers c on c.id = w.center_id
      left join lateral (
        select x.project_id, p.year || '年 ' || p.name as project, '支付 ' || coalesce(x.voucher_no, '#' || x.id) || '（' || x.payee || '）' as record
        from payments x join projects p on p.id = x.project_id where w.entity = 'payment' and x.id = w.entity_id
        union all
        select b.project_id, p.year || '年 ' || p.name, b.kind || ' ' || b.entry_date
        from budget_entries b join projects p on p.id = b.project_id where w.entity = 'budget_entry' and b.id = w.entity_id
        union all
        select a.project_id, p.year || '年 ' || p.name, '资金到位 ' || a.arrived_on
        from fund_arrivals a join projects p on p.id = a.project_id where w.entity = 'fund_arrival' and a.id = w.entity_id
        union all
        select null::int, null, '出让活动 ' || pc.code || ' 第' || t.round || '场'
        from transfers t join parcels pc on pc.id = t.parcel_id where w.entity = 'transfer' and t.id = w.entity_id
        union all
        select null::int, null, '标的 ' || pc.code || ' ' || pc.name from parcels pc where w.entity = 'parcel' and pc.id = w.entity_id
      ) r on true
    where ${sql.join(where, sql` and `)}
    order by w.id desc
    ${limit === null ? sql`` : sql`limit ${limit} offset ${(f.page - 1) * limit}`}`);
  return { rows: [...rows], total: rows[0]?.total ?? 0 };
}

/** Where a warned record is shown. */
export function recordHref(r: { entity: string; entity_id: number; project_id: number | null }): string | null {
  if (r.entity === 'payment') return `/payments/${r.entity_id}`;
  if (r.entity === 'transfer') return `/transfers/${r.entity_id}`;
  if (r.entity === 'parcel') return `/parcels/${r.entity_id}`;
  if (r.project_id === null) return null;
  return `/projects/${r.project_id}#${r.entity === 'budget_entry' ? 'budget' : 'arrival'}-${r.entity_id}`;
}

/** The warnings of a parcel and of its rounds, labelled with the round they are on: what the parcel page shows. One statement. */
export async function parcelWarnings(db: DbOrTx, parcelId: number) {
  return db.execute<{ id: number; kind: WarningKind; message: string; source: string | null; label: string }>(sql`
    select w.id, w.kind, w.message, w.source, r.label
    from record_warnings w
      join lateral (
        select '标的' as label where w.entity = 'parcel' and w.entity_id = ${parcelId}
        union all
        select '第' || t.round || '场' from transfers t where w.entity = 'transfer' and t.id = w.entity_id and t.parcel_id = ${parcelId}
      ) r on true
    where w.center_id = (select center_id from parcels where id = ${parcelId}) and w.entity in ('parcel', 'transfer')
    order by w.id`);
}

/**
 * The warnings of the agency-fee payments of some transfers (a fee paid beyond the fee due, a 跨年支付),
 * with the round and voucher they are on, by transfer id: what the fee statement shows under its rows.
 */
export async function feePaymentWarnings(db: DbOrTx, transferIds: readonly number[]) {
  if (transferIds.length === 0) return [];
  return db.execute<{ transfer_id: number; payment_id: number; voucher_no: string | null; code: string; round: number; kind: WarningKind; message: string; source: string | null }>(sql`
    select t.id as transfer_id, x.id as payment_id, x.voucher_no, pc.code, t.round, w.kind, w.message, w.source
    from payments x
      join record_warnings w on w.entity = 'payment' and w.entity_id = x.id
      join transfers t on t.id = x.transfer_id
      join parcels pc on pc.id = t.parcel_id
    where x.transfer_id in (select jsonb_array_elements_text(${JSON.stringify(transferIds)}::text::jsonb)::int)
      and x.category = '拍卖机构劳务费'
    order by pc.code, t.round, w.id`);
}
