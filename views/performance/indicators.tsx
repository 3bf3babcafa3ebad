import type { Project } from '../../src/funds/queries';
import { formatYuan } from '../../src/lib/money';
import type { PerformanceReport, ReportIndicator } from '../../src/performance/report';
import { formatHundredths, hundredths, RULE_UNIT } from '../../src/performance/rules';
import { Field, FormErrors, type Errors, type Values } from '../components/form';
import { IndicatorForm } from './indicator-form';

/** Σ 权重 of a complete set: the other 10 points are the 预算执行率's (REPORTING.md "Score"). */
import { COMPLETE_WEIGHTS as FULL_WEIGHTS } from '../../src/performance/report';

export interface IndicatorsPageProps {
  project: Project;
  report: PerformanceReport;
  /** May change the rows: a writer, and the year is not closed. */
  canWrite: boolean;
  indicator: { values: Values; errors: Errors };
  deduction: { values: Values; errors: Errors };
  /** Why 套用默认指标 was refused, shown above the table. */
  notice?: string | undefined;
}

/** 目标数值 with its unit: money in 元 with separators, as every other page shows it. */
function target(i: ReportIndicator) {
  if (i.targetValue === null) return '—';
  const unit = i.unit || RULE_UNIT[i.rule];
  return unit === '元' ? `${formatYuan(hundredths(i.targetValue))} 元` : `${i.targetValue}${unit ? ` ${unit}` : ''}`;
}

const metText = (m: boolean | null) => (m === null ? '—' : m ? '达成' : '未达成');

export function IndicatorsPage(p: IndicatorsPageProps) {
  const { project, report, canWrite } = p;
  const base = `/projects/${project.id}`;
  return (
    <section>
      <div class="page-head">
        <h1>绩效指标 · {project.name} · {project.year}年 {project.closed && <span class="status status-已结账">已结账</span>}</h1>
        <nav class="actions">
          <a class="button" href={base}>返回项目</a>
          <a class="button" href={`${base}/performance`}>绩效报告</a>
        </nav>
      </div>
      {project.closed && <p class="muted">{project.year}年度已结账，绩效指标与扣分不能再修改。</p>}
      {p.notice && <div class="flash error" role="alert">{p.notice}</div>}
      <IndicatorTable project={project} report={report} canWrite={canWrite} />
      {canWrite && (report.defaultIndicators || report.indicators.length === 0) && (
        <form method="post" action={`${base}/indicators/defaults`} class="actions">
          <button type="submit">套用土地出让默认指标</button>
          <span class="hint">数量、时效、成本、经济效益、社会效益、满意度六项，权重合计 90</span>
        </form>
      )}
      <ScoreSummary report={report} />
      {/* The fragment brings the reader back to the form when it comes back with errors. */}
      {canWrite && <IndicatorForm projectId={project.id} action={`${base}/indicators#indicator-form`} legend="新增绩效指标" {...p.indicator} />}

      <h2>扣分</h2>
      <DeductionTable project={project} report={report} canWrite={canWrite} />
      {canWrite && <DeductionForm projectId={project.id} {...p.deduction} />}
    </section>
  );
}

export function IndicatorTable({ project, report, canWrite }: { project: Project; report: PerformanceReport; canWrite: boolean }) {
  const rows = report.indicators;
  const base = `/projects/${project.id}/indicators`;
  const points = rows.reduce((a, i) => a + i.points, 0n);
  const cols = canWrite ? 12 : 11;
  return (
    <div id="indicator-table">
      {report.defaultIndicators && (
        <div class="warning-box" role="status">
          <p>本项目尚未设置绩效指标。下表是报告暂用的土地出让默认指标，套用后即可修改。</p>
        </div>
      )}
      {!report.defaultIndicators && rows.length > 0 && report.weights !== FULL_WEIGHTS && (
        <div class="warning-box" role="status">
          <p>权重合计为 {formatHundredths(report.weights)}，应为 90.00（另 10 分为预算执行率）。请调整各指标的权重。</p>
        </div>
      )}
      <table class="data">
        <thead>
          <tr>
            <th>序号</th><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>预期指标值</th><th>计算规则</th><th class="num">目标数值</th>
            <th>实际完成值</th><th>是否达成</th><th class="num">权重</th><th class="num">得分</th>{canWrite && <th>操作</th>}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && <tr><td colspan={cols} class="empty">尚未设置绩效指标</td></tr>}
          {rows.map((i, k) => (
            <tr id={`indicator-${i.id}`}>
              <td>{k + 1}</td><td>{i.level1}</td><td>{i.level2}</td><td>{i.level3}</td><td>{i.expected}</td><td>{i.rule}</td>
              <td class="num">{target(i)}</td>
              <td>{i.actual ?? '—'}{i.note && <small class="hint">{i.note}</small>}</td>
              <td>{metText(i.met)}</td>
              <td class="num">{i.weight}</td><td class="num">{formatHundredths(i.points)}</td>
              {canWrite && report.defaultIndicators && <td></td>}
              {canWrite && !report.defaultIndicators && (
                <td>
                  <div class="actions row-actions">
                    <a href={`${base}/${i.id}/edit`}>修改</a>
                    {k > 0 && <MoveButton action={`${base}/${i.id}/position`} direction="up" label="上移" />}
                    {k < rows.length - 1 && <MoveButton action={`${base}/${i.id}/position`} direction="down" label="下移" />}
                    <form method="post" action={`${base}/${i.id}/delete`}><button type="submit" class="link">删除</button></form>
                  </div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colspan={9}>合计</td><td class="num" id="weights-total">{formatHundredths(report.weights)}</td>
            <td class="num">{formatHundredths(points)}</td>{canWrite && <td></td>}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function MoveButton({ action, direction, label }: { action: string; direction: 'up' | 'down'; label: string }) {
  return (
    <form method="post" action={action}>
      <input type="hidden" name="direction" value={direction} />
      <button type="submit" class="link">{label}</button>
    </form>
  );
}

/** What the rows add up to, as the report's 自评得分 counts it. */
function ScoreSummary({ report }: { report: PerformanceReport }) {
  const s = report.score;
  return (
    <dl class="facts" id="score-summary">
      <dt>预算执行率得分</dt><dd>{formatHundredths(s.execution)}（满分 10）</dd>
      <dt>指标得分</dt><dd>{formatHundredths(s.indicators)}</dd>
      <dt>扣分</dt><dd>{formatHundredths(s.deductions)}</dd>
      <dt>自评得分</dt><dd><strong>{formatHundredths(s.total)}</strong>（{s.grade}）</dd>
    </dl>
  );
}

export function DeductionTable({ project, report, canWrite }: { project: Project; report: PerformanceReport; canWrite: boolean }) {
  const base = `/projects/${project.id}/deductions`;
  return (
    <table class="data" id="deduction-table">
      <thead><tr><th>原因</th><th class="num">扣分</th>{canWrite && <th>操作</th>}</tr></thead>
      <tbody>
        {report.deductions.length === 0 && <tr><td colspan={canWrite ? 3 : 2} class="empty">没有扣分</td></tr>}
        {report.deductions.map((d) => (
          <tr id={`deduction-${d.id}`}>
            <td>{d.reason}</td><td class="num">{formatHundredths(d.points)}</td>
            {canWrite && <td><form method="post" action={`${base}/${d.id}/delete`}><button type="submit" class="danger">删除</button></form></td>}
          </tr>
        ))}
      </tbody>
      <tfoot><tr><td>Σ扣分</td><td class="num" id="deductions-total">{formatHundredths(report.score.deductions)}</td>{canWrite && <td></td>}</tr></tfoot>
    </table>
  );
}

export function DeductionForm({ projectId, values, errors }: { projectId: number; values: Values; errors: Errors }) {
  const base = `/projects/${projectId}/deductions`;
  return (
    <form method="post" action={`${base}#deduction-form`} class="grid-form" id="deduction-form" novalidate>
      <FormErrors errors={errors} />
      <fieldset>
        <legend>新增扣分</legend>
        <Field name="points" label="扣分" values={values} errors={errors} required inputmode="decimal" validate={`${base}/validate`} hint="大于 0，不超过 100，最多两位小数" />
        <Field name="reason" label="原因" values={values} errors={errors} required validate={`${base}/validate`} hint="如：年末集中支付，序时进度滞后" />
      </fieldset>
      <div class="actions"><button type="submit" class="primary">保存</button></div>
    </form>
  );
}
