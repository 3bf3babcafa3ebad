import type { OverdueInstalment, Standing, UnsignedDeal } from '../../src/contracts/standing';
import { fenToYuan, formatYuan } from '../../src/lib/money';

export interface LedgerProps {
  centerName: string; year: number; asOf: string; overdueOnly: boolean;
  rows: Standing[]; unsigned: UnsignedDeal[];
}

export const LEDGER_HEADERS = ['合同编号', '宗地编号', '宗地名称', '场次', '受让人', '签订日期', '出让价款（元）', '已缴（元）', '到期应缴（元）', '欠缴（元）', '未到期（元）', '下期应缴日期', '逾期（天）'];

/** One row of the table as the CSV carries it (元 with two decimals, as the page shows them without separators). */
export function ledgerCells(s: Standing) {
  return [s.contractNo, s.code, s.name, s.round, s.grantee, s.signedOn, fenToYuan(s.price), fenToYuan(s.paid), fenToYuan(s.due),
    fenToYuan(s.owed), fenToYuan(notDue(s)), s.nextDue ?? '', s.overdueDays || ''];
}

/** What of the price is neither paid nor yet due. */
const notDue = (s: Standing) => { const left = s.price - s.paid - s.owed; return left > 0n ? left : 0n; };

/** 出让价款缴纳情况表: every standing contract of the center, what is paid, due, owed and overdue on a day. */
export function ContractLedgerPage(p: LedgerProps) {
  const sum = (f: (s: Standing) => bigint) => formatYuan(p.rows.reduce((a, s) => a + f(s), 0n));
  const overdue = p.rows.filter((s) => s.overdueDays > 0).length;
  const query = new URLSearchParams({ as_of: p.asOf, ...(p.overdueOnly ? { overdue: '1' } : {}) }).toString();
  return (
    <section>
      <div class="page-head">
        <h1>{p.centerName} · 出让价款缴纳情况表</h1>
        <a class="button" href={`/contracts/export.csv?${query}`}>导出 CSV</a>
      </div>
      <form method="get" action="/contracts" class="filters">
        <label>截至日期 <input type="date" name="as_of" value={p.asOf} /></label>
        <label><input type="checkbox" name="overdue" value="1" checked={p.overdueOnly} /> 只看逾期</label>
        <button type="submit">查看</button>
      </form>
      <p class="hint">已缴含税务（国库）征收入库的价款和竞得人保证金转作的价款；各笔缴款按日期依次冲抵各期。成交无效的合同不再列入。逾期合同 {overdue} 份。</p>
      <table class="data" id="contract-ledger">
        <thead><tr>{LEDGER_HEADERS.map((h, i) => <th class={i >= 6 && i <= 10 || i === 12 ? 'num' : undefined}>{h}</th>)}</tr></thead>
        <tbody>
          {p.rows.length === 0 && <tr><td colspan={LEDGER_HEADERS.length} class="empty">{p.overdueOnly ? '没有逾期未缴的合同' : '本中心尚未登记出让合同'}</td></tr>}
          {p.rows.map((s) => (
            <tr class={s.overdueDays > 0 ? 'overdue' : undefined}>
              <td><a href={`/transfers/${s.transferId}/contract?as_of=${p.asOf}`}>{s.contractNo}</a></td><td>{s.code}</td><td>{s.name}</td><td>第{s.round}场</td>
              <td>{s.grantee}</td><td>{s.signedOn}</td><td class="num">{formatYuan(s.price)}</td><td class="num">{formatYuan(s.paid)}</td>
              <td class="num">{formatYuan(s.due)}</td><td class="num">{formatYuan(s.owed)}</td><td class="num">{formatYuan(notDue(s))}</td>
              <td>{s.nextDue ?? '—'}</td>
              <td class="num">{s.overdueDays > 0 ? <span class="status status-预警">逾期 {s.overdueDays}</span> : ''}</td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr><th colspan={6}>合计 {p.rows.length} 份</th><td class="num">{sum((s) => s.price)}</td><td class="num">{sum((s) => s.paid)}</td>
          <td class="num">{sum((s) => s.due)}</td><td class="num">{sum((s) => s.owed)}</td><td class="num">{sum(notDue)}</td><td colspan={2}></td></tr></tfoot>
      </table>
      <h2 id="unsigned">{p.year}年成交后逾期未签出让合同</h2>
      <UnsignedTable rows={p.unsigned} />
    </section>
  );
}

/** Land deals past their signing day without a contract (国土资发〔2010〕34号: 10 working days). */
export function UnsignedTable({ rows }: { rows: UnsignedDeal[] }) {
  return (
    <table class="data unsigned-table">
      <thead><tr><th>标的编号</th><th>名称</th><th>场次</th><th>成交日期</th><th>应签订日期</th><th class="num">成交价（元）</th><th>竞得人</th></tr></thead>
      <tbody>
        {rows.length === 0 && <tr><td colspan={7} class="empty">没有逾期未签合同的成交（无成交确认书的历史记录不计）</td></tr>}
        {rows.map((r) => (
          <tr><td><a href={`/transfers/${r.transferId}/contract`}>{r.code}</a></td><td>{r.name}</td><td>第{r.round}场</td><td>{r.dealDate}</td>
            <td>不晚于 {r.signingDue}</td><td class="num">{formatYuan(r.dealPrice)}</td><td>{r.winner ?? ''}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

/** The instalments past due and not paid in full, each linked to its contract. */
export function OverdueTable({ rows, asOf }: { rows: OverdueInstalment[]; asOf: string }) {
  return (
    <table class="data overdue-price-table">
      <thead><tr><th>合同编号</th><th>标的</th><th>受让人</th><th>期次</th><th>应缴日期</th><th class="num">应缴（元）</th><th class="num">欠缴（元）</th><th class="num">逾期（天）</th></tr></thead>
      <tbody>
        {rows.length === 0 && <tr><td colspan={8} class="empty">截至 {asOf} 没有逾期未缴的出让价款</td></tr>}
        {rows.map((r) => (
          <tr><td><a href={`/transfers/${r.transferId}/contract?as_of=${asOf}`}>{r.contractNo}</a></td><td>{r.code} {r.name}</td><td>{r.grantee}</td>
            <td>第{r.seq}期</td><td>{r.dueOn}</td><td class="num">{formatYuan(r.amount)}</td><td class="num">{formatYuan(r.outstanding)}</td>
            <td class="num">{r.overdueDays}</td></tr>
        ))}
      </tbody>
    </table>
  );
}
