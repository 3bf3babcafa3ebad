// The records behind each figure of the performance report. Each list comes from the *Behind query
// that shares its figure's WHERE clause; the footer shows the figure itself (from the report), which
// the listed records add up to.
import type { Child } from 'hono/jsx';
import type { PaymentRecord, RemittanceRecord, ResponseRecord, TransferRecord } from '../../src/performance/figures';
import type { PerformanceReport } from '../../src/performance/report';
import { chineseDate, satisfiedRatings } from '../../src/performance/rules';
import { formatYuan } from '../../src/lib/money';
import { rate } from '../funds/format';
import { recordsHref, type RecordList } from './report';

const LIST_LABELS: Record<RecordList, string> = {
  sold: '出让宗数', failed: '流拍宗次', terminated: '终止宗次', remitted: '上缴非税收入', spent: '执行数', satisfaction: '拍卖机构满意度',
};

const yuan = (v: string | null) => (v === null ? '' : formatYuan(BigInt(v)));

function RecordsPage({ report: r, which, intro, children }: { report: PerformanceReport; which: RecordList; intro: Child; children: Child }) {
  const id = r.project.id;
  return (
    <section class="report-records">
      <div class="page-head">
        <h1>{r.project.name}（{r.project.year}年度） · {LIST_LABELS[which]}明细</h1>
        <div class="actions"><a class="button" href={`/projects/${id}/performance`}>返回绩效报告</a></div>
      </div>
      <nav class="actions" aria-label="其他数据的明细">
        {(Object.keys(LIST_LABELS) as RecordList[]).map((w) => (
          <a href={recordsHref(id, w)} aria-current={w === which ? 'page' : undefined}>{LIST_LABELS[w]}</a>
        ))}
      </nav>
      <p class="muted">{intro}</p>
      {children}
    </section>
  );
}

const TRANSFER_INTRO: Record<'sold' | 'failed' | 'terminated', (center: string, year: number) => string> = {
  sold: (c, y) => `${c}结果为成交、成交日期在${y}年内的出让活动。`,
  failed: (c, y) => `${c}结果为流拍、竞价日期在${y}年内的出让活动（流拍后重新出让的为新的场次）。`,
  terminated: (c, y) => `${c}结果为终止、竞价日期在${y}年内的出让活动。`,
};

export function ReportTransfersPage({ report: r, which, rows }: { report: PerformanceReport; which: 'sold' | 'failed' | 'terminated'; rows: TransferRecord[] }) {
  const figure = r.transfers[which];
  const unit = which === 'sold' ? '宗' : '宗次';
  return (
    <RecordsPage report={r} which={which} intro={<>{TRANSFER_INTRO[which](r.center.name, r.project.year)}组织出让宗次 {r.transfers.organised} = 成交 {r.transfers.sold} + 流拍 {r.transfers.failed} + 终止 {r.transfers.terminated}。</>}>
      <table class="data" id="records">
        <thead><tr><th>标的</th><th>类型</th><th>场次</th><th>方式</th><th>竞价日期</th><th>成交日期</th><th class="num">成交价（元）</th><th>竞得人</th><th>拍卖机构</th></tr></thead>
        <tbody>
          {rows.length === 0 && <tr><td colspan={9} class="empty">没有计入的出让活动</td></tr>}
          {rows.map((t) => (
            <tr>
              <td><a href={`/parcels/${t.parcel_id}`}>{t.code}</a> {t.name}</td>
              <td>{t.kind}</td>
              <td><a href={`/transfers/${t.id}`}>第{t.round}场</a></td>
              <td>{t.mode}</td>
              <td>{t.auction_date ?? ''}</td>
              <td>{t.deal_date ?? ''}</td>
              <td class="num">{yuan(t.deal_price)}</td>
              <td>{t.winner ?? ''}</td>
              <td>{t.agency_id !== null ? <a href={`/agencies/${t.agency_id}`}>{t.agency}</a> : ''}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colspan={6}>{LIST_LABELS[which]}：<span id="figure">{figure}</span>{unit}</td>
            <td class="num">{which === 'sold' ? <>成交总价 <span id="deal-value">{formatYuan(r.transfers.dealValue)}</span></> : ''}</td>
            <td colspan={2}></td>
          </tr>
        </tfoot>
      </table>
    </RecordsPage>
  );
}

export function ReportRemittancesPage({ report: r, rows }: { report: PerformanceReport; rows: RemittanceRecord[] }) {
  const reached = r.revenue.targetReachedOn;
  // The day the running sum reaches the task: its last remittance carries the mark.
  let mark = -1;
  rows.forEach((x, i) => { if (x.remitted_on === reached) mark = i; });
  return (
    <RecordsPage report={r} which="remitted" intro={<>{r.center.name}上缴日期在{r.project.year}年内的非税收入，按上缴日期排列，累计列为逐笔的累计金额。
      {r.revenue.target === null ? '本年度未设定非税征收任务。' : reached === null
        ? `非税征收任务 ${formatYuan(r.revenue.target)} 元，年内累计尚未达到。`
        : `非税征收任务 ${formatYuan(r.revenue.target)} 元，于${chineseDate(reached)}累计达到（标记的一行）。`}</>}>
      <table class="data" id="records">
        <thead><tr><th>上缴日期</th><th>缴款书号</th><th>收入类型</th><th>标的</th><th class="num">金额（元）</th><th class="num">累计（元）</th><th></th></tr></thead>
        <tbody>
          {rows.length === 0 && <tr><td colspan={7} class="empty">没有计入的上缴记录</td></tr>}
          {rows.map((x, i) => (
            <tr class={i === mark ? 'target-reached' : undefined} id={i === mark ? 'target-reached' : undefined}>
              <td>{x.remitted_on}</td>
              <td><a href={`/revenue/${x.id}`}>{x.receipt_no}</a></td>
              <td>{x.revenue_type}</td>
              <td>{x.parcel_id !== null && <a href={`/parcels/${x.parcel_id}`}>{x.code}</a>} {x.name ?? ''}
                {x.transfer_id !== null && <> <a href={`/transfers/${x.transfer_id}`}>出让活动</a></>}</td>
              <td class="num">{formatYuan(BigInt(x.amount))}</td>
              <td class="num">{formatYuan(BigInt(x.cumulative))}</td>
              <td>{i === mark && <strong>完成非税征收任务</strong>}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr><td colspan={4}>上缴非税收入（{rows.length}笔）</td><td class="num" id="figure">{formatYuan(r.revenue.remitted)}</td><td colspan={2}></td></tr>
          <tr><td colspan={4}>非税征收任务</td><td class="num">{r.revenue.target === null ? '未设定' : formatYuan(r.revenue.target)}</td>
            <td colspan={2}>完成率 {rate(r.revenue.rate)}{reached !== null && `，${chineseDate(reached)}完成`}</td></tr>
        </tfoot>
      </table>
    </RecordsPage>
  );
}

export function ReportPaymentsPage({ report: r, rows }: { report: PerformanceReport; rows: PaymentRecord[] }) {
  return (
    <RecordsPage report={r} which="spent" intro={`本项目支付日期在${r.project.year}年内的已支付款项；冲销以负数列出并计入执行数，草稿和审批中、待支付的款项不计入。`}>
      <table class="data" id="records">
        <thead><tr><th>支付日期</th><th>支付</th><th>凭证号</th><th>类别</th><th>收款人</th><th class="num">金额（元）</th><th>摘要</th></tr></thead>
        <tbody>
          {rows.length === 0 && <tr><td colspan={7} class="empty">没有计入的支付</td></tr>}
          {rows.map((x) => (
            <tr>
              <td>{x.paid_on}</td>
              <td><a href={`/payments/${x.id}`}>#{x.id}</a>{x.reverses_id !== null && <>（冲销 <a href={`/payments/${x.reverses_id}`}>#{x.reverses_id}</a>）</>}</td>
              <td>{x.voucher_no}</td>
              <td>{x.category}</td>
              <td>{x.payee}</td>
              <td class="num">{formatYuan(BigInt(x.amount))}</td>
              <td>{x.summary ?? ''}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr><td colspan={5}>执行数（{rows.length}笔）</td><td class="num" id="figure">{formatYuan(r.funds.spent)}</td><td></td></tr>
          <tr><td colspan={5}>全年预算数</td><td class="num">{formatYuan(r.funds.total)}</td><td>预算执行率 {rate(r.funds.executionRate)}</td></tr>
        </tfoot>
      </table>
    </RecordsPage>
  );
}

export function ReportResponsesPage({ report: r, rows }: { report: PerformanceReport; rows: ResponseRecord[] }) {
  const satisfied = (rating: string) => (satisfiedRatings as readonly string[]).includes(rating);
  return (
    <RecordsPage report={r} which="satisfaction" intro={`拍卖机构对${r.center.name}${r.project.year}年度的总体评价；评为非常满意或满意的计入满意。`}>
      <table class="data" id="records">
        <thead><tr><th>拍卖机构</th><th>统一社会信用代码</th><th>总体评价</th><th>计入满意</th><th>意见</th><th>更新时间</th></tr></thead>
        <tbody>
          {rows.length === 0 && <tr><td colspan={6} class="empty">没有满意度评价</td></tr>}
          {rows.map((x) => (
            <tr>
              <td><a href={`/agencies/${x.agency_id}`}>{x.agency}</a></td>
              <td>{x.credit_code}</td>
              <td>{x.rating}</td>
              <td>{satisfied(x.rating) ? '是' : '否'}</td>
              <td>{x.comment ?? ''}</td>
              <td>{x.updated_at.slice(0, 10)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr><td colspan={6}>评价 <span id="responses">{r.satisfaction.responses}</span> 份，满意 <span id="satisfied">{r.satisfaction.satisfied}</span> 份，满意度 <span id="figure">{rate(r.satisfaction.rate)}</span></td></tr>
        </tfoot>
      </table>
    </RecordsPage>
  );
}
