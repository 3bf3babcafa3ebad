import type { ParcelChoice } from '../../src/announcements/queries';
import { Field, FieldError, FormErrors, MoneyField, type Errors, type Values } from '../components/form';

export interface AnnouncementFormProps {
  action: string;
  title: string;
  values: Values;
  errors: Errors;
  choices: ParcelChoice[];
  cancel: string;
}

const picked = (v: Values[string]) => new Set(Array.isArray(v) ? v : v ? [v] : []);

export function AnnouncementForm({ action, title, values, errors, choices, cancel }: AnnouncementFormProps) {
  const v = '/announcements/validate';
  const checked = picked(values.parcels);
  return (
    <section>
      <h1>{title}</h1>
      <FormErrors errors={errors} />
      <form method="post" action={action} class="grid-form" novalidate>
        <fieldset>
          <legend>公告</legend>
          <Field name="code" label="公告编号" values={values} errors={errors} required validate={v} />
          <Field name="title" label="标题" values={values} errors={errors} required validate={v} />
          <Field name="medium" label="媒体" values={values} errors={errors} hint="报纸/网站…" validate={v} />
          <Field name="published_on" label="发布日期" type="date" values={values} errors={errors} required validate={v} />
          <MoneyField name="cost" label="费用" values={values} errors={errors} required validate={v} />
        </fieldset>
        {/* Change events of the boxes bubble here, so one request re-checks the whole group. */}
        <fieldset class={`checks${errors.parcels ? ' has-error' : ''}`} aria-describedby="err-parcels"
          hx-post={`${v}?field=parcels`} hx-trigger="change" hx-target="#err-parcels" hx-swap="outerHTML" hx-include="closest form">
          <legend>覆盖的标的<abbr title="必填" class="req">*</abbr></legend>
          {choices.length === 0 && <p class="empty">本中心没有尚未成交的标的。<a href="/parcels/new">登记标的</a></p>}
          {choices.map((p) => (
            <label class="check">
              <input type="checkbox" name="parcels" value={String(p.id)} checked={checked.has(String(p.id))} />
              {` ${p.code} ${p.name}`}
            </label>
          ))}
          <small class="hint">列出本中心尚未成交的标的及本公告已覆盖的标的；公告费用按标的平均分摊到分。</small>
          <FieldError name="parcels" error={errors.parcels} />
        </fieldset>
        <div class="actions"><button type="submit" class="primary">保存</button><a href={cancel}>取消</a></div>
      </form>
    </section>
  );
}
