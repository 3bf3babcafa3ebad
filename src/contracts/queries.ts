// 出让合同 of a land deal and its 价款分期 schedule: recorded once, under a lock on the round, and kept.
import { and, asc, eq, sql } from 'drizzle-orm';
import { contractInstalments, landContracts, parcels, priceCollections, transfers, users } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import { calendarOverrides } from '../calendar/queries';
import type { Db, DbOrTx } from '../db';
import { todayShanghai } from '../lib/dates';
import { FieldProblem } from '../lib/forms';
import { formatYuan } from '../lib/money';
import { addWorkingDays, calendarWindow } from '../lib/working-days';
import { pgError } from '../funds/db-errors';
import { exceptedRules } from '../transfers/exceptions';
import { instalmentsOf, scheduleErrors, type CollectionInput, type ContractInput, type ReversalInput } from './forms';
import { collectorProblem } from './rules';
import { paymentsOf } from './standing';

export { paymentsOf, type PaymentRow } from './standing';

/** 国土资发〔2010〕34号: 土地出让成交后，必须在10个工作日内签订出让合同 (counted by the working-day calendar). */
export const CONTRACT_SIGNING_WORKING_DAYS = 10;

export class ContractErrors extends Error {
  constructor(readonly errors: Record<string, string>) { super(Object.values(errors)[0]); }
}

export async function contractOf(db: DbOrTx, transferId: number) {
  const [row] = await db.select({ contract: landContracts, by: users.displayName }).from(landContracts)
    .leftJoin(users, eq(users.id, landContracts.createdBy)).where(eq(landContracts.transferId, transferId));
  if (!row) return null;
  const instalments = await db.select().from(contractInstalments).where(eq(contractInstalments.contractId, row.contract.id)).orderBy(asc(contractInstalments.seq));
  return { ...row.contract, by: row.by, instalments };
}

/** The last day a deal's contract is signed on time. */
export async function signingDue(db: DbOrTx, dealDate: string) {
  const window = calendarWindow(dealDate, dealDate, CONTRACT_SIGNING_WORKING_DAYS);
  return addWorkingDays(dealDate, CONTRACT_SIGNING_WORKING_DAYS, await calendarOverrides(db, window.from, window.to));
}

/**
 * Records the contract of a 成交 of land: its price is the deal's, its 受让人 the 竞得人, signed on or
 * after the deal and within 10 working days of it (unless an admin set that rule aside for the round),
 * its schedule by src/contracts/rules.ts. Every problem is reported at once (ContractErrors).
 */
export async function createContract(db: Db, actor: Actor, transferId: number, v: Omit<ContractInput, 'instalments'>) {
  return uniqueGuarded(() => db.transaction(async (tx) => {
    const [round] = await tx.select().from(transfers).where(eq(transfers.id, transferId)).for('update');
    const [parcel] = await tx.select({ kind: parcels.kind }).from(parcels).where(eq(parcels.id, round!.parcelId));
    if (round!.result !== '成交') throw new FieldProblem('_form', `本场结果为“${round!.result}”，只有成交的出让才签订出让合同`);
    if (parcel!.kind !== '土地') throw new FieldProblem('_form', '矿业权出让合同及出让收益的缴纳尚未支持，此处只登记国有建设用地使用权出让合同');
    if ((await tx.select({ id: landContracts.id }).from(landContracts).where(eq(landContracts.transferId, transferId))).length) {
      throw new FieldProblem('_form', '本场已登记出让合同');
    }
    const errors: Record<string, string> = {};
    const price = round!.dealPrice!;
    if (v.signed_on < round!.dealDate!) errors.signed_on = `签订日期不能早于成交日期 ${round!.dealDate}`;
    else if (v.signed_on > todayShanghai()) errors.signed_on = '签订日期不能晚于今天';
    else {
      const due = await signingDue(tx, round!.dealDate!);
      if (v.signed_on > due && !(await exceptedRules(tx, 'transfer', transferId)).has('contract-signing')) {
        errors.signed_on = `出让合同应在成交后${CONTRACT_SIGNING_WORKING_DAYS}个工作日内签订（不晚于 ${due}，国土资发〔2010〕34号）；逾期签订须由管理员登记例外（文号和理由）`;
      }
    }
    if (v.grantee !== round!.winner) errors.grantee = `受让人应为本场竞得人“${round!.winner}”`;
    const earnest = v.earnest ?? 0n;
    if (earnest > price) errors.earnest = `定金不能超过出让价款 ${formatYuan(price)} 元`;
    Object.assign(errors, scheduleErrors(v, price), errors);
    const [dup] = await tx.select({ id: landContracts.id }).from(landContracts)
      .where(sql`${landContracts.centerId} = ${round!.centerId} and ${landContracts.contractNo} = ${v.contract_no}`);
    if (dup) errors.contract_no = `本中心已有合同编号 ${v.contract_no}`;
    if (Object.keys(errors).length) throw new ContractErrors(errors);

    const [contract] = await tx.insert(landContracts).values({
      centerId: round!.centerId, transferId, contractNo: v.contract_no, supervisionNo: v.supervision_no ?? null, signedOn: v.signed_on,
      grantor: v.grantor, grantee: v.grantee, area: v.area ?? null, landUse: v.land_use ?? null,
      plotRatioMin: v.plot_ratio_min ?? null, plotRatioMax: v.plot_ratio_max ?? null, price, earnest,
      deliveryOn: v.delivery_on ?? null, startBy: v.start_by ?? null, completeBy: v.complete_by ?? null,
      extensionDocNo: v.extension_doc_no ?? null, createdBy: actor.userId,
    }).returning();
    const instalments = await tx.insert(contractInstalments)
      .values(instalmentsOf(v).map((x, i) => ({ contractId: contract!.id, seq: i + 1, amount: x.amount, dueOn: x.dueOn }))).returning();
    await recordAudit(tx, actor, { action: 'create', entity: 'land-contract', entityId: contract!.id, centerId: round!.centerId, after: { ...contract, instalments } });
    return contract!;
  }), { contract: v.contract_no, voucher: '' });
}

/**
 * A unique number checked above can still be taken by a write on another round between the check
 * and the insert (the locks are per round); the database's refusal then reaches the field it is about.
 */
async function uniqueGuarded<T>(write: () => Promise<T>, no: { contract: string; voucher: string }): Promise<T> {
  try {
    return await write();
  } catch (e) {
    const pg = pgError(e);
    if (pg?.code === '23505' && pg.constraint_name === 'land_contracts_center_no') throw new ContractErrors({ contract_no: `本中心已有合同编号 ${no.contract}` });
    if (pg?.code === '23505' && pg.constraint_name === 'land_contracts_transfer') throw new FieldProblem('_form', '本场已登记出让合同');
    if (pg?.code === '23505' && pg.constraint_name === 'price_collections_voucher') throw new ContractErrors({ voucher_no: `凭证号 ${no.voucher} 已登记过` });
    if (pg?.code === '23505' && pg.constraint_name === 'price_collections_reverses_once') throw new FieldProblem('_form', '这笔缴款已冲销过');
    throw e;
  }
}

/**
 * Locks what a payment against a round's price is checked under, in the one order every writer takes
 * (the round FOR SHARE, then its contract FOR UPDATE; contracts are created under the round's FOR UPDATE),
 * and returns the price and what is paid of it: with a contract, its collections and the winner's deposit
 * turned into price; before one, the deposit turned into price against the deal's price. So neither a
 * collection nor a 转定金/抵作价款 can take the paid total past the price, however they interleave.
 */
export async function lockPriceOf(tx: DbOrTx, transferId: number) {
  const [round] = await tx.select({ result: transfers.result, dealPrice: transfers.dealPrice, dealDate: transfers.dealDate, winner: transfers.winner })
    .from(transfers).where(eq(transfers.id, transferId)).for('share');
  const [contract] = await tx.select().from(landContracts).where(eq(landContracts.transferId, transferId)).for('update');
  const payments = await paymentsOf(tx, { id: contract?.id ?? 0, transferId });
  const paid = payments.reduce((s, p) => s + p.amount, 0n);
  return { round: round!, contract: contract ?? null, price: contract?.price ?? round!.dealPrice, paid };
}

/**
 * Records a collection of a contract's price, under a lock on the contract: by the office that
 * collected on that day (财综〔2021〕19号), not before the deal nor after today, never beyond the price
 * with what was paid before (the deposit turned into price included).
 */
export async function addCollection(db: Db, actor: Actor, transferId: number, v: CollectionInput) {
  return uniqueGuarded(() => db.transaction(async (tx) => {
    const { round, contract, paid } = await lockPriceOf(tx, transferId);
    if (!contract) throw new FieldProblem('_form', '本场尚未登记出让合同');
    if (round.result !== '成交') throw new FieldProblem('_form', `本场成交已${round.result}，不能再登记缴款`);
    const errors: Record<string, string> = {};
    // Before the signing is allowed (the 确认书 may ask for money first, as the deposit turned into price is); before the deal is not.
    if (round.dealDate && v.collected_on < round.dealDate) errors.collected_on = `缴款日期不能早于成交日期 ${round.dealDate}`;
    if (v.collected_on > todayShanghai()) errors.collected_on = '缴款日期不能晚于今天';
    const who = collectorProblem(v.collector, v.collected_on);
    if (who) errors.collector = who;
    if (paid + v.amount > contract.price) {
      errors.amount = `已缴 ${formatYuan(paid)} 元，再缴 ${formatYuan(v.amount)} 元将超过出让价款 ${formatYuan(contract.price)} 元（尚欠 ${formatYuan(contract.price - paid)} 元）`;
    }
    const [dup] = await tx.select({ id: priceCollections.id }).from(priceCollections)
      .where(and(eq(priceCollections.centerId, contract.centerId), eq(priceCollections.collector, v.collector), eq(priceCollections.voucherNo, v.voucher_no)));
    if (dup) errors.voucher_no = `凭证号 ${v.voucher_no} 已登记过`;
    if (Object.keys(errors).length) throw new ContractErrors(errors);
    const [row] = await tx.insert(priceCollections).values({
      centerId: contract.centerId, contractId: contract.id, collector: v.collector, voucherNo: v.voucher_no, amount: v.amount,
      collectedOn: v.collected_on, pushedOn: v.pushed_on ?? null, createdBy: actor.userId,
    }).returning();
    await recordAudit(tx, actor, { action: 'create', entity: 'price-collection', entityId: row!.id, centerId: contract.centerId, after: row });
    return row!;
  }), { contract: '', voucher: v.voucher_no });
}

/**
 * Reverses a collection recorded by mistake (financial records are never changed or deleted): a row of
 * the negative amount naming it, once, dated on or after it and not after today, with the reason. Under
 * the price's locks, like a collection.
 */
export async function reverseCollection(db: Db, actor: Actor, transferId: number, collectionId: number, v: ReversalInput) {
  return uniqueGuarded(() => db.transaction(async (tx) => {
    const { contract } = await lockPriceOf(tx, transferId);
    if (!contract) throw new FieldProblem('_form', '本场尚未登记出让合同');
    const [original] = await tx.select().from(priceCollections)
      .where(and(eq(priceCollections.id, collectionId), eq(priceCollections.contractId, contract.id)));
    if (!original || original.reversesId !== null) throw new FieldProblem('_form', '没有这笔缴款，或它本身就是冲销记录');
    const [done] = await tx.select({ id: priceCollections.id }).from(priceCollections).where(eq(priceCollections.reversesId, original.id));
    if (done) throw new FieldProblem('_form', `缴款 ${original.voucherNo} 已冲销过`);
    if (v.reversed_on < original.collectedOn) throw new ContractErrors({ reversed_on: `冲销日期不能早于缴款日期 ${original.collectedOn}` });
    if (v.reversed_on > todayShanghai()) throw new ContractErrors({ reversed_on: '冲销日期不能晚于今天' });
    const [row] = await tx.insert(priceCollections).values({
      centerId: contract.centerId, contractId: contract.id, collector: original.collector, voucherNo: `${original.voucherNo}（冲销）`,
      amount: -original.amount, collectedOn: v.reversed_on, pushedOn: original.pushedOn, reversesId: original.id, reason: v.reason, createdBy: actor.userId,
    }).returning();
    await recordAudit(tx, actor, { action: 'reverse', entity: 'price-collection', entityId: original.id, centerId: contract.centerId, before: original, after: row });
    return row!;
  }), { contract: '', voucher: '' });
}
