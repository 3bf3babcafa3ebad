// Payments (支付) and their approval chain. Every state change is one transaction that locks the
// payment row, re-checks who may do it on fresh data, moves the status only from the status it
// read (UPDATE … WHERE status = expected), and writes its payment_steps row and its audit event.
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { HTTPException } from 'hono/http-exception';
import {
  agencies, announcements, parcels, paymentSteps, payments, projects, transfers, users,
  type Duty, type PaymentStatus,
} from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import type { Db, DbOrTx, Tx } from '../db';
import { feeProblem, lockFeeRounds, transferFees, type TransferFee } from '../fees/queries';
import { feePayable } from '../fees/rules';
import { todayShanghai } from '../lib/dates';
import { FieldProblem } from '../lib/forms';
import { formatYuan } from '../lib/money';
import { likePattern } from '../lib/query';
import { closedYearMessage, guarded, KEPT_MESSAGE } from './db-errors';
import type { DisbursementInput, NewPaymentInput, PaymentInput, ReversalInput } from './forms';
import { committedAmount, isYearClosed, lockProject, lockYear, totalBudget } from './queries';
import { disposedAmount } from './balances';
import {
  approvalRefusal, approvalSteps, fitsBudget, isDrafter, isWithDrafter, paidBeforeYearMessage, paidOnYear, returnRefusal, stepOf, yearOf,
  type Signature,
} from './rules';

export const PAGE_SIZE = 50;

/** The duties the user holds now (read fresh: an admin may have changed them since sign-in). */
export async function dutiesOf(db: DbOrTx, userId: number): Promise<Duty[]> {
  const [row] = await db.select({ duties: users.duties }).from(users).where(eq(users.id, userId));
  return (row?.duties ?? []) as Duty[];
}

export interface PaymentFilter {
  status?: PaymentStatus; category?: string; project?: number; q?: string;
  /** 待我审批: what waits for a duty of this user (and that they may sign), across their centers. */
  todo?: { userId: number; duties: Duty[] };
  page: number;
}

export interface PaymentRow extends Record<string, unknown> {
  id: number; project_id: number; project_name: string; project_year: number; category: string; payee: string;
  amount: string; status: PaymentStatus; paid_on: string | null; voucher_no: string | null; reverses_id: number | null;
  summary: string | null; drafter: string | null; total: number;
}

/** One statement: a page of payments (of the current center, or for 待我审批 of every center in scope). */
export async function listPayments(db: DbOrTx, centerIds: readonly number[], f: PaymentFilter) {
  const where: SQL[] = [sql`x.center_id in (${sql.join(centerIds.map((id) => sql`${id}`), sql`, `)})`];
  if (f.status) where.push(sql`x.status = ${f.status}`);
  if (f.category) where.push(sql`x.category = ${f.category}`);
  if (f.project) where.push(sql`x.project_id = ${f.project}`);
  if (f.q) {
    const like = likePattern(f.q);
    where.push(sql`(x.payee ilike ${like} or coalesce(x.summary, '') ilike ${like} or coalesce(x.voucher_no, '') ilike ${like} or p.name ilike ${like})`);
  }
  if (f.todo) {
    const waiting = Object.entries(approvalSteps).filter(([, s]) => f.todo!.duties.includes(s!.duty)).map(([status]) => status);
    if (waiting.length === 0) return { rows: [] as PaymentRow[], total: 0 };
    const dutyOfStatus = sql.join(Object.entries(approvalSteps).map(([status, s]) => sql`when ${status} then ${s!.duty}`), sql` `);
    where.push(sql`x.status in (${sql.join(waiting.map((s) => sql`${s}`), sql`, `)})`);
    // The same rule as approvalRefusal: not their own draft, and no other step of it signed by them.
    where.push(sql`x.created_by is distinct from ${f.todo.userId}`);
    where.push(sql`not exists (select 1 from payment_steps s where s.payment_id = x.id and s.user_id = ${f.todo.userId}
      and s.duty is not null and s.to_status <> '已退回' and s.duty <> (case x.status ${dutyOfStatus} end))`);
  }
  const rows = await db.execute<PaymentRow>(sql`
    select x.id, x.project_id, p.name as project_name, p.year as project_year, x.category, x.payee, x.amount::text as amount,
           x.status, x.paid_on::text as paid_on, x.voucher_no, x.reverses_id, x.summary, u.display_name as drafter,
           count(*) over ()::int as total
    from payments x
      join projects p on p.id = x.project_id
      left join users u on u.id = x.created_by
    where ${and(...where)}
    order by x.id desc
    limit ${PAGE_SIZE} offset ${(f.page - 1) * PAGE_SIZE}`);
  return { rows: [...rows], total: rows[0]?.total ?? 0 };
}

export async function findPayment(db: DbOrTx, id: number) {
  const [row] = await db.select({
    payment: payments,
    projectName: projects.name, projectYear: projects.year,
    drafter: users.displayName,
    agencyName: agencies.name,
    announcementLabel: sql<string | null>`(select a.code || ' ' || a.title from announcements a where a.id = payments.announcement_id)`,
    transferLabel: sql<string | null>`(select pc.code || ' ' || pc.name || ' 第' || t.round || '场（' || t.result || '）' from transfers t join parcels pc on pc.id = t.parcel_id where t.id = payments.transfer_id)`,
    reversedBy: sql<number | null>`(select r.id from payments r where r.reverses_id = payments.id)`,
    closed: sql<boolean>`exists (select 1 from closed_years c where c.center_id = projects.center_id and c.year = projects.year)`,
  }).from(payments)
    .innerJoin(projects, eq(projects.id, payments.projectId))
    .leftJoin(users, eq(users.id, payments.createdBy))
    .leftJoin(agencies, eq(agencies.id, payments.agencyId))
    .where(eq(payments.id, id));
  return row ?? null;
}
export type PaymentDetail = NonNullable<Awaited<ReturnType<typeof findPayment>>>;

/** The signatures of a payment, oldest first, with the signer's name. */
export async function stepsOf(db: DbOrTx, paymentId: number) {
  return db.select({
    id: paymentSteps.id, fromStatus: paymentSteps.fromStatus, toStatus: paymentSteps.toStatus, duty: paymentSteps.duty,
    userId: paymentSteps.userId, reason: paymentSteps.reason, at: paymentSteps.at, signer: users.displayName,
  }).from(paymentSteps).leftJoin(users, eq(users.id, paymentSteps.userId))
    .where(eq(paymentSteps.paymentId, paymentId)).orderBy(asc(paymentSteps.id));
}
export type Step = Awaited<ReturnType<typeof stepsOf>>[number];

/**
 * The selects of the payment form: the center's open projects, the transfers a payment may point
 * at (see `linkable`) with the fee each is due, and the center's announcements.
 */
export async function paymentChoices(db: Db, centerId: number) {
  const [projectList, transferRows, fees, announcementList] = await Promise.all([
    // Projects of closed years too: what is still owed for them is paid later, as a 跨年支付.
    db.select({
      id: projects.id, name: projects.name, year: projects.year,
      closed: sql<boolean>`exists (select 1 from closed_years c where c.center_id = projects.center_id and c.year = projects.year)`,
    }).from(projects).where(eq(projects.centerId, centerId)).orderBy(desc(projects.year), asc(projects.name)),
    db.select({
      id: transfers.id, code: parcels.code, name: parcels.name, round: transfers.round, result: transfers.result,
      dealDate: transfers.dealDate, auctionDate: transfers.auctionDate, agencyName: agencies.name,
    }).from(transfers).innerJoin(parcels, eq(parcels.id, transfers.parcelId)).leftJoin(agencies, eq(agencies.id, transfers.agencyId))
      .where(and(eq(transfers.centerId, centerId), inArray(transfers.result, ['成交', '流拍'])))
      .orderBy(sql`coalesce(${transfers.dealDate}, ${transfers.auctionDate}) desc nulls last`, asc(parcels.code), asc(transfers.round)),
    // The fees as the statement computes them (feeDue under each agency's agreement), in one statement.
    transferFees(db, { centerIds: [centerId] }),
    db.select({ id: announcements.id, code: announcements.code, title: announcements.title, publishedOn: announcements.publishedOn })
      .from(announcements).where(eq(announcements.centerId, centerId)).orderBy(desc(announcements.publishedOn)),
  ]);
  const feeOf = new Map(fees.map((f) => [f.transferId, f]));
  const transferList = transferRows
    .map((t) => {
      const fee = feeOf.get(t.id);
      return { ...t, due: fee && fee.agreementId !== null ? fee.due : null, linkable: linkable(t, fee) };
    })
    .filter((t) => t.linkable);
  return { projects: projectList, transfers: transferList, announcements: announcementList };
}
export type PaymentChoices = Awaited<ReturnType<typeof paymentChoices>>;

/**
 * A payment may point at a transfer of its center for which an agency fee may be paid (`feePayable`
 * of src/fees, on the fee `transferFees` computes with `feeDue`): every 成交, and a 流拍 round only
 * where its agency's agreement for the year gives it a fee (流拍计费 是). A transfer without an
 * agency has no fee row and so no fee due: only a 成交 one is linkable (for other categories).
 */
function linkable(t: { result: string }, fee: TransferFee | undefined): boolean {
  return feePayable(fee ?? { result: t.result, due: 0n });
}

/** Why a transfer of the center may not be linked: the message beside the select. */
function unlinkableMessage(t: { round: number; result: string; agencyName: string | null }, fee: TransferFee | undefined): string {
  const round = `第${t.round}场`;
  if (t.result !== '流拍') return `该出让活动（${round}）结果为“${t.result}”，只能选择已成交的场次，或按收费协议应计劳务费的流拍场次`;
  if (!fee) return `该场次（${round}）流拍且没有登记拍卖机构，没有应付的劳务费`;
  const year = fee.date?.slice(0, 4) ?? '';
  if (fee.agreementId === null) return `该场次（${round}）流拍，拍卖机构${t.agencyName ?? ''}没有${year}年度的收费协议，无法确定流拍是否计费：请先录入收费协议`;
  return `该场次（${round}）流拍，按拍卖机构${t.agencyName ?? ''}${year}年度的收费协议不计劳务费（流拍计费为“否”或不按宗固定计费）`;
}

/**
 * The links of a payment, checked against the project's center: what it pays for, and (for an
 * agency fee) whom, and that the fee is not paid beyond what is due (feeGuard, against what
 * the transfer's other fee payments hold; `paymentId`: the payment being edited, left out). This
 * check at drafting takes no lock: it tells the 经办人 early; the final approval is the guard.
 */
async function resolveLinks(tx: Tx, centerId: number, v: PaymentInput, paymentId?: number) {
  let agencyId: number | null = null;
  let payee = v.payee ?? null;
  if (v.transfer_id !== undefined) {
    const [t] = await tx.select({ id: transfers.id, round: transfers.round, result: transfers.result, agencyId: transfers.agencyId, agencyName: agencies.name })
      .from(transfers).leftJoin(agencies, eq(agencies.id, transfers.agencyId))
      .where(and(eq(transfers.id, v.transfer_id), eq(transfers.centerId, centerId)));
    if (!t) throw new FieldProblem('transfer_id', '请选择本中心的出让活动');
    const [fee] = t.agencyId === null ? [] : await transferFees(tx, { centerIds: [centerId], transferId: t.id });
    if (!linkable(t, fee)) throw new FieldProblem('transfer_id', unlinkableMessage(t, fee));
    if (v.category === '拍卖机构劳务费') {
      if (t.agencyId === null) throw new FieldProblem('transfer_id', '该出让活动没有登记拍卖机构，无法支付劳务费');
      // The fee is owed to the agency that ran the auction: it is the payee unless another name is typed.
      agencyId = t.agencyId;
      payee ??= t.agencyName;
      const over = await feeProblem(tx, { centerId, transferId: t.id, allRounds: v.all_rounds, amount: v.amount, except: paymentId });
      if (over) throw new FieldProblem('amount', over);
    }
  }
  if (v.announcement_id !== undefined) {
    const [a] = await tx.select({ id: announcements.id }).from(announcements)
      .where(and(eq(announcements.id, v.announcement_id), eq(announcements.centerId, centerId)));
    if (!a) throw new FieldProblem('announcement_id', '请选择本中心的出让公告');
  }
  return { agencyId, payee: payee ?? '' };
}

const paymentColumns = (v: PaymentInput) => ({
  category: v.category, amount: v.amount, transferId: v.transfer_id ?? null,
  allRounds: v.category === '拍卖机构劳务费' && v.transfer_id !== undefined && v.all_rounds, announcementId: v.announcement_id ?? null,
  summary: v.summary ?? null, attachment: v.attachment ?? null,
});

/** 经办人 drafts a payment (草稿). */
export async function createPayment(db: Db, actor: Actor, v: NewPaymentInput) {
  return guarded(() => db.transaction(async (tx) => {
    const [project] = await tx.select({ id: projects.id, centerId: projects.centerId, year: projects.year }).from(projects).where(eq(projects.id, v.project_id));
    if (!project) throw new FieldProblem('project_id', '请选择项目');
    // A project whose year is closed still takes payments: a 跨年支付, which can only be paid in an
    // open year after it (paidOnProblem) and so changes nothing of the closed year.
    const links = await resolveLinks(tx, project.centerId, v);
    const [row] = await tx.insert(payments).values({
      centerId: project.centerId, projectId: project.id, ...paymentColumns(v), ...links, status: '草稿', createdBy: actor.userId,
    }).returning();
    await tx.insert(paymentSteps).values({ paymentId: row!.id, fromStatus: '新建', toStatus: '草稿', userId: actor.userId });
    await recordAudit(tx, actor, { action: 'create', entity: 'payment', entityId: row!.id, centerId: row!.centerId, after: row });
    return row!;
  }));
}

/** The payment row, locked for the rest of the transaction: concurrent state changes of one payment queue here. */
async function lockPayment(tx: Tx, id: number) {
  const [p] = await tx.select().from(payments).where(eq(payments.id, id)).for('update');
  if (!p) throw new HTTPException(404, { message: '支付记录不存在' });
  return p;
}
type PaymentRecord = Awaited<ReturnType<typeof lockPayment>>;

/** The answer for a state change the payment's current status does not allow. */
function wrongStatus(p: PaymentRecord, what: string): HTTPException {
  if (p.status === '已支付') return new HTTPException(409, { message: `已支付的支付不能${what}；${KEPT_MESSAGE}` });
  return new HTTPException(409, { message: `该支付当前状态为“${p.status}”，不能${what}（可能已被他人处理，请刷新页面）` });
}

/**
 * Moves the payment from the status it was read in to `to`, and records the signature and the audit
 * event with it. The WHERE on the old status makes a second, concurrent move of the same step
 * find no row instead of moving it twice.
 */
async function move(tx: Tx, actor: Actor, p: PaymentRecord, to: PaymentStatus, action: string,
  extra: { duty?: Duty | null; reason?: string | null; set?: { paidOn?: string; voucherNo?: string } } = {}) {
  const [after] = await tx.update(payments).set({ status: to, ...extra.set, updatedAt: sql`now()` })
    .where(and(eq(payments.id, p.id), eq(payments.status, p.status))).returning();
  if (!after) throw new HTTPException(409, { message: '该支付已被他人处理，请刷新页面后重试' });
  await tx.insert(paymentSteps).values({ paymentId: p.id, fromStatus: p.status, toStatus: to, duty: extra.duty ?? null, userId: actor.userId, reason: extra.reason ?? null });
  await recordAudit(tx, actor, {
    action, entity: 'payment', entityId: p.id, centerId: p.centerId,
    before: { status: p.status }, after: { status: to, ...extra.set }, note: extra.reason ?? undefined,
  });
  return after;
}

/** Saves the 经办人's changes to a draft or a payment sent back. */
export async function updatePayment(db: Db, actor: Actor, userId: number, id: number, v: PaymentInput) {
  return guarded(() => db.transaction(async (tx) => {
    const before = await lockPayment(tx, id);
    if (!isWithDrafter(before.status)) throw wrongStatus(before, '修改');
    if (!isDrafter(before, userId)) throw new HTTPException(403, { message: '只有经办人本人可以修改' });
    const links = await resolveLinks(tx, before.centerId, v, id);
    const [after] = await tx.update(payments).set({ ...paymentColumns(v), ...links, updatedAt: sql`now()` })
      .where(and(eq(payments.id, id), inArray(payments.status, ['草稿', '已退回']))).returning();
    if (!after) throw wrongStatus(before, '修改');
    await recordAudit(tx, actor, { action: 'update', entity: 'payment', entityId: id, centerId: before.centerId, before, after });
    return after;
  }));
}

/** 经办人签字: the draft (or the payment sent back) goes to the first approver. */
export async function submitPayment(db: Db, actor: Actor, userId: number, id: number) {
  return guarded(() => db.transaction(async (tx) => {
    const p = await lockPayment(tx, id);
    if (!isWithDrafter(p.status)) throw wrongStatus(p, '提交审批');
    if (!isDrafter(p, userId)) throw new HTTPException(403, { message: '只有经办人本人可以提交审批' });
    return move(tx, actor, p, '待科室负责人审核', 'submit');
  }));
}

/**
 * One approval: the signer must hold the duty of the current step. The last one (财务分管领导 →
 * 待支付) reserves the money, and is where the budget is guarded: the project row is locked
 * FIRST, then the total and what is committed are summed in statements of their own, so under
 * READ COMMITTED every approval sees the ones that went before it, however many arrive at once.
 * An agency fee is guarded the same way against the fee due (feeGuard: its round's, and that of all
 * the rounds of its parcel its agency ran): those transfer rows are locked after the project and
 * the payment (lockFeeRounds), then summed.
 */
export async function approvePayment(db: Db, actor: Actor, userId: number, id: number) {
  return guarded(() => db.transaction(async (tx) => {
    // Lock order: project, then payment — the same in every transaction that takes both.
    const [ref] = await tx.select({ projectId: payments.projectId }).from(payments).where(eq(payments.id, id));
    if (!ref) throw new HTTPException(404, { message: '支付记录不存在' });
    await lockProject(tx, ref.projectId);
    const p = await lockPayment(tx, id);
    const signatures: Signature[] = await tx.select({ userId: paymentSteps.userId, duty: paymentSteps.duty, toStatus: paymentSteps.toStatus })
      .from(paymentSteps).where(eq(paymentSteps.paymentId, id));
    const refusal = approvalRefusal(p, { id: userId, duties: await dutiesOf(tx, userId) }, signatures);
    if (refusal) throw new HTTPException(refusal.status, { message: refusal.message });
    const step = stepOf(p.status)!;
    if (step.next === '待支付') {
      const total = await totalBudget(tx, p.projectId);
      const committed = await committedAmount(tx, p.projectId);
      // A closed year's balance once 结转 or 收回 is no longer there for its 跨年支付.
      const disposed = await disposedAmount(tx, p.projectId);
      if (!fitsBudget(committed + disposed, p.amount, total)) {
        const left = total - committed - disposed;
        throw new HTTPException(409, {
          message: `超出项目预算，不能批准：全年预算 ${formatYuan(total)} 元，已占用 ${formatYuan(committed)} 元（已支付与待支付），`
            + (disposed === 0n ? '' : `结余已结转或收回 ${formatYuan(disposed)} 元，`)
            + `尚可安排 ${formatYuan(left > 0n ? left : 0n)} 元，本笔 ${formatYuan(p.amount)} 元`,
        });
      }
      if (p.category === '拍卖机构劳务费' && p.transferId !== null) {
        const rounds = (await lockFeeRounds(tx, [p.transferId])).get(p.transferId);
        const over = await feeProblem(tx, { centerId: p.centerId, transferId: p.transferId, allRounds: p.allRounds, amount: p.amount, except: p.id, rounds });
        if (over) throw new HTTPException(409, { message: over });
      }
    }
    return move(tx, actor, p, step.next, 'approve', { duty: step.duty });
  }));
}

/** Sends the payment back to its 经办人 (已退回), with the reason, by whoever holds the current step's duty. */
export async function returnPayment(db: Db, actor: Actor, userId: number, id: number, reason: string) {
  return guarded(() => db.transaction(async (tx) => {
    const p = await lockPayment(tx, id);
    const refusal = p.status === '已支付' ? { status: 409 as const, message: `已支付的支付不能退回；${KEPT_MESSAGE}` }
      : returnRefusal(p, { duties: await dutiesOf(tx, userId) });
    if (refusal) throw new HTTPException(refusal.status, { message: refusal.message });
    return move(tx, actor, p, '已退回', 'return', { duty: stepOf(p.status)!.duty, reason });
  }));
}

/** The 经办人 withdraws a draft or a payment sent back (已撤销): nothing is ever deleted. */
export async function withdrawPayment(db: Db, actor: Actor, userId: number, id: number) {
  return guarded(() => db.transaction(async (tx) => {
    const p = await lockPayment(tx, id);
    if (!isWithDrafter(p.status)) throw wrongStatus(p, '撤销');
    if (!isDrafter(p, userId)) throw new HTTPException(403, { message: '只有经办人本人可以撤销' });
    return move(tx, actor, p, '已撤销', 'withdraw');
  }));
}

/**
 * The date a payment (or its reversal) is paid on: not before the project's year, not in the future,
 * not in a closed year. After the project's year it is a 跨年支付 (paidOnYear): recorded, and counted
 * in no year's 执行数. The year paid in is checked under its shared year lock, so a close of that year
 * racing the payment comes either before it (and refuses it) or after it.
 */
async function paidOnProblem(tx: Tx, centerId: number, projectYear: number, paidOn: string, notBefore?: string | null) {
  if (paidOnYear(paidOn, projectYear) === 'before') throw new FieldProblem('paid_on', paidBeforeYearMessage(projectYear));
  if (paidOn > todayShanghai()) throw new FieldProblem('paid_on', '支付日期不能晚于今天');
  if (notBefore && paidOn < notBefore) throw new FieldProblem('paid_on', `冲销日期不能早于原支付日期 ${notBefore}`);
  await lockYear(tx, yearOf(paidOn), 'shared');
  if (await isYearClosed(tx, centerId, yearOf(paidOn))) throw new FieldProblem('paid_on', closedYearMessage(yearOf(paidOn)));
}

async function assertVoucherFree(tx: Tx, centerId: number, voucherNo: string) {
  const [clash] = await tx.select({ id: payments.id }).from(payments).where(and(eq(payments.centerId, centerId), eq(payments.voucherNo, voucherNo)));
  if (clash) throw new FieldProblem('voucher_no', `本中心已有该凭证号（支付 #${clash.id}）`);
}

/** 支付: a payment approved and reserved (待支付) is paid, with its date and 凭证号. From here on it is frozen. */
export async function disbursePayment(db: Db, actor: Actor, id: number, v: DisbursementInput) {
  return guarded(() => db.transaction(async (tx) => {
    const p = await lockPayment(tx, id);
    if (p.status !== '待支付') throw wrongStatus(p, '再次支付');
    const [project] = await tx.select({ year: projects.year }).from(projects).where(eq(projects.id, p.projectId));
    await paidOnProblem(tx, p.centerId, project!.year, v.paid_on);
    await assertVoucherFree(tx, p.centerId, v.voucher_no);
    return move(tx, actor, p, '已支付', 'disburse', { set: { paidOn: v.paid_on, voucherNo: v.voucher_no } });
  }));
}

/**
 * 冲销: a paid payment is corrected by a new payment of the negative amount that points at it,
 * paid at once, so it nets out wherever payments are summed. A payment is reversed at most once
 * (the unique reverses_id holds it if two reversals race).
 */
export async function reversePayment(db: Db, actor: Actor, id: number, v: ReversalInput) {
  return guarded(() => db.transaction(async (tx) => {
    // Lock order: project, then payment, as in approvePayment. The 冲销's insert takes the project
    // row (its foreign key's KEY SHARE); holding the original payment while waiting for it would
    // deadlock with an approval of that payment that holds the project and waits for the payment.
    const [ref] = await tx.select({ projectId: payments.projectId }).from(payments).where(eq(payments.id, id));
    if (!ref) throw new HTTPException(404, { message: '支付记录不存在' });
    await lockProject(tx, ref.projectId);
    const original = await lockPayment(tx, id);
    if (original.status !== '已支付') throw new HTTPException(409, { message: `只能冲销已支付的支付（当前状态为“${original.status}”）` });
    if (original.reversesId !== null) throw new HTTPException(409, { message: '冲销记录本身不能再冲销' });
    const [already] = await tx.select({ id: payments.id }).from(payments).where(eq(payments.reversesId, id));
    if (already) throw new HTTPException(409, { message: `该支付已冲销过（冲销记录 #${already.id}），不能重复冲销` });
    if (v.amount > original.amount) throw new FieldProblem('amount', `冲销金额不能超过原支付金额 ${formatYuan(original.amount)} 元`);
    const [project] = await tx.select({ year: projects.year }).from(projects).where(eq(projects.id, original.projectId));
    await paidOnProblem(tx, original.centerId, project!.year, v.paid_on, original.paidOn);
    await assertVoucherFree(tx, original.centerId, v.voucher_no);
    const [row] = await tx.insert(payments).values({
      centerId: original.centerId, projectId: original.projectId, category: original.category, payee: original.payee,
      amount: -v.amount, transferId: original.transferId, allRounds: original.allRounds, announcementId: original.announcementId, agencyId: original.agencyId,
      summary: `冲销支付 #${original.id}：${v.reason}`, status: '已支付', paidOn: v.paid_on, voucherNo: v.voucher_no,
      reversesId: original.id, createdBy: actor.userId,
    }).returning();
    await tx.insert(paymentSteps).values({ paymentId: row!.id, fromStatus: '冲销', toStatus: '已支付', userId: actor.userId, reason: v.reason });
    await recordAudit(tx, actor, { action: 'reverse', entity: 'payment', entityId: row!.id, centerId: row!.centerId, after: row, note: `冲销支付 #${original.id}：${v.reason}` });
    return row!;
  }));
}
