import { Field, FormErrors, TextArea, type Errors, type Values } from '../components/form';

export function SurveyForm({ values, errors }: { values: Values; errors: Errors }) {
  return (
    <section>
      <h1>新建满意度调查</h1>
      <p class="muted">每个中心每年一份调查。创建后为草稿：添加问题后开启，拍卖机构即可作答。</p>
      <FormErrors errors={errors} />
      <form method="post" action="/surveys" class="grid-form" novalidate>
        <fieldset>
          <legend>调查</legend>
          <Field name="year" label="年度" values={values} errors={errors} required inputmode="numeric" />
          <Field name="title" label="标题" values={values} errors={errors} required placeholder="如：2020年度拍卖机构满意度调查" />
          <TextArea name="intro" label="说明" values={values} errors={errors} />
        </fieldset>
        <div class="actions"><button type="submit" class="primary">创建</button><a href="/surveys">取消</a></div>
      </form>
    </section>
  );
}
