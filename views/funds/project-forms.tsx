import { enteredBudgetKinds, fundSources } from '../../db/schema';
import type { ProjectFunds } from '../../src/funds/figures';
import type { Project } from '../../src/funds/queries';
import { formatYuan } from '../../src/lib/money';
import { Field, FormErrors, MoneyField, SelectField, TextArea, type Errors, type Values } from '../components/form';

export function ProjectForm({ action, title, values, errors, cancel }: { action: string; title: string; values: Values; errors: Errors; cancel: string }) {
  return (
    <section>
      <h1>{title}</h1>
      <FormErrors errors={errors} />
      <form method="post" action={action} class="grid-form" novalidate>
        <fieldset>
          <legend>项目</legend>
          <Field name="name" label="项目名称" values={values} errors={errors} required hint="如：土地出让工作经费" />
          <Field name="year" label="年度" values={values} errors={errors} required inputmode="numeric" />
          <Field name="budget_unit" label="预算单位" values={values} errors={errors} />
          <TextArea name="target" label="年度目标" values={values} errors={errors} />
          <TextArea name="actual_goal" label="实际完成目标" values={values} errors={errors} />
        </fieldset>
        <p class="hint">实际完成目标：有出让宗数或财政增收指标的项目由系统按数据生成（如“完成2020年度土地出让17宗……”），不必填写；其他项目在此填写，绩效报告照录。</p>
        <div class="actions"><button type="submit" class="primary">保存</button><a href={cancel}>取消</a></div>
      </form>
    </section>
  );
}

/** The project and its current figures, above a form that adds to them. */
function ProjectLine({ project: p, funds, committed }: { project: Project; funds: ProjectFunds; committed?: bigint }) {
  return (
    <dl class="facts">
      <dt>项目</dt><dd><a href={`/projects/${p.id}`}>{p.name}</a>（{p.year}年）</dd>
      <dt>全年预算</dt><dd>{formatYuan(funds.total)} 元</dd>
      {committed !== undefined && <><dt>已占用</dt><dd>{formatYuan(committed)} 元（已支付与待支付）</dd></>}
      <dt>资金到位</dt><dd>{formatYuan(funds.arrived)} 元</dd>
    </dl>
  );
}

export function BudgetForm({ project, funds, committed, values, errors }: { project: Project; funds: ProjectFunds; committed: bigint; values: Values; errors: Errors }) {
  return (
    <section>
      <h1>录入预算</h1>
      <ProjectLine project={project} funds={funds} committed={committed} />
      <p class="muted">预算记录保存后不能修改或删除；如有差错，请另录一笔追加或调减更正。</p>
      <FormErrors errors={errors} />
      <form method="post" action={`/projects/${project.id}/budget`} class="grid-form" novalidate>
        <fieldset>
          <legend>预算</legend>
          <SelectField name="kind" label="类型" options={enteredBudgetKinds} values={values} errors={errors} required />
          <MoneyField name="amount" label="金额" values={values} errors={errors} required hint="单位：元，最多两位小数；调减也填正数" />
          <Field name="entry_date" label="日期" type="date" values={values} errors={errors} required
            hint={`应在${project.year}年内；年初预算也可在${project.year - 1}年12月`} />
          <Field name="doc_no" label="文号" values={values} errors={errors} />
          <TextArea name="reason" label="说明" values={values} errors={errors} />
        </fieldset>
        <div class="actions"><button type="submit" class="primary">保存</button><a href={`/projects/${project.id}`}>取消</a></div>
      </form>
    </section>
  );
}

export function ArrivalForm({ project, funds, values, errors }: { project: Project; funds: ProjectFunds; values: Values; errors: Errors }) {
  return (
    <section>
      <h1>录入资金到位</h1>
      <ProjectLine project={project} funds={funds} />
      <p class="muted">资金到位记录保存后不能修改或删除。</p>
      <FormErrors errors={errors} />
      <form method="post" action={`/projects/${project.id}/arrivals`} class="grid-form" novalidate>
        <fieldset>
          <legend>资金到位</legend>
          <MoneyField name="amount" label="金额" values={values} errors={errors} required />
          <Field name="arrived_on" label="到位日期" type="date" values={values} errors={errors} required hint={`应在${project.year}年内`} />
          <SelectField name="source" label="来源渠道" options={fundSources} values={values} errors={errors} required />
          <TextArea name="note" label="说明" values={values} errors={errors} />
        </fieldset>
        <div class="actions"><button type="submit" class="primary">保存</button><a href={`/projects/${project.id}`}>取消</a></div>
      </form>
    </section>
  );
}
