import type { TransferFee } from '../../src/fees/queries';
import { daysBetween, type FeeTotals } from '../../src/fees/rules';
import { formatYuan } from '../../src/lib/money';
import { FilterForm } from '../components/table';
import { RecordWarnings } from '../warnings/list';

type AgencyTotals = FeeTotals & { agencyId: number; agencyName: string; missing: number; warnings: number };

const money = (v: bigint) => formatYuan(v);

/**
 * 未付, or 多付 when more was paid than is due: a payment is held within the fee due when it is
 * made, but an agreement or a deal price corrected afterwards can lower the due below it.
 */
export function Outstanding({ value }: { value: bigint }) {
  if (value >= 0n) return <>{money(value)}</>;
  return <span class="overpaid" title="已付超过应付：付款后收费协议或成交价被更改，或导入的历史记录本就超付">多付 {money(-value)}</span>;
}

/** 应付 / 已付 / 未付 as three cards; the outstanding one warns when something is owed. */
export function FeeCards({ totals }: { totals: FeeTotals }) {
  return (
    <div class="cards">
      <div class="card"><span class="label">应付劳务费</span><span class="value">{money(totals.due)}<small>元</small></span></div>
      <div class="card"><span class="label">已付</span><span class="value">{money(totals.paid)}<small>元</small></span></div>
      <div class="card"><span class="label">未付</span><span class="value"><Outstanding value={totals.outstanding} /><small>元</small></span></div>
    </div>
  );
}

export function FeeStatementPage(p: { centerName: string; year: number; agencies: AgencyTotals[]; totals: FeeTotals; canSeeAgreements: boolean }) {
  return (
    <section>
      <div class="page-head">
        <h1>拍卖机构劳务费 · {p.centerName} · {p.year}年</h1>
        <div class="actions">
          <a class="button" href="/fees/overdue">逾期未付提醒</a>
          {p.canSeeAgreements && <a class="button" href="/fees/agreements">收费协议</a>}
        </div>
      </div>
      <p class="muted">应付劳务费按各拍卖机构当年度的收费协议逐场计算（年度按成交日期，未成交的按竞价日期）；已付为已支付的拍卖机构劳务费，含冲销。</p>
      <FeeCards totals={p.totals} />
      <table class="data">
        <thead><tr><th>拍卖机构</th><th class="num">场次</th><th class="num">应付（元）</th><th class="num">已付（元）</th><th class="num">未付（元）</th><th>提示</th></tr></thead>
        <tbody>
          {p.agencies.length === 0 && <tr><td colspan={6} class="empty">本年度没有拍卖机构承办的出让活动</td></tr>}
          {p.agencies.map((a) => (
            <tr>
              <td><a href={`/fees/agencies/${a.agencyId}`}>{a.agencyName}</a></td>
              <td class="num">{a.transfers}</td>
              <td class="num">{money(a.due)}</td>
              <td class="num">{money(a.paid)}</td>
              <td class="num"><Outstanding value={a.outstanding} /></td>
              <td>
                {a.missing > 0 && <span class="status status-流拍">{a.missing} 场无收费协议</span>}
                {a.warnings > 0 && <> <a class="status status-预警" href={`/fees/agencies/${a.agencyId}#warnings`}>{a.warnings} 条导入预警</a></>}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr><td>合计</td><td class="num">{p.totals.transfers}</td><td class="num">{money(p.totals.due)}</td><td class="num">{money(p.totals.paid)}</td><td class="num"><Outstanding value={p.totals.outstanding} /></td><td></td></tr></tfoot>
      </table>
    </section>
  );
}

export function FeeRowsTable({ rows, showAgency, totals, overdueDays }: { rows: TransferFee[]; showAgency?: boolean; totals?: FeeTotals; overdueDays?: (r: TransferFee) => number }) {
  const cols = 8 + (showAgency ? 1 : 0) + (overdueDays ? 1 : 0);
  return (
    <table class="data">
      <thead>
        <tr>
          {showAgency && <th>拍卖机构</th>}<th>标的</th><th>场次</th><th>结果</th><th>成交/竞价日期</th>{overdueDays && <th class="num">已过天数</th>}
          <th class="num">成交价（元）</th><th class="num">应付（元）</th><th class="num">已付（元）</th><th class="num">未付（元）</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && <tr><td colspan={cols} class="empty">没有记录</td></tr>}
        {rows.map((r) => (
          <tr>
            {showAgency && <td><a href={`/fees/agencies/${r.agencyId}`}>{r.agencyName}</a></td>}
            <td><a href={`/parcels/${r.parcelId}`}>{r.parcelCode}</a> {r.parcelName}</td>
            <td><a href={`/transfers/${r.transferId}`}>第{r.round}场</a></td>
            <td><span class={`result result-${r.result}`}>{r.result}</span></td>
            <td>{r.date ?? '—'}</td>
            {overdueDays && <td class="num">{overdueDays(r)}</td>}
            <td class="num">{r.dealPrice !== null ? money(r.dealPrice) : ''}</td>
            <td class="num">{r.agreementId === null && (r.result === '成交' || r.result === '流拍') ? <span class="muted" title="该机构本年度没有收费协议">无协议</span> : money(r.due)}</td>
            <td class="num">{money(r.paid)}</td>
            <td class="num"><Outstanding value={r.outstanding} /></td>
          </tr>
        ))}
      </tbody>
      {totals && (
        <tfoot><tr><td colspan={cols - 3}>合计（{totals.transfers} 场）</td><td class="num">{money(totals.due)}</td><td class="num">{money(totals.paid)}</td><td class="num"><Outstanding value={totals.outstanding} /></td></tr></tfoot>
      )}
    </table>
  );
}

export function AgencyFeesPage(p: {
  agency: { id: number; name: string }; centerName: string; year: number; rows: TransferFee[]; totals: FeeTotals; agreementText: string | null;
  /** Warnings of the fee payments of these rounds (imported history: a fee paid beyond the fee due, a 跨年支付). */
  warnings: Parameters<typeof RecordWarnings>[0]['warnings'];
}) {
  return (
    <section>
      <div class="page-head">
        <h1>{p.agency.name} · 劳务费明细 · {p.year}年</h1>
        <div class="actions"><a class="button" href="/fees">返回对账单</a><a class="button" href={`/agencies/${p.agency.id}`}>机构信息</a></div>
      </div>
      <dl class="facts">
        <dt>交易中心</dt><dd>{p.centerName}</dd>
        <dt>{p.year}年收费协议</dt><dd>{p.agreementText ?? '无（本年度未签订收费协议，应付按 0 计）'}</dd>
      </dl>
      <h2>逐场应付、已付与未付</h2>
      <FeeRowsTable rows={p.rows} totals={p.totals} />
      <div id="warnings"><RecordWarnings warnings={p.warnings} /></div>
    </section>
  );
}

export function OverdueFeesPage(p: { centerName: string; days: number; today: string; rows: TransferFee[]; totals: FeeTotals }) {
  return (
    <section>
      <div class="page-head">
        <h1>逾期未付劳务费 · {p.centerName}</h1>
        <div class="actions"><a class="button" href="/fees">返回对账单</a></div>
      </div>
      <FilterForm path="/fees/overdue" target="overdue-results">
        <label>竞价（成交）后超过天数 <input type="number" name="days" min="0" max="3650" value={String(p.days)} /></label>
      </FilterForm>
      <OverdueResults {...p} />
    </section>
  );
}

export function OverdueResults(p: { days: number; today: string; rows: TransferFee[]; totals: FeeTotals }) {
  const age = (r: TransferFee) => (r.date ? daysBetween(r.date, p.today) : 0);
  return (
    <div id="overdue-results">
      <p>截至 {p.today}，竞价（成交）后超过 {p.days} 天仍有未付劳务费的出让活动共 {p.rows.length} 场，未付合计 {formatYuan(p.totals.outstanding)} 元。</p>
      <FeeRowsTable rows={p.rows} showAgency totals={p.totals} overdueDays={age} />
    </div>
  );
}
