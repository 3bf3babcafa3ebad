import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fundsBySource } from './sources';

const wan = (n: number) => BigInt(n) * 1_000_000n; // 万元 → 分

describe('fundsBySource', () => {
  it('puts the seed’s project wholly on 财政拨款 (100万 budget, 91.5万 spent)', () => {
    const s = fundsBySource({ initial: wan(60), total: wan(100), arrivedOther: 0n, spent: 91_500_000n });
    expect(s.initial).toEqual({ amount: wan(60), fiscal: wan(60), other: 0n });
    expect(s.total).toEqual({ amount: wan(100), fiscal: wan(100), other: 0n });
    expect(s.spent).toEqual({ amount: 91_500_000n, fiscal: 91_500_000n, other: 0n });
  });

  it('takes 其它资金 of the budget from the arrivals, and spends 财政拨款 first', () => {
    // 100万 budget, 30万 of it arrived from other sources: 70万 财政拨款.
    const under = fundsBySource({ initial: wan(80), total: wan(100), arrivedOther: wan(30), spent: wan(50) });
    expect(under.total).toEqual({ amount: wan(100), fiscal: wan(70), other: wan(30) });
    expect(under.spent).toEqual({ amount: wan(50), fiscal: wan(50), other: 0n });
    expect(under.initial).toEqual({ amount: wan(80), fiscal: wan(70), other: wan(10) });
    const over = fundsBySource({ initial: wan(80), total: wan(100), arrivedOther: wan(30), spent: 90_000_001n });
    expect(over.spent).toEqual({ amount: 90_000_001n, fiscal: wan(70), other: 20_000_001n });
  });

  it('never shows a negative 财政拨款 budget when more arrived from other sources than was budgeted', () => {
    const s = fundsBySource({ initial: wan(10), total: wan(10), arrivedOther: wan(12), spent: wan(11) });
    expect(s.total).toEqual({ amount: wan(10), fiscal: 0n, other: wan(12) });
    expect(s.spent).toEqual({ amount: wan(11), fiscal: 0n, other: wan(11) });
    expect(s.initial).toEqual({ amount: wan(10), fiscal: 0n, other: wan(10) });
  });

  it('keeps a net negative 执行数 (a reversal of last year’s payment) on 财政拨款', () => {
    const s = fundsBySource({ initial: 0n, total: 0n, arrivedOther: 0n, spent: -500n });
    expect(s.spent).toEqual({ amount: -500n, fiscal: -500n, other: 0n });
  });

  it('always adds up, and never goes below 0 for amounts that are not negative', () => {
    const amount = fc.bigInt({ min: 0n, max: 10n ** 12n });
    fc.assert(fc.property(amount, amount, amount, amount, (initial, extra, arrivedOther, spent) => {
      const total = initial + extra;
      const s = fundsBySource({ initial, total, arrivedOther, spent });
      for (const part of [s.initial, s.total, s.spent]) {
        expect(part.fiscal).toBeGreaterThanOrEqual(0n);
        expect(part.other).toBeGreaterThanOrEqual(0n);
      }
      expect(s.initial.fiscal + s.initial.other).toBe(initial);
      expect(s.spent.fiscal + s.spent.other).toBe(spent);
      expect(s.total.fiscal).toBe(total > arrivedOther ? total - arrivedOther : 0n);
      // 其它资金 pays only what the 财政拨款 budget could not.
      expect(s.spent.fiscal).toBe(spent < s.total.fiscal ? spent : s.total.fiscal);
    }));
  });
});
