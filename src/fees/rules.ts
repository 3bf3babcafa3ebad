// Pure rules of auction-agency fees (拍卖机构劳务费). Money is integer 分 and rates are integer
// ten-thousandths of a percent, both bigint: a fee is a product of the two, and a float would
// lose 分 on large deal prices (a 5亿元 deal at 0.25% must come out exact).
import type { feeAgreements } from '../../db/schema';
import { fenToYuan, formatYuan, parseYuan, type Parsed } from '../lib/money';

/** Rate units per percent: a rate is stored as numeric(9,4) percent, so 1.5% = 15000 units. */
export const RATE_UNITS_PER_PERCENT = 10_000n;
const MAX_RATE = 100n * RATE_UNITS_PER_PERCENT;
/** fee (分) = price (分) × units / (100 × 10000). */
const RATE_DENOMINATOR = 100n * RATE_UNITS_PER_PERCENT;

/** Divides a non-negative numerator, rounding half-up (0.5 分 goes up). */
function divHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (2n * denominator);
}

const RATE_TEXT = /^(\d{1,3})(?:\.(\d{1,4}))?$/;

/** Parses a percentage as people and the database write it ("1.5", "0.2500", "1.5%") into rate units. */
export function parseRate(input: string): Parsed<bigint> {
  const m = RATE_TEXT.exec(input.trim().replace(/[%％]$/, '').trim());
  if (!m) return { ok: false, error: '费率应为百分数（不带%），最多四位小数，如 1.5 表示 1.5%' };
  const units = BigInt(m[1]!) * RATE_UNITS_PER_PERCENT + BigInt((m[2] ?? '').padEnd(4, '0'));
  if (units > MAX_RATE) return { ok: false, error: '费率不能超过 100%' };
  return { ok: true, value: units };
}

/** 15000n → "1.5": the shortest exact percent, as the ledger writes it. */
export function formatRate(units: bigint): string {
  const whole = units / RATE_UNITS_PER_PERCENT;
  const frac = (units % RATE_UNITS_PER_PERCENT).toString().padStart(4, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

/** A rate read back from the database or a stored tier: it was validated on the way in, so a bad one is a bug. */
function storedRate(s: string): bigint {
  const r = parseRate(s);
  if (!r.ok) throw new RangeError(`invalid stored rate ${JSON.stringify(s)}`);
  return r.value;
}

/** `price × rate%`, rounded half-up to the 分. */
export function rateFee(price: bigint, rateUnits: bigint): bigint {
  if (price < 0n || rateUnits < 0n) throw new RangeError('price and rate must not be negative');
  return divHalfUp(price * rateUnits, RATE_DENOMINATOR);
}

/** One tier of 分档累进: the slice of the deal price from `from` (inclusive) to `to` pays `rate`. `to` null: open-ended. */
export interface Tier { from: bigint; to: bigint | null; rate: bigint }
/** How a tier is stored (fee_agreements.tiers): bounds in 分 and the rate in percent, as decimal strings. */
export interface StoredTier { from: string; to: string | null; rate: string }

/**
 * 分档累进: each slice of the deal price between a tier's 下限 and 上限 pays that tier's rate.
 *
 * Rounding rule: the exact fee of every slice (price slice in 分 × rate) is summed as an exact
 * integer of 分 × rate units, and the sum is rounded half-up to the 分 ONCE, at the end. Slices
 * are never rounded one by one, so a fee does not depend on how the tiers are cut: one tier
 * `0-:r` gives exactly the 按成交价比例 fee of rate r.
 */
export function tieredFee(price: bigint, tiers: readonly Tier[]): bigint {
  if (price < 0n) throw new RangeError('price must not be negative');
  let exact = 0n; // Σ slice × rate units, in 分 × units
  for (const t of tiers) {
    const top = t.to === null || t.to > price ? price : t.to;
    if (top > t.from) exact += (top - t.from) * t.rate;
  }
  return divHalfUp(exact, RATE_DENOMINATOR);
}

export function tiersFromStored(stored: readonly StoredTier[]): Tier[] {
  return stored.map((t) => ({ from: BigInt(t.from), to: t.to === null ? null : BigInt(t.to), rate: storedRate(t.rate) }));
}

export function tiersToStored(tiers: readonly Tier[]): StoredTier[] {
  return tiers.map((t) => ({ from: t.from.toString(), to: t.to === null ? null : t.to.toString(), rate: formatRate(t.rate) }));
}

export const MAX_TIERS = 20;
export const TIERS_EXAMPLE = '0-1000000:1;1000000-5000000:0.5;5000000-:0.25';

/** 元 as the ledger writes tier bounds: whole 元 without ".00". */
function yuanText(fen: bigint): string {
  return fen % 100n === 0n ? (fen / 100n).toString() : fenToYuan(fen);
}

/** Tiers back into the ledger's notation: `0-1000000:1;1000000-5000000:0.5;5000000-:0.25` (元 and percent). */
export function formatTiers(tiers: readonly Tier[]): string {
  return tiers.map((t) => `${yuanText(t.from)}-${t.to === null ? '' : yuanText(t.to)}:${formatRate(t.rate)}`).join(';');
}

// 下限-上限:费率, with full-width punctuation accepted as people type it on a Chinese keyboard.
const TIER_TEXT = /^([^-—~～:：]*?)\s*[-—~～]\s*([^:：]*?)\s*[:：]\s*(.*)$/;

/**
 * Parses the ledger's 分档 notation (`下限-上限:费率;…`, amounts in 元, rates in percent). The
 * tiers must start at 0, follow each other without gap or overlap in ascending order, and only
 * the last may be (and must be) open-ended, so every 元 of any deal price has exactly one rate.
 * Tiers are separated by `;` (also `；` or a line break). Messages are the ones the user reads.
 */
export function parseTiers(input: string): Parsed<Tier[]> {
  const parts = input.split(/[;；\n]/).map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) return { ok: false, error: `请填写分档，如 ${TIERS_EXAMPLE}` };
  if (parts.length > MAX_TIERS) return { ok: false, error: `分档最多 ${MAX_TIERS} 档` };
  const tiers: Tier[] = [];
  for (const [i, raw] of parts.entries()) {
    const n = i + 1;
    const m = TIER_TEXT.exec(raw);
    if (!m) return { ok: false, error: `第${n}档“${raw}”格式不正确，应为 下限-上限:费率，如 0-1000000:1（金额单位元，费率单位%）` };
    const from = parseYuan(m[1]!);
    if (!from.ok) return { ok: false, error: `第${n}档下限：${from.error}` };
    let to: bigint | null = null;
    if (m[2] !== '') {
      const r = parseYuan(m[2]!);
      if (!r.ok) return { ok: false, error: `第${n}档上限：${r.error}` };
      to = r.value;
      if (to <= from.value) return { ok: false, error: `第${n}档的上限应大于下限` };
    }
    const rate = parseRate(m[3]!);
    if (!rate.ok) return { ok: false, error: `第${n}档费率：${rate.error}` };
    tiers.push({ from: from.value, to, rate: rate.value });
  }
  // Order first: a list typed out of order would otherwise read as a confusing gap or overlap.
  for (let i = 1; i < tiers.length; i++) {
    if (tiers[i]!.from < tiers[i - 1]!.from) return { ok: false, error: `分档应按下限从小到大排列（第${i + 1}档的下限小于第${i}档）` };
  }
  if (tiers[0]!.from !== 0n) return { ok: false, error: '第1档应从 0 元开始，使成交价的每一元都有费率' };
  for (let i = 1; i < tiers.length; i++) {
    const [prev, t, n] = [tiers[i - 1]!, tiers[i]!, i + 1];
    if (prev.to === null) return { ok: false, error: `只有最后一档可以不填上限（第${n - 1}档不是最后一档）` };
    if (t.from < prev.to) {
      return { ok: false, error: `第${n}档与第${n - 1}档重叠：第${n - 1}档到 ${yuanText(prev.to)} 元为止，第${n}档却从 ${yuanText(t.from)} 元开始` };
    }
    if (t.from > prev.to) {
      return { ok: false, error: `第${n}档与第${n - 1}档之间有空档：${yuanText(prev.to)} 元至 ${yuanText(t.from)} 元没有费率` };
    }
  }
  if (tiers.at(-1)!.to !== null) {
    return { ok: false, error: `最后一档应不填上限（如 5000000-:0.25），使超出部分也有费率` };
  }
  return { ok: true, value: tiers };
}

export type FeeAgreementTerms = Pick<typeof feeAgreements.$inferSelect, 'method' | 'fixedAmount' | 'rate' | 'tiers' | 'cap' | 'payFailed'>;

export interface FeeTransfer { result: string; dealPrice: bigint | null }

/**
 * The fee one transfer earns its agency under the agency's agreement for the transfer's year.
 *
 * - 成交: 按宗固定 → the fixed amount per lot; 按成交价比例 → deal price × rate, rounded half-up to
 *   the 分; 分档累进 → see `tieredFee` (rounded once at the end).
 * - 流拍: paid only when the agreement says 流拍计费 是, and then only a 按宗固定 amount. A 流拍 has
 *   no deal price, so a rate or tier method gives 0 for it: we never invent a base (such as the
 *   starting price) that the agreement does not name.
 * - 终止 and 进行中: nothing (the auction did not take place or is not done).
 * - Finally, when the agreement has a 封顶金额, the fee of the one transfer is at most the cap.
 */
export function feeDue(agreement: FeeAgreementTerms, transfer: FeeTransfer): bigint {
  let fee: bigint;
  if (transfer.result === '成交') {
    const price = transfer.dealPrice ?? 0n;
    fee = agreement.method === '按宗固定' ? agreement.fixedAmount ?? 0n
      : agreement.method === '按成交价比例' ? rateFee(price, storedRate(agreement.rate ?? '0'))
      : tieredFee(price, tiersFromStored(agreement.tiers ?? []));
  } else if (transfer.result === '流拍' && agreement.payFailed && agreement.method === '按宗固定') {
    fee = agreement.fixedAmount ?? 0n;
  } else {
    fee = 0n;
  }
  return agreement.cap !== null && fee > agreement.cap ? agreement.cap : fee;
}

/**
 * Whether an agency fee may be paid for a transfer (a row of `transferFees`, whose `due` is
 * `feeDue`'s): a 成交 always — its fee is owed even while its agreement is still to be entered —
 * and any other round only when its agreement gives it a fee, i.e. a 流拍 under 流拍计费 是.
 * This is the one place the payment form and the payment rules ask; they never decide it anew.
 */
export const feePayable = (t: { result: string; due: bigint }) => t.result === '成交' || t.due > 0n;

/**
 * Why an agency-fee payment (拍卖机构劳务费) of `amount` linked to a transfer would pay its agency more
 * than the fee due, or null when it may be reserved or paid. `fee` is the transfer's row of
 * `transferFees` (none: the transfer has no agency); `committed` is what its 拍卖机构劳务费 payments
 * already hold, reserved or paid (待支付 + 已支付, reversals included), without this payment.
 *
 * The fee is known only under an agreement: without one for the transfer's year the due is
 * unknown (transferFees gives 0), and nothing is capped until the agreement is entered. A
 * reversal (negative amount) only gives back. One rule, one message, for the payment form, the
 * final approval and the ledger import.
 */
export function feeOverpayment(fee: { due: bigint; agreementId: number | null } | undefined, committed: bigint, amount: bigint): string | null {
  if (!fee || fee.agreementId === null || amount <= 0n) return null;
  const left = fee.due - committed;
  if (amount <= left) return null;
  return `超过该场次应付的劳务费：应付 ${formatYuan(fee.due)} 元，已支付与待支付 ${formatYuan(committed)} 元，`
    + `尚可支付 ${formatYuan(left > 0n ? left : 0n)} 元，本笔 ${formatYuan(amount)} 元`;
}

/** One round of the rounds a parcel-wide fee payment is held against (a row of `transferFees`). */
export interface FeeRound { round: number; result: string; due: bigint; agreementId: number | null }

/**
 * Why an agency-fee payment for every round of a parcel that its agency ran (`挂牌劳务费（两场）`:
 * payments.all_rounds, or a ledger row naming a 标的编号 without 场次) would pay more than the fee due
 * for all those rounds together, or null. `committed` is what every fee payment of those rounds
 * already holds, reserved or paid, one-round and all-round alike. A 流拍 round counts where its
 * agreement says 流拍计费 是 (feeDue gives it its fee). Without an agreement for one of the rounds the
 * due is not known and nothing is capped, as for one round.
 */
export function roundsFeeOverpayment(rounds: readonly FeeRound[], committed: bigint, amount: bigint): string | null {
  if (rounds.length === 0 || amount <= 0n || rounds.some((r) => r.agreementId === null)) return null;
  const due = rounds.reduce((sum, r) => sum + r.due, 0n);
  const left = due - committed;
  if (amount <= left) return null;
  const each = [...rounds].sort((a, b) => a.round - b.round).map((r) => `第${r.round}场${r.result} ${formatYuan(r.due)}`).join('、');
  return `超过该标的各场次应付的劳务费：应付 ${formatYuan(due)} 元（${each}），已支付与待支付 ${formatYuan(committed)} 元，`
    + `尚可支付 ${formatYuan(left > 0n ? left : 0n)} 元，本笔 ${formatYuan(amount)} 元`;
}

/** What the fee payments of a round hold: those for it alone, and those for all its parcel's rounds (entered on it). */
export interface HeldFees { round: bigint; allRounds: bigint }

/**
 * The fee guard of one agency-fee payment, one rule for the payment form, the final approval and
 * the ledger import. A payment for one round is held against that round's fee (feeOverpayment, by
 * what its one-round payments hold) and, with the all-round payments of its parcel, against the fee
 * of all the rounds its agency ran; a payment for all rounds against the latter only.
 * `rounds`: the parcel's rounds of the agency (transferFees rows), the payment's own among them;
 * `held`: what each round's fee payments hold, by transfer id.
 */
export function feeGuard(
  payment: { transferId: number; allRounds: boolean; amount: bigint },
  rounds: readonly (FeeRound & { transferId: number })[], held: ReadonlyMap<number, HeldFees>,
): string | null {
  const own = rounds.find((r) => r.transferId === payment.transferId);
  const of = (id: number) => held.get(id) ?? { round: 0n, allRounds: 0n };
  const all = rounds.reduce((sum, r) => sum + of(r.transferId).round + of(r.transferId).allRounds, 0n);
  // A parcel its agency ran once: one round, whichever way the payment names it.
  if (rounds.length <= 1) return feeOverpayment(own, all, payment.amount);
  if (!payment.allRounds) {
    const single = feeOverpayment(own, of(payment.transferId).round, payment.amount);
    if (single) return single;
  }
  return roundsFeeOverpayment(rounds, all, payment.amount);
}

/**
 * How the all-round fee payments of a parcel's rounds (one agency) show on the statement, which
 * lists rounds: their sum fills each round's outstanding fee in round order, and what is left goes
 * to the last round (where an overpayment then shows as 多付). Returns each round's share, by
 * transfer id; `paid` is what its one-round payments paid.
 */
export function shareAllRounds(rounds: readonly { transferId: number; round: number; due: bigint; paid: bigint }[], allRounds: bigint): Map<number, bigint> {
  const out = new Map<number, bigint>();
  const ordered = [...rounds].sort((a, b) => a.round - b.round);
  let left = allRounds;
  ordered.forEach((r, i) => {
    const room = r.due - r.paid > 0n ? r.due - r.paid : 0n;
    const share = i === ordered.length - 1 ? left : left <= 0n ? 0n : left < room ? left : room;
    out.set(r.transferId, share);
    left -= share;
  });
  return out;
}

/** The part of one agency's statement: transfers, due, paid and outstanding, summed. */
export interface FeeTotals { transfers: number; due: bigint; paid: bigint; outstanding: bigint }

/** Sums fee rows per agency (rows of `transferFees`), in the order the agencies first appear. */
export function totalsByAgency<R extends { agencyId: number; agencyName: string; due: bigint; paid: bigint }>(rows: readonly R[]) {
  const out = new Map<number, FeeTotals & { agencyId: number; agencyName: string }>();
  for (const r of rows) {
    const t = out.get(r.agencyId) ?? { agencyId: r.agencyId, agencyName: r.agencyName, transfers: 0, due: 0n, paid: 0n, outstanding: 0n };
    t.transfers += 1;
    t.due += r.due;
    t.paid += r.paid;
    t.outstanding = t.due - t.paid;
    out.set(r.agencyId, t);
  }
  return [...out.values()];
}

export function sumTotals(rows: readonly { due: bigint; paid: bigint }[]): FeeTotals {
  const due = rows.reduce((s, r) => s + r.due, 0n);
  const paid = rows.reduce((s, r) => s + r.paid, 0n);
  return { transfers: rows.length, due, paid, outstanding: due - paid };
}

/** Whole days from one calendar date to another (`YYYY-MM-DD`, no time zone involved). */
export function daysBetween(from: string, to: string): number {
  const day = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10))) / 86_400_000;
  return day(to) - day(from);
}

/**
 * A fee left unpaid too long: something is still outstanding and the auction (成交日期, else
 * 竞价日期) is more than `days` days before `today`.
 */
export function isOverdue(row: { outstanding: bigint; date: string | null }, today: string, days: number): boolean {
  return row.outstanding > 0n && row.date !== null && daysBetween(row.date, today) > days;
}

export const DEFAULT_OVERDUE_DAYS = 30;
