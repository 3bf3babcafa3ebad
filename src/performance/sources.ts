// 其中-财政拨款 / 其它资金 of the 绩效目标完成情况表 (预算执行情况). The records say where money
// came from only at 资金到位 (来源渠道), so the split of the budget follows the arrivals, and what
// was spent is taken from the 财政拨款 budget first: other funds only pay what it could not.

/** One amount split by source, in 分: fiscal + other. */
export interface SourceSplit { amount: bigint; fiscal: bigint; other: bigint }

export interface FundsBySource { initial: SourceSplit; total: SourceSplit; spent: SourceSplit }

const max0 = (v: bigint) => (v < 0n ? 0n : v);
const min = (a: bigint, b: bigint) => (a < b ? a : b);

/**
 * The budget's 其它资金 is what arrived from other sources (`arrivedOther`); its 财政拨款 is the
 * rest of the total budget (`total − arrivedOther`, not below 0). 财政拨款 is used first, by the
 * 年初预算 and by the payments alike: 执行数 其它资金 = max(0, spent − 财政拨款 budget), and its
 * 财政拨款 is the remainder of `spent`; the 年初预算 is 财政拨款 up to the 财政拨款 budget.
 */
export function fundsBySource(f: { initial: bigint; total: bigint; arrivedOther: bigint; spent: bigint }): FundsBySource {
  const fiscalBudget = max0(f.total - f.arrivedOther);
  const initialFiscal = min(max0(f.initial), fiscalBudget);
  const spentOther = max0(f.spent - fiscalBudget);
  return {
    initial: { amount: f.initial, fiscal: initialFiscal, other: f.initial - initialFiscal },
    total: { amount: f.total, fiscal: fiscalBudget, other: f.arrivedOther },
    spent: { amount: f.spent, fiscal: f.spent - spentOther, other: spentOther },
  };
}
