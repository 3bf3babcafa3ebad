import { parcelKinds } from '../../db/schema';
import { GUANGYUAN_DISTRICTS, LAND_USES } from '../../src/parcels/rules';
import { Field, FormErrors, MoneyField, SelectField, type Errors, type Values } from '../components/form';

export function ParcelForm({ action, values, errors, title }: { action: string; values: Values; errors: Errors; title: string }) {
  // An edit validates against its record (the law's rules read what the edit changes).
  const v = `${action}/validate`;
  return (
    <section>
      <h1>{title}</h1>
      <FormErrors errors={errors} />
      <form method="post" action={action} class="grid-form" novalidate>
        <fieldset>
          <legend>基本信息</legend>
          <Field name="code" label="标的编号（宗地编号）" values={values} errors={errors} required validate={v} />
          <SelectField name="kind" label="类型" options={parcelKinds} values={values} errors={errors} required validate={v} />
          <Field name="name" label="名称" values={values} errors={errors} required validate={v} />
          <Field name="location" label="位置" values={values} errors={errors} />
          <Field name="district" label="所在区县" values={values} errors={errors} hint={`如：${GUANGYUAN_DISTRICTS.slice(0, 3).join('、')}`} />
          <MoneyField name="starting_price" label="起始价" values={values} errors={errors} required validate={v} />
          <MoneyField name="deposit" label="竞买保证金" values={values} errors={errors} validate={v} />
        </fieldset>
        <fieldset>
          <legend>土地</legend>
          <Field name="land_use" label="用途" values={values} errors={errors} hint={LAND_USES.join('、')} />
          <Field name="area" label="面积（m²；矿业权填矿区面积 km²）" values={values} errors={errors} inputmode="decimal" validate={v} />
          <Field name="plot_ratio" label="容积率" values={values} errors={errors} inputmode="decimal" validate={v} />
          <Field name="term_years" label="出让年限（年）" values={values} errors={errors} inputmode="numeric" validate={v} />
        </fieldset>
        <fieldset>
          <legend>矿业权</legend>
          <Field name="mineral" label="矿种" values={values} errors={errors} validate={v} />
          <Field name="resources" label="资源量" values={values} errors={errors} />
          <Field name="valid_until" label="有效期至" type="date" values={values} errors={errors} validate={v} />
        </fieldset>
        <div class="actions"><button type="submit" class="primary">保存</button><a href="/parcels">取消</a></div>
      </form>
    </section>
  );
}
