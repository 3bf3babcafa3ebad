import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  daysBetween, feeDue, feeGuard, feeOverpayment, feePayable, formatRate, formatTiers, isOverdue, parseRate, parseTiers, rateFee, shareAllRounds, tieredFee, tiersToStored,
  totalsByAgency, type FeeAgreementTerms, type Tier,
} from './rules';

const tiers = (text: string) => {
  const r = parseTiers(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const tierError = (text: string) => {
  const r = parseTiers(text);
  return r.ok ? null : r.error;
};
const agreement = (a: Partial<FeeAgreementTerms>): FeeAgreementTerms =>
  ({ method: '按宗固定', fixedAmount: null, rate: null, tiers: null, cap: null, payFailed: false, ...a });
const sold = (dealPrice: bigint) => ({ result: '成交', dealPrice });

describe('rates', () => {
  it('parses percent strings into ten-thousandths of a percent, exactly', () => {
    expect(parseRate('1.5')).toEqual({ ok: true, value: 15000n });
    expect(parseRate('0.2500')).toEqual({ ok: true, value: 2500n });
    expect(parseRate('1.5%')).toEqual({ ok: true, value: 15000n });
    expect(parseRate('100')).toEqual({ ok: true, value: 1_000_000n });
    expect(parseRate('0.0001')).toEqual({ ok: true, value: 1n });
    expect(parseRate('100.0001')).toEqual({ ok: false, error: '费率不能超过 100%' });
    expect(parseRate('1.23456').ok).toBe(false);
    expect(parseRate('-1').ok).toBe(false);
    expect(parseRate('1e2').ok).toBe(false);
    expect(formatRate(15000n)).toBe('1.5');
    expect(formatRate(2500n)).toBe('0.25');
    expect(formatRate(1_000_000n)).toBe('100');
  });

  it('rounds price × rate half-up to the 分', () => {
    expect(rateFee(1n, 500_000n)).toBe(1n); // 0.5 分 → 1 分
    expect(rateFee(333n, 2500n)).toBe(1n); // 0.8325 分
    expect(rateFee(3n, 100_000n)).toBe(0n); // 0.3 分
    expect(rateFee(1_000_000_000_00n, 15000n)).toBe(15_000_000_00n); // 10亿元 × 1.5% = 1500万元
  });
});

describe('分档 notation', () => {
  it('parses the ledger example and formats it back', () => {
    const t = tiers('0-1000000:1;1000000-5000000:0.5;5000000-:0.25');
    expect(t).toEqual([
      { from: 0n, to: 100_000_000n, rate: 10000n },
      { from: 100_000_000n, to: 500_000_000n, rate: 5000n },
      { from: 500_000_000n, to: null, rate: 2500n },
    ]);
    expect(formatTiers(t)).toBe('0-1000000:1;1000000-5000000:0.5;5000000-:0.25');
    expect(tiersToStored(t)).toEqual([
      { from: '0', to: '100000000', rate: '1' }, { from: '100000000', to: '500000000', rate: '0.5' }, { from: '500000000', to: null, rate: '0.25' },
    ]);
  });

  it('accepts full-width punctuation, spaces, grouped amounts and 元 with 分', () => {
    expect(tiers(' 0 - 1,000,000.50 ：1% ； 1000000.50-：0.5 ')).toEqual([
      { from: 0n, to: 100_000_050n, rate: 10000n }, { from: 100_000_050n, to: null, rate: 5000n },
    ]);
    expect(formatTiers(tiers('0-1000000.5:1;1000000.5-:0.5'))).toBe('0-1000000.50:1;1000000.50-:0.5');
  });

  it('explains each mistake in Chinese', () => {
    expect(tierError('')).toContain('请填写分档');
    expect(tierError('0-100:1;200-:1')).toBe('第2档与第1档之间有空档：100 元至 200 元没有费率');
    expect(tierError('0-300:1;200-:1')).toBe('第2档与第1档重叠：第1档到 300 元为止，第2档却从 200 元开始');
    expect(tierError('0-100:1;500-:1;100-500:2')).toBe('分档应按下限从小到大排列（第3档的下限小于第2档）');
    expect(tierError('0-100:1;100-200:2')).toContain('最后一档应不填上限');
    expect(tierError('0-:1;100-:2')).toContain('只有最后一档可以不填上限');
    expect(tierError('100-:1')).toContain('第1档应从 0 元开始');
    expect(tierError('0-100:abc;100-:1')).toContain('第1档费率');
    expect(tierError('0-100:101;100-:1')).toContain('费率不能超过 100%');
    expect(tierError('0-100;100-:1')).toContain('第1档“0-100”格式不正确');
    expect(tierError('0-0:1;0-:1')).toBe('第1档的上限应大于下限');
    expect(tierError('x-100:1')).toContain('第1档下限');
  });
});

describe('feeDue', () => {
  const ledgerTiers = tiersToStored(tiers('0-1000000:1;1000000-5000000:0.5;5000000-:0.25'));

  it('按宗固定 pays the fixed amount per lot, whatever the price', () => {
    const a = agreement({ method: '按宗固定', fixedAmount: 5_000_00n });
    expect(feeDue(a, sold(1n))).toBe(5_000_00n);
    expect(feeDue(a, sold(10n ** 12n))).toBe(5_000_00n);
  });

  it('按成交价比例 pays price × rate, rounded half-up', () => {
    const a = agreement({ method: '按成交价比例', rate: '0.2500' });
    expect(feeDue(a, sold(1_234_567_89n))).toBe(3_086_42n); // 3086.419725 元 → 3086.42
    expect(feeDue(a, sold(200n))).toBe(1n); // 2 元 × 0.25% = 0.5 分 → 1 分
    expect(feeDue(a, sold(199n))).toBe(0n); // 0.4975 分 → 0
  });

  it('分档累进 pays each slice its own rate', () => {
    const a = agreement({ method: '分档累进', tiers: ledgerTiers });
    // 8,000,000 元: 1,000,000 × 1% + 4,000,000 × 0.5% + 3,000,000 × 0.25% = 10,000 + 20,000 + 7,500
    expect(feeDue(a, sold(8_000_000_00n))).toBe(37_500_00n);
    expect(feeDue(a, sold(1_000_000_00n))).toBe(10_000_00n);
    expect(feeDue(a, sold(0n))).toBe(0n);
  });

  it('rounds the tiered fee once at the end, never slice by slice', () => {
    // Two slices of 1 分 at 50% are 0.5 分 each: rounded per slice they would make 2 分, exactly they make 1.
    const a = agreement({ method: '分档累进', tiers: tiersToStored(tiers('0-0.01:50;0.01-:50')) });
    expect(feeDue(a, sold(2n))).toBe(1n);
  });

  it('caps the fee of one transfer, for every method', () => {
    expect(feeDue(agreement({ method: '分档累进', tiers: ledgerTiers, cap: 30_000_00n }), sold(8_000_000_00n))).toBe(30_000_00n);
    expect(feeDue(agreement({ method: '按成交价比例', rate: '1', cap: 100n }), sold(1_000_000n))).toBe(100n);
    expect(feeDue(agreement({ method: '按宗固定', fixedAmount: 500n, cap: 300n }), sold(1n))).toBe(300n);
    expect(feeDue(agreement({ method: '按成交价比例', rate: '1', cap: 100n }), sold(100n))).toBe(1n);
  });

  it('pays a 流拍 only a fixed amount, and only when 流拍计费 is 是', () => {
    const failed = { result: '流拍', dealPrice: null };
    expect(feeDue(agreement({ method: '按宗固定', fixedAmount: 2_000_00n, payFailed: true }), failed)).toBe(2_000_00n);
    expect(feeDue(agreement({ method: '按宗固定', fixedAmount: 2_000_00n, payFailed: true, cap: 1_000_00n }), failed)).toBe(1_000_00n);
    expect(feeDue(agreement({ method: '按宗固定', fixedAmount: 2_000_00n, payFailed: false }), failed)).toBe(0n);
    expect(feeDue(agreement({ method: '按成交价比例', rate: '1', payFailed: true }), failed)).toBe(0n);
    expect(feeDue(agreement({ method: '分档累进', tiers: ledgerTiers, payFailed: true }), failed)).toBe(0n);
  });

  it('pays nothing for 终止 or 进行中', () => {
    const a = agreement({ method: '按宗固定', fixedAmount: 2_000_00n, payFailed: true });
    expect(feeDue(a, { result: '终止', dealPrice: null })).toBe(0n);
    expect(feeDue(a, { result: '进行中', dealPrice: null })).toBe(0n);
  });
});

describe('feePayable', () => {
  it('lets a fee be paid for every 成交, and for any other round only when feeDue gives it one', () => {
    const payFailed = agreement({ method: '按宗固定', fixedAmount: 2_000_00n, payFailed: true });
    const noPayFailed = agreement({ method: '按宗固定', fixedAmount: 2_000_00n, payFailed: false });
    const row = (a: ReturnType<typeof agreement>, result: string) => ({ result, due: feeDue(a, { result, dealPrice: null }) });
    expect(feePayable(row(payFailed, '流拍'))).toBe(true);
    expect(feePayable(row(noPayFailed, '流拍'))).toBe(false);
    expect(feePayable(row(payFailed, '终止'))).toBe(false);
    expect(feePayable(row(payFailed, '进行中'))).toBe(false);
    // A 成交 without an agreement yet (due 0) may still be paid: its fee is owed.
    expect(feePayable({ result: '成交', due: 0n })).toBe(true);
  });
});

// ---- property tests against references written another way ----

interface Fraction { n: bigint; d: bigint }
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
const add = (x: Fraction, y: Fraction): Fraction => {
  const n = x.n * y.d + y.n * x.d;
  const d = x.d * y.d;
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
};
/** A percent written as a decimal string ("0.25"), as the exact fraction of 1 it means (0.25% = 25/10000). */
function percentFraction(text: string): Fraction {
  const [whole, frac = ''] = text.split('.');
  const n = BigInt(`${whole}${frac}`);
  const d = 100n * 10n ** BigInt(frac.length);
  return { n, d };
}
/** Nearest integer, halves up, decided by comparing the remainder with half the denominator. */
const roundHalfUp = (x: Fraction): bigint => {
  const q = x.n / x.d;
  const r = x.n % x.d;
  return 2n * r >= x.d ? q + 1n : q;
};

/** Reference: sums slice × rate as exact fractions, tier by tier, read from the stored (string) form. */
function referenceTieredFee(price: bigint, text: string): bigint {
  let total: Fraction = { n: 0n, d: 1n };
  for (const part of text.split(';')) {
    const [range, rate] = part.split(':') as [string, string];
    const [lo, hi] = range.split('-') as [string, string];
    const loFen = yuanToFen(lo);
    const hiFen = hi === '' ? price : yuanToFen(hi) < price ? yuanToFen(hi) : price;
    if (hiFen <= loFen) continue;
    const r = percentFraction(rate);
    total = add(total, { n: (hiFen - loFen) * r.n, d: r.d });
  }
  return roundHalfUp(total);
}
function yuanToFen(yuan: string): bigint {
  const [w, f = ''] = yuan.split('.');
  return BigInt(w!) * 100n + BigInt(f.padEnd(2, '0'));
}

/** Reference for small prices: walks the price one 分 at a time, each 分 paying the rate of the tier it falls in. */
function perFenTieredFee(price: bigint, t: Tier[]): bigint {
  let total: Fraction = { n: 0n, d: 1n };
  for (let k = 0n; k < price; k++) {
    const tier = t.find((x) => x.from <= k && (x.to === null || k < x.to))!;
    total = add(total, percentFraction(formatRate(tier.rate)));
  }
  return roundHalfUp(total);
}

const rateArb = fc.bigInt({ min: 0n, max: 1_000_000n });
/** Valid tiers: from 0, contiguous, ascending, the last open-ended. */
const tiersArb = (maxBound: bigint) => fc.tuple(
  fc.uniqueArray(fc.bigInt({ min: 1n, max: maxBound }), { maxLength: 6 }),
  fc.array(rateArb, { minLength: 7, maxLength: 7 }),
).map(([bounds, rates]) => {
  const b = [0n, ...bounds.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))];
  return b.map((from, i): Tier => ({ from, to: b[i + 1] ?? null, rate: rates[i]! }));
});

const agreementArb: fc.Arbitrary<FeeAgreementTerms> = fc.record({
  method: fc.constantFrom('按宗固定' as const, '按成交价比例' as const, '分档累进' as const),
  fixedAmount: fc.bigInt({ min: 0n, max: 10n ** 9n }),
  rate: rateArb.map(formatRate),
  tiers: tiersArb(10n ** 11n).map(tiersToStored),
  cap: fc.option(fc.bigInt({ min: 0n, max: 10n ** 9n }), { nil: null }),
  payFailed: fc.boolean(),
});

describe('fee properties', () => {
  it('tiered fees equal an exact rational reference', () => {
    fc.assert(fc.property(tiersArb(10n ** 12n), fc.bigInt({ min: 0n, max: 10n ** 13n }), (t, price) => {
      expect(tieredFee(price, t)).toBe(referenceTieredFee(price, formatTiers(t)));
    }), { numRuns: 500 });
  });

  it('tiered fees equal a walk over every 分 of a small price', () => {
    fc.assert(fc.property(tiersArb(2000n), fc.bigInt({ min: 0n, max: 3000n }), (t, price) => {
      expect(tieredFee(price, t)).toBe(perFenTieredFee(price, t));
    }), { numRuns: 100 });
  });

  it('formatting tiers and parsing them back gives the same tiers', () => {
    fc.assert(fc.property(tiersArb(10n ** 12n), (t) => {
      expect(parseTiers(formatTiers(t))).toEqual({ ok: true, value: t });
    }));
  });

  it('the fee never falls as the price rises, and never exceeds the cap', () => {
    fc.assert(fc.property(agreementArb, fc.bigInt({ min: 0n, max: 10n ** 13n }), fc.bigInt({ min: 0n, max: 10n ** 13n }), (a, p, q) => {
      const [lo, hi] = p <= q ? [p, q] : [q, p];
      const feeLo = feeDue(a, sold(lo));
      const feeHi = feeDue(a, sold(hi));
      expect(feeLo <= feeHi).toBe(true);
      expect(feeLo >= 0n).toBe(true);
      if (a.cap !== null) expect(feeHi <= a.cap).toBe(true);
      expect(feeDue(a, { result: '流拍', dealPrice: null }) <= (a.cap ?? feeHi + a.fixedAmount!)).toBe(true);
    }), { numRuns: 500 });
  });

  it('one open tier is the same as 按成交价比例', () => {
    fc.assert(fc.property(rateArb, fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.option(fc.bigInt({ min: 0n, max: 10n ** 10n }), { nil: null }), (rate, price, cap) => {
      const byRate = feeDue(agreement({ method: '按成交价比例', rate: formatRate(rate), cap }), sold(price));
      const byTier = feeDue(agreement({ method: '分档累进', tiers: [{ from: '0', to: null, rate: formatRate(rate) }], cap }), sold(price));
      expect(byTier).toBe(byRate);
    }), { numRuns: 500 });
  });
});

describe('statement helpers', () => {
  it('counts whole calendar days and flags fees unpaid for more than N days', () => {
    expect(daysBetween('2020-02-28', '2020-03-01')).toBe(2);
    expect(daysBetween('2020-12-31', '2021-01-30')).toBe(30);
    expect(isOverdue({ outstanding: 1n, date: '2020-12-31' }, '2021-01-30', 30)).toBe(false);
    expect(isOverdue({ outstanding: 1n, date: '2020-12-31' }, '2021-01-31', 30)).toBe(true);
    expect(isOverdue({ outstanding: 0n, date: '2020-01-01' }, '2021-01-31', 30)).toBe(false);
    expect(isOverdue({ outstanding: -5n, date: '2020-01-01' }, '2021-01-31', 30)).toBe(false);
    expect(isOverdue({ outstanding: 5n, date: null }, '2021-01-31', 30)).toBe(false);
  });

  it('sums due and paid per agency', () => {
    const rows = [
      { agencyId: 2, agencyName: '乙', due: 100n, paid: 100n }, { agencyId: 1, agencyName: '甲', due: 50n, paid: 0n },
      { agencyId: 2, agencyName: '乙', due: 30n, paid: -0n },
    ];
    expect(totalsByAgency(rows)).toEqual([
      { agencyId: 2, agencyName: '乙', transfers: 2, due: 130n, paid: 100n, outstanding: 30n },
      { agencyId: 1, agencyName: '甲', transfers: 1, due: 50n, paid: 0n, outstanding: 50n },
    ]);
  });
});

describe('an agency fee within the fee due', () => {
  const fee = { due: 500_000n, agreementId: 7 };

  it('lets a payment take what is left of the fee, and not a 分 more', () => {
    expect(feeOverpayment(fee, 0n, 500_000n)).toBeNull();
    expect(feeOverpayment(fee, 300_000n, 200_000n)).toBeNull();
    expect(feeOverpayment(fee, 300_000n, 200_001n)).toBe(
      '超过该场次应付的劳务费：应付 5,000.00 元，已支付与待支付 3,000.00 元，尚可支付 2,000.00 元，本笔 2,000.01 元');
    // Already overpaid (before the rule existed): nothing is left, not a negative amount.
    expect(feeOverpayment(fee, 600_000n, 1n)).toBe('超过该场次应付的劳务费：应付 5,000.00 元，已支付与待支付 6,000.00 元，尚可支付 0.00 元，本笔 0.01 元');
    // A fee of 0 (a 流拍 the agreement does not pay) takes nothing.
    expect(feeOverpayment({ due: 0n, agreementId: 7 }, 0n, 1n)).toMatch(/应付 0\.00 元/);
  });

  it('caps nothing while the fee is unknown (no agreement, no agency), and never a reversal', () => {
    expect(feeOverpayment({ due: 0n, agreementId: null }, 0n, 100_000_000n)).toBeNull();
    expect(feeOverpayment(undefined, 0n, 100_000_000n)).toBeNull();
    expect(feeOverpayment(fee, 900_000n, -100_000n)).toBeNull();
  });

  it('refuses exactly when committed + amount > due', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 12n }),
      (due, committed, amount) => (feeOverpayment({ due, agreementId: 1 }, committed, amount) !== null) === (committed + amount > due)));
  });
});

describe('a fee for all the rounds of a parcel', () => {
  const rounds = [
    { transferId: 1, round: 1, result: '流拍', due: 300_000n, agreementId: 7 },
    { transferId: 2, round: 2, result: '成交', due: 500_000n, agreementId: 7 },
  ];
  const held = (entries: [number, bigint, bigint][]) => new Map(entries.map(([id, round, allRounds]) => [id, { round, allRounds }]));

  it('holds an all-round payment against the fee of every round, naming each', () => {
    expect(feeGuard({ transferId: 2, allRounds: true, amount: 800_000n }, rounds, held([]))).toBeNull();
    expect(feeGuard({ transferId: 2, allRounds: true, amount: 800_001n }, rounds, held([]))).toBe(
      '超过该标的各场次应付的劳务费：应付 8,000.00 元（第1场流拍 3,000.00、第2场成交 5,000.00），已支付与待支付 0.00 元，尚可支付 8,000.00 元，本笔 8,000.01 元');
  });

  it('holds a one-round payment against its round, and against all rounds with the all-round payments', () => {
    expect(feeGuard({ transferId: 1, allRounds: false, amount: 300_001n }, rounds, held([]))).toMatch(/^超过该场次应付的劳务费：应付 3,000.00 元/);
    // Round 1 has room by itself, but an all-round payment holds all of both.
    expect(feeGuard({ transferId: 1, allRounds: false, amount: 1n }, rounds, held([[2, 0n, 800_000n]]))).toMatch(/^超过该标的各场次应付的劳务费/);
    expect(feeGuard({ transferId: 1, allRounds: false, amount: 1n }, rounds, held([[2, 0n, 799_999n]]))).toBeNull();
  });

  it('caps nothing while a round has no agreement, and reads a parcel run once as one round', () => {
    expect(feeGuard({ transferId: 2, allRounds: true, amount: 10n ** 12n }, [rounds[0]!, { ...rounds[1]!, agreementId: null }], held([]))).toBeNull();
    expect(feeGuard({ transferId: 2, allRounds: true, amount: 500_001n }, [rounds[1]!], held([]))).toMatch(/^超过该场次应付的劳务费：应付 5,000.00 元/);
  });

  it('never lets the rounds together hold more than their fee', () => {
    fc.assert(fc.property(fc.array(fc.record({ round: fc.boolean(), which: fc.constantFrom(1, 2), amount: fc.bigInt({ min: 1n, max: 900_000n }) }), { maxLength: 12 }), (payments) => {
      const h = held([]);
      for (const p of payments) {
        if (feeGuard({ transferId: p.which, allRounds: !p.round, amount: p.amount }, rounds, h)) continue;
        const cur = h.get(p.which) ?? { round: 0n, allRounds: 0n };
        h.set(p.which, p.round ? { ...cur, round: cur.round + p.amount } : { ...cur, allRounds: cur.allRounds + p.amount });
      }
      const total = [...h.values()].reduce((s, x) => s + x.round + x.allRounds, 0n);
      expect(total <= 800_000n).toBe(true);
      for (const r of rounds) expect((h.get(r.transferId)?.round ?? 0n) <= r.due).toBe(true);
    }));
  });

  it('shares all-round payments among the rounds in order, the rest on the last', () => {
    const rows = [{ transferId: 1, round: 1, due: 300_000n, paid: 100_000n }, { transferId: 2, round: 2, due: 500_000n, paid: 0n }];
    expect([...shareAllRounds(rows, 700_000n)]).toEqual([[1, 200_000n], [2, 500_000n]]);
    expect([...shareAllRounds(rows, 900_000n)]).toEqual([[1, 200_000n], [2, 700_000n]]);
    expect([...shareAllRounds(rows, 100_000n)]).toEqual([[1, 100_000n], [2, 0n]]);
    fc.assert(fc.property(fc.bigInt({ min: -1_000_000n, max: 2_000_000n }), (total) => {
      expect([...shareAllRounds(rows, total).values()].reduce((a, b) => a + b, 0n)).toBe(total);
    }));
  });
});
