// The rules of a land contract's 价款分期 schedule, one place for the form (and, later, the import).
//
// Sources:
// - 国土资发〔2010〕34号《关于加强房地产用地供应和监管有关问题的通知》: 土地出让成交后，必须在10个工作日内签订
//   出让合同，合同签订后1个月内必须缴纳出让价款50%的首付款，余款要按合同约定及时缴纳，最迟付款时间不得超过一年.
//   The text is confirmed through a secondary page in our corpus (not the notice itself).
// - 财综〔2009〕74号《关于进一步加强土地出让收支管理的通知》: 分期缴纳全部土地出让价款的期限原则上不超过一年；
//   经当地土地出让协调决策机构集体认定，特殊项目可以约定在两年内全部缴清；首次缴纳比例不得低于全部土地出让
//   价款的50%. As we recall it; not found in our corpus. The two-year term needs the decision's 文号.
// Mineral rights pay their 出让收益 by their own rules (not checked here; the form is for land).
import { formatYuan } from '../lib/money';

/** 国土资发〔2010〕34号 / 财综〔2009〕74号: the first instalment is at least 50% of the price. */
export const FIRST_INSTALMENT_PERCENT = 50n;
/** Within a month of signing. */
export const FIRST_INSTALMENT_MONTHS = 1;
/** The whole price within a year, or two with a collective decision's 文号. */
export const LAST_INSTALMENT_MONTHS = 12;
export const EXTENDED_LAST_INSTALMENT_MONTHS = 24;
export const MAX_INSTALMENTS = 6;

/** The same day `months` later; the month's last day when it has no such day (01-31 + 1 month → 02-28/29). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export interface Instalment { amount: bigint; dueOn: string }

export interface ScheduleFacts {
  price: bigint;
  signedOn: string;
  instalments: Instalment[];
  /** The 文号 that allows two years. */
  extensionDocNo?: string | null;
}

/** Problems of a schedule, each with the instalment row it belongs to (0 for the schedule as a whole). */
export function instalmentProblems(s: ScheduleFacts): { row: number; field: 'amount' | 'due'; message: string }[] {
  const out: { row: number; field: 'amount' | 'due'; message: string }[] = [];
  const list = s.instalments;
  if (list.length === 0) return [{ row: 1, field: 'amount', message: '请填写价款分期（至少一期；一次付清填一期）' }];
  list.forEach((x, i) => {
    if (x.dueOn < s.signedOn) out.push({ row: i + 1, field: 'due', message: `第${i + 1}期应缴日期不能早于合同签订日期 ${s.signedOn}` });
    if (i > 0 && x.dueOn <= list[i - 1]!.dueOn) out.push({ row: i + 1, field: 'due', message: `第${i + 1}期应缴日期应晚于第${i}期（${list[i - 1]!.dueOn}）` });
  });
  const first = list[0]!;
  const firstBy = addMonths(s.signedOn, FIRST_INSTALMENT_MONTHS);
  if (first.amount * 100n < s.price * FIRST_INSTALMENT_PERCENT) {
    const least = (s.price * FIRST_INSTALMENT_PERCENT + 99n) / 100n;
    out.push({ row: 1, field: 'amount', message: `首期价款 ${formatYuan(first.amount)} 元低于出让价款的${FIRST_INSTALMENT_PERCENT}%（至少 ${formatYuan(least)} 元，国土资发〔2010〕34号）` });
  }
  if (first.dueOn > firstBy) out.push({ row: 1, field: 'due', message: `首期价款应在合同签订后1个月内缴纳（不晚于 ${firstBy}，国土资发〔2010〕34号）` });
  const last = list.at(-1)!;
  const months = s.extensionDocNo ? EXTENDED_LAST_INSTALMENT_MONTHS : LAST_INSTALMENT_MONTHS;
  const lastBy = addMonths(s.signedOn, months);
  if (last.dueOn > lastBy) {
    out.push({
      row: list.length, field: 'due', message: s.extensionDocNo
        ? `全部价款应在合同签订后两年内缴清（不晚于 ${lastBy}，财综〔2009〕74号）`
        : `余款最迟应在合同签订后一年内缴清（不晚于 ${lastBy}，国土资发〔2010〕34号）；经集体决策可延至两年，须填写决策文号`,
    });
  }
  const sum = list.reduce((a, x) => a + x.amount, 0n);
  if (sum !== s.price) out.push({ row: 0, field: 'amount', message: `各期价款合计 ${formatYuan(sum)} 元，应等于出让价款 ${formatYuan(s.price)} 元` });
  return out;
}

// 财综〔2021〕19号《关于将国有土地使用权出让收入、矿产资源专项收入、海域使用金、无居民海岛使用金四项政府
// 非税收入划转税务部门征收有关问题的通知》: collected by the tax bureau from 2022-01-01 (as the issue states it;
// the notice's text was not found in our corpus). Before, by the 国库 on a 缴款书.
export const TAX_COLLECTION_FROM = '2022-01-01';

/** Who collected on a day: the 国库 before TAX_COLLECTION_FROM, the 税务 from it. */
export function collectorProblem(collector: string, on: string): string | null {
  const expected = on < TAX_COLLECTION_FROM ? '国库' : '税务';
  if (collector === expected) return null;
  return expected === '税务'
    ? `自 ${TAX_COLLECTION_FROM} 起土地出让收入由税务部门征收（财综〔2021〕19号），${on} 的缴款应登记为“税务”入库`
    : `${TAX_COLLECTION_FROM} 前土地出让收入由国库以缴款书收缴，${on} 的缴款应登记为“国库”`;
}

export interface Paid {
  amount: bigint; on: string;
  /** A collection's id, and for a 冲销 the collection it reverses (its amount is the negative of that one's). */
  id?: number; reverses?: number | null;
}

export interface InstalmentStatus {
  seq: number; dueOn: string; amount: bigint;
  /** Paid towards it by asOf (payments fill the instalments in order of their dates). */
  paid: bigint; outstanding: bigint;
  /** The day it was paid in full; null while not. */
  settledOn: string | null;
  /** Days past due on asOf while not paid in full; 0 otherwise. */
  overdueDays: number;
  /** Days its last part came after its due day (0 when on time or not yet paid). */
  lateDays: number;
}

const days = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * Each instalment's 已缴/欠缴 and lateness on a day: the payments made by then (collections and the
 * deposit turned into price), taken in date order, fill the instalments in order.
 */
export function scheduleStatus(instalments: { seq: number; dueOn: string; amount: bigint }[], payments: Paid[], asOf: string): InstalmentStatus[] {
  // A 冲销 made by asOf takes its collection out with it: neither ever paid anything (before it, the collection counts).
  const made = payments.filter((p) => p.on <= asOf);
  const reversed = new Set(made.flatMap((p) => (p.reverses != null ? [p.reverses] : [])));
  const queue = made.filter((p) => p.reverses == null && !(p.id !== undefined && reversed.has(p.id))).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0)).map((p) => ({ ...p }));
  return instalments.map((x) => {
    let paid = 0n;
    let settledOn: string | null = null;
    while (paid < x.amount && queue.length) {
      const p = queue[0]!;
      const take = p.amount < x.amount - paid ? p.amount : x.amount - paid;
      paid += take;
      p.amount -= take;
      if (paid === x.amount) settledOn = p.on;
      if (p.amount === 0n) queue.shift();
    }
    const outstanding = x.amount - paid;
    return {
      seq: x.seq, dueOn: x.dueOn, amount: x.amount, paid, outstanding, settledOn,
      overdueDays: outstanding > 0n && x.dueOn < asOf ? days(x.dueOn, asOf) : 0,
      lateDays: settledOn && settledOn > x.dueOn ? days(x.dueOn, settledOn) : 0,
    };
  });
}
