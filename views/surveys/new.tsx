import { surveyModes } from '../../src/surveys/forms';
import { MIN_RESPONSES_FOR_AGENCIES } from '../../src/surveys/rules';
import { Field, FormErrors, SelectField, TextArea, type Errors, type Values } from '../components/form';

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
          <SelectField name="mode" label="调查方式" options={surveyModes} values={values} errors={errors} required
            hint={`实名：工作人员可查看每家机构的答卷；匿名：只显示汇总，且至少 ${MIN_RESPONSES_FOR_AGENCIES} 份答卷后才显示。创建后不能更改，作答页会告知拍卖机构`} />
        </fieldset>
        <div class="actions"><button type="submit" class="primary">创建</button><a href="/surveys">取消</a></div>
      </form>
    </section>
  );
}
