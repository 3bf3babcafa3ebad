// Where the contracts of a center stand on a day: each instalment 应缴/已缴/欠缴 and overdue, from the
// one allocation rule (scheduleStatus) over the one list of payments (collections and the winner's
// deposit turned into price). The contract page, the 出让价款缴纳情况表, the finance dashboard's overdue
// list and the 按时上缴 indicator all read it, in a fixed number of statements whatever the count.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { intArray } from '../lib/query';
import { addWorkingDays, calendarWindow } from '../lib/working-days';
import { calendarOverrides } from '../calendar/queries';
import { scheduleStatus, type InstalmentStatus, type Paid } from './rules';

export interface PaymentRow extends Paid { source: '国库' | '税务' | '保证金'; voucher: string; pushedOn: string | null; by: string | null; reason?: string | null }

/**
 * What was paid of each contract: its collections, and the winner's deposit turned into price
 * (转定金, 抵作价款 in the 保证金 ledger; 国土资源部令第39号 lets it count as price), oldest first.
 * A contract id of 0 stands for a round without a contract yet: only its deposit turned into price.
 */
export async function paymentsOfContracts(db: DbOrTx, contracts: { id: number; transferId: number }[]): Promise<Map<number, PaymentRow[]>> {
  const out = new Map<number, PaymentRow[]>(contracts.map((c) => [c.id, []]));
  if (contracts.length === 0) return out;
  const byTransfer = new Map(contracts.map((c) => [c.transferId, c.id]));
  const rows = await db.execute<{
    contract_id: number | null; transfer_id: number; source: PaymentRow['source']; voucher: string; amount: string; on_date: string; pushed_on: string | null;
    by_name: string | null; collection_id: number | null; reverses_id: number | null; reason: string | null;
  }>(sql`
    select c.contract_id, null::int as transfer_id, c.collector as source, c.voucher_no as voucher, c.amount::text, c.collected_on::text as on_date,
           c.pushed_on::text, u.display_name as by_name, c.id as collection_id, c.reverses_id, c.reason, c.id
    from price_collections c left join users u on u.id = c.created_by
    where c.contract_id = any(${intArray(contracts.map((c) => c.id))})
    union all
    select null, d.transfer_id, '保证金', '保证金' || d.kind || '（' || d.payer_account || '）', d.amount::text, d.disposed_on::text, null, null,
           null, null, null, d.id
    from deposit_dispositions d
    where d.transfer_id = any(${intArray(contracts.map((c) => c.transferId))}) and d.kind in ('转定金', '抵作价款')
    order by on_date, id`);
  for (const r of rows) {
    const id = r.contract_id ?? byTransfer.get(r.transfer_id)!;
    out.get(id)!.push({
      source: r.source, voucher: r.voucher, amount: BigInt(r.amount), on: r.on_date, pushedOn: r.pushed_on, by: r.by_name,
      ...(r.collection_id !== null ? { id: r.collection_id, reverses: r.reverses_id, reason: r.reason } : {}),
    });
  }
  return out;
}

export async function paymentsOf(db: DbOrTx, contract: { id: number; transferId: number }): Promise<PaymentRow[]> {
  return (await paymentsOfContracts(db, [contract])).get(contract.id)!;
}

export interface Standing {
  contractId: number; transferId: number; centerId: number; contractNo: string; code: string; name: string; round: number;
  grantee: string; signedOn: string; dealDate: string | null; price: bigint;
  instalments: InstalmentStatus[];
  /** Paid by the day (collections and deposit turned into price). */
  paid: bigint;
  /** Σ of the instalments due by the day; 欠缴 is what of it is not paid (early payments of later instalments do not cover it). */
  due: bigint; owed: bigint;
  /** The oldest unpaid instalment's days past due; 0 when none is overdue. */
  overdueDays: number;
  nextDue: string | null;
}

/**
 * The contracts of the centers whose deal still stands (成交: a 无效 deal owes nothing more; its
 * contract page keeps what was paid), as they stand on `asOf`, in order of signing.
 */
export async function contractStandings(
  db: DbOrTx, centerIds: readonly number[], asOf: string, f: { dueFrom?: string; dueTo?: string } = {},
): Promise<Standing[]> {
  if (centerIds.length === 0) return [];
  // Only contracts with an instalment due within [dueFrom, dueTo] (the report's years), when given.
  const only = f.dueFrom && f.dueTo
    ? sql`and exists (select 1 from contract_instalments d where d.contract_id = lc.id and d.due_on between ${f.dueFrom}::date and ${f.dueTo}::date)`
    : sql``;
  const contracts = [...await db.execute<{
    id: number; transfer_id: number; center_id: number; contract_no: string; code: string; name: string; round: number; grantee: string;
    signed_on: string; deal_date: string | null; price: string; instalments: { seq: number; due_on: string; amount: string }[];
  }>(sql`
    select lc.id, lc.transfer_id, lc.center_id, lc.contract_no, p.code, p.name, t.round, lc.grantee, lc.signed_on::text, t.deal_date::text, lc.price::text,
           (select json_agg(json_build_object('seq', i.seq, 'due_on', i.due_on, 'amount', i.amount::text) order by i.seq)
            from contract_instalments i where i.contract_id = lc.id) as instalments
    from land_contracts lc join transfers t on t.id = lc.transfer_id join parcels p on p.id = t.parcel_id
    where lc.center_id = any(${intArray(centerIds)}) and t.result = '成交' ${only}
    order by lc.signed_on, lc.id`)];
  const payments = await paymentsOfContracts(db, contracts.map((c) => ({ id: c.id, transferId: c.transfer_id })));
  return contracts.map((c) => {
    const paidList = payments.get(c.id)!;
    const instalments = scheduleStatus(c.instalments.map((i) => ({ seq: i.seq, dueOn: i.due_on, amount: BigInt(i.amount) })), paidList, asOf);
    const dueNow = instalments.filter((i) => i.dueOn <= asOf);
    return {
      contractId: c.id, transferId: c.transfer_id, centerId: c.center_id, contractNo: c.contract_no, code: c.code, name: c.name, round: c.round,
      grantee: c.grantee, signedOn: c.signed_on, dealDate: c.deal_date, price: BigInt(c.price), instalments,
      paid: paidList.filter((p) => p.on <= asOf).reduce((s, p) => s + p.amount, 0n),
      due: dueNow.reduce((s, i) => s + i.amount, 0n),
      owed: dueNow.reduce((s, i) => s + i.outstanding, 0n),
      overdueDays: Math.max(0, ...instalments.map((i) => i.overdueDays)),
      nextDue: instalments.find((i) => i.outstanding > 0n && i.dueOn >= asOf)?.dueOn ?? null,
    };
  });
}

export interface OverdueInstalment extends InstalmentStatus {
  contractId: number; transferId: number; contractNo: string; code: string; name: string; grantee: string;
}

/** Every instalment past its due day and not paid in full on `asOf`, the longest overdue first. */
export function overdueInstalments(standings: Standing[]): OverdueInstalment[] {
  return standings.flatMap((s) => s.instalments.filter((i) => i.overdueDays > 0).map((i) => ({
    ...i, contractId: s.contractId, transferId: s.transferId, contractNo: s.contractNo, code: s.code, name: s.name, grantee: s.grantee,
  }))).sort((a, b) => b.overdueDays - a.overdueDays || a.contractId - b.contractId || a.seq - b.seq);
}

export interface DueInstalment extends OverdueInstalment {
  /** Paid in full by its due day. Null while it is not yet due and not paid. */
  onTime: boolean | null;
}

/**
 * The instalments of the centers' contracts due within `year`, and whether each was paid by its due
 * day as the records stand on `asOf`: late when settled after it, or still owed after it.
 */
export function dueInYear(standings: Standing[], year: number): DueInstalment[] {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  return standings.flatMap((s) => s.instalments.filter((i) => i.dueOn >= from && i.dueOn <= to).map((i) => ({
    ...i, contractId: s.contractId, transferId: s.transferId, contractNo: s.contractNo, code: s.code, name: s.name, grantee: s.grantee,
    onTime: i.settledOn ? i.settledOn <= i.dueOn : i.overdueDays > 0 ? false : null,
  }))).sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.contractId - b.contractId || a.seq - b.seq));
}

export interface UnsignedDeal { transferId: number; code: string; name: string; round: number; dealDate: string; dealPrice: bigint; winner: string | null; signingDue: string }

/**
 * Land deals of the centers in the year without a contract whose signing day (10 working days,
 * 国土资发〔2010〕34号) has passed on `asOf`. Deals without a 成交确认书 are imported history kept as it
 * was typed, with no contract to expect in this system, and are left out.
 */
export async function unsignedDeals(db: DbOrTx, centerIds: readonly number[], year: number, asOf: string, workingDays: number): Promise<UnsignedDeal[]> {
  if (centerIds.length === 0) return [];
  const rows = [...await db.execute<{ id: number; code: string; name: string; round: number; deal_date: string; deal_price: string; winner: string | null }>(sql`
    select t.id, p.code, p.name, t.round, t.deal_date::text, t.deal_price::text, t.winner
    from transfers t join parcels p on p.id = t.parcel_id
    where t.center_id = any(${intArray(centerIds)}) and t.result = '成交' and p.kind = '土地' and t.confirmation_date is not null
      and t.deal_date >= make_date(${year}, 1, 1) and t.deal_date < make_date(${year + 1}, 1, 1)
      and not exists (select 1 from land_contracts lc where lc.transfer_id = t.id)
    order by t.deal_date, t.id`)];
  if (rows.length === 0) return [];
  const window = calendarWindow(rows[0]!.deal_date, rows.at(-1)!.deal_date, workingDays);
  const overrides = await calendarOverrides(db, window.from, window.to);
  return rows.map((r) => ({
    transferId: r.id, code: r.code, name: r.name, round: r.round, dealDate: r.deal_date, dealPrice: BigInt(r.deal_price), winner: r.winner,
    signingDue: addWorkingDays(r.deal_date, workingDays, overrides),
  })).filter((r) => r.signingDue < asOf);
}
