import { questionKinds } from '../../db/schema';
import type { QuestionShape } from '../../src/surveys/forms';
import type { ResponseRow, Survey, SurveySummary } from '../../src/surveys/queries';
import { Field, FormErrors, SelectField, type Errors, type Values } from '../components/form';
import { MIN_RESPONSES_FOR_AGENCIES } from '../../src/surveys/rules';
import { ResponseView, SummaryTable, SurveyFacts } from './parts';

export interface SurveyPageProps {
  survey: Survey; questions: QuestionShape[]; responses: ResponseRow[]; summary: SurveySummary;
  canWrite: boolean; questionValues: Values; questionErrors: Errors;
}

/**
 * What staff may read of the answers. 实名: everything, by agency. 匿名: no single answer and no
 * agency; the summary and the text answers (sorted, so their order tells nothing) only once
 * MIN_RESPONSES_FOR_AGENCIES answers are mixed together.
 */
export function staffView(named: boolean, responses: number) {
  const enough = responses >= MIN_RESPONSES_FOR_AGENCIES;
  return { individual: named, summary: named || enough, texts: named || enough };
}

/** Staff: the survey with its questions, every response with the agency's name, and the summary. */
export function SurveyPage(p: SurveyPageProps) {
  const s = p.survey;
  const texts = p.questions.filter((q) => q.kind === '文字');
  const may = staffView(s.named, p.summary.figures.responses);
  return (
    <section>
      <div class="page-head">
        <h1>{s.title}</h1>
        <div class="actions">
          {p.canWrite && s.status === '草稿' && (
            <form method="post" action={`/surveys/${s.id}/open`}><button type="submit" class="primary">开启调查</button></form>
          )}
          {p.canWrite && s.status === '进行中' && (
            <form method="post" action={`/surveys/${s.id}/close`}><button type="submit" class="danger">结束调查</button></form>
          )}
          <a class="button" href="/surveys">返回列表</a>
        </div>
      </div>
      <SurveyFacts survey={s} />

      <h2>问题</h2>
      {p.questions.length === 0 ? <p class="muted">尚未添加问题。开启调查前至少需要一个问题。</p> : (
        <table class="data" id="question-table">
          <thead><tr><th>序号</th><th>问题</th><th>题型</th><th class="num">满分</th>{p.canWrite && s.status === '草稿' && <th></th>}</tr></thead>
          <tbody>
            {p.questions.map((q, i) => (
              <tr>
                <td>{i + 1}</td><td>{q.text}</td><td>{q.kind}</td><td class="num">{q.scale ?? '—'}</td>
                {p.canWrite && s.status === '草稿' && (
                  <td class="row-actions">
                    <form method="post" action={`/surveys/${s.id}/questions/${q.id}/delete`}><button type="submit" class="link">删除</button></form>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.canWrite && s.status === '草稿' && <QuestionForm surveyId={s.id} values={p.questionValues} errors={p.questionErrors} />}

      {s.status !== '草稿' && (
        <>
          {may.summary ? <SummaryTable summary={p.summary} questions={p.questions} /> : (
            <section id="survey-summary">
              <h2>汇总</h2>
              <p class="muted" id="summary-withheld">匿名调查：目前有 {p.summary.figures.responses} 份答卷，不少于 {MIN_RESPONSES_FOR_AGENCIES} 份后显示汇总，以免从汇总中推知单家机构的评价。</p>
            </section>
          )}
          {texts.length > 0 && may.texts && (
            <section id="text-answers">
              <h2>文字回答</h2>
              {texts.map((q) => {
                const given = p.responses.flatMap((r) => r.answers.filter((a) => a.questionId === q.id && a.text !== null).map((a) => ({ agency: r.agency, text: a.text! })));
                if (!may.individual) given.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
                return (
                  <>
                    <h3>{q.text}</h3>
                    {given.length === 0 ? <p class="muted">暂无回答。</p> : <ul>{given.map((g) => <li>{g.text}{may.individual && <small class="muted">（{g.agency}）</small>}</li>)}</ul>}
                  </>
                );
              })}
            </section>
          )}
          {may.individual ? (
            <section id="responses">
              <h2>全部答卷（{p.responses.length}）</h2>
              {p.responses.length === 0 ? <p class="muted">尚无拍卖机构作答。</p>
                : p.responses.map((r) => <ResponseView response={r} questions={p.questions} showAgency />)}
            </section>
          ) : <p class="muted" id="responses-anonymous">匿名调查不显示单份答卷及作答机构。</p>}
        </>
      )}
    </section>
  );
}

function QuestionForm({ surveyId, values, errors }: { surveyId: number; values: Values; errors: Errors }) {
  return (
    <section id="question-form">
      <h2>添加问题</h2>
      <FormErrors errors={errors} />
      <form method="post" action={`/surveys/${surveyId}/questions`} class="grid-form" novalidate>
        <fieldset>
          <legend>问题</legend>
          <Field name="text" label="问题" values={values} errors={errors} required />
          <SelectField name="kind" label="题型" options={questionKinds} values={values} errors={errors} required />
          <Field name="scale" label="分值" values={values} errors={errors} inputmode="numeric" hint="评分题填写满分（2–10），如 5 表示 1–5 分；文字题不填" />
        </fieldset>
        <div class="actions"><button type="submit" class="primary">添加</button></div>
      </form>
    </section>
  );
}
