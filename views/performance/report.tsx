// 项目绩效目标完成情况表, laid out as the seed's table, and the 自评得分 below it. Every figure comes
// from the PerformanceReport; every computed value links to the records behind it.
import { suggestions, type Finding } from '../../src/performance/findings';
import type { IndicatorRule } from '../../db/schema';
import { fundsBySource, type SourceSplit } from '../../src/performance/sources';
import type { PerformanceReport, ReportIndicator } from '../../src/performance/report';
import { chineseDate, formatHundredths, hundredths, REVENUE_TYPE_RULES, revenueTypesText } from '../../src/performance/rules';
import { formatYuan } from '../../src/lib/money';
import { rate, wan } from '../funds/format';

/** The lists behind the figures: /projects/:id/performance/<which>. */
export type RecordList = 'sold' | 'failed' | 'terminated' | 'remitted' | 'spent' | 'satisfaction';
export const recordsHref = (projectId: number, which: RecordList) => `/projects/${projectId}/performance/${which}`;

/** Where the actual value of each computed rule comes from; 手工 rows are shown as entered. */
const RULE_RECORDS: Record<IndicatorRule, RecordList | null> = {
  出让宗数: 'sold', 财政增收: 'remitted', 按时上缴: 'remitted', 工作经费: 'spent', 拍卖机构满意度: 'satisfaction', 预算执行率: 'spent', 溢价率: 'sold', 流拍率: 'failed', 出让面积: 'sold', 手工: null,
};

/** Σ 权重 of a complete indicator set: 100 points less the 10 of 预算执行率. */
import { COMPLETE_WEIGHTS } from '../../src/performance/report';

const points = (h: bigint) => formatHundredths(h);
const metLabel = (met: boolean | null) => (met === null ? '待评分' : met ? '是' : '否');

export function ReportPage({ report: r, canEdit, findings }: { report: PerformanceReport; canEdit: boolean; findings: readonly Finding[] }) {
  const id = r.project.id;
  return (
    <section class="report">
      <div class="page-head">
        <p class="muted no-print">{r.center.name} · <a href={`/projects/${id}`}>返回项目</a></p>
        <div class="actions">
          {canEdit && <a class="button" href={`/projects/${id}/indicators`}>编辑绩效指标与扣分</a>}
          <a class="button" href={`/projects/${id}/performance.xlsx`}>下载 Excel</a>
          <a class="button" href={`/projects/${id}/self-evaluation.xlsx`} title="财预〔2020〕10号及四川省项目支出绩效自评表的格式">下载自评表（省级格式）</a>
          <a class="button" href={`/projects/${id}/performance.docx`}>下载自评报告（Word）</a>
        </div>
      </div>
      <ReportWarnings report={r} canEdit={canEdit} />
      <h1 class="report-title">
        <span class="report-project">{r.project.name}</span>
        <span>项目绩效目标完成情况表</span>
      </h1>
      <p class="report-year">({r.project.year}年度)</p>
      <CompletionTable report={r} />
      <ScoreTable report={r} canEdit={canEdit} />
      <Findings findings={findings} />
      <FiguresTable report={r} />
      <p class="hint no-print">各数值均由台账记录按统一口径计算，点击可查看计入该数值的记录。打印时请使用浏览器的打印功能（A4 纵向）。</p>
    </section>
  );
}

/** Why the score cannot be taken as final yet: an incomplete indicator set, rows that could not be judged. */
/** 存在的问题 and 相关建议, from the records (findings.ts): each problem links to what it was read from. */
function Findings({ findings }: { findings: readonly Finding[] }) {
  const advice = suggestions(findings);
  return (
    <section id="findings">
      <h2>存在的问题</h2>
      {findings.length === 0 ? <p>无（记录中未发现问题）</p> : (
        <ol>{findings.map((x) => <li data-kind={x.kind}>{x.text} <a class="no-print" href={x.href}>查看记录</a></li>)}</ol>
      )}
      <h2>相关建议</h2>
      {advice.length === 0 ? <p>无</p> : <ol>{advice.map((a) => <li>{a}</li>)}</ol>}
      <p class="hint no-print">问题与建议由台账记录生成，写入自评报告（Word）；阈值：第四季度支付超过全年一半为年末集中支付，劳务费平均超过30天支付为不及时，实际超出目标的提示比例（默认50%）由系统管理员在“工作日历”页按中心设置。</p>
    </section>
  );
}

export function ReportWarnings({ report: r, canEdit }: { report: PerformanceReport; canEdit: boolean }) {
  const incomplete = r.weights !== COMPLETE_WEIGHTS;
  const notes = r.indicators.filter((i) => i.note !== null);
  if (!incomplete && notes.length === 0 && !r.defaultIndicators) return null;
  return (
    <div class="warning-box" role="note" id="report-warnings">
      {r.defaultIndicators && (
        <p>
          本项目尚未设置绩效指标，暂按土地出让项目的默认指标评价。
          {canEdit && <> <a href={`/projects/${r.project.id}/indicators`}>设置绩效指标</a></>}
        </p>
      )}
      {incomplete && (
        <p>
          {r.indicators.length === 0 ? '尚未设置绩效指标' : `绩效指标权重合计为 ${points(r.weights)}，应为 ${points(COMPLETE_WEIGHTS)}`}
          ：指标体系不完整，自评得分仅供参考。
          {canEdit && <> <a href={`/projects/${r.project.id}/indicators`}>补充绩效指标</a></>}
        </p>
      )}
      {notes.map((i) => <p>{i.level3}：{i.note}</p>)}
    </div>
  );
}

function Money({ href, fen }: { href: string; fen: bigint }) {
  return <a href={href}>{wan(fen)}</a>;
}

/** The seed's table: 项目名称, 预算单位, 预算执行情况, 年度目标完成情况, 绩效指标完成情况. */
export function CompletionTable({ report: r }: { report: PerformanceReport }) {
  const id = r.project.id;
  const s = fundsBySource(r.funds);
  const budget = `/projects/${id}#budget`;
  const arrivals = `/projects/${id}#arrivals`;
  const spent = recordsHref(id, 'spent');
  const part = (label: string, split: SourceSplit, key: 'amount' | 'fiscal' | 'other', href: string, span: number) => (
    <><th scope="row" class="report-label">{label}</th><td class="num" colspan={span}><Money href={href} fen={split[key]} /></td></>
  );
  const n = r.indicators.length;
  return (
    <table class="data report-table" id="completion-table">
      <colgroup>
        {['section', 'level1', 'level2', 'level3', 'expected', 'actual', 'weight', 'points', 'met'].map((k) => <col class={`col-${k}`} />)}
      </colgroup>
      <tbody>
        <tr><th scope="row" class="report-section">项目名称</th><td colspan={8}>{r.project.name}</td></tr>
        <tr><th scope="row" class="report-section">预算单位</th><td colspan={8}>{r.project.budgetUnit ?? r.center.name}</td></tr>
        <tr>
          <th scope="rowgroup" class="report-section" rowspan={3}>预算执行情况(万元)</th>
          {part('年初预算数:', s.initial, 'amount', budget, 1)}{part('全年预算数:', s.total, 'amount', budget, 1)}{part('执行数:', s.spent, 'amount', spent, 3)}
        </tr>
        <tr>
          {part('其中-财政拨款:', s.initial, 'fiscal', arrivals, 1)}{part('其中-财政拨款:', s.total, 'fiscal', arrivals, 1)}{part('其中-财政拨款:', s.spent, 'fiscal', spent, 3)}
        </tr>
        <tr>
          {part('其它资金:', s.initial, 'other', arrivals, 1)}{part('其它资金:', s.total, 'other', arrivals, 1)}{part('其它资金:', s.spent, 'other', spent, 3)}
        </tr>
        <tr>
          <th scope="rowgroup" class="report-section" rowspan={2}>年度目标完成情况</th>
          <th colspan={4}>预期目标</th><th colspan={4}>实际完成目标</th>
        </tr>
        <tr>
          <td colspan={4}>{r.project.target ?? '—'}</td>
          <td colspan={4}>
            {r.narrative ?? '—'}
            <NarrativeSources report={r} />
          </td>
        </tr>
        <tr>
          <th scope="rowgroup" class="report-section" rowspan={1 + Math.max(n, 1)}>绩效指标完成情况</th>
          <th>一级指标</th><th>二级指标</th><th>三级指标</th><th>预期指标值(包含数字及文字描述)</th><th>实际完成指标值(包含数字及文字描述)</th>
          <th class="num">权重</th><th class="num">得分</th><th>是否完成</th>
        </tr>
        {n === 0 && <tr><td colspan={8} class="empty">尚未设置绩效指标</td></tr>}
        {r.indicators.map((i) => <IndicatorRow projectId={id} i={i} />)}
      </tbody>
    </table>
  );
}

/** The figures the 实际完成目标 sentence is written from, each with its records. */
function NarrativeSources({ report: r }: { report: PerformanceReport }) {
  const rules = new Set(r.indicators.map((i) => i.rule));
  if (!rules.has('出让宗数') && !rules.has('财政增收')) return null;
  const id = r.project.id;
  return (
    <small class="hint report-sources">
      依据：
      {rules.has('出让宗数') && <a href={recordsHref(id, 'sold')}>出让{r.transfers.sold}宗</a>}
      {rules.has('出让宗数') && rules.has('财政增收') && '，'}
      {rules.has('财政增收') && <a href={recordsHref(id, 'remitted')}>上缴非税收入{wan(r.revenue.remitted)}</a>}
    </small>
  );
}

function IndicatorRow({ projectId, i }: { projectId: number; i: ReportIndicator }) {
  const which = RULE_RECORDS[i.rule];
  const actual = i.actual ?? '—';
  return (
    <tr class={i.note ? 'has-note' : undefined}>
      <td>{i.level1}</td><td>{i.level2}</td><td>{i.level3}</td><td>{i.expected}</td>
      <td>{which ? <a href={recordsHref(projectId, which)}>{actual}</a> : actual}{i.rule === '手工' && <small class="hint">（手工填报）</small>}</td>
      <td class="num">{points(hundredths(i.weight))}</td>
      <td class="num">{points(i.points)}</td>
      <td>{metLabel(i.met)}</td>
    </tr>
  );
}

/** 自评得分: 预算执行率 (10), each indicator's points, 扣分 with reasons, 总分 and 等级. */
export function ScoreTable({ report: r, canEdit }: { report: PerformanceReport; canEdit: boolean }) {
  const id = r.project.id;
  const full = 1000n + r.weights;
  return (
    <>
      <h2>自评得分</h2>
      <table class="data report-table" id="score-table">
        <thead><tr><th>评分项目</th><th class="num">分值</th><th class="num">得分</th><th>说明</th></tr></thead>
        <tbody>
          <tr>
            <th scope="row">预算执行率</th><td class="num">10.00</td><td class="num">{points(r.score.execution)}</td>
            <td>执行率 <a href={recordsHref(id, 'spent')}>{rate(r.funds.executionRate)}</a>，得分 = min(执行率, 100%) × 10</td>
          </tr>
          {r.indicators.map((i) => (
            <tr>
              <th scope="row">{i.level2} · {i.level3}</th><td class="num">{points(hundredths(i.weight))}</td><td class="num">{points(i.points)}</td>
              <td>{i.rule === '手工' ? '手工评分' : i.met ? '已完成，得满分' : '未完成，按完成比例计分'}{i.note ? `（${i.note}）` : ''}</td>
            </tr>
          ))}
          <tr class="subtotal"><th scope="row">指标得分小计</th><td class="num">{points(r.weights)}</td><td class="num">{points(r.score.indicators)}</td><td></td></tr>
          {r.deductions.map((d) => (
            <tr class="deduction"><th scope="row">扣分</th><td class="num"></td><td class="num">-{points(d.points)}</td><td>{d.reason}</td></tr>
          ))}
          {r.deductions.length === 0 && <tr class="deduction"><th scope="row">扣分</th><td class="num"></td><td class="num">0.00</td><td>无扣分{canEdit && <> · <a href={`/projects/${id}/indicators`}>录入扣分</a></>}</td></tr>}
        </tbody>
        <tfoot>
          <tr><th scope="row">总分</th><td class="num">{points(full)}</td><td class="num" id="score-total">{points(r.score.total)}</td><td>等级：<strong id="score-grade">{r.score.grade}</strong>（优 ≥ 90，良 ≥ 80，中 ≥ 60，其余为差）</td></tr>
        </tfoot>
      </table>
    </>
  );
}

/** The figures of REPORTING.md for this project and its center's year, each with its records. */
export function FiguresTable({ report: r }: { report: PerformanceReport }) {
  const id = r.project.id;
  const t = r.transfers;
  const link = (which: RecordList, text: string) => <a href={recordsHref(id, which)}>{text}</a>;
  return (
    <>
      <h2>计算依据</h2>
      <table class="data report-table" id="figures-table">
        <thead><tr><th>数据</th><th class="num">数值</th><th>口径</th></tr></thead>
        <tbody>
          <tr><th scope="row">出让宗数</th><td class="num">{link('sold', `${t.sold}宗`)}</td>
            <td>{r.center.name}结果为成交、成交日期在{r.project.year}年内的出让活动（土地{t.soldLand}宗，矿业权{t.soldMineral}宗）</td></tr>
          <tr><th scope="row">成交总价</th><td class="num">{link('sold', `${formatYuan(t.dealValue)}元`)}</td><td>上述成交出让活动的成交价合计</td></tr>
          <tr><th scope="row">流拍宗次</th><td class="num">{link('failed', `${t.failed}宗次`)}</td><td>结果为流拍、竞价日期在年内的出让活动</td></tr>
          <tr><th scope="row">终止宗次</th><td class="num">{link('terminated', `${t.terminated}宗次`)}</td><td>结果为终止、竞价日期在年内的出让活动</td></tr>
          <tr><th scope="row">组织出让宗次</th><td class="num">{t.organised}宗次</td>
            <td>成交 {link('sold', String(t.sold))} + 流拍 {link('failed', String(t.failed))} + 终止 {link('terminated', String(t.terminated))}</td></tr>
          <tr><th scope="row">上缴非税收入</th><td class="num">{link('remitted', `${formatYuan(r.revenue.remitted)}元`)}</td><td>上缴日期在年内的非税收入</td></tr>
          {r.indicators.filter((i) => REVENUE_TYPE_RULES.includes(i.rule)).map((i) => (
            <tr class="revenue-types"><th scope="row">{i.level3}</th><td class="num">{revenueTypesText(i.revenueTypes)}</td>
              <td>{i.rule}指标计入的非税收入类型{i.revenueTypes === null ? '（未指定，计入全部类型）' : ''}：{i.rule === '财政增收' ? `合计 ${i.actual ?? '—'}` : i.actual ?? '—'}</td></tr>
          ))}
          <tr><th scope="row">非税征收任务</th><td class="num">{r.revenue.target === null ? '未设定' : link('remitted', `${formatYuan(r.revenue.target)}元`)}</td>
            <td>完成率 {rate(r.revenue.rate)}</td></tr>
          <tr><th scope="row">完成任务日期</th><td class="num">{r.revenue.targetReachedOn === null ? '未完成' : link('remitted', chineseDate(r.revenue.targetReachedOn))}</td>
            <td>按上缴日期累计，首次达到非税征收任务的日期</td></tr>
          <tr><th scope="row">到期出让价款</th><td class="num"><a href="#due-instalments">{r.dueInstalments.length}期</a></td>
            <td>出让合同约定应缴日期在年内的各期价款：按期缴清 {r.dueInstalments.filter((i) => i.onTime === true).length} 期，
              未按期缴清 {r.dueInstalments.filter((i) => i.onTime === false).length} 期，尚未到期 {r.dueInstalments.filter((i) => i.onTime === null).length} 期（按时上缴须全部按期缴清）</td></tr>
          <tr><th scope="row">应上缴交易服务费</th><td class="num"><a href="#due-fees">{r.dueFees.length}笔</a></td>
            <td>收费标准规定的上缴时限在年内的收费：按时上缴 {r.dueFees.filter((x) => x.onTime === true).length} 笔，
              未按时上缴 {r.dueFees.filter((x) => x.onTime === false).length} 笔，尚未到期 {r.dueFees.filter((x) => x.onTime === null).length} 笔（按时上缴须全部按时）</td></tr>
          <tr><th scope="row">全年预算数</th><td class="num"><a href={`/projects/${id}#budget`}>{formatYuan(r.funds.total)}元</a></td>
            <td>年初预算 {formatYuan(r.funds.initial)} 元，{r.funds.carriedOver !== 0n && <>上年结转 <a href={`/projects/${id}#carried-in`}>{formatYuan(r.funds.carriedOver)} 元</a>，</>}调整 {formatYuan(r.funds.adjustments)} 元</td></tr>
          <tr><th scope="row">资金到位</th><td class="num"><a href={`/projects/${id}#arrivals`}>{formatYuan(r.funds.arrived)}元</a></td>
            <td>资金到位率 {rate(r.funds.arrivalRate)}（财政拨款 {formatYuan(r.funds.arrivedFiscal)} 元，其他 {formatYuan(r.funds.arrivedOther)} 元）</td></tr>
          <tr><th scope="row">执行数</th><td class="num">{link('spent', `${formatYuan(r.funds.spent)}元`)}</td><td>年内已支付的款项（含冲销），不含草稿和审批中的款项</td></tr>
          <tr><th scope="row">预算执行率</th><td class="num">{link('spent', rate(r.funds.executionRate))}</td><td>执行数 ÷ 全年预算数</td></tr>
          <tr><th scope="row">拍卖机构满意度</th><td class="num">{link('satisfaction', rate(r.satisfaction.rate))}</td>
            <td>{r.satisfaction.responses} 份评价中非常满意或满意 {r.satisfaction.satisfied} 份</td></tr>
        </tbody>
      </table>
      <h3 id="due-instalments">{r.project.year}年到期的出让价款</h3>
      <table class="data report-table due-instalments">
        <thead><tr><th>合同编号</th><th>标的</th><th>期次</th><th>应缴日期</th><th class="num">应缴（元）</th><th class="num">已缴（元）</th><th>缴清日期</th><th>是否按期</th></tr></thead>
        <tbody>
          {r.dueInstalments.length === 0 && <tr><td colspan={8} class="empty">年内没有到期的出让价款</td></tr>}
          {r.dueInstalments.map((i) => (
            <tr class={i.onTime === false ? 'overdue' : undefined}>
              <td><a href={`/transfers/${i.transferId}/contract`}>{i.contractNo}</a></td><td>{i.code} {i.name}</td><td>第{i.seq}期</td><td>{i.dueOn}</td>
              <td class="num">{formatYuan(i.amount)}</td><td class="num">{formatYuan(i.paid)}</td><td>{i.settledOn ?? '—'}</td>
              <td>{i.onTime === true ? '按期' : i.onTime === false ? (i.settledOn ? `迟 ${i.lateDays} 天` : `逾期 ${i.overdueDays} 天未缴清`) : '未到期'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 id="due-fees">{r.project.year}年应上缴的交易服务费</h3>
      <table class="data report-table due-fees">
        <thead><tr><th>票据号</th><th>标的</th><th>收款日期</th><th class="num">金额（元）</th><th>应上缴日期</th><th class="num">已上缴（元）</th><th>上缴日期</th><th>是否按时</th></tr></thead>
        <tbody>
          {r.dueFees.length === 0 && <tr><td colspan={8} class="empty">年内没有应上缴的交易服务费（未登记收费，或收费标准未规定上缴时限）</td></tr>}
          {r.dueFees.map((x) => (
            <tr class={x.onTime === false ? 'overdue' : undefined}>
              <td><a href={`/service-fees#receipt-${x.receipt.id}`}>{x.receipt.invoiceNo}</a></td><td><a href={`/transfers/${x.transferId}`}>{x.code}</a> {x.name}</td>
              <td>{x.receipt.collectedOn}</td><td class="num">{formatYuan(x.receipt.amount)}</td><td>{x.dueOn}</td><td class="num">{formatYuan(x.remitted)}</td>
              <td>{x.remittedOn ?? '—'}</td><td>{x.onTime === true ? '按时' : x.onTime === false ? (x.remittedOn ? '逾期上缴' : `逾期 ${x.overdueDays} 天未上缴`) : '未到期'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
