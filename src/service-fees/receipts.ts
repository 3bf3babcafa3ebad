// 交易服务费 collected (one row per 票据, kept, corrected by 冲销) and what of it the center remitted:
// its 交易服务费 remittances (非税收入 of that type), first collected first remitted, each receipt due by
// the 上缴时限 of the standard it was charged under (schema: service_fee_schedules.remit_rule).
import { and, eq, inArray, sql } from 'drizzle-orm';
import { serviceFeeReceipts, transfers, parcels, type parcelKinds } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import type { Db, DbOrTx } from '../db';
import { addMonths } from '../contracts/rules';
import type { ReversalInput } from '../contracts/forms';
import { closedYearMessage, pgError } from '../funds/db-errors';
import { isYearClosed, lockYear } from '../funds/queries';
import { todayShanghai } from '../lib/dates';
import { FieldProblem } from '../lib/forms';
import { formatYuan } from '../lib/money';
import { addDays } from '../lib/working-days';
import type { ReceiptInput } from './forms';
import { scheduleOn, schedulesOf, schedulesOfCenters, serviceFee, type Schedule } from './queries';

export type Receipt = typeof serviceFeeReceipts.$inferSelect;

/** Several receipt errors at once, each beside its field. */
export class ReceiptErrors extends Error {
  constructor(readonly errors: Record<string, string>) { super(Object.values(errors)[0]); }
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The day a collection must be remitted by under a standard's 上缴时限: N days after 收款日期, or day N
 * of the month after its quarter (the month's last day when shorter). Null when the standard sets none.
 */
export function remitDueOn(s: Pick<Schedule, 'remitRule' | 'remitDays'> | null, collectedOn: string): string | null {
  if (!s?.remitRule || s.remitDays === null) return null;
  if (s.remitRule === '收款后天数') return addDays(collectedOn, s.remitDays);
  const [y, m] = collectedOn.split('-').map(Number) as [number, number];
  return addMonths(`${y}-${pad(Math.ceil(m / 3) * 3)}-${pad(s.remitDays)}`, 1);
}

export interface ReceiptStatus {
  receipt: Receipt;
  /** Its 冲销, when one is dated by `asOf` (the receipt then counts for nothing). */
  reversal: Receipt | null;
  centerId: number; transferId: number; code: string; name: string; kind: (typeof parcelKinds)[number];
  /** Null once the deal was declared 无效. */
  dealDate: string | null;
  schedule: Schedule | null;
  /** Remitted of it by `asOf`, and the day the remittances first covered all of it (never before its collection). */
  remitted: bigint; remittedOn: string | null;
  dueOn: string | null;
  /** Remitted in full by its due day; null while not due and not remitted, or without a 时限. */
  onTime: boolean | null;
  overdueDays: number;
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

type ReceiptFacts = Omit<ReceiptStatus, 'remitted' | 'remittedOn' | 'onTime' | 'overdueDays' | 'reversal' | 'dueOn'>;

/**
 * Allocates a center's 交易服务费 remittances (dated by `asOf`) over its receipts, day by day: a
 * remittance covers the receipts collected by its day that are still open, first collected first; what
 * it leaves (money remitted before any receipt for it was recorded: imported lump sums, say) is
 * `surplus`, never cover for a later collection. A receipt with its 冲销 dated by `asOf` counts for
 * nothing, as a collection and its 冲销 do for the price (src/contracts/rules.ts scheduleStatus). Pure;
 * the one rule the statement, the dashboard and 按时上缴 read.
 */
export function allocateRemittances(receipts: readonly ReceiptFacts[], remittances: readonly { on: string; amount: bigint }[], asOf: string):
  { statuses: ReceiptStatus[]; surplus: bigint } {
  const reversals = new Map(receipts.filter((r) => r.receipt.reversesId !== null && r.receipt.collectedOn <= asOf).map((r) => [r.receipt.reversesId!, r.receipt]));
  const originals = receipts.filter((r) => r.receipt.reversesId === null && r.receipt.collectedOn <= asOf)
    .sort((a, b) => (a.receipt.collectedOn < b.receipt.collectedOn ? -1 : a.receipt.collectedOn > b.receipt.collectedOn ? 1 : a.receipt.id - b.receipt.id));
  const live = originals.filter((r) => !reversals.has(r.receipt.id));
  const covered = live.map(() => ({ amount: 0n, on: null as string | null }));
  const days = [...remittances.filter((r) => r.on <= asOf)].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  let open = 0;
  let surplus = 0n;
  for (const day of days) {
    let left = day.amount;
    while (left > 0n && open < live.length && live[open]!.receipt.collectedOn <= day.on) {
      const need = live[open]!.receipt.amount - covered[open]!.amount;
      const take = left < need ? left : need;
      covered[open]!.amount += take;
      left -= take;
      if (covered[open]!.amount === live[open]!.receipt.amount) { covered[open]!.on = day.on; open++; }
    }
    surplus += left;
  }
  const statuses = originals.map((r) => {
    const reversal = reversals.get(r.receipt.id) ?? null;
    const dueOn = remitDueOn(r.schedule, r.receipt.collectedOn);
    if (reversal) return { ...r, reversal, remitted: 0n, remittedOn: null, dueOn, onTime: null, overdueDays: 0 };
    const c = covered[live.indexOf(r)]!;
    const onTime = dueOn === null ? null : c.on !== null ? c.on <= dueOn : asOf > dueOn ? false : null;
    const overdueDays = dueOn !== null && c.on === null && asOf > dueOn ? daysBetween(dueOn, asOf) : 0;
    return { ...r, reversal, remitted: c.amount, remittedOn: c.on, dueOn, onTime, overdueDays };
  });
  return { statuses, surplus };
}

/** Every receipt of the centers with its remittance status on `asOf`, in three statements. */
export async function receiptStatuses(db: DbOrTx, centerIds: readonly number[], asOf: string): Promise<ReceiptStatus[]> {
  return (await receiptAllocation(db, centerIds, asOf)).statuses;
}

/** receiptStatuses, with the 交易服务费 remitted that no receipt takes (summed over the centers). */
export async function receiptAllocation(db: DbOrTx, centerIds: readonly number[], asOf: string): Promise<{ statuses: ReceiptStatus[]; surplus: bigint }> {
  if (centerIds.length === 0) return { statuses: [], surplus: 0n };
  const ids = [...new Set(centerIds)];
  const [rows, remitted, byCenter] = await Promise.all([
    db.select({ receipt: serviceFeeReceipts, code: parcels.code, name: parcels.name, kind: parcels.kind, dealDate: transfers.dealDate })
      .from(serviceFeeReceipts).innerJoin(transfers, eq(transfers.id, serviceFeeReceipts.transferId)).innerJoin(parcels, eq(parcels.id, transfers.parcelId))
      .where(inArray(serviceFeeReceipts.centerId, ids)),
    db.execute<{ center_id: number; on_date: string; amount: string }>(sql`
      select center_id, remitted_on::text as on_date, sum(amount)::text as amount from remittances
      where center_id in ${ids} and revenue_type = '交易服务费' and remitted_on <= ${asOf}
      group by center_id, remitted_on`),
    schedulesOfCenters(db, ids),
  ]);
  const each = ids.map((c) => allocateRemittances(
    rows.filter((r) => r.receipt.centerId === c).map((r) => ({
      receipt: r.receipt, centerId: c, transferId: r.receipt.transferId, code: r.code, name: r.name, kind: r.kind, dealDate: r.dealDate,
      // A deal declared 无效 since has no 成交日期 left: its receipts keep the standard of their collection day.
      schedule: scheduleOn(byCenter.get(c)!, r.kind, r.dealDate ?? r.receipt.collectedOn),
    })),
    remitted.filter((d) => d.center_id === c).map((d) => ({ on: d.on_date, amount: BigInt(d.amount) })), asOf));
  return { statuses: each.flatMap((x) => x.statuses), surplus: each.reduce((a, x) => a + x.surplus, 0n) };
}

/** The receipts due for remittance within `year` (按时上缴's second half, with the instalments). */
export function feesDueInYear(statuses: readonly ReceiptStatus[], year: number): ReceiptStatus[] {
  return statuses.filter((s) => s.reversal === null && s.dueOn !== null && s.dueOn >= `${year}-01-01` && s.dueOn <= `${year}-12-31`)
    .sort((a, b) => (a.dueOn! < b.dueOn! ? -1 : a.dueOn! > b.dueOn! ? 1 : a.receipt.id - b.receipt.id));
}

/** A receipt of the center, or null (another center's is as absent as none). */
export async function receiptOfCenter(db: DbOrTx, centerId: number, receiptId: number): Promise<Receipt | null> {
  const [row] = await db.select().from(serviceFeeReceipts).where(and(eq(serviceFeeReceipts.id, receiptId), eq(serviceFeeReceipts.centerId, centerId)));
  return row ?? null;
}

async function guarded<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    const pg = pgError(e);
    if (pg?.code === 'P0001' && pg.hint === 'year-closed') throw new FieldProblem('_form', '该年度已结账，不能再记入该年度的记录');
    if (pg?.code === '23505' && pg.constraint_name === 'service_fee_receipts_reverses_once') throw new FieldProblem('_form', '这笔收费已冲销过');
    throw e;
  }
}

/**
 * Records 交易服务费 collected for a deal of the center: never more than the fee its standard gives (what
 * was collected before counting, 冲销 included), dated between the deal and today, in an open year.
 * Receipts of one deal are written one at a time (the round FOR NO KEY UPDATE), so two at once cannot pass the fee.
 */
export async function addReceipt(db: Db, actor: Actor, centerId: number, v: ReceiptInput) {
  return guarded(() => db.transaction(async (tx) => {
    const [round] = await tx.select({ t: transfers, kind: parcels.kind, code: parcels.code }).from(transfers).innerJoin(parcels, eq(parcels.id, transfers.parcelId))
      .where(and(eq(transfers.id, v.transfer_id), eq(transfers.centerId, centerId))).for('no key update', { of: transfers });
    if (!round) throw new ReceiptErrors({ transfer_id: '本中心没有这场出让活动' });
    if (round.t.result !== '成交' || !round.t.dealDate || round.t.dealPrice === null) throw new ReceiptErrors({ transfer_id: `${round.code} 第${round.t.round}场不是成交，不收交易服务费` });
    const errors: Record<string, string> = {};
    const today = todayShanghai();
    for (const [field, label] of [['invoiced_on', '开票日期'], ['collected_on', '收款日期']] as const) {
      if (v[field] < round.t.dealDate) errors[field] = `${label}不能早于成交日期 ${round.t.dealDate}`;
      else if (v[field] > today) errors[field] = `${label}不能晚于今天`;
    }
    // The year lock shared, as every writer dated into a year takes it (年度结账 takes it exclusive).
    if (!errors.collected_on) await lockYear(tx, Number(v.collected_on.slice(0, 4)), 'shared');
    if (!errors.collected_on && await isYearClosed(tx, centerId, Number(v.collected_on.slice(0, 4)))) errors.collected_on = closedYearMessage(v.collected_on.slice(0, 4));
    const schedule = scheduleOn(await schedulesOf(tx, centerId), round.kind, round.t.dealDate);
    if (!schedule) errors.transfer_id = `${round.code} 的成交日期 ${round.t.dealDate} 没有适用的${round.kind}交易服务费标准：请先登记收费标准（含文号）`;
    else {
      const fee = serviceFee(schedule, round.t.dealPrice);
      const [got] = await tx.execute<{ n: string }>(sql`select coalesce(sum(amount), 0)::text as n from service_fee_receipts where transfer_id = ${v.transfer_id}`);
      const received = BigInt(got!.n);
      if (received + v.amount > fee) {
        errors.amount = `超过应收：按 ${schedule.documentNo} 应收 ${formatYuan(fee)} 元，已收 ${formatYuan(received)} 元，最多还可收 ${formatYuan(fee > received ? fee - received : 0n)} 元`;
      }
    }
    // A 票据号 once among the center's receipts not reversed; the number locked, so two at once cannot both pass.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`fee-invoice:${centerId}:${v.invoice_no}`}))`);
    const [dup] = await tx.select({ id: serviceFeeReceipts.id }).from(serviceFeeReceipts)
      .where(sql`${serviceFeeReceipts.centerId} = ${centerId} and ${serviceFeeReceipts.invoiceNo} = ${v.invoice_no} and ${serviceFeeReceipts.reversesId} is null
        and not exists (select 1 from service_fee_receipts x where x.reverses_id = ${serviceFeeReceipts.id})`);
    if (dup) errors.invoice_no = `票据号 ${v.invoice_no} 已登记过`;
    if (Object.keys(errors).length) throw new ReceiptErrors(errors);
    const [row] = await tx.insert(serviceFeeReceipts).values({
      centerId, transferId: v.transfer_id, invoiceNo: v.invoice_no, amount: v.amount, invoicedOn: v.invoiced_on, collectedOn: v.collected_on, createdBy: actor.userId,
    }).returning();
    await recordAudit(tx, actor, { action: 'create', entity: 'service-fee-receipt', entityId: row!.id, centerId, after: row });
    return { row: row!, code: round.code };
  }));
}

/** A 冲销 of a receipt of the center recorded by mistake: a kept row of the negative amount naming it, once. */
export async function reverseReceipt(db: Db, actor: Actor, centerId: number, receiptId: number, v: ReversalInput) {
  return guarded(() => db.transaction(async (tx) => {
    const [found] = await tx.select({ transferId: serviceFeeReceipts.transferId }).from(serviceFeeReceipts)
      .where(and(eq(serviceFeeReceipts.id, receiptId), eq(serviceFeeReceipts.centerId, centerId)));
    if (!found) return null;
    // The round first, as addReceipt takes it.
    await tx.select({ id: transfers.id }).from(transfers).where(eq(transfers.id, found.transferId)).for('no key update');
    const [original] = await tx.select().from(serviceFeeReceipts).where(eq(serviceFeeReceipts.id, receiptId));
    if (original!.reversesId !== null) throw new FieldProblem('_form', '这是一条冲销记录，不能再冲销');
    const [done] = await tx.select({ id: serviceFeeReceipts.id }).from(serviceFeeReceipts).where(eq(serviceFeeReceipts.reversesId, receiptId));
    if (done) throw new FieldProblem('_form', `票据 ${original!.invoiceNo} 的收费已冲销过`);
    if (v.reversed_on < original!.collectedOn) throw new ReceiptErrors({ reversed_on: `冲销日期不能早于收款日期 ${original!.collectedOn}` });
    if (v.reversed_on > todayShanghai()) throw new ReceiptErrors({ reversed_on: '冲销日期不能晚于今天' });
    await lockYear(tx, Number(v.reversed_on.slice(0, 4)), 'shared');
    if (await isYearClosed(tx, centerId, Number(v.reversed_on.slice(0, 4)))) throw new ReceiptErrors({ reversed_on: closedYearMessage(v.reversed_on.slice(0, 4)) });
    // A closed year's figures stay as they were closed: a receipt collected in it is not reversed later.
    if (await isYearClosed(tx, centerId, Number(original!.collectedOn.slice(0, 4)))) throw new FieldProblem('_form', `票据 ${original!.invoiceNo} 的收款年度已结账，不能冲销`);
    const [row] = await tx.insert(serviceFeeReceipts).values({
      centerId, transferId: original!.transferId, invoiceNo: `${original!.invoiceNo}（冲销）`, amount: -original!.amount,
      invoicedOn: v.reversed_on, collectedOn: v.reversed_on, reversesId: original!.id, reason: v.reason, createdBy: actor.userId,
    }).returning();
    await recordAudit(tx, actor, { action: 'reverse', entity: 'service-fee-receipt', entityId: original!.id, centerId, before: original, after: row });
    return row!;
  }));
}
