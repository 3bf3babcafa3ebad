import type { MonthExecution } from '../../src/funds/figures';
import { formatWan, formatYuan } from '../../src/lib/money';
import type { OverdueInstalment, UnsignedDeal } from '../../src/contracts/standing';
import type { WaitingRow } from '../../src/monitoring/queries';
import type { ReceiptStatus } from '../../src/service-fees/receipts';
import { OverdueTable, UnsignedTable } from '../contracts/ledger';
import { formatMargin, monthRanges, type Schedule } from '../../src/monitoring/rules';

export interface ProjectWatch {
  id: number;
  name: string;
  schedule: Schedule;
  /** The figures of the latest ended month. */
  latest: MonthExecution | undefined;
}

export interface DashboardProps {
  centerName: string;
  year: number;
  margin: bigint;
  waiting: WaitingRow[];
  projects: ProjectWatch[];
  /** Instalments past due on `today`, and the year's land deals past their signing day without a contract. */
  overdue: OverdueInstalment[];
  unsigned: UnsignedDeal[];
  /** 交易服务费 collected and not remitted by its standard's 上缴时限 on `today`. */
  overdueFees: ReceiptStatus[];
  today: string;
  unpaidFees: number;
}

const pct = (s: string | null | undefined) => (s == null ? '—' : `${s}%`);
const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** The finance dashboard (双监控): what needs attention in the center's year, each block linking to where it is dealt with. */
export function DashboardPage(p: DashboardProps) {
  const waitingCount = p.waiting.reduce((s, w) => s + w.count, 0);
  const waitingTotal = p.waiting.reduce((s, w) => s + w.total, 0n);
  const behindNow = p.projects.filter((x) => x.schedule.behind);
  const caughtUp = p.projects.filter((x) => !x.schedule.behind && x.schedule.behindMonths.length > 0);
  const marginQuery = q({ margin: formatMargin(p.margin) });
  return (
    <section>
      <div class="page-head">
        <h1>{p.centerName} · {p.year}年 · 执行监控</h1>
      </div>
      <div class="cards">
        <a class="card" href="#waiting"><span class="label">待审批/待支付（笔）</span><span class="value">{waitingCount}</span></a>
        <a class={behindNow.length ? 'card attention' : 'card'} href="#behind"><span class="label">执行滞后项目</span><span class="value">{behindNow.length}</span></a>
        <a class={p.overdue.length ? 'card attention' : 'card'} href="#overdue-price"><span class="label">逾期未缴出让价款（期）</span><span class="value">{p.overdue.length}</span></a>
        <a class={p.unsigned.length ? 'card attention' : 'card'} href="#unsigned"><span class="label">逾期未签合同（宗）</span><span class="value">{p.unsigned.length}</span></a>
        <a class={p.overdueFees.length ? 'card attention' : 'card'} href="#overdue-fees"><span class="label">逾期未上缴交易服务费（笔）</span><span class="value">{p.overdueFees.length}</span></a>
        <a class={p.unpaidFees ? 'card attention' : 'card'} href="/fees/overdue"><span class="label">应付未付劳务费（宗）</span><span class="value">{p.unpaidFees}</span></a>
      </div>

      <h2 id="waiting">等待审批或支付的款项</h2>
      <table class="data waiting-table">
        <thead><tr><th>状态</th><th class="num">笔数</th><th class="num">金额（元）</th></tr></thead>
        <tbody>
          {p.waiting.map((w) => (
            <tr>
              <th scope="row"><a href={`/payments?${q({ status: w.status })}`}>{w.status}</a></th>
              <td class="num">{w.count}</td>
              <td class="num">{formatYuan(w.total)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr><td>合计</td><td class="num">{waitingCount}</td><td class="num">{formatYuan(waitingTotal)}</td></tr></tfoot>
      </table>

      <h2 id="behind">执行滞后的项目</h2>
      <form class="filters" method="get" action="/monitoring">
        <label>预警阈值（百分点）
          <input type="number" name="margin" min="0" max="100" step="0.01" value={formatMargin(p.margin)} />
        </label>
        <button type="submit">应用</button>
        <span class="hint">最近一个已结束月份的执行率低于序时进度率超过该百分点数，即为滞后。</span>
      </form>
      <table class="data behind-table">
        <thead><tr><th>项目</th><th>截至</th><th class="num">累计执行（万元）</th><th class="num">执行率</th><th class="num">序时进度率</th><th>滞后月份</th></tr></thead>
        <tbody>
          {behindNow.length === 0 && <tr><td colspan={6} class="empty">没有执行滞后的项目</td></tr>}
          {behindNow.map((x) => <WatchRow x={x} marginQuery={marginQuery} />)}
        </tbody>
      </table>
      {caughtUp.length > 0 && (
        <>
          <h3>曾经滞后、现已追上的项目</h3>
          <table class="data behind-table">
            <thead><tr><th>项目</th><th>截至</th><th class="num">累计执行（万元）</th><th class="num">执行率</th><th class="num">序时进度率</th><th>滞后月份</th></tr></thead>
            <tbody>{caughtUp.map((x) => <WatchRow x={x} marginQuery={marginQuery} />)}</tbody>
          </table>
        </>
      )}

      <h2 id="overdue-price">逾期未缴的出让价款（截至 {p.today}）</h2>
      <p class="hint">按出让合同约定的各期应缴日期判断；全部合同见 <a href="/contracts?overdue=1">出让价款缴纳情况表</a>。</p>
      <OverdueTable rows={p.overdue} asOf={p.today} />
      <h2 id="unsigned">{p.year}年成交后逾期未签出让合同</h2>
      <UnsignedTable rows={p.unsigned} />
      <h2 id="overdue-fees">逾期未上缴的交易服务费（截至 {p.today}）</h2>
      <p class="hint">按收费标准规定的上缴时限判断，交易服务费的上缴按收款先后依次冲抵；明细见 <a href="/service-fees#fee-receipts">交易服务费</a>。</p>
      <table class="data">
        <thead><tr><th>票据号</th><th>标的</th><th>收款日期</th><th class="num">金额（元）</th><th class="num">已上缴（元）</th><th>应上缴日期</th><th class="num">逾期天数</th></tr></thead>
        <tbody>
          {p.overdueFees.length === 0 && <tr><td colspan={7} class="empty">没有逾期未上缴的交易服务费</td></tr>}
          {p.overdueFees.map((x) => (
            <tr class="overdue"><td>{x.receipt.invoiceNo}</td><td><a href={`/transfers/${x.transferId}`}>{x.code}</a> {x.name}</td><td>{x.receipt.collectedOn}</td>
              <td class="num">{formatYuan(x.receipt.amount)}</td><td class="num">{formatYuan(x.remitted)}</td><td>{x.dueOn}</td><td class="num">{x.overdueDays}</td></tr>
          ))}
        </tbody>
      </table>

      <h2 id="fees">拍卖机构劳务费</h2>
      <p>应付未付劳务费（宗）：<a href="/fees/overdue"><strong class="fees-outstanding">{p.unpaidFees}</strong></a>
        <span class="muted">　本年按收费协议应付劳务费、尚未付清的出让活动。</span></p>
    </section>
  );
}

function WatchRow({ x, marginQuery }: { x: ProjectWatch; marginQuery: string }) {
  return (
    <tr>
      <th scope="row"><a href={`/monitoring/projects/${x.id}?${marginQuery}`}>{x.name}</a></th>
      <td>{x.schedule.latestMonth}月末</td>
      <td class="num">{x.latest ? formatWan(x.latest.spent) : '—'}</td>
      <td class="num">{pct(x.latest?.rate)}</td>
      <td class="num">{pct(x.latest?.theoreticalRate)}</td>
      <td>{monthRanges(x.schedule.behindMonths)}</td>
    </tr>
  );
}
