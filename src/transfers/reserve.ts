// 底价 (reserve price) of a round. The 出让人 sets it by collective decision and keeps it secret until
// the round ends (国土资源部令第39号 — as we recall its 第十一条: 确定…拍卖和挂牌的起叫价、起始价、底价…应当
// 实行集体决策；…拍卖挂牌的底价，在…拍卖挂牌出让活动结束之前应当保密; the article number was not found in
// our corpus). A 拍卖 whose highest bid is below the 底价 does not sell (流拍, 未达底价), and no deal is
// recorded below it.
//
// Who sees it: only the users who set a 底价 of the round. Nobody else's page, list, export, JSON or
// audit entry carries the amount; they see that a 底价 exists. The table is read only here.
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { parcels, reservePrices, transfers } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import type { Db, DbOrTx } from '../db';
import { f, FieldProblem } from '../lib/forms';
import { formatYuan } from '../lib/money';

export const reserveForm = z.object({
  amount: f.money('底价'),
  decision_no: f.text('集体决策文号', 100),
});
export type ReserveInput = z.output<typeof reserveForm>;

/** What one user may know of a round's 底价: whether there is one, and its amount only if they set one. */
export interface ReserveView {
  set: boolean;
  /** The latest 底价, only for a user who set one of the round's 底价; else null. */
  amount: bigint | null;
  decisionNo: string | null;
  at: string | null;
}

export async function reserveFor(db: DbOrTx, transferId: number, userId: number): Promise<ReserveView> {
  const [row] = await db.execute<{ amount: string; decision_no: string; at: string; mine: boolean }>(sql`
    select r.amount::text, r.decision_no, to_char(r.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as at,
           exists (select 1 from reserve_prices m where m.transfer_id = r.transfer_id and m.set_by = ${userId}) as mine
    from reserve_prices r where r.transfer_id = ${transferId} order by r.id desc limit 1`);
  if (!row) return { set: false, amount: null, decisionNo: null, at: null };
  return row.mine ? { set: true, amount: BigInt(row.amount), decisionNo: row.decision_no, at: row.at } : { set: true, amount: null, decisionNo: null, at: null };
}

/** The round's 底价 in force, for the rules (never shown from here). */
async function latestReserve(tx: DbOrTx, transferId: number): Promise<bigint | null> {
  const [row] = await tx.select({ amount: reservePrices.amount }).from(reservePrices)
    .where(eq(reservePrices.transferId, transferId)).orderBy(desc(reservePrices.id)).limit(1);
  return row?.amount ?? null;
}

/**
 * A deal below the round's 底价 is not a deal. The message names no amount: the user recording the
 * result need not be one who set it. Read under the round's lock, which setting a 底价 takes too.
 */
export async function reserveDealProblem(tx: DbOrTx, transferId: number, dealPrice: bigint) {
  const reserve = await latestReserve(tx, transferId);
  if (reserve !== null && dealPrice < reserve) throw new BelowReserve();
}

/** A deal below the 底价, refused: each attempt is audited (recordBelowReserve) as it tells the user something of the 底价. */
export class BelowReserve extends FieldProblem {
  constructor() { super('deal_price', '成交价低于本场底价，不能登记成交：最高报价未达底价的，应登记流拍（流拍原因“未达底价”）。底价保密，仅设定人可见'); }
}

/** The audit entry of a refused deal below the 底价 (after the refused transaction rolled back): who tried, not the amounts. */
export async function recordBelowReserve(db: Db, actor: Actor, round: { id: number; centerId: number }) {
  await db.transaction((tx) => recordAudit(tx, actor, {
    action: 'refused-below-reserve', entity: 'transfer', entityId: round.id, centerId: round.centerId, note: '登记的成交价低于底价，已拒绝（金额不记入日志）',
  }));
}

/** The 底价 in force of the parcel's running round, for a 起始价 edit (never shown). */
export async function runningReserveOfParcel(tx: DbOrTx, parcelId: number): Promise<bigint | null> {
  const [row] = await tx.execute<{ amount: string }>(sql`
    select r.amount::text from reserve_prices r join transfers t on t.id = r.transfer_id
    where t.parcel_id = ${parcelId} and t.result = '进行中' order by r.id desc limit 1`);
  return row ? BigInt(row.amount) : null;
}

/** A 流拍 for 未达底价 needs a 底价 (on a round run with its applications; see failureReasonProblem). */
export async function hasReserve(tx: DbOrTx, transferId: number) {
  return (await latestReserve(tx, transferId)) !== null;
}

/** The 出让人's own staff decide it: a center above may see the round, not set (and so read) its 底价. */
export const OWN_CENTER_ONLY = '底价只能由本场所属交易中心的工作人员设定';

/**
 * Sets (or, by a new decision, resets) a running round's 底价: not below the parcel's 起始价. Kept:
 * each setting is a row; the audit entry records that it was set and by which decision, not the amount.
 */
export async function setReserve(db: Db, actor: Actor, id: number, v: ReserveInput) {
  return db.transaction(async (tx) => {
    const [round] = await tx.select().from(transfers).where(eq(transfers.id, id)).for('update');
    if (round!.result !== '进行中') throw new FieldProblem('amount', `本场已${round!.result}，不能再设定底价`);
    if (round!.mode === '协议') throw new FieldProblem('amount', '协议出让不设底价');
    // Locked: the 起始价 cannot rise above the 底价 while it is set (updateParcel checks under the same lock).
    const [parcel] = await tx.select({ startingPrice: parcels.startingPrice }).from(parcels).where(eq(parcels.id, round!.parcelId)).for('update');
    if (v.amount <= 0n) throw new FieldProblem('amount', '底价须大于零');
    if (v.amount < parcel!.startingPrice) {
      throw new FieldProblem('amount', `底价不得低于起始价 ${formatYuan(parcel!.startingPrice)} 元`);
    }
    const [row] = await tx.insert(reservePrices).values({
      centerId: round!.centerId, transferId: id, amount: v.amount, decisionNo: v.decision_no, setBy: actor.userId!,
    }).returning({ id: reservePrices.id });
    const earlier = await tx.select({ id: reservePrices.id }).from(reservePrices)
      .where(and(eq(reservePrices.transferId, id), sql`${reservePrices.id} < ${row!.id}`)).limit(1);
    await recordAudit(tx, actor, {
      action: earlier.length ? 'reset-reserve' : 'set-reserve', entity: 'transfer', entityId: id, centerId: round!.centerId,
      after: { reserveId: row!.id }, note: '底价及其决策文号保密，不记入日志',
    });
  });
}
