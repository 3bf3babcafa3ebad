import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodes, shareCost } from './rules';

const parcels = (...codes: string[]) => codes.map((code) => ({ code }));
const shares = (cost: bigint, codes: string[]) => shareCost(cost, parcels(...codes)).map((s) => [s.parcel.code, s.share]);

describe('shareCost', () => {
  it('splits evenly when the cost divides', () => {
    expect(shares(90000n, ['B', 'A', 'C'])).toEqual([['A', 30000n], ['B', 30000n], ['C', 30000n]]);
  });

  it('gives the remainder 1 分 each to the first parcels in 标的编号 order, whatever the input order', () => {
    // 1000.01 元 = 100001 分 = 3 × 33333 + 2
    expect(shares(100001n, ['P-003', 'P-001', 'P-002'])).toEqual([['P-001', 33334n], ['P-002', 33334n], ['P-003', 33333n]]);
  });

  it('handles a cost smaller than the number of parcels, a zero cost and a single parcel', () => {
    expect(shares(2n, ['c', 'a', 'b', 'd'])).toEqual([['a', 1n], ['b', 1n], ['c', 0n], ['d', 0n]]);
    expect(shares(0n, ['a', 'b'])).toEqual([['a', 0n], ['b', 0n]]);
    expect(shares(12345n, ['only'])).toEqual([['only', 12345n]]);
    expect(shareCost(100n, [])).toEqual([]);
  });

  it('stays exact beyond the range of a float', () => {
    const cost = 9_007_199_254_740_993n; // 2^53 + 1
    const r = shareCost(cost, parcels('a', 'b'));
    expect(r.map((s) => s.share)).toEqual([4_503_599_627_370_497n, 4_503_599_627_370_496n]);
  });

  it('refuses a negative cost', () => {
    expect(() => shareCost(-1n, parcels('a'))).toThrow(RangeError);
  });

  it('always sums exactly to the cost, with shares differing by at most 1 分, larger shares first in code order', () => {
    fc.assert(fc.property(
      fc.bigInt({ min: 0n, max: 10n ** 15n }),
      fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 60 }),
      (cost, codes) => {
        const r = shareCost(cost, parcels(...codes));
        const values = r.map((s) => s.share);
        expect(values.reduce((a, b) => a + b, 0n)).toBe(cost);
        const max = values.reduce((a, b) => (b > a ? b : a));
        const min = values.reduce((a, b) => (b < a ? b : a));
        expect(max - min <= 1n).toBe(true);
        // Ascending codes, and the shares never increase along them: the extra 分 went to the first parcels.
        for (let i = 1; i < r.length; i++) {
          expect(compareCodes(r[i - 1]!.parcel.code, r[i]!.parcel.code)).toBe(-1);
          expect(r[i - 1]!.share >= r[i]!.share).toBe(true);
        }
        const larger = BigInt(r.filter((s) => s.share === max).length);
        expect(larger).toBe(max === min ? BigInt(codes.length) : cost % BigInt(codes.length));
      },
    ));
  });

  it('does not depend on the order the parcels are given in', () => {
    fc.assert(fc.property(
      fc.bigInt({ min: 0n, max: 10n ** 12n }),
      fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 20 }),
      (cost, codes) => {
        const a = shares(cost, codes);
        const b = shares(cost, [...codes].reverse());
        expect(b).toEqual(a);
      },
    ));
  });
});
