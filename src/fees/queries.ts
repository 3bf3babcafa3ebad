import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { agencies, feeAgreements } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import type { Db, DbOrTx, Tx } from '../db';
import { lockYear } from '../funds/queries';
import { committedStatuses } from '../funds/rules';
import { FieldProblem } from '../lib/forms';
import type { AgreementInput } from './forms';
import { feeDue, feeGuard, formatRate, shareAllRounds, tiersToStored, type FeeAgreementTerms, type HeldFees, type StoredTier } from './rules';

export interface AgreementFilter { year?: number; agencyId?: number }

/** Agreements with their agency's name, newest year first; agencies (and so agreements) are shared by every center. */
export async function listAgreements(db: DbOrTx, f: AgreementFilter) {
  const where: SQL[] = [sql`true`];
  if (f.year) where.push(eq(feeAgreements.year, f.year));
  if (f.agencyId) where.push(eq(feeAgreements.agencyId, f.agencyId));
  return db.select({ agreement: feeAgreements, agencyName: agencies.name })
    .from(feeAgreements).innerJoin(agencies, eq(agencies.id, feeAgreements.agencyId))
    .where(and(...where)).orderBy(sql`${feeAgreements.year} desc`, asc(agencies.name));
}

export async function findAgreement(db: DbOrTx, id: number) {
  const [row] = await db.select().from(feeAgreements).where(eq(feeAgreements.id, id));
  return row ?? null;
}

export async function agencyChoices(db: DbOrTx) {
  return db.select({ id: agencies.id, name: agencies.name }).from(agencies).orderBy(asc(agencies.name));
}

export async function findAgencyName(db: DbOrTx, id: number) {
  const [row] = await db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(eq(agencies.id, id));
  return row ?? null;
}

// Only the columns of the chosen method are kept, so the record says how the fee is computed and nothing else.
const columns = (v: AgreementInput) => ({
  agencyId: v.agency_id,
  year: v.year,
  method: v.method,
  fixedAmount: v.method === '按宗固定' ? v.fixed_amount! : null,
  rate: v.method === '按成交价比例' ? formatRate(v.rate!) : null,
  tiers: v.method === '分档累进' ? tiersToStored(v.tiers!) : null,
  cap: v.cap ?? null,
  payFailed: v.pay_failed,
});

const DUPLICATE = '该拍卖机构本年度已有收费协议，请修改那一份';

async function assertAgency(tx: DbOrTx, id: number) {
  if (!(await findAgencyName(tx, id))) throw new FieldProblem('agency_id', '请选择拍卖机构');
}

/**
 * The rule for closed years. An agreement belongs to an agency and a year, but years are closed per
 * center. The agreement of agency A for year Y gives the fees due of A's transfers dated in Y (成交日期,
 * else 竞价日期, as transferFees reads them) at EVERY center; so it may not be created, changed or
 * moved to another agency or year while any center has closed Y AND has transfers of A dated in Y:
 * that would change the fees due — figures — of a closed year. A center that closed Y without any
 * transfer of A is not affected and does not stop the edit. Checked for the agreement as it was and
 * as it will be, under the shared year lock (see lockYear) taken before, so a close racing the edit comes first or last.
 */
async function assertNoClosedYear(tx: Tx, agencyId: number, year: number, what: string) {
  const conflict = (await closedYearConflicts(tx, [{ agencyId, year }])).get(`${agencyId}|${year}`);
  if (conflict) throw new FieldProblem('year', closedYearMessage(year, conflict, what));
}

/**
 * For (agency, year) pairs, the centers that closed the year and have transfers of that agency dated
 * in it (the rule above), as "name（n 场）、…" by `agencyId|year`; one statement for any number of pairs
 * (the ledger import checks a whole 收费协议 sheet with it).
 */
export async function closedYearConflicts(tx: DbOrTx, pairs: { agencyId: number; year: number }[]): Promise<Map<string, string>> {
  if (pairs.length === 0) return new Map();
  const rows = await tx.execute<{ agency_id: number; year: number; name: string; n: number }>(sql`
    select t.agency_id, y.year, c.name, count(*)::int as n
    from closed_years y join centers c on c.id = y.center_id join transfers t on t.center_id = y.center_id
    where (t.agency_id, y.year) in (select (p->>'agencyId')::int, (p->>'year')::int from jsonb_array_elements(${JSON.stringify(pairs)}::text::jsonb) p)
      and coalesce(t.deal_date, t.auction_date) >= make_date(y.year, 1, 1) and coalesce(t.deal_date, t.auction_date) < make_date(y.year + 1, 1, 1)
    group by t.agency_id, y.year, c.name order by c.name`);
  const out = new Map<string, string>();
  for (const r of rows) {
    const key = `${r.agency_id}|${r.year}`;
    out.set(key, [out.get(key), `${r.name}（${r.n} 场）`].filter(Boolean).join('、'));
  }
  return out;
}

export const closedYearMessage = (year: number, centers: string, what: string) =>
  `${year}年度已结账：${centers}在该年度有该拍卖机构的出让活动，${what}会改变已结账年度的应付劳务费`;

export async function createAgreement(db: Db, actor: Actor, v: AgreementInput) {
  return db.transaction(async (tx) => {
    await assertAgency(tx, v.agency_id);
    await lockYear(tx, v.year, 'shared');
    await assertNoClosedYear(tx, v.agency_id, v.year, '新增该年度的收费协议');
    const [row] = await tx.insert(feeAgreements).values(columns(v)).onConflictDoNothing().returning();
    if (!row) throw new FieldProblem('year', DUPLICATE);
    await recordAudit(tx, actor, { action: 'create', entity: 'fee_agreement', entityId: row.id, after: row });
    return row;
  });
}

export async function updateAgreement(db: Db, actor: Actor, id: number, v: AgreementInput) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(feeAgreements).where(eq(feeAgreements.id, id)).for('update');
    if (!before) return null;
    await assertAgency(tx, v.agency_id);
    // Both ends: the transfers the agreement priced until now, and those it will price (year locks in ascending order).
    for (const y of [...new Set([before.year, v.year])].sort((a, b) => a - b)) await lockYear(tx, y, 'shared');
    await assertNoClosedYear(tx, before.agencyId, before.year, '修改该年度的收费协议');
    if (v.agency_id !== before.agencyId || v.year !== before.year) await assertNoClosedYear(tx, v.agency_id, v.year, '将收费协议改到该年度');
    const clash = await tx.select({ id: feeAgreements.id }).from(feeAgreements)
      .where(and(eq(feeAgreements.agencyId, v.agency_id), eq(feeAgreements.year, v.year), sql`${feeAgreements.id} <> ${id}`));
    if (clash.length) throw new FieldProblem('year', DUPLICATE);
    const [after] = await tx.update(feeAgreements).set({ ...columns(v), updatedAt: sql`now()` }).where(eq(feeAgreements.id, id)).returning();
    await recordAudit(tx, actor, { action: 'update', entity: 'fee_agreement', entityId: id, before, after });
    return after!;
  });
}

/** One transfer with the fee its agency earns for it, what has been paid, and what is still owed. All money in 分. */
export interface TransferFee {
  transferId: number;
  centerId: number;
  parcelId: number;
  parcelCode: string;
  parcelName: string;
  round: number;
  agencyId: number;
  agencyName: string;
  result: string;
  /** 成交日期, else 竞价日期: the date the fee year and the overdue warning go by. */
  date: string | null;
  dealPrice: bigint | null;
  /** The agreement the fee follows from; null when the agency has none for the transfer's year (then due is 0). */
  agreementId: number | null;
  due: bigint;
  /** Σ paid 拍卖机构劳务费 payments linked to the transfer, reversals included. */
  paid: bigint;
  outstanding: bigint;
}

interface FeeRow extends Record<string, unknown> {
  id: number; center_id: number; parcel_id: number; code: string; name: string; round: number; agency_id: number; agency_name: string;
  result: string; fee_date: string | null; deal_price: string | null; agreement_id: number | null; method: FeeAgreementTerms['method'] | null;
  fixed_amount: string | null; rate: string | null; tiers: StoredTier[] | null; cap: string | null; pay_failed: boolean | null;
  paid: string; all_rounds_paid: string; in_scope: boolean;
}

const big = (v: string | null) => (v === null ? null : BigInt(v));

/** `id in (…)` over a list of any length sent as one JSON parameter (an import may name 100,000 transfers). */
const idList = (ids: readonly number[]) => sql`(select jsonb_array_elements_text(${JSON.stringify(ids)}::text::jsonb)::int)`;

/**
 * The fee due, paid and outstanding for each transfer an agency ran in the given centers (and year,
 * by 成交日期 else 竞价日期), in ONE statement whatever the number of transfers; the fee itself is
 * computed by `feeDue` from the agency's agreement for the transfer's year.
 *
 * Paid counts payments of category 拍卖机构劳务费 with status 已支付 linked to the transfer. A reversal
 * (冲销) counts with the payment it reverses (its own transfer link, else the original's), so a
 * reversed payment nets out here as everywhere else. A payment for all the rounds of a parcel that its
 * agency ran (payments.all_rounds) is shared among those rounds by `shareAllRounds` — so the rounds of
 * such a parcel are read together, also those outside the filter.
 */
export async function transferFees(
  db: DbOrTx, where: { centerIds: number[]; agencyId?: number; year?: number; transferId?: number; transferIds?: number[] },
): Promise<TransferFee[]> {
  if (where.centerIds.length === 0 || where.transferIds?.length === 0) return [];
  const feeDate = sql`coalesce(t.deal_date, t.auction_date)`;
  const rows = await db.execute<FeeRow>(sql`
    with scoped as (
      select t.* from transfers t
      where t.center_id in ${where.centerIds} and t.agency_id is not null
        ${where.agencyId !== undefined ? sql`and t.agency_id = ${where.agencyId}` : sql``}
        ${where.transferId !== undefined ? sql`and t.id = ${where.transferId}` : sql``}
        ${where.transferIds !== undefined ? sql`and t.id in ${idList(where.transferIds)}` : sql``}
        ${where.year !== undefined ? sql`and ${feeDate} >= make_date(${where.year}, 1, 1) and ${feeDate} < make_date(${where.year + 1}, 1, 1)` : sql``}
    ),
    fees as (
      select x.amount, coalesce(x.transfer_id, o.transfer_id) as transfer_id, coalesce(o.all_rounds, x.all_rounds) as all_rounds
      from payments x left join payments o on o.id = x.reverses_id
      where x.status = '已支付' and coalesce(o.category, x.category) = '拍卖机构劳务费'
        and coalesce(x.transfer_id, o.transfer_id) in (select id from transfers where parcel_id in (select parcel_id from scoped))
    ),
    -- Parcels (and agencies) with a payment for all their rounds: their other rounds are read too.
    shared as (
      select distinct t.parcel_id, t.agency_id from fees f join transfers t on t.id = f.transfer_id
      where f.all_rounds and t.parcel_id in (select parcel_id from scoped)
    ),
    rounds as (
      select s.*, true as in_scope from scoped s
      union all
      select t.*, false from transfers t join shared g on g.parcel_id = t.parcel_id and g.agency_id = t.agency_id
      where t.id not in (select id from scoped)
    ),
    paid as (
      select transfer_id, sum(amount) filter (where not all_rounds) as one, sum(amount) filter (where all_rounds) as every
      from fees where transfer_id in (select id from rounds) group by 1
    )
    select t.id, t.center_id, t.parcel_id, p.code, p.name, t.round, t.agency_id, a.name as agency_name, t.result,
           ${feeDate}::text as fee_date, t.deal_price::text as deal_price,
           fa.id as agreement_id, fa.method, fa.fixed_amount::text as fixed_amount, fa.rate::text as rate, fa.tiers, fa.cap::text as cap, fa.pay_failed,
           coalesce(paid.one, 0)::text as paid, coalesce(paid.every, 0)::text as all_rounds_paid, t.in_scope
    from rounds t
      join parcels p on p.id = t.parcel_id
      join agencies a on a.id = t.agency_id
      left join fee_agreements fa on fa.agency_id = t.agency_id and fa.year = extract(year from ${feeDate})::int
      left join paid on paid.transfer_id = t.id
    order by ${feeDate} nulls last, p.code, t.round`);
  const all = rows.map((r) => {
    const dealPrice = big(r.deal_price);
    const due = r.method === null ? 0n : feeDue({
      method: r.method, fixedAmount: big(r.fixed_amount), rate: r.rate, tiers: r.tiers, cap: big(r.cap), payFailed: r.pay_failed ?? false,
    }, { result: r.result, dealPrice });
    return {
      row: {
        transferId: r.id, centerId: r.center_id, parcelId: r.parcel_id, parcelCode: r.code, parcelName: r.name, round: r.round,
        agencyId: r.agency_id, agencyName: r.agency_name, result: r.result, date: r.fee_date, dealPrice,
        agreementId: r.agreement_id, due, paid: BigInt(r.paid), outstanding: 0n,
      } satisfies TransferFee,
      allRounds: BigInt(r.all_rounds_paid), inScope: r.in_scope,
    };
  });
  // Each parcel-and-agency's all-round payments, shared among its rounds.
  const groups = new Map<string, typeof all>();
  for (const x of all) {
    const key = `${x.row.parcelId}|${x.row.agencyId}`;
    groups.set(key, [...(groups.get(key) ?? []), x]);
  }
  for (const group of groups.values()) {
    const total = group.reduce((sum, x) => sum + x.allRounds, 0n);
    if (total === 0n) continue;
    const shares = shareAllRounds(group.map((x) => x.row), total);
    for (const x of group) x.row.paid += shares.get(x.row.transferId) ?? 0n;
  }
  return all.filter((x) => x.inScope).map(({ row }) => ({ ...row, outstanding: row.due - row.paid }));
}

/**
 * What the 拍卖机构劳务费 payments of each transfer already hold, by transfer id: Σ amount of those
 * reserved or paid (committedStatuses: 待支付, 已支付), reversals included — a reversal counts with the
 * payment it reverses, as `paid` of transferFees counts it — split into the payments for that round
 * alone and those for all its parcel's rounds entered on it (payments.all_rounds), leaving out the
 * payment `except` (the one being checked). What `feeGuard` compares a new payment against. A write
 * it guards locks the transfer rows FIRST (lockFeeRounds) and calls this afterwards, in a statement of
 * its own, so under READ COMMITTED it sees what the holder of the lock before it committed. One
 * statement for any number of transfers.
 */
export async function committedFees(db: DbOrTx, transferIds: number[], except?: number): Promise<Map<number, HeldFees>> {
  if (transferIds.length === 0) return new Map();
  // coalesce(x.transfer_id, o.transfer_id) in ids, written as two index lookups (payments_transfer_idx,
  // and the unique reverses_id for a reversal that carries no link of its own).
  const rows = await db.execute<{ transfer_id: number; one: string; every: string }>(sql`
    with ids as (select distinct id from ${idList(transferIds)} as v(id)),
    linked as (
      select x.id, x.transfer_id, x.amount, x.status, coalesce(o.category, x.category) as category, coalesce(o.all_rounds, x.all_rounds) as all_rounds
      from payments x left join payments o on o.id = x.reverses_id
      where x.transfer_id in (select id from ids)
      union all
      select x.id, o.transfer_id, x.amount, x.status, o.category, o.all_rounds
      from payments o join payments x on x.reverses_id = o.id
      where o.transfer_id in (select id from ids) and x.transfer_id is null
    )
    select transfer_id, coalesce(sum(amount) filter (where not all_rounds), 0)::text as one, coalesce(sum(amount) filter (where all_rounds), 0)::text as every
    from linked
    where status in (${sql.join(committedStatuses.map((st) => sql`${st}`), sql`, `)}) and category = '拍卖机构劳务费'
      ${except !== undefined ? sql`and id <> ${except}` : sql``}
    group by 1`);
  return new Map(rows.map((r) => [r.transfer_id, { round: BigInt(r.one), allRounds: BigInt(r.every) }]));
}

/**
 * The rounds a fee payment on each of `transferIds` is held against: every round of the transfer's
 * parcel run by the transfer's agency (the transfer itself among them), by transfer id, in round
 * order. One statement.
 */
export async function parcelRounds(db: DbOrTx, transferIds: readonly number[]): Promise<Map<number, number[]>> {
  if (transferIds.length === 0) return new Map();
  const rows = await db.execute<{ id: number; rounds: number[] }>(sql`
    select t.id, array_agg(s.id order by s.round) as rounds
    from transfers t join transfers s on s.parcel_id = t.parcel_id and s.agency_id = t.agency_id
    where t.id in ${idList(transferIds)}
    group by t.id`);
  return new Map(rows.map((r) => [r.id, r.rounds]));
}

/**
 * Locks the rounds fee payments on these transfers are held against (parcelRounds), in id order: the
 * fee guard's lock, as the project row is the budget's. Taken AFTER the projects (and, at the web's
 * final approval, the payment): the lock order of every writer is project, payment, transfers. What
 * the rounds' fee payments hold is summed AFTERWARDS in a statement of its own (committedFees) — a sum
 * in the locking statement would read the snapshot taken before the wait and let concurrent approvals
 * overpay under READ COMMITTED. Inserting a payment (draft, reversal) takes the key-share locks of its
 * foreign keys in constraint order, project before transfer, so it queues behind an approval without a cycle.
 */
export async function lockFeeRounds(tx: Tx, transferIds: readonly number[]): Promise<Map<number, number[]>> {
  const rounds = await parcelRounds(tx, transferIds);
  const ids = [...new Set([...rounds.values()].flat())].sort((a, b) => a - b);
  if (ids.length > 0) await tx.execute(sql`select id from transfers where id in ${idList(ids)} order by id for update`);
  return rounds;
}

/**
 * The fee guard (feeGuard of rules.ts) of one agency-fee payment, from the database: the rounds of the
 * transfer's parcel its agency ran, their fees, and what their fee payments hold without `except`
 * (the payment itself). Where it guards, the caller has locked those rounds first (lockFeeRounds)
 * and passes them.
 */
export async function feeProblem(tx: DbOrTx, p: { centerId: number; transferId: number; allRounds: boolean; amount: bigint; except?: number; rounds?: number[] }): Promise<string | null> {
  if (p.amount <= 0n) return null;
  // The rounds lockFeeRounds gave, where the caller locked them; else read here.
  const rounds = p.rounds ?? (await parcelRounds(tx, [p.transferId])).get(p.transferId) ?? [p.transferId];
  const fees = await transferFees(tx, { centerIds: [p.centerId], transferIds: rounds });
  const held = await committedFees(tx, rounds, p.except);
  return feeGuard(p, fees, held);
}
