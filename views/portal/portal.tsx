// The agency portal's pages. Nothing here links to staff pages (标的, 出让活动 details): an agency
// user may not open them, so rows are plain text.
import type { Child } from 'hono/jsx';
import type { feeAgreements } from '../../db/schema';
import type { TransferFee } from '../../src/fees/queries';
import type { FeeTotals } from '../../src/fees/rules';
import { formatYuan } from '../../src/lib/money';
import type { PortalPayment, PortalTransfer } from '../../src/portal/queries';
import { FeeCards, Outstanding } from '../fees/statement';

export type YearChoice = number | 'all';

const yearText = (y: YearChoice) => (y === 'all' ? '全部年度' : `${y}年`);
const yuan = (v: string | null) => (v === null ? '' : formatYuan(BigInt(v)));
const withYear = (path: string, y: YearChoice, extra = '') => `${path}?year=${y}${extra}`;

function PortalHead(p: { title: string; note: string; year: YearChoice; path: string; csv?: boolean; children?: Child }) {
  return (
    <>
      <div class="page-head">
        <h1>{p.title} · {yearText(p.year)}</h1>
        <div class="actions">
          {p.csv && <a class="button" href={withYear(p.path, p.year, '&format=csv')}>导出 CSV</a>}
        </div>
      </div>
      <p class="muted">{p.note}</p>
      <nav class="portal-tabs" aria-label="机构门户">
        <a href={withYear('/portal', p.year)}>概览</a>
        <a href={withYear('/portal/transfers', p.year)}>我的出让活动与劳务费</a>
        <a href={withYear('/portal/payments', p.year)}>支付</a>
        <a href="/portal/agreements">收费协议</a>
      </nav>
      <YearForm path={p.path} year={p.year} />
      {p.children}
    </>
  );
}

/** A plain GET form: a year, or 全部. */
export function YearForm({ path, year }: { path: string; year: YearChoice }) {
  const now = new Date().getFullYear();
  const years: number[] = [];
  for (let y = now + 1; y >= 2015; y--) years.push(y);
  if (typeof year === 'number' && !years.includes(year)) years.push(year);
  return (
    <form class="filters" method="get" action={path}>
      <label>年度 <select name="year">
        <option value="all" selected={year === 'all'}>全部年度</option>
        {years.map((y) => <option value={String(y)} selected={y === year}>{y}年</option>)}
      </select></label>
      <button type="submit">查看</button>
    </form>
  );
}

export function PortalOverviewPage(p: { agencyName: string; year: YearChoice; totals: FeeTotals;
  counts: { transfers: number; sold: number; payments: number; pending: number; agreements: number } }) {
  return (
    <section>
      <PortalHead title={`机构门户 · ${p.agencyName}`} note="本页汇总本机构在本中心承办的出让活动、应付劳务费与支付情况。" year={p.year} path="/portal" />
      <FeeCards totals={p.totals} />
      <dl class="facts">
        <dt>承办出让活动</dt><dd><a href={withYear('/portal/transfers', p.year)}>{p.counts.transfers} 场</a>（其中成交 {p.counts.sold} 场）</dd>
        <dt>支付记录</dt><dd><a href={withYear('/portal/payments', p.year)}>{p.counts.payments} 笔</a>（审批中 {p.counts.pending} 笔）</dd>
        <dt>收费协议</dt><dd><a href="/portal/agreements">{p.counts.agreements} 份</a></dd>
      </dl>
      <p class="muted">应付劳务费按本机构当年度的收费协议逐场计算（年度按成交日期，未成交的按竞价日期）；已付为已支付的拍卖机构劳务费，含冲销。</p>
    </section>
  );
}

type TransferRow = PortalTransfer & { fee: TransferFee | null };

export function PortalTransfersPage(p: { agencyName: string; year: YearChoice; rows: TransferRow[]; totals: FeeTotals }) {
  return (
    <section>
      <PortalHead title="我的出让活动" note={p.agencyName} year={p.year} path="/portal/transfers" csv />
      <table class="data">
        <thead>
          <tr>
            <th>标的</th><th>场次</th><th>方式</th><th>结果</th><th>公告期</th><th>竞价日期</th><th>成交日期</th>
            <th class="num">成交价（元）</th><th>竞得人</th><th class="num">应付（元）</th><th class="num">已付（元）</th><th class="num">未付（元）</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.length === 0 && <tr><td colspan={12} class="empty">没有出让活动</td></tr>}
          {p.rows.map((r) => (
            <tr class="portal-transfer">
              <td>{r.code} {r.name}</td>
              <td>第{r.round}场</td>
              <td>{r.mode}</td>
              <td><span class={`result result-${r.result}`}>{r.result}</span></td>
              <td>{r.notice_start || r.notice_end ? `${r.notice_start ?? ''} 至 ${r.notice_end ?? ''}` : '—'}</td>
              <td>{r.auction_date ?? '—'}</td>
              <td>{r.deal_date ?? '—'}</td>
              <td class="num">{yuan(r.deal_price)}</td>
              <td>{r.winner ?? ''}</td>
              <td class="num">{r.fee === null ? '' : r.fee.agreementId === null && (r.result === '成交' || r.result === '流拍')
                ? <span class="muted" title="本机构该年度没有收费协议">无协议</span> : formatYuan(r.fee.due)}</td>
              <td class="num">{r.fee ? formatYuan(r.fee.paid) : ''}</td>
              <td class="num">{r.fee ? <Outstanding value={r.fee.outstanding} /> : ''}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr><td colspan={9}>合计（{p.rows.length} 场）</td><td class="num">{formatYuan(p.totals.due)}</td><td class="num">{formatYuan(p.totals.paid)}</td><td class="num"><Outstanding value={p.totals.outstanding} /></td></tr>
        </tfoot>
      </table>
    </section>
  );
}

export function PortalPaymentsPage(p: { agencyName: string; year: YearChoice; rows: PortalPayment[] }) {
  return (
    <section>
      <PortalHead title="支付" note={p.agencyName} year={p.year} path="/portal/payments" csv />
      <p class="muted">列出付给本机构的款项及其审批进度（科室负责人审核 → 业务分管领导审批 → 财务分管领导审批 → 待支付 → 已支付）。年度按支付日期，未支付的按提交日期。</p>
      <table class="data">
        <thead><tr><th>类别</th><th>关联出让活动</th><th class="num">金额（元）</th><th>状态</th><th>提交日期</th><th>支付日期</th><th>凭证号</th></tr></thead>
        <tbody>
          {p.rows.length === 0 && <tr><td colspan={7} class="empty">没有支付记录</td></tr>}
          {p.rows.map((r) => (
            <tr class="portal-payment">
              <td>{r.category}{r.is_reversal ? '（冲销）' : ''}</td>
              <td>{r.parcel ? `${r.parcel} 第${r.round}场` : '—'}</td>
              <td class="num">{yuan(r.amount)}</td>
              <td><span class={`status status-${r.status}`}>{r.status}</span></td>
              <td>{r.submitted_on}</td>
              <td>{r.paid_on ?? '—'}</td>
              <td>{r.voucher_no ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

type Agreement = typeof feeAgreements.$inferSelect & { text: string };

export function PortalAgreementsPage(p: { agencyName: string; year: YearChoice; rows: Agreement[] }) {
  return (
    <section>
      <PortalHead title="收费协议" note={p.agencyName} year={p.year} path="/portal/agreements" csv />
      <table class="data">
        <thead><tr><th>年度</th><th>计费方式</th><th>协议内容</th></tr></thead>
        <tbody>
          {p.rows.length === 0 && <tr><td colspan={3} class="empty">没有收费协议</td></tr>}
          {p.rows.map((a) => <tr class="portal-agreement"><td>{a.year}</td><td>{a.method}</td><td>{a.text}</td></tr>)}
        </tbody>
      </table>
    </section>
  );
}
