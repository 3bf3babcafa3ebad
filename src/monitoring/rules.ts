// The schedule warning (双监控): pure rules over the monthly figures of src/funds/figures.ts.
// Everything is compared exactly in bigint; rounded rate strings are for display only, because
// "8.33" against "8.33" would hide a month that is a 分 short of its 序时进度.

/** The default margin in percentage points, as hundredths of a point (10.00). */
export const DEFAULT_MARGIN = 1000n;
const MARGIN = /^(\d{1,3})(?:\.(\d{1,2}))?$/;

/**
 * `?margin=` as hundredths of a percentage point: "10" → 1000n, "7.5" → 750n. Lenient like every
 * list filter: a value that is not a number from 0 to 100 falls back to the default, never an error.
 */
export function parseMargin(input: string | undefined): bigint {
  const m = MARGIN.exec(input?.trim() ?? '');
  if (!m) return DEFAULT_MARGIN;
  const v = BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
  return v <= 10000n ? v : DEFAULT_MARGIN;
}

/** 1000n → "10", 750n → "7.5": a margin as people type it, for links and labels. */
export function formatMargin(hundredths: bigint): string {
  const frac = (hundredths % 100n).toString().padStart(2, '0').replace(/0+$/, '');
  return frac ? `${hundredths / 100n}.${frac}` : `${hundredths / 100n}`;
}

/**
 * How many months of `year` have ended on `today` (YYYY-MM-DD, Asia/Shanghai): a month counts
 * only once it is over, since a month in progress is always "behind" on its first day.
 */
export function endedMonths(year: number, today: string): number {
  const ty = Number(today.slice(0, 4));
  const tm = Number(today.slice(5, 7));
  if (year < ty) return 12;
  if (year > ty) return 0;
  return tm - 1;
}

/**
 * Month m is behind when its execution rate (spent / total × 100) is lower than the theoretical
 * rate (m / 12 × 100) by more than the margin (hundredths of a point):
 *   m/12·100 − spent/total·100 > margin/100
 * multiplied through by 1200·total (> 0) so it holds in integers:
 *   10000·m·total − 120000·spent > 12·margin·total.
 * Exactly at the margin is not behind. Without a budget (total ≤ 0) there is no rate to fall behind.
 */
export function isBehind(spent: bigint, total: bigint, month: number, margin: bigint): boolean {
  if (total <= 0n) return false;
  return 10000n * BigInt(month) * total - 120000n * spent > 12n * margin * total;
}

/** The month of `year` in progress on `today`, if `year` is the current year. */
export function monthInProgress(year: number, today: string): number | null {
  return Number(today.slice(0, 4)) === year ? Number(today.slice(5, 7)) : null;
}

export interface MonthFigures { month: number; spent: bigint; total: bigint }

export interface Schedule {
  /** Months of the year that have ended (0–12). */
  ended: number;
  /** Ended months that fell behind, ascending. */
  behindMonths: number[];
  /** The latest ended month, if any. */
  latestMonth: number | null;
  /** Behind now: the latest ended month is behind. */
  behind: boolean;
}

/** The schedule of a project from its monthly figures: which ended months fell behind, and whether it is behind now. */
export function scheduleOf(months: readonly MonthFigures[], ended: number, margin: bigint): Schedule {
  const behindMonths = months
    .filter((m) => m.month <= ended && isBehind(m.spent, m.total, m.month, margin))
    .map((m) => m.month)
    .sort((a, b) => a - b);
  const latestMonth = ended > 0 ? ended : null;
  return { ended, behindMonths, latestMonth, behind: latestMonth !== null && behindMonths.includes(latestMonth) };
}

/** [2, 3, 4, 7, 9, 10] → "2–4月、7月、9–10月": months named the way a report names them. */
export function monthRanges(months: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < months.length) {
    let j = i;
    while (j + 1 < months.length && months[j + 1] === months[j]! + 1) j++;
    parts.push(j === i ? `${months[i]}月` : `${months[i]}–${months[j]}月`);
    i = j + 1;
  }
  return parts.join('、');
}
