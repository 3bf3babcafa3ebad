// The rules of REPORTING.md "Indicators", "Score" and "Narrative", case by case.
import { figuresOf, scaled } from '../statistics/deals';
import { scheduleStatus } from '../contracts/rules';
import { dueInYear } from '../contracts/standing';
import { describe, expect, it } from 'vitest';
import {
  evaluateIndicator, executionPoints, formatHundredths, grade, hundredths, indicatorProblems, narrative, narrativeWan, score,
  type IndicatorDef, type RuleFigures,
} from './rules';

const wan = (w: number) => BigInt(Math.round(w * 100)) * 10000n; // 万元 with ≤ 2 decimals → 分

/** The demo's 2020 figures (土地出让工作经费 of GYJY). */
const demo: RuleFigures = {
  year: 2020, total: 1_000_000_00n, spent: 915_000_00n, sold: 17, soldLand: 17, soldMineral: 0,
  remitted: 22_081_650_00n, revenueTarget: 7_000_000_00n, targetReachedOn: '2020-07-08', dueInstalments: [], dueFees: [], remittanceDays: [], deals: figuresOf([]), responses: 3, satisfied: 3,
};
const row = (rule: IndicatorDef['rule'], targetValue: string | null, weight = '10', extra: Partial<IndicatorDef> = {}): IndicatorDef => ({
  level1: '项目完成指标', level2: '数量指标', level3: rule, expected: '—', rule, targetValue, unit: null,
  manualActual: null, manualPoints: null, weight, revenueTypes: null, ...extra,
});

describe('narrativeWan', () => {
  it('cuts an amount with more than two significant digits before the point to two, followed by 余', () => {
    expect(narrativeWan(wan(2236.48))).toBe('2200余万元');
    expect(narrativeWan(demo.remitted)).toBe('2200余万元');
    expect(narrativeWan(wan(150.5))).toBe('150余万元');
    expect(narrativeWan(wan(12345))).toBe('12000余万元');
  });
  it('shows an amount exactly otherwise, and never claims 余 when nothing was cut', () => {
    expect(narrativeWan(915_000_00n)).toBe('91.5万元');
    expect(narrativeWan(wan(700))).toBe('700万元');
    expect(narrativeWan(wan(2200))).toBe('2200万元');
    expect(narrativeWan(1n)).toBe('0.000001万元');
    expect(narrativeWan(0n)).toBe('0万元');
    expect(narrativeWan(wan(99.99))).toBe('99.99万元');
  });
});

describe('narrative', () => {
  it('writes the seed sentence from the figures', () => {
    expect(narrative(['出让宗数', '财政增收'], demo, null)).toBe('完成2020年度土地出让17宗，上缴财政年度非税收入2200余万元。');
  });
  it('names mineral rights when some were sold', () => {
    expect(narrative(['出让宗数'], { ...demo, sold: 5, soldLand: 3, soldMineral: 2 }, null)).toBe('完成2020年度土地出让3宗、矿业权出让2宗。');
    expect(narrative(['出让宗数'], { ...demo, sold: 2, soldLand: 0, soldMineral: 2 }, null)).toBe('完成2020年度矿业权出让2宗。');
  });
  it('uses the entered sentence for a project without computed rules', () => {
    expect(narrative(['手工'], demo, '政务服务中心大楼物业管理正常运转')).toBe('政务服务中心大楼物业管理正常运转');
    expect(narrative([], demo, '  ')).toBeNull();
  });
});

describe('evaluateIndicator', () => {
  it('meets each rule of the demo and earns the whole weight', () => {
    expect(evaluateIndicator(row('出让宗数', '10', '20'), demo)).toEqual({ actual: '17宗', met: true, points: 2000n, note: null });
    expect(evaluateIndicator(row('财政增收', null, '15'), demo)).toMatchObject({ actual: '2208.17万元', met: true, points: 1500n });
    expect(evaluateIndicator(row('按时上缴', null, '15'), demo)).toMatchObject({ actual: '2020年7月8日完成', met: true, points: 1500n });
    expect(evaluateIndicator(row('工作经费', '1000000', '15'), demo)).toMatchObject({ actual: '91.50万元', met: true, points: 1500n });
    expect(evaluateIndicator(row('拍卖机构满意度', '100', '10'), demo)).toMatchObject({ actual: '100.00%', met: true, points: 1000n });
    expect(evaluateIndicator(row('预算执行率', '90', '10'), demo)).toMatchObject({ actual: '91.50%', met: true, points: 1000n });
  });
  it('gives weight × actual / target when more is better and the target is missed', () => {
    expect(evaluateIndicator(row('出让宗数', '20', '20'), demo)).toMatchObject({ met: false, points: 1700n });
    // 22,081,650 of a 30,000,000 target × 15 = 11.04075 → 11.04
    expect(evaluateIndicator(row('财政增收', '30000000', '15'), demo)).toMatchObject({ met: false, points: 1104n });
    // 91.5 / 95 × 10 = 9.63157… → 9.63
    expect(evaluateIndicator(row('预算执行率', '95', '10'), demo)).toMatchObject({ met: false, points: 963n });
    // 2 of 3 satisfied: 66.666…% of 100 × 10 = 6.666… → 6.67 (from the exact rate, not the rounded one)
    expect(evaluateIndicator(row('拍卖机构满意度', '100', '10'), { ...demo, satisfied: 2 })).toMatchObject({ actual: '66.67%', met: false, points: 667n });
  });
  it('gives weight × target / actual for 工作经费 over its limit, and uses the total when no target is set', () => {
    expect(evaluateIndicator(row('工作经费', '800000', '15'), demo)).toMatchObject({ met: false, points: 1311n }); // 15 × 80 / 91.5 = 13.114…
    expect(evaluateIndicator(row('工作经费', null, '15'), { ...demo, spent: 1_200_000_00n })).toMatchObject({ met: false, points: 1250n });
    expect(evaluateIndicator(row('工作经费', null, '15'), demo)).toMatchObject({ met: true, points: 1500n });
  });
  it('compares 财政增收 with the revenue task when no target is set, and cannot judge without either', () => {
    expect(evaluateIndicator(row('财政增收', null, '15'), { ...demo, revenueTarget: 30_000_000_00n })).toMatchObject({ met: false, points: 1104n });
    expect(evaluateIndicator(row('财政增收', null, '15'), { ...demo, revenueTarget: null })).toMatchObject({ met: false, points: 0n, note: '未设目标数值，也没有非税任务' });
  });
  it('gives 按时上缴 nothing when the task was not reached in the year', () => {
    expect(evaluateIndicator(row('按时上缴', null, '15'), { ...demo, targetReachedOn: null })).toMatchObject({ actual: '未完成非税任务', met: false, points: 0n });
    expect(evaluateIndicator(row('按时上缴', null, '15'), { ...demo, targetReachedOn: null, revenueTarget: null })).toMatchObject({ met: false, points: 0n });
  });
  it('judges 溢价率, 流拍率 and 出让面积 from the 成交统计表\'s figures', () => {
    const r = (result: '成交' | '流拍', area: string, start: bigint, deal: bigint | null) => ({
      transferId: 1, centerId: 1, code: 'X', result, on: '2020-05-01', mode: '拍卖', use: '住宅', district: null,
      area: scaled(area, 4), plotRatio: null, startingPrice: start, dealPrice: deal, qualified: null,
    });
    const deals = figuresOf([r('成交', '20000', 10_000_000_00n, 11_000_000_00n), r('成交', '10000', 10_000_000_00n, 10_000_000_00n), r('流拍', '5000', 5_000_000_00n, null)]);
    const fig = { ...demo, deals };
    expect(evaluateIndicator(row('溢价率', '5'), fig)).toMatchObject({ actual: '5.00%', met: true, points: 1000n });
    expect(evaluateIndicator(row('溢价率', '10'), fig)).toMatchObject({ actual: '5.00%', met: false, points: 500n });
    // 1 of 3 rounds: 33.33%; less is better, 20% earns 10 × 20 / 33.33….
    expect(evaluateIndicator(row('流拍率', '40'), fig)).toMatchObject({ actual: '33.33%', met: true });
    expect(evaluateIndicator(row('流拍率', '20'), fig)).toMatchObject({ met: false, points: 600n });
    expect(evaluateIndicator(row('出让面积', '45', '10', { unit: '亩' }), fig)).toMatchObject({ actual: '45.00亩', met: true });
    expect(evaluateIndicator(row('出让面积', '3.1', '10', { unit: '公顷' }), fig)).toMatchObject({ actual: '3.0000公顷', met: false, points: 968n });
    expect(evaluateIndicator(row('出让面积', '30000'), fig)).toMatchObject({ actual: '30000.00平方米', met: true });
    expect(evaluateIndicator(row('溢价率', '5'), demo)).toMatchObject({ actual: null, met: false, note: '年内没有成交的土地出让' });
    expect(indicatorProblems({ rule: '流拍率', targetValue: '101', manualActual: null, manualPoints: null, weight: '10' }).targetValue).toBe('比率的目标数值不能超过100');
  });
  it('derives 按期 from the payments: a second instalment paid a day late fails 按时上缴, unless the row does not count 土地出让收入', () => {
    const instalments = scheduleStatus([{ seq: 1, dueOn: '2020-08-20', amount: 600n }, { seq: 2, dueOn: '2020-11-20', amount: 400n }],
      [{ amount: 600n, on: '2020-08-20' }, { amount: 400n, on: '2020-11-21' }], '2021-03-01');
    const standing = { contractId: 1, transferId: 9, centerId: 1, contractNo: 'HT-9', code: 'P', name: 'N', round: 1, grantee: 'G', signedOn: '2020-07-20',
      dealDate: '2020-07-10', price: 1000n, instalments, paid: 1000n, due: 1000n, owed: 0n, overdueDays: 0, nextDue: null };
    const due = dueInYear([standing], 2020);
    expect(due.map((i) => [i.seq, i.onTime, i.lateDays])).toEqual([[1, true, 0], [2, false, 1]]);
    const all = evaluateIndicator(row('按时上缴', null, '15'), { ...demo, dueInstalments: due });
    expect(all).toMatchObject({ met: false, note: '合同HT-9第2期应于2020-11-20缴清，2020-11-21缴清（迟1天）' });
    const ownOnly = evaluateIndicator(row('按时上缴', null, '15', { revenueTypes: ['交易服务费'] }),
      { ...demo, dueInstalments: due, remittanceDays: [{ on: '2020-06-30', type: '交易服务费', amount: 7_000_000_00n }] });
    expect(ownOnly).toMatchObject({ actual: '2020年6月30日完成', met: true, note: null });
    expect(dueInYear([standing], 2021)).toEqual([]);
    expect(evaluateIndicator(row('出让面积', '10', '10', { unit: 'constructor' }), demo)).toMatchObject({ met: false, points: 0n });
    expect(evaluateIndicator(row('出让面积', '0', '10', { unit: '' }), demo)).toMatchObject({ actual: '0.00平方米', met: true });
    expect(evaluateIndicator(row('出让面积', '0', '10', { unit: '㎡' }), demo)).toMatchObject({ actual: '0.00平方米' });
    expect(indicatorProblems({ rule: '出让面积', targetValue: '10', manualActual: null, manualPoints: null, weight: '10', unit: '平方公里' }).unit).toBe('出让面积的单位应为平方米、公顷或亩');
    expect(evaluateIndicator(row('出让面积', '10', '10', { unit: '平方千米' }), demo)).toMatchObject({ met: false, points: 0n, note: '出让面积的单位应为平方米、公顷或亩，本行为“平方千米”' });
  });
  it('needs every instalment due in the year paid by its own due day for 按时上缴', () => {
    const inst = (seq: number, settledOn: string | null, onTime: boolean | null, lateDays = 0, overdueDays = 0) => ({
      seq, dueOn: '2020-07-20', amount: 100n, paid: settledOn ? 100n : 0n, outstanding: settledOn ? 0n : 100n, settledOn, lateDays, overdueDays, onTime,
      contractId: 1, transferId: 9, contractNo: 'HT-9', code: 'P', name: 'N', grantee: 'G',
    });
    const onTime = evaluateIndicator(row('按时上缴', null, '15'), { ...demo, dueInstalments: [inst(1, '2020-07-20', true), inst(2, null, null)] });
    expect(onTime).toMatchObject({ actual: '2020年7月8日完成；本年到期出让价款2期均按期缴清', met: true, points: 1500n, note: null });
    const late = evaluateIndicator(row('按时上缴', null, '15'), { ...demo, dueInstalments: [inst(1, '2020-07-20', true), inst(2, '2020-07-21', false, 1)] });
    expect(late).toMatchObject({ actual: '2020年7月8日完成；本年到期出让价款2期中1期未按期缴清', met: false, points: 0n, note: '合同HT-9第2期应于2020-07-20缴清，2020-07-21缴清（迟1天）' });
  });
  it('has no satisfaction or execution rate without responses or budget', () => {
    expect(evaluateIndicator(row('拍卖机构满意度', '100'), { ...demo, responses: 0, satisfied: 0 })).toMatchObject({ actual: null, met: false, points: 0n });
    expect(evaluateIndicator(row('预算执行率', '90'), { ...demo, total: 0n })).toMatchObject({ actual: null, met: false, points: 0n });
  });
  it('takes a 手工 row as entered', () => {
    expect(evaluateIndicator(row('手工', null, '15', { manualActual: '促进房地产市场的发展', manualPoints: '15' }), demo))
      .toEqual({ actual: '促进房地产市场的发展', met: true, points: 1500n, note: null });
    expect(evaluateIndicator(row('手工', null, '15', { manualActual: '接电24538次', manualPoints: '12.69' }), demo)).toMatchObject({ met: false, points: 1269n });
    expect(evaluateIndicator(row('手工', null, '15'), demo)).toMatchObject({ met: null, points: 0n, note: '尚未评分' });
  });
  it('never gives less than 0 nor more than the weight', () => {
    expect(evaluateIndicator(row('出让宗数', '10', '20'), { ...demo, sold: 0 })).toMatchObject({ met: false, points: 0n });
    expect(evaluateIndicator(row('出让宗数', '0', '20'), { ...demo, sold: 0 })).toMatchObject({ met: true, points: 2000n });
    expect(evaluateIndicator(row('工作经费', '0', '15'), demo)).toMatchObject({ met: false, points: 0n });
  });
});

describe('score', () => {
  it('is the execution score plus the rounded rows minus the deductions: the seed\'s 95', () => {
    expect(executionPoints(915_000_00n, 1_000_000_00n)).toBe(915n);
    const s = score(915_000_00n, 1_000_000_00n, [2000n, 1500n, 1500n, 1500n, 1500n, 1000n], [100n, 215n, 100n]);
    expect(s).toEqual({ execution: 915n, indicators: 9000n, deductions: 415n, total: 9500n, grade: '优' });
  });
  it('caps the execution score at 10 and gives 0 without a budget', () => {
    expect(executionPoints(2n, 1n)).toBe(1000n);
    expect(executionPoints(1n, 0n)).toBe(0n);
    expect(executionPoints(-5n, 100n)).toBe(0n);
    expect(executionPoints(1n, 3n)).toBe(333n);
    expect(executionPoints(2n, 3n)).toBe(667n);
    expect(executionPoints(1n, 8000n)).toBe(0n); // 0.00125 → 0.00
    expect(executionPoints(1n, 200n)).toBe(5n); // 0.05 exactly
    expect(executionPoints(1n, 400n)).toBe(3n); // 0.025 → half-up 0.03
  });
  it('grades at the boundaries', () => {
    expect([9000n, 8999n, 8000n, 7999n, 6000n, 5999n, -100n].map(grade)).toEqual(['优', '良', '良', '中', '中', '差', '差']);
  });
  it('formats and parses hundredths', () => {
    expect(formatHundredths(915n)).toBe('9.15');
    expect(formatHundredths(-5n)).toBe('-0.05');
    expect(hundredths('12.5')).toBe(1250n);
    expect(hundredths('7000000.00')).toBe(700000000n);
    expect(() => hundredths('1.234')).toThrow();
  });
});

describe('indicatorProblems', () => {
  const ok = { rule: '出让宗数', targetValue: '10', manualActual: null, manualPoints: null, weight: '20' };
  it('accepts a complete row', () => {
    expect(indicatorProblems(ok)).toEqual({});
    expect(indicatorProblems({ ...ok, rule: '按时上缴', targetValue: null })).toEqual({});
    expect(indicatorProblems({ ...ok, rule: '手工', targetValue: null, manualActual: '正常运行', manualPoints: '20' })).toEqual({});
  });
  it('names each problem beside its field', () => {
    expect(indicatorProblems({ ...ok, rule: '随便' })).toHaveProperty('rule');
    expect(indicatorProblems({ ...ok, targetValue: null }).targetValue).toContain('必须填写目标数值');
    expect(indicatorProblems({ ...ok, targetValue: '10.5' }).targetValue).toContain('整数');
    expect(indicatorProblems({ ...ok, rule: '按时上缴' }).targetValue).toContain('不填写目标数值');
    expect(indicatorProblems({ ...ok, rule: '预算执行率', targetValue: '101' }).targetValue).toContain('不能超过100');
    expect(indicatorProblems({ ...ok, targetValue: '-1' }).targetValue).toBeDefined();
    expect(indicatorProblems({ ...ok, manualActual: 'x' }).manualActual).toContain('只有手工指标');
    expect(indicatorProblems({ ...ok, manualPoints: '1' }).manualPoints).toContain('只有手工指标');
    expect(indicatorProblems({ ...ok, weight: '100.01' }).weight).toBeDefined();
    expect(indicatorProblems({ ...ok, weight: 'abc' }).weight).toBeDefined();
    expect(indicatorProblems({ ...ok, rule: '手工', targetValue: null, manualPoints: '21' }).manualPoints).toBe('得分不能超过权重');
  });
});
