import { satisfactionRatings } from '../../db/schema';
import type { QuestionShape } from '../../src/surveys/forms';
import type { ResponseRow, Survey, SurveySummary } from '../../src/surveys/queries';
import { answerField, MIN_RESPONSES_FOR_AGENCIES } from '../../src/surveys/rules';
import { FieldError, FormErrors, SelectField, TextArea, type Errors, type Values } from '../components/form';
import { ResponseView, SummaryTable, SurveyFacts } from './parts';

export interface AgencySurveyProps {
  survey: Survey; questions: QuestionShape[];
  /** The agency's own response, if any; never another agency's. */
  mine: ResponseRow | null;
  /** Only once the survey is closed. */
  summary: SurveySummary | null;
  /** The survey is closed but has too few answers to show an agency a summary. */
  withheld?: boolean;
  yearClosed: boolean;
  values: Values; errors: Errors;
}

/** The agency's view: its answer form while open; its own answer and the anonymous summary after. */
export function AgencySurveyPage(p: AgencySurveyProps) {
  const s = p.survey;
  return (
    <section>
      <div class="page-head"><h1>{s.title}</h1><div class="actions"><a class="button" href="/surveys">返回列表</a></div></div>
      <SurveyFacts survey={s} />
      {s.status === '进行中' && !p.yearClosed && <AnswerForm {...p} />}
      {s.status === '进行中' && p.yearClosed && <p class="warning-box">{s.year}年度已结账，不能再提交或修改该年度的满意度评价。</p>}
      {(s.status !== '进行中' || p.yearClosed) && (
        <section id="my-response">
          <h2>本机构的答卷</h2>
          {p.mine ? <ResponseView response={p.mine} questions={p.questions} showAgency={false} /> : <p class="muted">本机构未作答。</p>}
        </section>
      )}
      {p.summary && <SummaryTable summary={p.summary} questions={p.questions} />}
      {p.withheld && <p class="muted" id="summary-withheld">答卷不足{MIN_RESPONSES_FOR_AGENCIES}份：为保护各机构答卷的匿名性，不向拍卖机构公布汇总。</p>}
    </section>
  );
}

function AnswerForm({ survey, questions, mine, values, errors }: AgencySurveyProps) {
  return (
    <section id="answer-form">
      <h2>{mine ? '修改本机构的答卷' : '作答'}</h2>
      {mine && <p class="muted">本机构已作答，可在调查结束前修改。</p>}
      <FormErrors errors={errors} />
      <form method="post" action={`/surveys/${survey.id}/response`} class="grid-form" novalidate>
        <fieldset>
          <legend>问题</legend>
          {questions.map((q, i) => q.kind === '评分'
            ? <RatingQuestion q={q} n={i + 1} values={values} errors={errors} />
            : <TextArea name={answerField(q.id)} label={`${i + 1}. ${q.text}（选答）`} values={values} errors={errors} />)}
        </fieldset>
        <fieldset>
          <legend>总体评价</legend>
          <SelectField name="rating" label="总体评价" options={satisfactionRatings} blank="请选择" values={values} errors={errors} required />
          <TextArea name="comment" label="意见建议（选填）" values={values} errors={errors} />
        </fieldset>
        <div class="actions"><button type="submit" class="primary">{mine ? '保存修改' : '提交'}</button></div>
      </form>
    </section>
  );
}

/** A 1…scale rating as radio buttons: works without JS, one choice. */
function RatingQuestion({ q, n, values, errors }: { q: QuestionShape; n: number; values: Values; errors: Errors }) {
  const name = answerField(q.id);
  const err = errors[name];
  const current = values[name];
  const points = Array.from({ length: q.scale! }, (_, i) => String(i + 1));
  return (
    <div class={`field${err ? ' has-error' : ''}`} role="group" aria-labelledby={`lbl-${name}`} aria-describedby={`err-${name}`}>
      <span id={`lbl-${name}`}>{n}. {q.text}（1–{q.scale} 分）<abbr title="必填" class="req">*</abbr></span>
      <span class="checks">
        {points.map((v) => (
          <label class="check"><input type="radio" name={name} value={v} checked={current === v} /> {v}</label>
        ))}
      </span>
      <FieldError name={name} error={err} />
    </div>
  );
}
