import { Field, FormErrors, type Errors, type Values } from '../components/form';

export function AgencyForm({ action, title, values, errors, cancel }: { action: string; title: string; values: Values; errors: Errors; cancel: string }) {
  const v = '/agencies/validate';
  return (
    <section>
      <h1>{title}</h1>
      <FormErrors errors={errors} />
      <form method="post" action={action} class="grid-form" novalidate>
        <fieldset>
          <legend>拍卖机构</legend>
          <Field name="credit_code" label="统一社会信用代码" values={values} errors={errors} required validate={v}
            hint="18位，含校验位；字母不区分大小写" autocomplete="off" />
          <Field name="name" label="名称" values={values} errors={errors} required validate={v} />
          <Field name="contact_person" label="联系人" values={values} errors={errors} validate={v} />
          <Field name="contact_phone" label="联系电话" type="tel" values={values} errors={errors} inputmode="tel" validate={v}
            hint="如 0839-3212345 或 (0839) 3212345" />
        </fieldset>
        <div class="actions"><button type="submit" class="primary">保存</button><a href={cancel}>取消</a></div>
      </form>
    </section>
  );
}
