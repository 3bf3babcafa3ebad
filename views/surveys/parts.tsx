// Pieces the staff and the agency pages of a survey share.
import type { QuestionShape } from '../../src/surveys/forms';
import type { ResponseRow, Survey, SurveySummary } from '../../src/surveys/queries';
import { formatDateTime } from '../../src/lib/dates';
import { rate } from '../funds/format';
import { MIN_RESPONSES_FOR_AGENCIES } from '../../src/surveys/rules';

export function SurveyFacts({ survey: s }: { survey: Survey }) {
  return (
    <>
      <dl class="facts">
        <dt>中心</dt><dd>{s.centerName}</dd>
        <dt>年度</dt><dd>{s.year}</dd>
        <dt>状态</dt><dd><span class={`status status-${s.status}`}>{s.status}</span></dd>
        <dt>调查方式</dt><dd id="survey-mode">{s.named ? '实名（工作人员可查看每家机构的答卷）' : `匿名（工作人员只能看到不少于 ${MIN_RESPONSES_FOR_AGENCIES} 份答卷的汇总）`}</dd>
        {s.openedAt && <><dt>开启于</dt><dd>{formatDateTime(s.openedAt)}</dd></>}
        {s.closedAt && <><dt>结束于</dt><dd>{formatDateTime(s.closedAt)}</dd></>}
      </dl>
      {s.intro && <p class="survey-intro">{s.intro}</p>}
    </>
  );
}

/** The anonymous summary: no agency, comment or text answer appears in it. */
export function SummaryTable({ summary, questions }: { summary: SurveySummary; questions: QuestionShape[] }) {
  const rated = questions.filter((q) => q.kind === '评分');
  return (
    <section id="survey-summary">
      <h2>汇总</h2>
      <table class="data">
        <thead><tr>{summary.counts.map((c) => <th class="num">{c.rating}</th>)}<th class="num">合计</th><th class="num">满意率</th></tr></thead>
        <tbody><tr>
          {summary.counts.map((c) => <td class="num">{c.count}</td>)}
          <td class="num">{summary.figures.responses}</td><td class="num" id="satisfaction-rate">{rate(summary.figures.rate)}</td>
        </tr></tbody>
      </table>
      <p class="hint">满意率 =（非常满意 + 满意）÷ 全部评价 × 100，与绩效报告“拍卖机构满意度”为同一数字{summary.imported > 0 ? `；含从满意度表导入的评价 ${summary.imported} 条` : ''}。</p>
      {rated.length > 0 && (
        <table class="data">
          <thead><tr><th>评分题</th><th class="num">满分</th><th class="num">作答数</th><th class="num">平均分</th></tr></thead>
          <tbody>
            {rated.map((q) => {
              const a = summary.averages.get(q.id);
              return <tr><td>{q.text}</td><td class="num">{q.scale}</td><td class="num">{a?.answers ?? 0}</td><td class="num">{a?.average ?? '—'}</td></tr>;
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** One response, read-only: overall rating, each answer, comment. */
export function ResponseView({ response: r, questions, showAgency }: { response: ResponseRow; questions: QuestionShape[]; showAgency: boolean }) {
  const answerOf = (q: QuestionShape) => r.answers.find((a) => a.questionId === q.id);
  return (
    <article class="survey-response">
      {showAgency && <h3>{r.agency}{r.surveyId === null && <small class="muted">（从满意度表导入）</small>}</h3>}
      <dl class="facts">
        <dt>总体评价</dt><dd>{r.rating}</dd>
        {questions.map((q, i) => {
          const a = answerOf(q);
          return <><dt>{i + 1}. {q.text}</dt><dd>{a ? (a.rating !== null ? `${a.rating} / ${q.scale}` : a.text) : '—'}</dd></>;
        })}
        <dt>意见建议</dt><dd>{r.comment ?? '—'}</dd>
        <dt>作答时间</dt><dd>{formatDateTime(r.updatedAt)}</dd>
      </dl>
    </article>
  );
}
