import type { ProjectWithFunds } from '../../src/funds/figures';
import { formatYuan } from '../../src/lib/money';
import { formatHundredths } from '../../src/performance/rules';
import type { Score } from '../../src/performance/rules';
import { Field, FormErrors, type Errors, type Values } from '../components/form';
import { FilterForm } from '../components/table';
import { COMPLETE_WEIGHTS } from '../../src/performance/report';
import { rate } from './format';

/** A row of the list: a project of the department or a center below it, with its 自评得分. */
export interface ProjectListRow extends ProjectWithFunds {
  center: { id: number; code: string; name: string };
  /** The performance report's score and Σ 权重 (hundredths); null when there is no report. */
  score: (Score & { weights: bigint }) | null;
}

export interface ProjectListProps {
  rows: ProjectListRow[];
  /** The year shown, or 'all'. */
  year: number | 'all';
  years: number[];
  closedYears: number[];
  canWrite: boolean;
  closeValues: Values;
  closeErrors: Errors;
}

export function ProjectListPage(p: ProjectListProps) {
  return (
    <section>
      <div class="page-head">
        <h1>项目经费</h1>
        <div class="actions">
          {p.canWrite && <a class="button primary" href="/projects/new">新建项目</a>}
          <a class="button" href="/payments">支付审批</a>
        </div>
      </div>
      <FilterForm path="/projects" target="project-results">
        <label>年度 <select name="year">
          <option value="all" selected={p.year === 'all'}>全部年度</option>
          {p.years.map((y) => <option value={String(y)} selected={p.year === y}>{y}年{p.closedYears.includes(y) ? '（已结账）' : ''}</option>)}
        </select></label>
      </FilterForm>
      <ProjectResults {...p} />
      {p.canWrite && <CloseYearForm values={p.closeValues} errors={p.closeErrors} closedYears={p.closedYears} />}
    </section>
  );
}

/** The fragment htmx swaps when the year changes. */
export function ProjectResults(p: ProjectListProps) {
  return (
    <div id="project-results">
      <table class="data" id="project-table">
        <thead>
          <tr>
            <th>项目名称</th><th>中心</th><th>年度</th><th>预算单位</th><th class="num">全年预算（元）</th><th class="num">执行数（元）</th>
            <th class="num">执行率</th><th class="num">资金到位（元）</th><th class="num">资金到位率</th><th class="num">自评得分</th><th>等级</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.length === 0 && <tr><td colspan={11} class="empty">{p.year === 'all' ? '本中心及下级中心还没有项目' : `本中心及下级中心${p.year}年度没有项目`}</td></tr>}
          {p.rows.map((r) => (
            <tr>
              <td><a href={`/projects/${r.id}`}>{r.name}</a></td>
              <td title={r.center.name}>{r.center.name}</td>
              <td>{r.year}</td>
              <td>{r.budgetUnit ?? ''}</td>
              <td class="num">{formatYuan(r.funds.total)}</td>
              <td class="num">{formatYuan(r.funds.spent)}</td>
              <td class="num">{rate(r.funds.executionRate)}</td>
              <td class="num">{formatYuan(r.funds.arrived)}</td>
              <td class="num">{rate(r.funds.arrivalRate)}</td>
              <td class="num">{r.score === null ? '—' : <a href={`/projects/${r.id}/performance`}>{formatHundredths(r.score.total)}</a>}
                {r.score !== null && r.score.weights !== COMPLETE_WEIGHTS && <small class="hint">指标不完整</small>}</td>
              <td>{r.score?.grade ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CloseYearForm({ values, errors, closedYears }: { values: Values; errors: Errors; closedYears: number[] }) {
  return (
    <section>
      <h2>年度结账</h2>
      <p class="muted">结账后，本中心该年度不能再录入预算、资金到位、支付和非税收入，也不能再冲销。
        {closedYears.length > 0
          ? <>已结账年度：{closedYears.map((y, i) => <>{i > 0 && '、'}<a href={`/projects/balances?year=${y}`} title={`${y}年度各项目年末结余及结转、收回`}>{y}</a></>)}（点击年度查看结余及结转、收回）。</>
          : '尚无已结账年度。'}</p>
      <FormErrors errors={errors} />
      <form method="post" action="/projects/close-year" class="grid-form" novalidate>
        <fieldset>
          <legend>结账</legend>
          <Field name="year" label="年度" values={values} errors={errors} required inputmode="numeric" />
        </fieldset>
        <div class="actions"><button type="submit" class="danger">结账</button></div>
      </form>
    </section>
  );
}
