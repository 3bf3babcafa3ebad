import type { BalanceRow, LedgerLine } from '../../src/bidders/ledger';
import { formatYuan } from '../../src/lib/money';

export interface DepositLedgerProps { asOf: string; from: string; to: string; balances: BalanceRow[]; lines: LedgerLine[] }

const yuan = (fen: string) => formatYuan(BigInt(fen));
const sum = (rows: { [k: string]: unknown }[], key: string) => rows.reduce((s, r) => s + BigInt(r[key] as string), 0n);

/** The 保证金管理科's page: what is held on a day (在途余额表) and every movement of a period (保证金台账). */
export function DepositLedgerPage(p: DepositLedgerProps) {
  const q = (o: Record<string, string>) => new URLSearchParams(o).toString();
  return (
    <section>
      <div class="page-head"><h1>竞买保证金</h1><a class="button" href="/deposits/worklist">保证金工作台</a></div>
      <form method="get" action="/deposits" class="filters">
        <label>余额截止日 <input type="date" name="as_of" value={p.asOf} /></label>
        <label>台账起 <input type="date" name="from" value={p.from} /></label>
        <label>止 <input type="date" name="to" value={p.to} /></label>
        <button type="submit">查询</button>
      </form>
      <h2 id="balances">在途余额表（截至 {p.asOf}）</h2>
      <p class="actions"><a class="button" href={`/deposits/balances.xlsx?${q({ as_of: p.asOf })}`}>导出 Excel</a>
        <a class="button" href={`/deposits/balances.csv?${q({ as_of: p.asOf })}`}>导出 CSV</a></p>
      <table class="data">
        <thead><tr><th>交易中心</th><th>标的</th><th>场次</th><th>结果</th><th>号牌</th><th>竞买人</th><th>首笔到账</th><th class="num">到账（元）</th><th class="num">已处置（元）</th><th class="num">在途余额（元）</th></tr></thead>
        <tbody>
          {p.balances.length === 0 && <tr><td colspan={10} class="empty">没有在途的保证金</td></tr>}
          {p.balances.map((r) => (
            <tr>
              <td>{r.center}</td><td><a href={`/transfers/${r.transfer_id}/bidders#deposits`}>{r.code}</a></td><td>第{r.round}场 {r.mode}</td><td>{r.result}</td>
              <td class="num">{r.paddle_no ?? ''}</td><td>{r.bidders}</td><td>{r.first_received}</td>
              <td class="num">{yuan(r.received)}</td><td class="num">{yuan(r.disposed)}</td><td class="num">{yuan(r.balance)}</td>
            </tr>
          ))}
        </tbody>
        {p.balances.length > 0 && <tfoot><tr><th colspan={7}>合计</th><td class="num">{formatYuan(sum(p.balances, 'received'))}</td>
          <td class="num">{formatYuan(sum(p.balances, 'disposed'))}</td><td class="num">{formatYuan(sum(p.balances, 'balance'))}</td></tr></tfoot>}
      </table>
      <h2 id="ledger">保证金台账（{p.from} 至 {p.to}）</h2>
      <p class="actions"><a class="button" href={`/deposits/ledger.xlsx?${q({ from: p.from, to: p.to })}`}>导出 Excel</a>
        <a class="button" href={`/deposits/ledger.csv?${q({ from: p.from, to: p.to })}`}>导出 CSV</a></p>
      <table class="data">
        <thead><tr><th>日期</th><th>类别</th><th>交易中心</th><th>标的</th><th>场次</th><th>号牌</th><th>竞买人</th><th>缴款人</th><th>账号</th><th class="num">金额（元）</th><th>银行流水号</th><th>文号</th></tr></thead>
        <tbody>
          {p.lines.length === 0 && <tr><td colspan={12} class="empty">本期没有保证金记录</td></tr>}
          {p.lines.map((l) => (
            <tr>
              <td>{l.on_date}</td><td>{l.kind}</td><td>{l.center}</td><td>{l.code}</td><td>第{l.round}场</td><td class="num">{l.paddle_no ?? ''}</td>
              <td>{l.bidders}</td><td>{l.payer_name ?? ''}</td><td>{l.payer_account}</td><td class="num">{yuan(l.amount)}</td>
              <td>{l.bank_serial ?? ''}</td><td>{l.document_no ?? ''}</td>
            </tr>
          ))}
        </tbody>
        {p.lines.length > 0 && <tfoot><tr><th colspan={9}>本期净额</th><td class="num">{formatYuan(sum(p.lines, 'amount'))}</td><td colspan={2}></td></tr></tfoot>}
      </table>
    </section>
  );
}
