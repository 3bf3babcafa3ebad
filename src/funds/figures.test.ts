// The pure part of the monthly figures (monthFigures): no database needed.
import { describe, expect, it } from 'vitest';
import { monthFigures } from './figures';

describe('monthFigures', () => {
  it('rounds the 序时进度率 once, from m / 12, not from the theoretical already rounded to the 分', () => {
    // A total of 0.10 元: January's theoretical is 0.0083 元 → 0.01 元, but its rate is 8.33%, not 10.00%.
    const jan = monthFigures(1, 0n, 10n);
    expect(jan.theoretical).toBe(1n);
    expect(jan.theoreticalRate).toBe('8.33');
    expect(monthFigures(2, 0n, 10n).theoreticalRate).toBe('16.67'); // theoretical 0.02 元 would say 20.00%
    expect(monthFigures(5, 0n, 10n).theoreticalRate).toBe('41.67');
    expect(monthFigures(12, 0n, 10n).theoreticalRate).toBe('100.00');
    // Whatever the total, the same rates month by month.
    for (let m = 1; m <= 12; m++) expect(monthFigures(m, 0n, 7n).theoreticalRate).toBe(monthFigures(m, 0n, 100_000_000n).theoreticalRate);
  });

  it('has no rates while the total is 0', () => {
    const f = monthFigures(6, 500n, 0n);
    expect(f).toEqual({ month: 6, spent: 500n, total: 0n, theoretical: 0n, rate: null, theoreticalRate: null });
  });

  it('keeps the seed’s figures', () => {
    const dec = monthFigures(12, 91_500_000n, 100_000_000n);
    expect(dec.theoretical).toBe(100_000_000n);
    expect(dec.rate).toBe('91.50');
    const mar = monthFigures(3, 0n, 60_000_000n);
    expect(mar.theoretical).toBe(15_000_000n);
    expect(mar.theoreticalRate).toBe('25.00');
  });
});
