import { indicatorRules, revenueTypes } from '../../db/schema';
import type { Indicator } from '../../src/performance/indicator-queries';
import type { ReportIndicator } from '../../src/performance/report';
import { CENTER_OWN_REVENUE_TYPES, formatHundredths } from '../../src/performance/rules';
import type { Project } from '../../src/funds/queries';
import { Field, FieldError, FormErrors, SelectField, type Errors, type Values } from '../components/form';

/** The form's values for a stored row. */
export function indicatorValues(i: Indicator): Record<string, string | string[]> {
  return {
    level1: i.level1, level2: i.level2, level3: i.level3, expected: i.expected, rule: i.rule, target_value: i.targetValue ?? '',
    unit: i.unit ?? '', manual_actual: i.manualActual ?? '', manual_points: i.manualPoints ?? '', weight: i.weight,
    revenue_types: i.revenueTypes ?? [],
  };
}

/** One indicator row's fields; the same form adds a row (on the indicators page) and edits one. */
export function IndicatorForm({ projectId, action, legend, values, errors, cancel }: {
  projectId: number; action: string; legend: string; values: Values; errors: Errors; cancel?: string;
}) {
  const v = `/projects/${projectId}/indicators/validate`;
  return (
    <form method="post" action={action} class="grid-form" id="indicator-form" novalidate>
      <FormErrors errors={errors} />
      <fieldset>
        <legend>{legend}</legend>
        <Field name="level1" label="一级指标" values={values} errors={errors} required validate={v} placeholder="如：项目完成指标" />
        <Field name="level2" label="二级指标" values={values} errors={errors} required validate={v} placeholder="如：数量指标" />
        <Field name="level3" label="三级指标" values={values} errors={errors} required validate={v} hint="同一项目内不能重复" />
        <Field name="expected" label="预期指标值" values={values} errors={errors} required validate={v} hint="表中所列的文字，如：10余宗" />
        <SelectField name="rule" label="计算规则" options={indicatorRules} blank="请选择" values={values} errors={errors} required validate={v}
          hint="实际完成值按此规则由记录算出；手工指标由人填写实际值与得分" />
        <Field name="target_value" label="目标数值" values={values} errors={errors} validate={v} inputmode="decimal"
          hint="出让宗数填宗数；财政增收、工作经费填元（可不填：以非税任务、全年预算为准）；满意度、执行率、溢价率、流拍率填百分数，不带%；出让面积按单位（平方米、公顷或亩）填；按时上缴不填" />
        <RevenueTypesField values={values} errors={errors} />
        <Field name="unit" label="单位" values={values} errors={errors} validate={v} hint="如：宗、元、%" />
        <Field name="weight" label="权重" values={values} errors={errors} required validate={v} inputmode="decimal"
          hint="0–100；各指标权重合计应为 90（另 10 分为预算执行率）" />
        <Field name="manual_actual" label="实际完成值" values={values} errors={errors} validate={v} hint="仅手工指标填写" />
        <Field name="manual_points" label="得分" values={values} errors={errors} validate={v} inputmode="decimal" hint="仅手工指标填写，不超过权重" />
      </fieldset>
      <div class="actions"><button type="submit" class="primary">保存</button>{cancel && <a href={cancel}>取消</a>}</div>
    </form>
  );
}

/** 计入收入类型: which 非税收入 a 财政增收/按时上缴 row counts; new rows start with the center's own 交易服务费. */
function RevenueTypesField({ values, errors }: { values: Values; errors: Errors }) {
  const raw = values.revenue_types;
  // An empty new form starts with the center's own type; a posted form shows what was posted (none included).
  const fresh = Object.keys(values).length === 0;
  const chosen = raw === undefined ? (fresh ? [...CENTER_OWN_REVENUE_TYPES] : []) : Array.isArray(raw) ? raw : [raw];
  return (
    <div class={errors.revenue_types ? 'field has-error' : 'field'}>
      <fieldset class="checks" aria-describedby="err-revenue_types">
        <legend>计入收入类型</legend>
        {revenueTypes.map((t) => <label><input type="checkbox" name="revenue_types" value={t} checked={chosen.includes(t)} /> {t}</label>)}
      </fieldset>
      <p class="hint">仅财政增收、按时上缴指标：实际完成值只累计所选类型的非税收入。交易服务费是本中心自收的收入；出让价款由国库或税务征收（财综〔2021〕19号），按项目口径需要时再选。</p>
      <FieldError name="revenue_types" error={errors.revenue_types} />
    </div>
  );
}

/** Editing one row, with what the rule computes for it now (read-only). */
export function IndicatorEditPage({ project: p, indicatorId, computed, values, errors }: {
  project: Project; indicatorId: number; computed: ReportIndicator | null; values: Values; errors: Errors;
}) {
  const back = `/projects/${p.id}/indicators`;
  return (
    <section>
      <h1>修改绩效指标</h1>
      <dl class="facts">
        <dt>项目</dt><dd><a href={back}>{p.name}</a>（{p.year}年）</dd>
        {computed && <>
          <dt>实际完成值</dt><dd>{computed.actual ?? '—'}{computed.note && <span class="muted">（{computed.note}）</span>}</dd>
          <dt>得分</dt><dd>{formatHundredths(computed.points)} / {computed.weight}</dd>
        </>}
      </dl>
      <p class="hint">实际完成值与得分由记录按计算规则算出（手工指标除外），保存后重新计算。</p>
      <IndicatorForm projectId={p.id} action={`/projects/${p.id}/indicators/${indicatorId}`} legend="绩效指标" values={values} errors={errors} cancel={back} />
    </section>
  );
}
