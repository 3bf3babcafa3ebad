import type { ProjectFunds } from '../../src/funds/figures';
import { crossYearNote, paidOnYear } from '../../src/funds/rules';
import type { WarningKind } from '../../src/ledger/types';
import { RecordWarnings } from '../warnings/list';
import type { Project, ProjectRecords } from '../../src/funds/queries';
import { formatYuan } from '../../src/lib/money';
import { COMPLETE_WEIGHTS } from '../../src/performance/report';
import { rate, wan } from './format';
import { ScheduleOverview } from '../monitoring/project';
import type { PerformanceReport } from '../../src/performance/report';
import { formatHundredths } from '../../src/performance/rules';
import type { DispositionRow, YearEndBalance } from '../../src/funds/balances';
import { CarriedInSection, YearEndSection } from './balance';

export function ProjectPage({ project: p, funds, records, canWrite, schedule, performance, warnings, carriedIn, yearEnd }: {
  project: Project; funds: ProjectFunds; records: ProjectRecords; canWrite: boolean;
  schedule: Omit<Parameters<typeof ScheduleOverview>[0], 'project'>;
  /** The project's performance report (score, grade, indicator weights), for the summary. */
  performance: Pick<PerformanceReport, 'score' | 'weights' | 'indicators'>;
  /** What its imported records were warned of (record_warnings), each with the record it is on. */
  warnings: { kind: WarningKind; message: string; label: string }[];
  /** The 上年结转 this project received (each from a closed project of the year before). */
  carriedIn: DispositionRow[];
  /** For a closed project: its 年末结余 and what became of it. */
  yearEnd: { balance: YearEndBalance; dispositions: DispositionRow[] } | null;
}) {
  const source = new Map(carriedIn.map((d) => [d.budgetEntryId, d]));
  const open = canWrite && !p.closed;
  // Paid after the project's year: recorded, but in no year's 执行数 (REPORTING.md).
  const crossYear = new Set(records.payments.filter((x) => x.status === '已支付' && x.paidOn !== null && paidOnYear(x.paidOn, p.year) === 'after'));
  const crossYearTotal = [...crossYear].reduce((sum, x) => sum + x.amount, 0n);
  return (
    <section>
      <div class="page-head">
        <h1>{p.name} · {p.year}年 {p.closed && <span class="status status-已结账">已结账</span>}</h1>
        <div class="actions">
          {canWrite && !p.closed && <a class="button" href={`/projects/${p.id}/edit`}>修改</a>}
          {open && <a class="button" href={`/projects/${p.id}/budget/new`}>录入预算</a>}
          {open && <a class="button" href={`/projects/${p.id}/arrivals/new`}>录入资金到位</a>}
          {open && <a class="button primary" href={`/payments/new?project=${p.id}`}>起草支付</a>}
          <a class="button" href={`/monitoring/projects/${p.id}`}>执行监控</a>
          <a class="button" href={`/projects/${p.id}/indicators`}>{canWrite ? '绩效指标与扣分' : '绩效指标'}</a>
          <a class="button primary" href={`/projects/${p.id}/performance`}>绩效报告</a>
        </div>
      </div>
      <dl class="facts">
        <dt>年度</dt><dd>{p.year}年（{p.closed ? '已结账，不能再记入该年度' : '未结账'}）</dd>
        <dt>预算单位</dt><dd>{p.budgetUnit ?? '—'}</dd>
        <dt>年度目标</dt><dd>{p.target ?? '—'}</dd>
        <dt>绩效自评</dt><PerformanceSummary projectId={p.id} performance={performance} />
      </dl>

      <h2>预算执行情况</h2>
      <div class="cards">
        <div class="card"><span class="label">全年预算</span><span class="value">{wan(funds.total)}</span></div>
        <div class="card"><span class="label">执行数</span><span class="value">{wan(funds.spent)}</span></div>
        <div class="card"><span class="label">执行率</span><span class="value">{rate(funds.executionRate)}</span></div>
        <div class="card"><span class="label">资金到位率</span><span class="value">{rate(funds.arrivalRate)}</span></div>
      </div>
      <FundsTable funds={funds} />
      {crossYear.size > 0 && (
        <p class="notice" id="cross-year">跨年支付 {crossYear.size} 笔，合计 {formatYuan(crossYearTotal)} 元：支付日期在{p.year}年之后，不计入{p.year}年的执行数与月度执行。</p>
      )}
      <RecordWarnings warnings={warnings} />

      <h2>月度执行与序时进度</h2>
      <ScheduleOverview project={p} {...schedule} />
      <p class="hint">预警阈值 {String(schedule.margin / 100n)} 个百分点；调整阈值与逐月明细见 <a href={`/monitoring/projects/${p.id}`}>执行监控</a>。</p>

      <h2 id="budget">预算</h2>
      <table class="data">
        <thead><tr><th>日期</th><th>类型</th><th class="num">金额（元）</th><th>文号</th><th>说明</th><th>录入人</th></tr></thead>
        <tbody>
          {records.entries.length === 0 && <tr><td colspan={6} class="empty">尚未录入预算</td></tr>}
          {records.entries.map((e) => (
            <tr id={`budget-${e.id}`}>
              <td>{e.entryDate}</td>
              <td>{e.kind}{source.has(e.id) && <>（<a href={`/projects/${source.get(e.id)!.projectId}#year-end-balance`}>来自{source.get(e.id)!.projectYear}年{source.get(e.id)!.projectName}</a>）</>}</td>
              <td class="num">{e.kind === '调减' ? `-${formatYuan(e.amount)}` : formatYuan(e.amount)}</td>
              <td>{e.docNo ?? ''}</td><td>{e.reason ?? ''}</td><td>{e.by ?? ''}</td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr><td colspan={2}>全年预算</td><td class="num">{formatYuan(funds.total)}</td><td colspan={3}></td></tr></tfoot>
      </table>
      <CarriedInSection rows={carriedIn} />
      {yearEnd && <YearEndSection balance={yearEnd.balance} dispositions={yearEnd.dispositions} canWrite={canWrite} />}

      <h2 id="arrivals">资金到位</h2>
      <table class="data">
        <thead><tr><th>到位日期</th><th>来源渠道</th><th class="num">金额（元）</th><th>说明</th><th>录入人</th></tr></thead>
        <tbody>
          {records.arrivals.length === 0 && <tr><td colspan={5} class="empty">尚未录入资金到位</td></tr>}
          {records.arrivals.map((a) => (
            <tr id={`arrival-${a.id}`}>
              <td>{a.arrivedOn}</td><td>{a.source}</td><td class="num">{formatYuan(a.amount)}</td><td>{a.note ?? ''}</td><td>{a.by ?? ''}</td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr><td colspan={2}>合计</td><td class="num">{formatYuan(funds.arrived)}</td><td colspan={2}></td></tr></tfoot>
      </table>

      <h2 id="payments">支付</h2>
      <table class="data">
        <thead><tr><th>编号</th><th>类别</th><th>收款人</th><th class="num">金额（元）</th><th>状态</th><th>支付日期</th><th>凭证号</th></tr></thead>
        <tbody>
          {records.payments.length === 0 && <tr><td colspan={7} class="empty">尚无支付</td></tr>}
          {records.payments.map((x) => (
            <tr>
              <td><a href={`/payments/${x.id}`}>#{x.id}</a>{x.reversesId !== null && `（冲销 #${x.reversesId}）`}</td>
              <td>{x.category}</td><td>{x.payee}</td><td class="num">{formatYuan(x.amount)}</td>
              <td><span class={`status status-${x.status}`}>{x.status}</span></td>
              <td>{x.paidOn ?? ''}{crossYear.has(x) && <> <span class="status status-跨年" title={crossYearNote(p.year)}>跨年支付</span></>}</td>
              <td>{x.voucherNo ?? ''}</td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr><td colspan={3}>执行数（本年度已支付，含冲销）</td><td class="num">{formatYuan(funds.spent)}</td><td colspan={3}></td></tr></tfoot>
      </table>
    </section>
  );
}

/** The seed's 资金计划、到位及使用情况 table, computed. */
export function FundsTable({ funds }: { funds: ProjectFunds }) {
  const adjustments = funds.adjustments === 0n ? '无预算调整' : funds.adjustments > 0n ? `预算调整追加 ${wan(funds.adjustments)}` : `预算调整调减 ${wan(-funds.adjustments)}`;
  return (
    <table class="data" id="funds-table">
      <caption>资金计划、到位及使用情况</caption>
      <thead><tr><th>项目</th><th class="num">金额</th><th class="num">其中：财政拨款</th><th class="num">其他资金</th><th>说明</th></tr></thead>
      <tbody>
        <tr><th scope="row">资金计划</th><td class="num">{wan(funds.initial)}</td><td class="num">—</td><td class="num">—</td>
          <td>年初预算 {wan(funds.initial)}，{funds.carriedOver !== 0n && `上年结转 ${wan(funds.carriedOver)}，`}{adjustments}，全年预算 {wan(funds.total)}</td></tr>
        <tr><th scope="row">资金到位</th><td class="num">{wan(funds.arrived)}</td><td class="num">{wan(funds.arrivedFiscal)}</td><td class="num">{wan(funds.arrivedOther)}</td>
          <td>资金到位率 {rate(funds.arrivalRate)}</td></tr>
        <tr><th scope="row">资金使用</th><td class="num">{wan(funds.spent)}</td><td class="num">—</td><td class="num">—</td>
          <td>执行率 {rate(funds.executionRate)}</td></tr>
      </tbody>
    </table>
  );
}

/** 绩效自评 at a glance: total score and grade, with the way to the full report. */
function PerformanceSummary({ projectId, performance: r }: { projectId: number; performance: Pick<PerformanceReport, 'score' | 'weights' | 'indicators'> }) {
  const incomplete = r.weights !== COMPLETE_WEIGHTS;
  return (
    <dd id="performance-summary">
      <a href={`/projects/${projectId}/performance`}>{formatHundredths(r.score.total)}分 · {r.score.grade}</a>
      {incomplete && <span class="muted">（{r.indicators.length === 0 ? '尚未设置绩效指标' : `指标权重合计 ${formatHundredths(r.weights)}，尚不完整`}，仅供参考）</span>}
    </dd>
  );
}
