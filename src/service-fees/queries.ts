// 交易服务费: the center's standards (kept, each from its day) and the statement of the year's deals —
// the fee each 成交 owes by the standard in force on its 成交日期, and what of it was remitted.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { serviceFeeSchedules, type parcelKinds } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import type { Db, DbOrTx } from '../db';
import { closedYearMessage, pgError } from '../funds/db-errors';
import { isYearClosed } from '../funds/queries';
import { feeDue, formatRate, tiersToStored } from '../fees/rules';
import { FieldProblem } from '../lib/forms';
import type { ScheduleInput } from './forms';
import { receiptAllocation, type ReceiptStatus } from './receipts';
import { todayShanghai } from '../lib/dates';

export type Schedule = typeof serviceFeeSchedules.$inferSelect;

export async function schedulesOf(db: DbOrTx, centerId: number): Promise<Schedule[]> {
  return (await schedulesOfCenters(db, [centerId])).get(centerId) ?? [];
}

/** The standards of several centers in one query, each center's list ordered as schedulesOf orders it. */
export async function schedulesOfCenters(db: DbOrTx, centerIds: readonly number[]): Promise<Map<number, Schedule[]>> {
  const byCenter = new Map<number, Schedule[]>(centerIds.map((c) => [c, []]));
  if (centerIds.length === 0) return byCenter;
  const rows = await db.select().from(serviceFeeSchedules).where(inArray(serviceFeeSchedules.centerId, [...centerIds]))
    .orderBy(serviceFeeSchedules.parcelKind, desc(serviceFeeSchedules.effectiveFrom), serviceFeeSchedules.id);
  for (const r of rows) byCenter.get(r.centerId)?.push(r);
  return byCenter;
}

/**
 * Records a standard; one per center, kind and day (a later standard starts on a later day). A 更正
 * names the standard it replaces and takes its kind and day; the replaced one is kept and no longer applies.
 */
export async function addSchedule(db: Db, actor: Actor, centerId: number, v: ScheduleInput) {
  // A standard reaches back to its 执行日期: never into a year the center has closed.
  if (await isYearClosed(db, centerId, Number(v.effective_from.slice(0, 4)))) throw new FieldProblem('effective_from', closedYearMessage(v.effective_from.slice(0, 4)));
  try {
    return await db.transaction(async (tx) => {
      if (v.supersedes !== undefined) {
        const [old] = await tx.select().from(serviceFeeSchedules).where(and(eq(serviceFeeSchedules.id, v.supersedes), eq(serviceFeeSchedules.centerId, centerId)));
        if (!old) throw new FieldProblem('supersedes', '本中心没有这条收费标准');
        if (old.parcelKind !== v.parcel_kind || old.effectiveFrom !== v.effective_from) {
          throw new FieldProblem('supersedes', `更正须与原标准的标的类型（${old.parcelKind}）和执行日期（${old.effectiveFrom}）相同；调整收费标准请从新的执行日期另登记一条`);
        }
      }
      const [row] = await tx.insert(serviceFeeSchedules).values({
        centerId, parcelKind: v.parcel_kind, effectiveFrom: v.effective_from, documentNo: v.document_no, method: v.method,
        fixedAmount: v.fixed_amount ?? null, rate: v.rate === undefined ? null : formatRate(v.rate), tiers: v.tiers ? tiersToStored(v.tiers) : null,
        cap: v.cap ?? null, payer: v.payer, remitRule: v.remit_rule ?? null, remitDays: v.remit_days ?? null,
        supersedesId: v.supersedes ?? null, reason: v.supersedes !== undefined ? v.reason! : null, createdBy: actor.userId,
      }).returning();
      await recordAudit(tx, actor, { action: v.supersedes !== undefined ? 'correct' : 'create', entity: 'service-fee-schedule', entityId: row!.id, centerId, after: row });
      return row!;
    });
  } catch (e) {
    const pg = pgError(e);
    if (pg?.code === '23505' && v.supersedes !== undefined && (pg.constraint_name === 'service_fee_schedules_from' || pg.constraint_name === 'service_fee_schedules_supersedes_once')) {
      throw new FieldProblem('supersedes', '这条收费标准已更正过：请更正最新的一条');
    }
    if (pg?.code === '23505' && pg.constraint_name === 'service_fee_schedules_from') {
      throw new FieldProblem('effective_from', `本中心${v.parcel_kind}已有自 ${v.effective_from} 起执行的收费标准；新标准请从另一日起执行，录错的请选择“更正的标准”`);
    }
    throw e;
  }
}

/** The standards that apply: those no 更正 replaced. */
export const inForce = (schedules: readonly Schedule[]) => {
  const replaced = new Set(schedules.map((s) => s.supersedesId).filter((x) => x !== null));
  return schedules.filter((s) => !replaced.has(s.id));
};

/** The standard in force for a kind on a day: the latest one that started by then. */
export function scheduleOn(schedules: readonly Schedule[], kind: (typeof parcelKinds)[number], day: string): Schedule | null {
  return inForce(schedules).filter((s) => s.parcelKind === kind && s.effectiveFrom <= day).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0] ?? null;
}

/** The fee a deal owes by a standard (the agency fees' arithmetic: fixed, rate or progressive tiers, capped). */
export const serviceFee = (s: Schedule, dealPrice: bigint) => feeDue({ ...s, payFailed: false }, { result: '成交', dealPrice });

export interface StatementRow {
  transferId: number; code: string; name: string; kind: (typeof parcelKinds)[number]; round: number; dealDate: string; dealPrice: bigint; winner: string | null;
  schedule: Schedule | null; fee: bigint | null;
  /** Collected (票据 net of 冲销), and of it remitted (src/service-fees/receipts.ts allocateRemittances). */
  received: bigint; remitted: bigint;
  /** 欠收: the fee not yet collected; null without a standard. 待上缴: collected and not yet remitted. */
  owed: bigint | null; pending: bigint;
}

export interface Statement {
  rows: StatementRow[];
  /** The receipts of the year's deals, and any collected or due in the year, each with its remittance status today. */
  receipts: ReceiptStatus[];
  /**
   * 交易服务费 remitted (ever, by the day) that no receipt collected by its day takes: imported history
   * of lump sums, or fees whose 票据 are not recorded yet.
   */
  surplus: bigint;
}

/**
 * The year's deals of the center (成交日期 in the year) with the fee each owes by the standard in force
 * on its 成交日期, what was collected of it and what of that was remitted.
 */
export async function serviceFeeStatement(db: DbOrTx, centerId: number, year: number, asOf = todayShanghai()): Promise<Statement> {
  const [schedules, deals, { statuses, surplus }] = await Promise.all([
    schedulesOf(db, centerId),
    db.execute<{ id: number; code: string; name: string; kind: StatementRow['kind']; round: number; deal_date: string; deal_price: string; winner: string | null }>(sql`
      select t.id, p.code, p.name, p.kind, t.round, t.deal_date::text, t.deal_price::text, t.winner
      from transfers t join parcels p on p.id = t.parcel_id
      where t.center_id = ${centerId} and t.result = '成交' and t.deal_date >= make_date(${year}, 1, 1) and t.deal_date < make_date(${year + 1}, 1, 1)
      order by t.deal_date, t.id`),
    receiptAllocation(db, [centerId], asOf),
  ]);
  const live = statuses.filter((x) => x.reversal === null);
  const rows = deals.map((d) => {
    const schedule = scheduleOn(schedules, d.kind, d.deal_date);
    const price = BigInt(d.deal_price);
    const fee = schedule ? serviceFee(schedule, price) : null;
    const mine = live.filter((x) => x.transferId === d.id);
    const received = mine.reduce((a, x) => a + x.receipt.amount, 0n);
    const remitted = mine.reduce((a, x) => a + x.remitted, 0n);
    return {
      transferId: d.id, code: d.code, name: d.name, kind: d.kind, round: d.round, dealDate: d.deal_date, dealPrice: price, winner: d.winner,
      schedule, fee, received, remitted, owed: fee === null ? null : fee > received ? fee - received : 0n, pending: received - remitted,
    };
  });
  const dealIds = new Set(deals.map((d) => d.id));
  return {
    rows,
    // And those collected or due in the year for a deal of another (a December deal's fee due in January).
    receipts: statuses.filter((x) => dealIds.has(x.transferId) || x.receipt.collectedOn.startsWith(`${year}-`) || !!x.dueOn?.startsWith(`${year}-`)),
    surplus,
  };
}
