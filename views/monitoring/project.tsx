import type { MonthExecution, ProjectFunds } from '../../src/funds/figures';
import { percent } from '../../src/funds/rules';
import { formatWan, formatYuan } from '../../src/lib/money';
import { ExecutionChart } from '../../src/monitoring/chart';
import type { CategoryFigure, PaymentState } from '../../src/monitoring/queries';
import { formatMargin, monthRanges, type Schedule } from '../../src/monitoring/rules';

export interface ProjectMonitoringProps {
  project: { id: number; name: string; year: number; budgetUnit: string | null };
  funds: ProjectFunds;
  months: MonthExecution[];
  schedule: Schedule;
  inProgress: number | null;
  margin: bigint;
  categories: CategoryFigure[];
}

const pct = (s: string | null) => (s === null ? '—' : `${s}%`);
const signedWan = (fen: bigint) => (fen > 0n ? `+${formatWan(fen)}` : formatWan(fen));

export const paymentsLink = (projectId: number, state: PaymentState, category?: string) =>
  `/monitoring/projects/${projectId}/payments?${new URLSearchParams({ ...(category ? { category } : {}), state })}`;

export function ProjectMonitoringPage(p: ProjectMonitoringProps) {
  const { project, funds, schedule } = p;
  const marginLabel = formatMargin(p.margin);
  return (
    <section>
      <div class="page-head">
        <h1>{project.name} · {project.year}年 · 执行监控</h1>
        <div class="actions">
          <a class="button" href={`/projects/${project.id}`}>项目详情</a>
          <a class="button" href="/monitoring">返回执行监控</a>
        </div>
      </div>

      <dl class="facts">
        {project.budgetUnit && <><dt>预算单位</dt><dd>{project.budgetUnit}</dd></>}
        <dt>全年预算</dt><dd>{formatWan(funds.total)}万元</dd>
        <dt>执行数</dt><dd>{formatWan(funds.spent)}万元</dd>
        <dt>执行率</dt><dd>{pct(funds.executionRate)}</dd>
        <dt>资金到位率</dt><dd>{pct(funds.arrivalRate)}</dd>
      </dl>

      <ScheduleWarning {...p} />

      <h2>月度执行与序时进度</h2>
      <form class="filters" method="get" action={`/monitoring/projects/${project.id}`}>
        <label>预警阈值（百分点）
          <input type="number" name="margin" min="0" max="100" step="0.01" value={marginLabel} />
        </label>
        <button type="submit">应用</button>
        <span class="hint">某月末执行率低于序时进度率超过该百分点数，即为滞后。</span>
      </form>
      <figure class="chart-figure">
        <ExecutionChart id={`exec-${project.id}`} title={`${project.name}${project.year}年各月累计执行与序时进度`}
          months={p.months} ended={schedule.ended} inProgress={p.inProgress} behindMonths={schedule.behindMonths} marginLabel={marginLabel} />
      </figure>
      <MonthTable {...p} />

      <h2>分类别预算执行</h2>
      <CategoryTable {...p} />
    </section>
  );
}

type ScheduleProps = Pick<ProjectMonitoringProps, 'project' | 'months' | 'schedule' | 'inProgress' | 'margin'>;

/** The warning and the chart, also shown on the project's own page (src/funds). */
export function ScheduleOverview(p: ScheduleProps) {
  return (
    <>
      <ScheduleWarning {...p} />
      <figure class="chart-figure">
        <ExecutionChart id={`exec-${p.project.id}`} title={`${p.project.name}${p.project.year}年各月累计执行与序时进度`}
          months={p.months} ended={p.schedule.ended} inProgress={p.inProgress} behindMonths={p.schedule.behindMonths} marginLabel={formatMargin(p.margin)} />
      </figure>
    </>
  );
}

function ScheduleWarning({ schedule, months, margin }: ScheduleProps) {
  if (schedule.behindMonths.length === 0) return null;
  const latest = schedule.latestMonth !== null ? months.find((m) => m.month === schedule.latestMonth) : undefined;
  const named = monthRanges(schedule.behindMonths);
  return (
    <div class="warning-box" role="alert">
      {schedule.behind && latest ? (
        <p><strong>执行滞后：</strong>
          {`截至${latest.month}月末，执行率 ${pct(latest.rate)}，序时进度 ${pct(latest.theoreticalRate)}，低于序时进度超过 ${formatMargin(margin)} 个百分点。`}</p>
      ) : (
        <p><strong>曾经滞后：</strong>
          {`截至${schedule.latestMonth}月末已不再滞后，但此前有月份执行低于序时进度超过 ${formatMargin(margin)} 个百分点，支付集中在后期。`}</p>
      )}
      <p>滞后月份：{named}（共{schedule.behindMonths.length}个月）。</p>
    </div>
  );
}

function MonthTable({ months, schedule, inProgress }: ProjectMonitoringProps) {
  const behind = new Set(schedule.behindMonths);
  return (
    <table class="data month-table">
      <caption class="sr-only">各月末累计执行与序时进度</caption>
      <thead><tr><th>月份</th><th class="num">累计执行（万元）</th><th class="num">序时进度（万元）</th><th class="num">执行率</th><th class="num">序时进度率</th><th class="num">差额（万元）</th><th>状态</th></tr></thead>
      <tbody>
        {months.map((m) => {
          const ended = m.month <= schedule.ended;
          const late = behind.has(m.month);
          return (
            <tr class={late ? 'row-behind' : undefined}>
              <th scope="row">{m.month}月</th>
              <td class="num">{formatWan(m.spent)}</td>
              <td class="num">{formatWan(m.theoretical)}</td>
              <td class="num">{pct(m.rate)}</td>
              <td class="num">{pct(m.theoreticalRate)}</td>
              <td class="num">{signedWan(m.spent - m.theoretical)}</td>
              <td>{!ended ? <span class="muted">{m.month === inProgress ? '本月未结束' : '未到'}</span>
                : late ? <span class="status status-滞后">滞后</span> : <span class="status status-正常">正常</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function CategoryTable({ project, funds, categories }: ProjectMonitoringProps) {
  const pendingTotal = categories.reduce((s, c) => s + c.pending, 0n);
  return (
    <table class="data category-table">
      <thead><tr><th>类别</th><th class="num">已支付（元）</th><th class="num">占全年预算</th><th class="num">待支付及审批中（元）</th></tr></thead>
      <tbody>
        {categories.map((c) => (
          <tr>
            <th scope="row">{c.category}</th>
            <td class="num"><a href={paymentsLink(project.id, 'paid', c.category)}>{formatYuan(c.paid)}</a> <span class="muted">（{c.paidCount}笔）</span></td>
            <td class="num">{pct(percent(c.paid, funds.total))}</td>
            <td class="num"><a href={paymentsLink(project.id, 'pending', c.category)}>{formatYuan(c.pending)}</a> <span class="muted">（{c.pendingCount}笔）</span></td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td>合计</td>
          <td class="num"><a href={paymentsLink(project.id, 'paid')}>{formatYuan(funds.spent)}</a></td>
          <td class="num">{pct(funds.executionRate)}</td>
          <td class="num"><a href={paymentsLink(project.id, 'pending')}>{formatYuan(pendingTotal)}</a></td>
        </tr>
      </tfoot>
    </table>
  );
}
