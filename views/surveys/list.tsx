import type { SurveyListRow } from '../../src/surveys/queries';
import { rate } from '../funds/format';

/** Staff: the surveys of the centers in scope, with their answers and 满意率. */
export function SurveyListPage({ rows, canWrite }: { rows: SurveyListRow[]; canWrite: boolean }) {
  return (
    <section>
      <div class="page-head">
        <h1>满意度调查</h1>
        {canWrite && <div class="actions"><a class="button primary" href="/surveys/new">新建调查</a></div>}
      </div>
      {rows.length === 0 ? <p class="muted">尚无满意度调查。</p> : (
        <table class="data" id="survey-table">
          <thead><tr><th>年度</th><th>中心</th><th>标题</th><th>状态</th><th class="num">调查答卷</th><th class="num">满意度评价（含导入）</th><th class="num">满意率</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>{r.year}</td><td>{r.centerName}</td><td><a href={`/surveys/${r.id}`}>{r.title}</a></td>
                <td><span class={`status status-${r.status}`}>{r.status}</span></td>
                <td class="num">{r.answered}</td><td class="num">{r.figures.responses}</td><td class="num">{rate(r.figures.rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Agency: the open and closed surveys of its own center. */
export function AgencySurveyListPage({ rows }: { rows: SurveyListRow[] }) {
  return (
    <section>
      <h1>满意度调查</h1>
      {rows.length === 0 ? <p class="muted">目前没有需要作答或已结束的满意度调查。</p> : (
        <table class="data" id="survey-table">
          <thead><tr><th>年度</th><th>中心</th><th>标题</th><th>状态</th><th>本机构</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>{r.year}</td><td>{r.centerName}</td><td><a href={`/surveys/${r.id}`}>{r.title}</a></td>
                <td><span class={`status status-${r.status}`}>{r.status}</span></td>
                <td>{r.mine ? '已作答' : r.status === '进行中' ? '待作答' : '未作答'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
