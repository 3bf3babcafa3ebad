// Working days: Monday to Friday, except the days the calendar table overrides — the 放假 days of the
// State Council's yearly 节假日安排 that fall on weekdays, and the 调休上班 weekends it makes working
// days. The table (calendar_days) is kept by the admin; this module only reads it. Dates are
// `YYYY-MM-DD` strings, as everywhere.

/** The calendar's overrides: a date → whether it is a working day. */
export type CalendarOverrides = ReadonlyMap<string, boolean>;

const toUtc = (day: string) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
};
const fromUtc = (dt: Date) => dt.toISOString().slice(0, 10);

export function addDays(day: string, n: number): string {
  const dt = toUtc(day);
  dt.setUTCDate(dt.getUTCDate() + n);
  return fromUtc(dt);
}

export function isWeekend(day: string): boolean {
  const wd = toUtc(day).getUTCDay();
  return wd === 0 || wd === 6;
}

export function isWorkingDay(day: string, overrides: CalendarOverrides): boolean {
  return overrides.get(day) ?? !isWeekend(day);
}

/**
 * The `n`th working day after `day` (the day itself does not count: "活动结束后5个工作日内" ends on the
 * fifth working day after the activity's day). n = 0 gives `day` itself.
 */
export function addWorkingDays(day: string, n: number, overrides: CalendarOverrides): string {
  let d = day;
  for (let left = n; left > 0;) {
    d = addDays(d, 1);
    if (isWorkingDay(d, overrides)) left--;
  }
  return d;
}

/**
 * Working days from `from` to `to`: those after `from` up to and including `to` (0 when `to` ≤ `from`).
 * So a refund on `addWorkingDays(end, 5)` is 5 working days after the end, and on time.
 */
export function workingDaysBetween(from: string, to: string, overrides: CalendarOverrides): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, overrides)) n++;
  return n;
}

/** The range of dates a computation over [from, to] plus `workingDays` may look at: enough for any run of holidays. */
export function calendarWindow(from: string, to: string, workingDays: number): { from: string; to: string } {
  // The longest run of days off in a year is the 春节 week with its weekends (at most ~10 days); three
  // calendar days per working day plus a month covers any period the law sets.
  return { from, to: addDays(to, workingDays * 3 + 31) };
}
