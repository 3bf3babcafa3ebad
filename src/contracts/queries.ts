// 出让合同 of a land deal and its 价款分期 schedule: recorded once, under a lock on the round, and kept.
import { asc, eq, sql } from 'drizzle-orm';
import { contractInstalments, landContracts, parcels, transfers, users } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import { calendarOverrides } from '../calendar/queries';
import type { Db, DbOrTx } from '../db';
import { todayShanghai } from '../lib/dates';
import { FieldProblem } from '../lib/forms';
import { formatYuan } from '../lib/money';
import { addWorkingDays, calendarWindow } from '../lib/working-days';
import { exceptedRules } from '../transfers/exceptions';
import { instalmentsOf, scheduleErrors, type ContractInput } from './forms';

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
  return db.transaction(async (tx) => {
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
  });
}
