import { z } from 'zod';
import { indicatorRules, type IndicatorRule, type RevenueType } from '../../db/schema';
import { f } from '../lib/forms';
import { hundredths, indicatorProblems, normalizeTarget, parseRevenueTypes, REVENUE_TYPE_RULES, type IndicatorValues } from './rules';

// Each schema mirrors the <input name>s of one form in views/performance/indicator*.tsx.

/** Kept as typed (trimmed, undefined when empty): indicatorProblems judges these, not zod. */
const typed = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().optional());

/** The input name each field of indicatorProblems is shown beside. */
const INPUT: Record<keyof IndicatorValues, string> = {
  rule: 'rule', targetValue: 'target_value', manualActual: 'manual_actual', manualPoints: 'manual_points', weight: 'weight', unit: 'unit',
};

const asText = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

/**
 * 绩效指标 row. The rule-dependent fields are checked by indicatorProblems — the function the ledger
 * importer uses too — so a row means the same whichever way it came in. The check runs even when a
 * text field is missing (`when`), so every message shows at once.
 */
export const indicatorForm = z.object({
  level1: f.text('一级指标', 100),
  level2: f.text('二级指标', 100),
  level3: f.text('三级指标', 200),
  expected: f.text('预期指标值', 200),
  rule: z.preprocess((v) => (v === '' ? undefined : v), z.enum(indicatorRules, { error: '请选择计算规则' })),
  target_value: typed,
  unit: f.optionalText('单位', 20),
  manual_actual: f.optionalText('实际完成值', 200),
  manual_points: typed,
  weight: z.string({ error: '请填写权重' }).trim().min(1, '请填写权重'),
  // Checkboxes: absent, one value or several.
  revenue_types: z.union([z.string(), z.array(z.string())]).optional(),
}).superRefine((v, ctx) => {
  const rule = asText(v.rule);
  if (rule === null) return; // reported by the rule field itself
  if (REVENUE_TYPE_RULES.includes(rule as IndicatorRule)) {
    // New work says what it counts (imported history may leave it empty: all types).
    const { types, problem } = parseRevenueTypes(v.revenue_types);
    if (problem || types === null) ctx.addIssue({ code: 'custom', path: ['revenue_types'], message: problem ?? '请选择计入的收入类型（本中心自收的交易服务费，或按项目口径另选）' });
  }
  const problems = indicatorProblems({
    rule, targetValue: normalizeTarget(rule, asText(v.target_value)), manualActual: asText(v.manual_actual), manualPoints: asText(v.manual_points), unit: asText(v.unit),
    // An empty weight is reported already; 100 (the most a weight can be) proves nothing against the rest.
    weight: asText(v.weight) ?? '100',
  });
  for (const [field, message] of Object.entries(problems) as [keyof IndicatorValues, string][]) {
    if (field === 'weight' && asText(v.weight) === null) continue;
    ctx.addIssue({ code: 'custom', path: [INPUT[field]], message });
  }
}, { when: () => true });

export interface IndicatorInput {
  level1: string; level2: string; level3: string; expected: string; rule: IndicatorRule;
  targetValue: string | null; unit: string | null; manualActual: string | null; manualPoints: string | null; weight: string;
  revenueTypes: RevenueType[] | null;
}

/** The row to store, from a form that passed. */
export function indicatorInput(v: z.output<typeof indicatorForm>): IndicatorInput {
  return {
    level1: v.level1, level2: v.level2, level3: v.level3, expected: v.expected, rule: v.rule,
    targetValue: normalizeTarget(v.rule, v.target_value ?? null), unit: v.unit ?? null, manualActual: v.manual_actual ?? null,
    manualPoints: v.manual_points ?? null, weight: v.weight,
    revenueTypes: REVENUE_TYPE_RULES.includes(v.rule) ? parseRevenueTypes(v.revenue_types).types : null,
  };
}

const POINTS = /^\d{1,3}(\.\d{1,2})?$/;

/** 扣分: more than 0, at most 100, two decimals (the database's own bounds), with its reason. */
export const deductionForm = z.object({
  points: z.string({ error: '请填写扣分' }).trim().min(1, '请填写扣分')
    .regex(POINTS, '扣分应为数，最多两位小数')
    // A failed regex does not stop zod: judge the bounds only of a number.
    .refine((s) => !POINTS.test(s) || (hundredths(s) > 0n && hundredths(s) <= 10000n), '扣分应大于0且不超过100'),
  reason: f.text('扣分原因', 500),
});
export type DeductionInput = z.output<typeof deductionForm>;

/** 上移/下移 one row. */
export const moveForm = z.object({ direction: z.enum(['up', 'down'], { error: '请选择上移或下移' }) });
