import { describe, expect, it } from 'vitest';
import { DEFAULT_MARGIN, endedMonths, formatMargin, isBehind, monthInProgress, monthRanges, parseMargin, scheduleOf } from './rules';

describe('isBehind: execution rate below the 序时进度 rate by more than the margin, exactly', () => {
  // 12,000.00 元 budget: month 6 should have 50% spent; with a 10-point margin the line is 40% = 4,800.00 元.
  const total = 1_200_000n;

  it('is not behind exactly at the margin, and behind one 分 below it', () => {
    expect(isBehind(480_000n, total, 6, 1000n)).toBe(false);
    expect(isBehind(479_999n, total, 6, 1000n)).toBe(true);
    expect(isBehind(480_001n, total, 6, 1000n)).toBe(false);
  });

  it('compares the exact thirds, not rounded rate strings', () => {
    // Month 1 with no margin: 1/12 of the budget is 8.333…%; 99,999 分 of 1,200,000 is 8.33% when
    // rounded, the same string as the theoretical 8.33%, yet it is short, so behind.
    expect(isBehind(100_000n, total, 1, 0n)).toBe(false);
    expect(isBehind(99_999n, total, 1, 0n)).toBe(true);
    // A budget that does not divide by 12: 100.00 元, month 5 → 41.666…%; margin 1.66 → line 40.00666…%.
    expect(isBehind(4_001n, 10_000n, 5, 166n)).toBe(false); // 40.01% is above the line
    expect(isBehind(4_000n, 10_000n, 5, 166n)).toBe(true); // 40.00% is below it by 0.00666… point
    expect(isBehind(4_000n, 10_000n, 5, 167n)).toBe(false);
  });

  it('takes a fractional margin in hundredths of a point', () => {
    // 91.5% at month 12: 8.5 points short of 100%.
    expect(isBehind(91_500_000n, 100_000_000n, 12, 850n)).toBe(false);
    expect(isBehind(91_500_000n, 100_000_000n, 12, 849n)).toBe(true);
  });

  it('is never behind without a budget, and never ahead-as-behind', () => {
    expect(isBehind(0n, 0n, 12, 0n)).toBe(false);
    expect(isBehind(2_000_000n, total, 1, 0n)).toBe(false);
    expect(isBehind(0n, total, 12, 10000n)).toBe(false); // 100 points short is not more than 100
  });
});

describe('endedMonths and monthInProgress (today in Asia/Shanghai)', () => {
  it('counts months before the current one in the current year', () => {
    expect(endedMonths(2024, '2024-01-31')).toBe(0);
    expect(endedMonths(2024, '2024-03-01')).toBe(2);
    expect(endedMonths(2024, '2024-12-31')).toBe(11);
    expect(monthInProgress(2024, '2024-03-01')).toBe(3);
  });

  it('counts all twelve for an earlier year and none for a later one', () => {
    expect(endedMonths(2020, '2024-03-01')).toBe(12);
    expect(endedMonths(2025, '2024-12-31')).toBe(0);
    expect(monthInProgress(2020, '2024-03-01')).toBeNull();
    expect(monthInProgress(2025, '2024-03-01')).toBeNull();
  });
});

describe('scheduleOf', () => {
  // 100万 budget all year, payments only in November and December (年末集中支付).
  const total = 100_000_000n;
  const months = Array.from({ length: 12 }, (_, i) => ({
    month: i + 1, total, spent: i + 1 === 11 ? 30_000_000n : i + 1 === 12 ? 91_500_000n : 0n,
  }));

  it('names the ended months that fell behind and whether the latest one is behind', () => {
    const s = scheduleOf(months, 12, DEFAULT_MARGIN);
    expect(s.behindMonths).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(s.latestMonth).toBe(12);
    expect(s.behind).toBe(false);
    expect(scheduleOf(months, 12, 500n).behind).toBe(true);
  });

  it('only judges months that have ended', () => {
    const s = scheduleOf(months, 4, DEFAULT_MARGIN);
    expect(s.behindMonths).toEqual([2, 3, 4]);
    expect(s.behind).toBe(true);
    expect(scheduleOf(months, 0, DEFAULT_MARGIN)).toEqual({ ended: 0, behindMonths: [], latestMonth: null, behind: false });
  });
});

describe('margin parameter and month names', () => {
  it('parses 0–100 with up to two decimals and falls back to 10 otherwise', () => {
    expect(parseMargin(undefined)).toBe(1000n);
    expect(parseMargin('0')).toBe(0n);
    expect(parseMargin('7.5')).toBe(750n);
    expect(parseMargin('100')).toBe(10000n);
    for (const bad of ['100.01', '-1', 'abc', '1e2', '5.555', '']) expect(parseMargin(bad)).toBe(1000n);
    expect([formatMargin(1000n), formatMargin(750n), formatMargin(849n), formatMargin(0n)]).toEqual(['10', '7.5', '8.49', '0']);
  });

  it('names runs of months as ranges', () => {
    expect(monthRanges([2, 3, 4, 7, 9, 10])).toBe('2–4月、7月、9–10月');
    expect(monthRanges([])).toBe('');
  });
});
