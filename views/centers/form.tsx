import { centerLevels } from '../../db/schema';
import { Field, FormErrors, SelectField, type Errors, type Values } from '../components/form';

export interface ParentOption { value: string; label: string }

export function CenterForm({ action, title, values, errors, parents, allowNone }: {
  action: string; title: string; values: Values; errors: Errors; parents: ParentOption[];
  /** Only a center that has no parent today may keep having none. */
  allowNone?: boolean;
}) {
  const v = '/centers/validate';
  return (
    <section>
      <h1>{title}</h1>
      <FormErrors errors={errors} />
      <form method="post" action={action} class="grid-form" novalidate>
        <fieldset>
          <legend>交易中心</legend>
          <Field name="code" label="编码" values={values} errors={errors} required validate={v} hint="2–20位字母、数字、“-”或“_”，全系统唯一" />
          <Field name="name" label="名称" values={values} errors={errors} required validate={v} />
          <SelectField name="level" label="级别" options={centerLevels} values={values} errors={errors} required validate={v} />
          <SelectField name="parent_id" label="上级中心" options={parents} values={values} errors={errors}
            required={!allowNone} blank={allowNone ? '（无上级）' : '请选择'} />
        </fieldset>
        <div class="actions"><button type="submit" class="primary">保存</button><a href="/centers">取消</a></div>
      </form>
    </section>
  );
}
