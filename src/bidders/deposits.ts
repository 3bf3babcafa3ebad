// 竞买保证金: receipts from the bank statement and what became of them (退还, 转定金, 抵作价款, 没收).
// Every write takes the application's row lock first and sums in later statements, so two dispositions
// of the same money cannot both pass (a sum in the locking statement would read the old snapshot).
import { and, eq, sql } from 'drizzle-orm';
import { bidApplications, depositDispositions, depositReceipts, parcels, transfers } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import type { Db, DbOrTx } from '../db';
import { todayShanghai } from '../lib/dates';
import { FieldProblem } from '../lib/forms';
import { formatYuan } from '../lib/money';
import { lockPriceOf, paymentsOf } from '../contracts/queries';
import type { DispositionInput, ReceiptInput } from './forms';

async function lockApplication(tx: DbOrTx, transferId: number, applicationId: number) {
  // The round first, as every writer of a round's applications takes it (a review holds it FOR UPDATE
  // and then locks the application; the insert below would otherwise take the round's key lock after).
  await tx.execute(sql`select id from transfers where id = ${transferId} for key share`);
  const [app] = await tx.select().from(bidApplications)
    .where(and(eq(bidApplications.id, applicationId), eq(bidApplications.transferId, transferId))).for('update');
  if (!app) throw new FieldProblem('application', '所选报名不属于本场出让活动');
  // In the order a 联合竞买's 竞得人 is written (qualifiedBidders): the larger share first.
  const members = [...await tx.execute<{ name: string }>(sql`
    select b.name from bid_application_members m join bidders b on b.id = m.bidder_id where m.application_id = ${applicationId} order by m.share desc, b.id`)];
  return { app, names: members.map((m) => m.name) };
}

/**
 * Receipts (arrived by `asOf`) minus every disposition of one application's deposit from one payer
 * account (分): what may still be disposed of on that day, so no day of the 在途余额表 goes below zero.
 */
async function balanceOf(tx: DbOrTx, applicationId: number, account: string, asOf: string) {
  const [row] = await tx.execute<{ received: string; disposed: string; first: string | null }>(sql`
    select (select coalesce(sum(amount), 0) from deposit_receipts where application_id = ${applicationId} and payer_account = ${account}
              and received_at::date <= ${asOf}::date)::text as received,
           (select coalesce(sum(amount), 0) from deposit_dispositions where application_id = ${applicationId} and payer_account = ${account})::text as disposed,
           (select min(received_at)::date::text from deposit_receipts where application_id = ${applicationId} and payer_account = ${account}) as first`);
  return { received: BigInt(row!.received), balance: BigInt(row!.received) - BigInt(row!.disposed), first: row!.first };
}

/**
 * Records a receipt. The payer must be the bidder (or one of a 联合竞买's bidders): 保证金 paid from a
 * third party's account is refused, as the 出让文件 require (the issue's rule; we found no article to cite).
 */
export async function addReceipt(db: Db, actor: Actor, transferId: number, v: ReceiptInput) {
  return db.transaction(async (tx) => {
    const { app, names } = await lockApplication(tx, transferId, v.application);
    if (!names.includes(v.payer_name)) {
      throw new FieldProblem('payer_name', `缴款人“${v.payer_name}”不是该报名的竞买人（${names.join('、')}）；保证金须由竞买人本人账户缴纳`);
    }
    if (v.received_on > todayShanghai()) throw new FieldProblem('received_on', '到账日期不能晚于今天');
    const [row] = await tx.insert(depositReceipts).values({
      centerId: app.centerId, transferId, applicationId: app.id, bankSerial: v.bank_serial, payerName: v.payer_name, payerAccount: v.payer_account,
      payerBank: v.payer_bank ?? null, amount: v.amount, receivedAt: sql`${`${v.received_on} ${v.received_time ?? '00:00'}`}::timestamp`, createdBy: actor.userId,
    }).onConflictDoNothing().returning();
    if (!row) throw new FieldProblem('bank_serial', `银行流水号 ${v.bank_serial} 已登记过，同一笔到账不能登记两次`);
    await recordAudit(tx, actor, { action: 'create', entity: 'deposit-receipt', entityId: row.id, centerId: app.centerId, after: row });
    return row;
  });
}

/**
 * Records what became of (part of) a deposit. Rules:
 * - never more than is left of what came from that account (receipts − dispositions ≥ 0, per account);
 * - 退还 goes back to the account it came from (the disposition names that account);
 * - 转定金/抵作价款 only for the 竞得人 of a 成交: 国土资源部令第39号 lets the winner's 保证金 count
 *   toward the price, everybody else's is refunded (article number not confirmed in our corpus);
 * - 没收 only with the decision's 文号 (the form requires it).
 */
export async function addDisposition(db: Db, actor: Actor, transferId: number, v: DispositionInput) {
  return db.transaction(async (tx) => {
    const converts = v.kind === '转定金' || v.kind === '抵作价款';
    // Deposit turned into price is a payment of the price: it takes the price's locks first (lockPriceOf's order).
    const priced = converts ? await lockPriceOf(tx, transferId) : null;
    const { app, names } = await lockApplication(tx, transferId, v.application);
    if (v.disposed_on > todayShanghai()) throw new FieldProblem('disposed_on', '处置日期不能晚于今天');
    const { received, balance, first } = await balanceOf(tx, app.id, v.payer_account, v.disposed_on);
    if (!first) throw new FieldProblem('payer_account', `该报名没有从账户 ${v.payer_account} 到账的保证金；退还须退回原缴款账户`);
    if (received === 0n || v.disposed_on < first) throw new FieldProblem('disposed_on', `处置日期早于保证金到账日期 ${first}`);
    if (v.amount > balance) {
      throw new FieldProblem('amount', `处置金额 ${formatYuan(v.amount)} 元超过该账户截至 ${v.disposed_on} 的保证金余额 ${formatYuan(balance)} 元`);
    }
    if (priced) {
      // What was paid, read again now the application is ours: a conversion that held it before us is in.
      priced.paid = (await paymentsOf(tx, { id: priced.contract?.id ?? 0, transferId })).reduce((a, p) => a + p.amount, 0n);
      const won = priced.round.result === '成交' && priced.round.winner === names.join('、');
      if (!won) throw new FieldProblem('kind', '只有成交后竞得人的保证金可以转定金或抵作价款，其他竞买人的保证金应予退还');
      if (priced.price !== null && priced.paid + v.amount > priced.price) {
        throw new FieldProblem('amount', `已缴 ${formatYuan(priced.paid)} 元，再转作价款 ${formatYuan(v.amount)} 元将超过出让价款 ${formatYuan(priced.price)} 元（尚欠 ${formatYuan(priced.price - priced.paid)} 元）；多余的保证金应予退还`);
      }
    }
    const [row] = await tx.insert(depositDispositions).values({
      centerId: app.centerId, transferId, applicationId: app.id, payerAccount: v.payer_account, kind: v.kind, amount: v.amount,
      disposedOn: v.disposed_on, bankSerial: v.bank_serial ?? null, documentNo: v.document_no ?? null, note: v.note ?? null, createdBy: actor.userId,
    }).returning();
    await recordAudit(tx, actor, { action: 'create', entity: 'deposit-disposition', entityId: row!.id, centerId: app.centerId, after: row });
    return row!;
  });
}

/**
 * Whether the full 保证金 of the round's parcel arrived for an application by its deadline (the round's
 * 报名截止日期; without one, today): 资格审查 may pass only then. Called inside the review's transaction
 * after the application's lock.
 */
export async function depositShortfall(tx: DbOrTx, transferId: number, applicationId: number) {
  const [row] = await tx.select({ due: parcels.deposit, deadline: transfers.registrationDeadline })
    .from(transfers).innerJoin(parcels, eq(parcels.id, transfers.parcelId)).where(eq(transfers.id, transferId));
  const due = row?.due ?? 0n;
  if (due === 0n) return null;
  const deadline = row!.deadline ?? todayShanghai();
  const [sum] = await tx.execute<{ arrived: string }>(sql`
    select coalesce(sum(amount), 0)::text as arrived from deposit_receipts where application_id = ${applicationId} and received_at::date <= ${deadline}::date`);
  const arrived = BigInt(sum!.arrived);
  return arrived >= due ? null : { due, arrived, deadline };
}

export interface DepositLine extends Record<string, unknown> {
  id: number; application_id: number; paddle_no: number | null; bidders: string; payer_name: string | null; payer_account: string;
  kind: string; amount: string; on_date: string; bank_serial: string | null; document_no: string | null; note: string | null;
}

/** A round's deposit records, receipts then dispositions, in time order. */
export async function depositLinesOf(db: DbOrTx, transferId: number) {
  return [...await db.execute<DepositLine>(sql`
    with names as (
      select m.application_id, string_agg(b.name, '、' order by m.share desc, b.id) as bidders
      from bid_application_members m join bidders b on b.id = m.bidder_id where m.transfer_id = ${transferId} group by m.application_id)
    select r.id, r.application_id, a.paddle_no, n.bidders, r.payer_name, r.payer_account, '到账' as kind, r.amount::text,
           to_char(r.received_at, 'YYYY-MM-DD HH24:MI') as on_date, r.bank_serial, null as document_no, r.payer_bank as note
    from deposit_receipts r join bid_applications a on a.id = r.application_id join names n on n.application_id = r.application_id
    where r.transfer_id = ${transferId}
    union all
    select d.id, d.application_id, a.paddle_no, n.bidders, null, d.payer_account, d.kind, d.amount::text,
           d.disposed_on::text, d.bank_serial, d.document_no, d.note
    from deposit_dispositions d join bid_applications a on a.id = d.application_id join names n on n.application_id = d.application_id
    where d.transfer_id = ${transferId}
    order by on_date, kind, id`)];
}

/** Per application: what arrived, what was disposed of, what is left (分, as text). */
export async function depositTotalsOf(db: DbOrTx, transferId: number) {
  const rows = await db.execute<{ application_id: number; received: string; disposed: string }>(sql`
    select a.id as application_id,
           (select coalesce(sum(amount), 0) from deposit_receipts r where r.application_id = a.id)::text as received,
           (select coalesce(sum(amount), 0) from deposit_dispositions d where d.application_id = a.id)::text as disposed
    from bid_applications a where a.transfer_id = ${transferId}`);
  return new Map([...rows].map((r) => [r.application_id, { received: BigInt(r.received), disposed: BigInt(r.disposed) }]));
}
