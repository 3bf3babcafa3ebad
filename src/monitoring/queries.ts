import { transferFees } from '../fees/queries';
// What the monitoring pages read beyond the funds figures (src/funds/figures.ts, the one source of
// spent, total and 序时进度). Each function is one statement whatever the number of rows.
import { and, asc, eq, sql } from 'drizzle-orm';
import { paymentCategories, projects, type PaymentStatus } from '../../db/schema';
import type { DbOrTx } from '../db';

/** 草稿 to 待支付: payments on their way to being paid (a payment sent back or withdrawn is not). */
export const PENDING_STATUSES = ['草稿', '待科室负责人审核', '待业务分管领导审批', '待财务分管领导审批', '待支付'] as const satisfies readonly PaymentStatus[];
/** What waits on someone other than its 经办人: the approval steps and the payment itself. */
export const WAITING_STATUSES = ['待科室负责人审核', '待业务分管领导审批', '待财务分管领导审批', '待支付'] as const satisfies readonly PaymentStatus[];

export type Category = (typeof paymentCategories)[number];
export type PaymentState = 'paid' | 'pending';

const pendingList = sql.join(PENDING_STATUSES.map((s) => sql`${s}`), sql`, `);
const waitingList = sql.join(WAITING_STATUSES.map((s) => sql`${s}`), sql`, `);
const inYear = (col: string, year: number) =>
  sql`${sql.raw(col)} >= make_date(${year}, 1, 1) and ${sql.raw(col)} < make_date(${year + 1}, 1, 1)`;

export async function findProject(db: DbOrTx, id: number) {
  const [p] = await db.select({ id: projects.id, centerId: projects.centerId, year: projects.year, name: projects.name, budgetUnit: projects.budgetUnit })
    .from(projects).where(eq(projects.id, id));
  return p ?? null;
}

export interface CategoryFigure { category: Category; paid: bigint; paidCount: number; pending: bigint; pendingCount: number }

/**
 * Per payment category: paid (已支付 with 支付日期 in the project's year, reversals included, so the
 * categories add up to `spent`) and pending (草稿…待支付, whatever their date). Every category is
 * listed, with zeros where nothing was paid.
 */
export async function categoryFigures(db: DbOrTx, projectId: number, year: number): Promise<CategoryFigure[]> {
  const rows = await db.execute<{ category: string; paid: string; paid_count: number; pending: string; pending_count: number }>(sql`
    select category,
      coalesce(sum(amount) filter (where status = '已支付' and ${inYear('paid_on', year)}), 0)::text as paid,
      (count(*) filter (where status = '已支付' and ${inYear('paid_on', year)}))::int as paid_count,
      coalesce(sum(amount) filter (where status in (${pendingList})), 0)::text as pending,
      (count(*) filter (where status in (${pendingList})))::int as pending_count
    from payments where project_id = ${projectId}
    group by category`);
  const byCategory = new Map(rows.map((r) => [r.category, r]));
  return paymentCategories.map((category) => {
    const r = byCategory.get(category);
    return {
      category,
      paid: BigInt(r?.paid ?? '0'), paidCount: r?.paid_count ?? 0,
      pending: BigInt(r?.pending ?? '0'), pendingCount: r?.pending_count ?? 0,
    };
  });
}

export interface PaymentLine {
  id: number; category: string; payee: string; amount: bigint; status: string;
  date: string; voucherNo: string | null; reversesId: number | null; summary: string | null;
}

/** The payments behind one figure of `categoryFigures` — the same conditions, so the list adds up to it. */
export async function paymentsBehind(db: DbOrTx, projectId: number, year: number, f: { category?: Category; state: PaymentState }): Promise<PaymentLine[]> {
  const where = [sql`project_id = ${projectId}`];
  if (f.category) where.push(sql`category = ${f.category}`);
  where.push(f.state === 'paid' ? sql`status = '已支付' and ${inYear('paid_on', year)}` : sql`status in (${pendingList})`);
  const rows = await db.execute<{
    id: number; category: string; payee: string; amount: string; status: string; on_date: string;
    voucher_no: string | null; reverses_id: number | null; summary: string | null;
  }>(sql`
    select id, category, payee, amount::text, status,
      coalesce(paid_on, (created_at at time zone 'Asia/Shanghai')::date)::text as on_date,
      voucher_no, reverses_id, summary
    from payments where ${and(...where)}
    order by on_date, id`);
  return rows.map((r) => ({
    id: r.id, category: r.category, payee: r.payee, amount: BigInt(r.amount), status: r.status, date: r.on_date,
    voucherNo: r.voucher_no, reversesId: r.reverses_id, summary: r.summary,
  }));
}

// ——— the finance dashboard: one statement per block ———

export interface WaitingRow { status: string; count: number; total: bigint }

/** Payments of the center's projects of the year waiting on an approver or on payment, per status, in chain order. */
export async function waitingPayments(db: DbOrTx, centerId: number, year: number): Promise<WaitingRow[]> {
  const rows = await db.execute<{ status: string; count: number; total: string }>(sql`
    select x.status, count(*)::int as count, coalesce(sum(x.amount), 0)::text as total
    from payments x join projects p on p.id = x.project_id
    where x.center_id = ${centerId} and p.year = ${year} and x.status in (${waitingList})
    group by x.status`);
  const byStatus = new Map(rows.map((r) => [r.status, r]));
  return WAITING_STATUSES.map((status) => {
    const r = byStatus.get(status);
    return { status, count: r?.count ?? 0, total: BigInt(r?.total ?? '0') };
  });
}

export async function projectsOfYear(db: DbOrTx, centerId: number, year: number) {
  return db.select({ id: projects.id, name: projects.name }).from(projects)
    .where(and(eq(projects.centerId, centerId), eq(projects.year, year))).orderBy(asc(projects.name));
}

/**
 * Transfers of the year whose agency fee (from its agreement, src/fees) is not fully paid:
 * counted from transferFees, the one place fees are computed, so a reversed fee is unpaid again.
 */
export async function unpaidFeeTransfers(db: DbOrTx, centerId: number, year: number): Promise<number> {
  const fees = await transferFees(db, { centerIds: [centerId], year });
  return fees.filter((f) => f.outstanding > 0n).length;
}
