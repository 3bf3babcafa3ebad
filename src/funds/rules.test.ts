import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  approvalRefusal, budgetDateProblem, fitsBudget, inYearProblem, isDrafter, percent, returnRefusal, stepOf,
} from './rules';

/** The reference: part / whole × 100 as an exact fraction, rounded half away from zero to 1/100, by long division on BigInt. */
function reference(part: bigint, whole: bigint): string | null {
  if (whole === 0n) return null;
  const num = part * 10000n; // hundredths of a percent: part × 100 × 100
  const negative = (num < 0n) !== (whole < 0n) && num !== 0n;
  const n = num < 0n ? -num : num;
  const d = whole < 0n ? -whole : whole;
  const q = n / d;
  const r = n % d;
  const rounded = r * 2n >= d ? q + 1n : q;
  const digits = rounded.toString().padStart(3, '0');
  const s = `${digits.slice(0, -2)}.${digits.slice(-2)}`;
  return negative && rounded !== 0n ? `-${s}` : s;
}

describe('percent', () => {
  it('gives the seed’s rates', () => {
    expect(percent(91_500_000n, 100_000_000n)).toBe('91.50'); // 91.5万 of 100万
    expect(percent(100_000_000n, 100_000_000n)).toBe('100.00');
    expect(percent(0n, 100_000_000n)).toBe('0.00');
    expect(percent(3n, 2n)).toBe('150.00');
  });

  it('rounds half-up once, at the end', () => {
    expect(percent(1n, 3n)).toBe('33.33');
    expect(percent(2n, 3n)).toBe('66.67');
    expect(percent(1n, 20000n)).toBe('0.01'); // exactly 0.005 %
    expect(percent(1n, 20001n)).toBe('0.00'); // just under
    expect(percent(1n, 8n)).toBe('12.50');
  });

  it('has no rate without a budget, and signs a negative share (a reversal greater than the spending)', () => {
    expect(percent(5n, 0n)).toBeNull();
    expect(percent(-50n, 100n)).toBe('-50.00');
    expect(percent(-1n, 1_000_000n)).toBe('0.00'); // not "-0.00"
  });

  it('equals the BigInt reference for any amounts', () => {
    const amount = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });
    fc.assert(fc.property(amount, amount, (part, whole) => {
      expect(percent(part, whole)).toBe(reference(part, whole));
    }), { numRuns: 5000 });
  });

});

describe('approval chain', () => {
  const drafted = (status: string, createdBy = 1) => ({ status: status as never, createdBy });
  it('walks 科室负责人 → 业务分管领导 → 财务分管领导 → 待支付', () => {
    expect(stepOf('待科室负责人审核')).toEqual({ duty: '科室负责人', next: '待业务分管领导审批' });
    expect(stepOf('待业务分管领导审批')).toEqual({ duty: '业务分管领导', next: '待财务分管领导审批' });
    expect(stepOf('待财务分管领导审批')).toEqual({ duty: '财务分管领导', next: '待支付' });
    for (const s of ['草稿', '待支付', '已支付', '已退回', '已撤销'] as const) expect(stepOf(s)).toBeNull();
  });

  it('lets only the holder of the step’s duty sign, never the drafter, never twice on one payment', () => {
    const head = { id: 2, duties: ['科室负责人'] };
    expect(approvalRefusal(drafted('待科室负责人审核'), head, [])).toBeNull();
    expect(approvalRefusal(drafted('待业务分管领导审批'), head, [])?.status).toBe(403);
    expect(approvalRefusal(drafted('待科室负责人审核', 2), head, [])?.message).toContain('经办人不能审批');
    expect(approvalRefusal(drafted('已支付'), head, [])?.status).toBe(409);
    const both = { id: 3, duties: ['科室负责人', '财务分管领导'] };
    const signedFirst = [{ userId: 3, duty: '科室负责人', toStatus: '待业务分管领导审批' }];
    expect(approvalRefusal(drafted('待财务分管领导审批'), both, signedFirst)?.message).toContain('两个审批步骤');
    // Sending back is not a signature of a step, and signing the same step again after a return is fine.
    expect(approvalRefusal(drafted('待财务分管领导审批'), both, [{ userId: 3, duty: '科室负责人', toStatus: '已退回' }])).toBeNull();
    expect(approvalRefusal(drafted('待科室负责人审核'), both, signedFirst)).toBeNull();
  });

  it('lets the step’s duty holder send back', () => {
    expect(returnRefusal(drafted('待业务分管领导审批'), { duties: ['业务分管领导'] })).toBeNull();
    expect(returnRefusal(drafted('待业务分管领导审批'), { duties: ['科室负责人'] })?.status).toBe(403);
    expect(returnRefusal(drafted('草稿'), { duties: ['科室负责人'] })?.status).toBe(409);
  });

  it('knows the drafter, and that an imported payment has none', () => {
    expect(isDrafter({ createdBy: 5 }, 5)).toBe(true);
    expect(isDrafter({ createdBy: 5 }, 6)).toBe(false);
    expect(isDrafter({ createdBy: null }, 6)).toBe(true);
  });

  it('reserves only within the total', () => {
    expect(fitsBudget(90_000n, 10_000n, 100_000n)).toBe(true);
    expect(fitsBudget(90_001n, 10_000n, 100_000n)).toBe(false);
  });
});

describe('dates of the project’s year', () => {
  it('takes the year, and December before it for a 年初预算', () => {
    expect(budgetDateProblem('追加', '2020-08-15', 2020)).toBeNull();
    expect(budgetDateProblem('年初预算', '2019-12-20', 2020)).toBeNull();
    expect(budgetDateProblem('追加', '2019-12-20', 2020)).toContain('2020年内');
    expect(budgetDateProblem('年初预算', '2019-11-30', 2020)).toContain('12月');
    expect(budgetDateProblem('调减', '2021-01-01', 2020)).not.toBeNull();
    expect(inYearProblem('支付日期', '2020-12-31', 2020)).toBeNull();
    expect(inYearProblem('支付日期', '2021-01-01', 2020)).toBe('支付日期应在项目年度2020年内');
  });
});
