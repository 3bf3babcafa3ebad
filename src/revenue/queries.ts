import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { parcels, remittances, revenueTargets, transfers, type RevenueType } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import type { Db, DbOrTx } from '../db';
import { isYearClosed, lockYear } from '../funds/queries';
import { percent } from '../funds/rules';
import { FieldProblem } from '../lib/forms';
import { likePattern } from '../lib/query';
import type { RemittanceInput } from './forms';

export const PAGE_SIZE = 50;

export interface RevenueFigures {
  /** 上缴非税收入: Σ remittances of the center with 上缴日期 in the year. */
  remitted: bigint;
  /** 非税征收任务 of the center for the year; null when none is set. */
  target: bigint | null;
  /** 完成任务日期: the first date on which the running sum by 上缴日期 reaches the target. */
  targetReachedOn: string | null;
  /** remitted / target × 100, two decimals; null without a target. */
  rate: string | null;
}

/** The remittances `remitted` sums: the center's, with 上缴日期 in the year. The one definition. */
export const remittedCondition = (r: string, center: SQL, year: SQL) => {
  const a = sql.raw(r);
  return sql`${a}.center_id = ${center} and ${a}.remitted_on >= make_date(${year}, 1, 1) and ${a}.remitted_on < make_date(${year} + 1, 1, 1)`;
};

/**
 * `remitted`, `revenueTarget` and `targetReachedOn` of REPORTING.md for a center and year.
 * The one definition is `revenueFiguresFor`; this is its single-pair form.
 */
export async function revenueFigures(db: DbOrTx, centerId: number, year: number): Promise<RevenueFigures> {
  return (await revenueFiguresFor(db, [{ centerId, year }])).get(`${centerId}:${year}`)!;
}

/**
 * The revenue figures of many (center, year) pairs in one statement, keyed `centerId:year`.
 * Remittances are summed per day first, so several on the same day reach the target together on
 * that day, never "part-way through" it.
 */
export async function revenueFiguresFor(db: DbOrTx, pairs: { centerId: number; year: number }[]): Promise<Map<string, RevenueFigures>> {
  const out = new Map<string, RevenueFigures>();
  if (pairs.length === 0) return out;
  // Per pair (lateral), so each center's remittances are read through (center_id, remitted_on):
  // a join over all pairs at once is planned for ~100 pairs and scans the province's remittances.
  const rows = await db.execute<{ center_id: number; year: number; remitted: string; target: string | null; reached: string | null }>(sql`
    with pairs as (select distinct * from json_to_recordset(${JSON.stringify(pairs.map((p) => ({ c: p.centerId, y: p.year })))}::text::json) as x(c int, y int)),
    daily as (
      select pairs.c, pairs.y, d.remitted_on, d.amount
      from pairs cross join lateral (
        select r.remitted_on, sum(r.amount) as amount from remittances r
        where ${remittedCondition('r', sql`pairs.c`, sql`pairs.y`)} group by r.remitted_on) d),
    running as (select c, y, remitted_on, sum(amount) over (partition by c, y order by remitted_on) as cumulative from daily)
    select pairs.c as center_id, pairs.y as year,
           (select coalesce(sum(amount), 0) from daily d where d.c = pairs.c and d.y = pairs.y)::text as remitted,
           t.amount::text as target,
           (select min(remitted_on) from running r where r.c = pairs.c and r.y = pairs.y and r.cumulative >= t.amount)::text as reached
    from pairs left join revenue_targets t on t.center_id = pairs.c and t.year = pairs.y`);
  for (const r of rows) {
    const remitted = BigInt(r.remitted);
    const target = r.target === null ? null : BigInt(r.target);
    out.set(`${r.center_id}:${r.year}`, { remitted, target, targetReachedOn: r.reached, rate: target === null ? null : percent(remitted, target) });
  }
  return out;
}

export interface RemittanceDay { on: string; type: RevenueType; amount: bigint }

/**
 * The remittances `remitted` sums, per 上缴日期 and 收入类型, in date order, for many (center, year)
 * pairs: what an indicator counting only some types sums and runs its total over.
 */
export async function remittanceDaysFor(db: DbOrTx, pairs: { centerId: number; year: number }[]): Promise<Map<string, RemittanceDay[]>> {
  const out = new Map<string, RemittanceDay[]>(pairs.map((p) => [`${p.centerId}:${p.year}`, []]));
  if (pairs.length === 0) return out;
  const rows = await db.execute<{ c: number; y: number; on_date: string; revenue_type: RevenueType; amount: string }>(sql`
    with pairs as (select distinct * from json_to_recordset(${JSON.stringify(pairs.map((p) => ({ c: p.centerId, y: p.year })))}::text::json) as x(c int, y int))
    select pairs.c, pairs.y, d.remitted_on::text as on_date, d.revenue_type, d.amount::text
    from pairs cross join lateral (
      select r.remitted_on, r.revenue_type, sum(r.amount) as amount from remittances r
      where ${remittedCondition('r', sql`pairs.c`, sql`pairs.y`)} group by r.remitted_on, r.revenue_type) d
    order by pairs.c, pairs.y, d.remitted_on, d.revenue_type`);
  for (const r of rows) out.get(`${r.c}:${r.y}`)!.push({ on: r.on_date, type: r.revenue_type, amount: BigInt(r.amount) });
  return out;
}

export interface RemittanceFilter { year: number; type?: string; q?: string; page: number; pageSize?: number | null }

export interface RemittanceRow extends Record<string, unknown> {
  id: number; receipt_no: string; revenue_type: string; amount: string; remitted_on: string;
  transfer_id: number | null; round: number | null; parcel_id: number | null; code: string | null; name: string | null;
  total: number; total_amount: string;
}

/** The center's remittances of the year, filtered and paged in one statement, with the count and sum over the whole filter. */
export async function listRemittances(db: DbOrTx, centerId: number, f: RemittanceFilter) {
  const where: SQL[] = [sql`r.center_id = ${centerId}`,
    sql`r.remitted_on >= make_date(${f.year}, 1, 1) and r.remitted_on < make_date(${f.year + 1}, 1, 1)`];
  if (f.type) where.push(sql`r.revenue_type = ${f.type}`);
  if (f.q) {
    const like = likePattern(f.q);
    where.push(sql`(r.receipt_no ilike ${like} or coalesce(p.code, '') ilike ${like} or coalesce(p.name, '') ilike ${like})`);
  }
  const size = f.pageSize === null ? null : f.pageSize ?? PAGE_SIZE;
  const rows = await db.execute<RemittanceRow>(sql`
    select r.id, r.receipt_no, r.revenue_type, r.amount::text as amount, r.remitted_on::text as remitted_on,
           t.id as transfer_id, t.round, p.id as parcel_id, p.code, p.name,
           count(*) over ()::int as total, (sum(r.amount) over ())::text as total_amount
    from remittances r
      left join transfers t on t.id = r.transfer_id
      left join parcels p on p.id = t.parcel_id
    where ${and(...where)}
    order by r.remitted_on desc, r.id desc
    ${size === null ? sql`` : sql`limit ${size} offset ${(f.page - 1) * size}`}`);
  // Past the last page the window sums are gone; count the filter once more only then.
  let total = rows[0]?.total ?? 0;
  let totalAmount = BigInt(rows[0]?.total_amount ?? '0');
  if (rows.length === 0 && f.page > 1) {
    const [c] = await db.execute<{ n: number; s: string }>(sql`
      select count(*)::int as n, coalesce(sum(r.amount), 0)::text as s from remittances r
        left join transfers t on t.id = r.transfer_id left join parcels p on p.id = t.parcel_id
      where ${and(...where)}`);
    total = c!.n;
    totalAmount = BigInt(c!.s);
  }
  return { rows: [...rows], total, totalAmount };
}

export async function findRemittance(db: DbOrTx, id: number) {
  const [row] = await db.select({
    remittance: remittances,
    transfer: { id: transfers.id, round: transfers.round, dealPrice: transfers.dealPrice, dealDate: transfers.dealDate },
    parcel: { id: parcels.id, code: parcels.code, name: parcels.name },
  }).from(remittances)
    .leftJoin(transfers, eq(transfers.id, remittances.transferId))
    .leftJoin(parcels, eq(parcels.id, transfers.parcelId))
    .where(eq(remittances.id, id));
  return row ?? null;
}

/** The center's sold transfers, newest deal first: what a remittance may come from. */
export async function soldTransferChoices(db: DbOrTx, centerId: number) {
  return db.select({
    id: transfers.id, round: transfers.round, dealDate: transfers.dealDate, dealPrice: transfers.dealPrice,
    code: parcels.code, name: parcels.name,
  }).from(transfers).innerJoin(parcels, eq(parcels.id, transfers.parcelId))
    .where(and(eq(transfers.centerId, centerId), eq(transfers.result, '成交')))
    .orderBy(desc(transfers.dealDate), parcels.code);
}

/** The innermost PostgreSQL error's HINT (drizzle wraps the driver's error in `cause`). */
function pgHint(e: unknown): string | undefined {
  for (let x: unknown = e, depth = 0; x && typeof x === 'object' && depth < 5; x = (x as { cause?: unknown }).cause, depth++) {
    const hint = (x as { hint?: unknown }).hint;
    if (typeof hint === 'string') return hint;
  }
  return undefined;
}

/**
 * Records a remittance of the center. It is never changed afterwards (a database trigger refuses
 * it); a year that finance has closed takes no new remittance, which the trigger also enforces —
 * its refusal is turned into a message beside the date.
 */
export async function createRemittance(db: Db, actor: Actor, centerId: number, v: RemittanceInput) {
  try {
    return await db.transaction(async (tx) => {
      if (v.transfer_id !== undefined) {
        const [t] = await tx.select({ id: transfers.id }).from(transfers)
          .where(and(eq(transfers.id, v.transfer_id), eq(transfers.centerId, centerId), eq(transfers.result, '成交')));
        if (!t) throw new FieldProblem('transfer_id', '所选出让活动不属于本中心或尚未成交');
      }
      const [row] = await tx.insert(remittances).values({
        centerId, receiptNo: v.receipt_no, revenueType: v.revenue_type, transferId: v.transfer_id ?? null,
        amount: v.amount, remittedOn: v.remitted_on, createdBy: actor.userId,
      }).onConflictDoNothing().returning();
      if (!row) throw new FieldProblem('receipt_no', '本中心已有相同缴款书号的上缴记录');
      await recordAudit(tx, actor, { action: 'create', entity: 'remittance', entityId: row.id, centerId, after: row });
      return row;
    });
  } catch (e) {
    if (pgHint(e) === 'year-closed') {
      throw new FieldProblem('remitted_on', `${v.remitted_on.slice(0, 4)}年度已结账，不能再登记该年度的上缴记录`);
    }
    throw e;
  }
}

export async function findTarget(db: DbOrTx, centerId: number, year: number) {
  const [row] = await db.select().from(revenueTargets).where(and(eq(revenueTargets.centerId, centerId), eq(revenueTargets.year, year)));
  return row ?? null;
}

export const closedTargetMessage = (year: number) => `${year}年度已结账，不能再设定或修改该年度的非税征收任务`;

/**
 * Sets (or changes) the 非税任务 of a center and year; a change is audited with what it was before.
 * A closed year's task is kept as it was closed (its 完成比例 and 完成任务日期 are figures of the
 * closed year): refused beside the amount. The year lock makes a close that races it come first or last.
 */
export async function setTarget(db: Db, actor: Actor, centerId: number, year: number, amount: bigint) {
  return db.transaction(async (tx) => {
    await lockYear(tx, year, 'shared');
    if (await isYearClosed(tx, centerId, year)) throw new FieldProblem('amount', closedTargetMessage(year));
    const key = and(eq(revenueTargets.centerId, centerId), eq(revenueTargets.year, year));
    const entityId = `${centerId}:${year}`;
    let [before] = await tx.select().from(revenueTargets).where(key).for('update');
    if (!before) {
      const [created] = await tx.insert(revenueTargets).values({ centerId, year, amount }).onConflictDoNothing().returning();
      if (created) {
        await recordAudit(tx, actor, { action: 'create', entity: 'revenue_target', entityId, centerId, after: created });
        return created;
      }
      // Someone set it at the same moment: change theirs, as if we had come second.
      [before] = await tx.select().from(revenueTargets).where(key).for('update');
    }
    const [after] = await tx.update(revenueTargets).set({ amount }).where(key).returning();
    await recordAudit(tx, actor, { action: 'update', entity: 'revenue_target', entityId, centerId, before, after });
    return after!;
  });
}

export interface TransferRemittedRow extends Record<string, unknown> {
  id: number; round: number; parcel_id: number; code: string; name: string; deal_date: string; deal_price: string;
  remitted: string; remittances: number; last_remitted_on: string | null;
}

/**
 * The center's transfers sold in the year (成交日期), each with what was remitted for it (every
 * remittance linked to it, whatever its date: the money of a December deal often arrives in January).
 */
export async function remittedByTransfer(db: DbOrTx, centerId: number, year: number) {
  const rows = await db.execute<TransferRemittedRow>(sql`
    select t.id, t.round, p.id as parcel_id, p.code, p.name, t.deal_date::text as deal_date, t.deal_price::text as deal_price,
           coalesce(sum(r.amount), 0)::text as remitted, count(r.id)::int as remittances, max(r.remitted_on)::text as last_remitted_on
    from transfers t
      join parcels p on p.id = t.parcel_id
      left join remittances r on r.transfer_id = t.id
    where t.center_id = ${centerId} and t.result = '成交'
      and t.deal_date >= make_date(${year}, 1, 1) and t.deal_date < make_date(${year + 1}, 1, 1)
    group by t.id, p.id
    order by t.deal_date, p.code, t.round`);
  return [...rows];
}
