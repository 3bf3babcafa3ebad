// The performance report's rules (REPORTING.md "Indicators", "Score", "Narrative"): pure functions
// over the figures, exact throughout. Money is bigint 分; points are bigint hundredths (9.15 → 915n);
// a rate used in a comparison or a score is an exact fraction, rounded only when shown.
import type { DueInstalment } from '../contracts/standing';
import type { ReceiptStatus } from '../service-fees/receipts';
import type { RemittanceDay } from '../revenue/queries';
import { areaUnits, type DealFigures } from '../statistics/deals';
import type { IndicatorRule, RevenueType } from '../../db/schema';
import { indicatorRules, revenueTypes } from '../../db/schema';
import { percent } from '../funds/rules';
import { fenToYuan, formatWan, parseYuan } from '../lib/money';

// ─── Exact arithmetic ──────────────────────────────────────────────────────────────────────────

/** A non-negative-denominator fraction n / d. */
export interface Ratio { n: bigint; d: bigint }
const ratio = (n: bigint, d = 1n): Ratio => (d < 0n ? { n: -n, d: -d } : { n, d });
const cmp = (a: Ratio, b: Ratio) => { const l = a.n * b.d; const r = b.n * a.d; return l < r ? -1 : l > r ? 1 : 0; };

/** n / d rounded half-up (away from zero for the half), d > 0. */
function roundDiv(n: bigint, d: bigint): bigint {
  return n >= 0n ? (2n * n + d) / (2n * d) : -((2n * -n + d) / (2n * d));
}

/** "12.5" / "12.50" / "12" → 1250n (hundredths). Throws on anything else: callers validate first. */
export function hundredths(s: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s.trim());
  if (!m) throw new Error(`not a two-decimal number: ${s}`);
  const v = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -v : v;
}

/** 915n → "9.15"; -5n → "-0.05". */
export function formatHundredths(h: bigint): string {
  const neg = h < 0n;
  const a = neg ? -h : h;
  return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
}

// ─── Figures the rules read ────────────────────────────────────────────────────────────────────

/** The figures of REPORTING.md that the indicator rules and the narrative read. */
export interface RuleFigures {
  year: number;
  /** 全年预算数 and 执行数 in 分. */
  total: bigint;
  spent: bigint;
  sold: number;
  /** `sold` split by kind, for the sentence (土地 vs 探矿权/采矿权). */
  soldLand: number;
  soldMineral: number;
  remitted: bigint;
  revenueTarget: bigint | null;
  targetReachedOn: string | null;
  /**
   * The instalments of the center's contracts due within the year and whether each was paid by its
   * due day (src/contracts/standing.ts dueInYear): 按时上缴 needs every one of them on time.
   */
  dueInstalments: DueInstalment[];
  /**
   * The 交易服务费 collected whose 上缴时限 falls within the year, and whether each was remitted by it
   * (src/service-fees/receipts.ts feesDueInYear): the other amounts 按时上缴 needs on time.
   */
  dueFees: ReceiptStatus[];
  /** The 成交统计表's figures of the center's land rounds of the year (src/statistics/deals.ts figuresOf). */
  deals: DealFigures;
  /** The year's remittances per day and type (src/revenue/queries.ts remittanceDaysFor), for rows counting only some types. */
  remittanceDays: RemittanceDay[];
  /** Satisfaction responses and how many of them are 非常满意 or 满意. */
  responses: number;
  satisfied: number;
}

/** One indicator row as stored: decimals are strings with up to two decimals. */
export interface IndicatorDef {
  level1: string; level2: string; level3: string;
  expected: string;
  rule: IndicatorRule;
  targetValue: string | null;
  unit: string | null;
  manualActual: string | null;
  manualPoints: string | null;
  weight: string;
  /** 财政增收/按时上缴: the 非税收入 types counted; null counts them all (rows from before types were chosen). */
  revenueTypes: RevenueType[] | null;
}

/** The rules that count 非税收入 and may be given the types they count. */
export const REVENUE_TYPE_RULES: readonly IndicatorRule[] = ['财政增收', '按时上缴'];

/**
 * What a trading center's new project counts by default: the income it collects itself, its
 * 交易服务费 (seed 附件1). The 出让价款 is the buyer's, paid to the 国库 or, from 2022, the 税务
 * (财综〔2021〕19号), so it counts only where a project says so (the demo does, as the seed counted it).
 */
export const CENTER_OWN_REVENUE_TYPES: readonly RevenueType[] = ['交易服务费'];

/** The types as the sheet and the report write them: `土地出让收入、交易服务费`; 全部类型 for null. */
export const revenueTypesText = (types: readonly RevenueType[] | null) => (types === null ? '全部类型' : types.join('、'));

/**
 * The 计入收入类型 of a sheet cell or a form: names separated by 、 , ， ; or spaces, in the list's
 * order, each once. An empty value is null (all types); an unknown name is a problem.
 */
export function parseRevenueTypes(raw: string | readonly string[] | null | undefined): { types: RevenueType[] | null; problem: string | null } {
  const parts = (typeof raw === 'string' ? raw.split(/[、,，;；\s]+/) : [...(raw ?? [])]).map((x) => x.trim()).filter(Boolean);
  if (parts.length === 0) return { types: null, problem: null };
  const unknown = parts.filter((x) => !(revenueTypes as readonly string[]).includes(x));
  if (unknown.length) return { types: null, problem: `收入类型“${unknown.join('、')}”不存在，应为：${revenueTypes.join('、')}` };
  return { types: revenueTypes.filter((x) => parts.includes(x)), problem: null };
}

/**
 * `remitted` and `targetReachedOn` of the remittances of the given types (REPORTING.md's figures
 * restricted to them; all types when null, as the SQL figures give them): the sum, and the first
 * day the running total by 上缴日期 reaches the task.
 */
export function revenueOfTypes(fig: RuleFigures, types: readonly RevenueType[] | null): { remitted: bigint; reachedOn: string | null } {
  if (types === null) return { remitted: fig.remitted, reachedOn: fig.targetReachedOn };
  let remitted = 0n;
  let reachedOn: string | null = null;
  for (const d of fig.remittanceDays) {
    if (!types.includes(d.type)) continue;
    remitted += d.amount;
    if (reachedOn === null && fig.revenueTarget !== null && remitted >= fig.revenueTarget) reachedOn = d.on;
  }
  return { remitted, reachedOn };
}

export interface IndicatorOutcome {
  /** 实际完成指标值 as the table shows it; null when there is nothing to show yet. */
  actual: string | null;
  /** Whether the row is met; null for a 手工 row not scored yet. */
  met: boolean | null;
  /** Points earned, in hundredths, already rounded half-up to two decimals. */
  points: bigint;
  /** Why the row could not be judged (no target, no responses …), when it could not. */
  note: string | null;
}

/** What each rule needs in 目标数值 (REPORTING.md "Indicators"). */
export const RULE_TARGET: Record<IndicatorRule, 'required' | 'optional' | 'none'> = {
  出让宗数: 'required', 财政增收: 'optional', 按时上缴: 'none', 工作经费: 'optional',
  拍卖机构满意度: 'required', 预算执行率: 'required', 溢价率: 'required', 流拍率: 'required', 出让面积: 'required', 手工: 'optional',
};

/** The unit a rule's actual value is shown in, when the row names none. */
export const RULE_UNIT: Record<IndicatorRule, string> = {
  出让宗数: '宗', 财政增收: '元', 按时上缴: '', 工作经费: '元', 拍卖机构满意度: '%', 预算执行率: '%', 溢价率: '%', 流拍率: '%', 出让面积: '平方米', 手工: '',
};

/** 出让面积's units: how many ten-thousandths of a m² one unit is (1 亩 = 2000/3 m², as a fraction). */
const AREA_UNIT_SIZES = new Map<string, Ratio>([
  ['平方米', { n: 10_000n, d: 1n }], ['公顷', { n: 100_000_000n, d: 1n }], ['亩', { n: 20_000_000n, d: 3n }],
]);
/** The unit a row names, as 平方米/公顷/亩 (㎡, m² and m2 are 平方米); an empty unit is 平方米; null when unknown. */
export function areaUnit(unit: string | null): '平方米' | '公顷' | '亩' | null {
  const u = (unit ?? '').normalize('NFKC').trim();
  if (u === '' || u === '平方米' || u === 'm2' || u === 'M2') return '平方米';
  return u === '公顷' || u === '亩' ? u : null;
}

export const satisfiedRatings = ['非常满意', '满意'] as const;

/** 2020-07-08 → 2020年7月8日 */
export const chineseDate = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

/**
 * Points of a row that is not met: `weight × actual / target` (more is better) or
 * `weight × target / actual` (less is better), rounded half-up, never below 0 nor above the weight.
 */
function partialPoints(weight: bigint, earned: Ratio, of: Ratio): bigint {
  if (of.n <= 0n) return earned.n >= 0n ? weight : 0n;
  if (earned.n <= 0n) return 0n;
  const p = roundDiv(weight * earned.n * of.d, earned.d * of.n);
  return p < 0n ? 0n : p > weight ? weight : p;
}

/** The actual value, met and points of one indicator row from the figures (REPORTING.md). */
export function evaluateIndicator(def: IndicatorDef, fig: RuleFigures): IndicatorOutcome {
  const weight = hundredths(def.weight);
  const target = def.targetValue === null ? null : ratio(hundredths(def.targetValue), 100n);
  const full = (actual: string, met: boolean, pointsIfNot: () => bigint): IndicatorOutcome =>
    ({ actual, met, points: met ? weight : pointsIfNot(), note: null });
  switch (def.rule) {
    case '出让宗数': {
      const actual = ratio(BigInt(fig.sold));
      const text = `${fig.sold}${def.unit || '宗'}`;
      if (target === null) return { actual: text, met: false, points: 0n, note: '未设目标数值' };
      return full(text, cmp(actual, target) >= 0, () => partialPoints(weight, actual, target));
    }
    case '财政增收': {
      const { remitted } = revenueOfTypes(fig, def.revenueTypes);
      const actual = ratio(remitted);
      // 目标数值 is in 元 (hundredths of 元 = 分), or the center's 非税任务 when empty.
      const goal = target !== null ? ratio(target.n) : fig.revenueTarget !== null ? ratio(fig.revenueTarget) : null;
      const text = `${formatWan(remitted)}万元`;
      if (goal === null) return { actual: text, met: false, points: 0n, note: '未设目标数值，也没有非税任务' };
      return full(text, cmp(actual, goal) >= 0, () => partialPoints(weight, actual, goal));
    }
    case '按时上缴': {
      // Both halves of DESIGN.md's "every remittance due in the year remitted by the deadline": the
      // running total reaching the task by 12-31, and every amount due in the year (the contracts'
      // instalments, the 交易服务费 collected under a standard with a 上缴时限) paid by its own due day.
      const { reachedOn } = revenueOfTypes(fig, def.revenueTypes);
      const reached = reachedOn !== null && reachedOn <= `${fig.year}-12-31`;
      // Each counts where the row counts its type (every type when none is named).
      const counts = (type: RevenueType) => def.revenueTypes === null || def.revenueTypes.includes(type);
      const instalments = counts('土地出让收入') ? fig.dueInstalments : [];
      const fees = counts('交易服务费') ? fig.dueFees : [];
      const late = instalments.filter((i) => i.onTime === false);
      const lateFees = fees.filter((x) => x.onTime === false);
      const base = reachedOn === null
        ? (fig.revenueTarget === null ? '未设非税任务' : '未完成非税任务')
        : `${chineseDate(reachedOn)}完成`;
      const due = instalments.length === 0 ? ''
        : late.length === 0 ? `；本年到期出让价款${instalments.length}期均按期缴清`
          : `；本年到期出让价款${instalments.length}期中${late.length}期未按期缴清`;
      const dueFees = fees.length === 0 ? ''
        : lateFees.length === 0 ? `；本年应上缴交易服务费${fees.length}笔均按时上缴`
          : `；本年应上缴交易服务费${fees.length}笔中${lateFees.length}笔未按时上缴`;
      const notes = [
        ...(fig.revenueTarget === null ? ['未设非税任务'] : []),
        ...late.map((i) => `合同${i.contractNo}第${i.seq}期应于${i.dueOn}缴清，${i.settledOn ? `${i.settledOn}缴清（迟${i.lateDays}天）` : `已逾期${i.overdueDays}天`}`),
        ...lateFees.map((x) => `交易服务费票据${x.receipt.invoiceNo}（${x.code}）应于${x.dueOn}前上缴，${x.remittedOn ? `${x.remittedOn}上缴` : `已逾期${x.overdueDays}天`}`),
      ];
      const met = reached && late.length === 0 && lateFees.length === 0;
      return { actual: base + due + dueFees, met, points: met ? weight : 0n, note: notes.length ? notes.join('；') : null };
    }
    case '工作经费': {
      const actual = ratio(fig.spent);
      const limit = target !== null ? ratio(target.n) : ratio(fig.total);
      const text = `${formatWan(fig.spent)}万元`;
      // Less is better: points = weight × target / actual.
      return full(text, cmp(actual, limit) <= 0, () => partialPoints(weight, limit, actual));
    }
    case '拍卖机构满意度': {
      if (fig.responses === 0) return { actual: null, met: false, points: 0n, note: '没有满意度评价' };
      const actual = ratio(BigInt(fig.satisfied) * 100n, BigInt(fig.responses));
      const text = `${percent(BigInt(fig.satisfied), BigInt(fig.responses))}%`;
      if (target === null) return { actual: text, met: false, points: 0n, note: '未设目标数值' };
      return full(text, cmp(actual, target) >= 0, () => partialPoints(weight, actual, target));
    }
    case '预算执行率': {
      if (fig.total === 0n) return { actual: null, met: false, points: 0n, note: '全年预算数为0' };
      const actual = ratio(fig.spent * 100n, fig.total);
      const text = `${percent(fig.spent, fig.total)}%`;
      if (target === null) return { actual: text, met: false, points: 0n, note: '未设目标数值' };
      return full(text, cmp(actual, target) >= 0, () => partialPoints(weight, actual, target));
    }
    case '溢价率': {
      // (Σ成交价 − Σ起始价) ÷ Σ起始价 of the year's land deals (成交统计表's 合计); more is better.
      const d = fig.deals;
      if (d.starting === 0n) return { actual: null, met: false, points: 0n, note: '年内没有成交的土地出让' };
      const actual = ratio(d.premium * 100n, d.starting);
      if (target === null) return { actual: `${d.premiumRate}%`, met: false, points: 0n, note: '未设目标数值' };
      return full(`${d.premiumRate}%`, cmp(actual, target) >= 0, () => partialPoints(weight, actual, target));
    }
    case '流拍率': {
      // 流拍 ÷ (成交 + 流拍) rounds; less is better: points = weight × target / actual.
      const d = fig.deals;
      const rounds = BigInt(d.sold + d.failed);
      if (rounds === 0n) return { actual: null, met: false, points: 0n, note: '年内没有成交或流拍的土地出让' };
      const actual = ratio(BigInt(d.failed) * 100n, rounds);
      if (target === null) return { actual: `${d.failureRate}%`, met: false, points: 0n, note: '未设目标数值' };
      return full(`${d.failureRate}%`, cmp(actual, target) <= 0, () => partialPoints(weight, target, actual));
    }
    case '出让面积': {
      // Σ 面积 of the year's land deals, in the row's unit (平方米 unless 公顷 or 亩).
      const unit = areaUnit(def.unit);
      if (unit === null) return { actual: null, met: false, points: 0n, note: `出让面积的单位应为平方米、公顷或亩，本行为“${def.unit}”` };
      const per = AREA_UNIT_SIZES.get(unit)!;
      const actual = ratio(fig.deals.area * per.d, per.n);
      const a = areaUnits(fig.deals.area);
      const text = `${unit === '亩' ? a.mu : unit === '公顷' ? a.hectare : a.m2}${unit}`;
      if (target === null) return { actual: text, met: false, points: 0n, note: '未设目标数值' };
      return full(text, cmp(actual, target) >= 0, () => partialPoints(weight, actual, target));
    }
    case '手工': {
      if (def.manualPoints === null) return { actual: def.manualActual, met: null, points: 0n, note: '尚未评分' };
      const points = hundredths(def.manualPoints);
      return { actual: def.manualActual, met: points >= weight, points, note: null };
    }
  }
}

/**
 * How far a row whose more is better went past its target: actual ÷ target × 100, in hundredths of a
 * percent (31_404n = 314.04%), for 出让宗数, 财政增收, 溢价率 and 出让面积 with a target above 0; null for
 * every other row (a rate capped at 100%, a less-is-better row, a 手工 row). Read from the same
 * figures as evaluateIndicator, for the report's "目标可能设定偏低" finding.
 */
export function achievement(def: IndicatorDef, fig: RuleFigures): bigint | null {
  const target = def.targetValue === null ? null : ratio(hundredths(def.targetValue), 100n);
  let actual: Ratio;
  let goal = target;
  switch (def.rule) {
    case '出让宗数': actual = ratio(BigInt(fig.sold)); break;
    case '财政增收': {
      actual = ratio(revenueOfTypes(fig, def.revenueTypes).remitted);
      goal = target !== null ? ratio(target.n) : fig.revenueTarget !== null ? ratio(fig.revenueTarget) : null;
      break;
    }
    case '溢价率': {
      if (fig.deals.starting === 0n) return null;
      actual = ratio(fig.deals.premium * 100n, fig.deals.starting);
      break;
    }
    case '出让面积': {
      const unit = areaUnit(def.unit);
      if (unit === null) return null;
      const per = AREA_UNIT_SIZES.get(unit)!;
      actual = ratio(fig.deals.area * per.d, per.n);
      break;
    }
    default: return null;
  }
  if (goal === null || goal.n <= 0n) return null;
  return roundDiv(actual.n * goal.d * 10_000n, actual.d * goal.n);
}

// ─── Score ─────────────────────────────────────────────────────────────────────────────────────

/** 预算执行率 worth 10 points: min(spent / total, 1) × 10, in hundredths; 0 without a budget. */
export function executionPoints(spent: bigint, total: bigint): bigint {
  if (total <= 0n || spent <= 0n) return 0n;
  if (spent >= total) return 1000n;
  return roundDiv(spent * 1000n, total);
}

export type Grade = '优' | '良' | '中' | '差';
export function grade(totalHundredths: bigint): Grade {
  return totalHundredths >= 9000n ? '优' : totalHundredths >= 8000n ? '良' : totalHundredths >= 6000n ? '中' : '差';
}

export interface Score { execution: bigint; indicators: bigint; deductions: bigint; total: bigint; grade: Grade }

/** total = execution score + Σ rounded indicator points − Σ deductions (all hundredths). */
export function score(spent: bigint, total: bigint, points: bigint[], deductions: bigint[]): Score {
  const execution = executionPoints(spent, total);
  const indicators = points.reduce((a, b) => a + b, 0n);
  const taken = deductions.reduce((a, b) => a + b, 0n);
  const sum = execution + indicators - taken;
  return { execution, indicators, deductions: taken, total: sum, grade: grade(sum) };
}

// ─── Narrative ─────────────────────────────────────────────────────────────────────────────────

/**
 * An amount in a sentence, in 万元: with more than two significant digits before the decimal point
 * it is cut down to two and followed by 余 (2236.48万 → 2200余万元); otherwise exact (91.5万元).
 * A cut that drops nothing (700.00万) is exact too: 余 would claim more than there is.
 */
export function narrativeWan(fen: bigint): string {
  const neg = fen < 0n;
  const a = neg ? -fen : fen;
  const whole = a / 1_000_000n; // 1 万元 = 1,000,000 分
  const sign = neg ? '-' : '';
  if (whole >= 100n) {
    const digits = whole.toString();
    const scale = 10n ** BigInt(digits.length - 2);
    const cut = (whole / scale) * scale;
    return cut * 1_000_000n === a ? `${sign}${cut}万元` : `${sign}${cut}余万元`;
  }
  const frac = (a % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${sign}${whole}${frac ? `.${frac}` : ''}万元`;
}

/** What was sold, in words: 土地出让17宗 / 矿业权出让2宗 / 土地出让15宗、矿业权出让2宗. */
function soldPhrase(fig: RuleFigures) {
  if (fig.soldMineral > 0 && fig.soldLand === 0) return `矿业权出让${fig.soldMineral}宗`;
  if (fig.soldMineral > 0) return `土地出让${fig.soldLand}宗、矿业权出让${fig.soldMineral}宗`;
  return `土地出让${fig.soldLand}宗`;
}

/**
 * The 实际完成目标 sentence. Written from the figures when the project has a 出让宗数 or 财政增收
 * indicator (`完成2020年度土地出让17宗，上缴财政年度非税收入2200余万元。`); otherwise the text
 * entered for the project, or null.
 */
export function narrative(rules: IndicatorRule[], fig: RuleFigures, entered: string | null): string | null {
  const parts: string[] = [];
  if (rules.includes('出让宗数')) parts.push(`完成${fig.year}年度${soldPhrase(fig)}`);
  if (rules.includes('财政增收')) parts.push(`${parts.length ? '' : `${fig.year}年度`}上缴财政年度非税收入${narrativeWan(fig.remitted)}`);
  if (parts.length === 0) return entered && entered.trim() ? entered : null;
  return `${parts.join('，')}。`;
}

// ─── Validation of an indicator row (the web form and the importer share it) ───────────────────

export interface IndicatorValues {
  rule: string; targetValue: string | null; manualActual: string | null; manualPoints: string | null; weight: string;
  /** 单位: judged for 出让面积 only (平方米, 公顷 or 亩). */
  unit?: string | null;
}

const TWO_DECIMALS = /^\d{1,16}(\.\d{1,2})?$/;

/**
 * 目标数值 as it is stored. For the money rules (财政增收, 工作经费, in 元) it is read the way every
 * amount of the ledger is (`7,000,000.00`, `¥7000000`); anything else is kept as typed, for
 * indicatorProblems to judge.
 */
export function normalizeTarget(rule: string, raw: string | null): string | null {
  if (raw === null || (rule !== '财政增收' && rule !== '工作经费')) return raw;
  const money = parseYuan(raw);
  return money.ok ? fenToYuan(money.value) : raw;
}
const POINTS = /^\d{1,3}(\.\d{1,2})?$/;

/**
 * The problems of one indicator row, by field (rule, targetValue, manualActual, manualPoints, weight),
 * in Chinese. Fields are the strings as typed (trimmed, null when empty).
 */
export function indicatorProblems(v: IndicatorValues): Partial<Record<keyof IndicatorValues, string>> {
  const p: Partial<Record<keyof IndicatorValues, string>> = {};
  if (!(indicatorRules as readonly string[]).includes(v.rule)) {
    p.rule = `计算规则应为 ${indicatorRules.join('/')} 之一`;
    return p;
  }
  const rule = v.rule as IndicatorRule;
  if (!POINTS.test(v.weight) || hundredths(v.weight) > 10000n) p.weight = '权重应为0到100之间的数，最多两位小数';
  const need = RULE_TARGET[rule];
  if (v.targetValue === null) {
    if (need === 'required') p.targetValue = `计算规则为${rule}时必须填写目标数值`;
  } else if (need === 'none') {
    p.targetValue = `计算规则为${rule}时不填写目标数值（以非税任务的完成日期判断）`;
  } else if (!TWO_DECIMALS.test(v.targetValue)) {
    p.targetValue = '目标数值应为非负数，最多两位小数（金额以元计，比率以百分数计，不带%）';
  } else if (rule === '出让宗数' && !/^\d+(\.0{1,2})?$/.test(v.targetValue)) {
    p.targetValue = '出让宗数的目标数值应为整数';
  } else if ((rule === '拍卖机构满意度' || rule === '预算执行率' || rule === '流拍率') && hundredths(v.targetValue) > 10000n) {
    p.targetValue = '比率的目标数值不能超过100';
  }
  if (rule === '出让面积' && areaUnit(v.unit ?? null) === null) p.unit = '出让面积的单位应为平方米、公顷或亩';
  if (rule !== '手工') {
    if (v.manualActual !== null) p.manualActual = '只有手工指标填写实际完成值，其他规则由系统计算';
    if (v.manualPoints !== null) p.manualPoints = '只有手工指标填写得分，其他规则由系统计算';
  } else if (v.manualPoints !== null) {
    if (!POINTS.test(v.manualPoints)) p.manualPoints = '得分应为非负数，最多两位小数';
    else if (!p.weight && hundredths(v.manualPoints) > hundredths(v.weight)) p.manualPoints = '得分不能超过权重';
  }
  return p;
}

// ─── The default indicator set of a land-transfer project ──────────────────────────────────────

/**
 * The seed's table for 土地出让工作经费, with the default weights (产出 50, 效益 30, 满意度 10,
 * shared among their rows): what a new land- or mineral-transfer project starts with.
 */
export function defaultLandIndicators(year: number, types: readonly RevenueType[] | null = CENTER_OWN_REVENUE_TYPES): IndicatorDef[] {
  const row = (level1: string, level2: string, level3: string, expected: string, rule: IndicatorRule,
    targetValue: string | null, unit: string | null, weight: string): IndicatorDef => ({
    level1, level2, level3, expected, rule, targetValue, unit, manualActual: null, manualPoints: null, weight,
    revenueTypes: REVENUE_TYPE_RULES.includes(rule) && types ? [...types] : null,
  });
  return [
    row('项目完成指标', '数量指标', '预计完成年度土地（或矿权）出让数', '10余宗', '出让宗数', '10', '宗', '20'),
    row('项目完成指标', '时效指标', '按时完成年度非税征收任务并上交财政', `${year}年12月31日之前`, '按时上缴', null, null, '15'),
    row('项目完成指标', '成本指标', '年度土地（矿权）出让工作经费', '不超过全年预算数', '工作经费', null, '元', '15'),
    row('效益指标', '经济效益指标', '促进财政增收', '完成年度非税征收任务', '财政增收', null, '元', '15'),
    row('效益指标', '社会效益指标', '加大全市土地出让力度，促进房地产市场的发展', '加大全市土地出让力度，促进房地产市场的发展', '手工', null, null, '15'),
    row('满意度指标', '满意度指标', '拍卖机构满意度', '100%', '拍卖机构满意度', '100', '%', '10'),
  ];
}

/** A project that transfers land or mineral rights gets the default set (by its name). */
export const isTransferProject = (name: string) => /出让/.test(name);
