import { formatYuan } from '../../src/lib/money';
import type { TransferRemittedRow } from '../../src/revenue/queries';

export function RevenueTransfersPage({ centerName, year, rows }: { centerName: string; year: number; rows: TransferRemittedRow[] }) {
  const missing = rows.filter((r) => r.remittances === 0).length;
  const deals = rows.reduce((s, r) => s + BigInt(r.deal_price), 0n);
  const remitted = rows.reduce((s, r) => s + BigInt(r.remitted), 0n);
  return (
    <section>
      <div class="page-head">
        <h1>成交出让活动的非税收入 · {centerName} · {year}年</h1>
        <div class="actions"><a class="button" href="/revenue">返回非税收入</a></div>
      </div>
      <p>{year}年成交 {rows.length} 宗{missing > 0 ? <>，其中 <strong>{missing} 宗尚无上缴记录</strong></> : '，均已有上缴记录'}。上缴金额包括关联该出让活动的所有上缴记录（不限年度）。</p>
      <table class="data">
        <thead><tr><th>标的</th><th>场次</th><th>成交日期</th><th class="num">成交价（元）</th><th class="num">已上缴（元）</th><th class="num">笔数</th><th>最近上缴日期</th><th>状态</th></tr></thead>
        <tbody>
          {rows.length === 0 && <tr><td colspan={8} class="empty">本年度没有成交的出让活动</td></tr>}
          {rows.map((r) => (
            <tr>
              <td><a href={`/parcels/${r.parcel_id}`}>{r.code}</a> {r.name}</td>
              <td><a href={`/transfers/${r.id}`}>第{r.round}场</a></td>
              <td>{r.deal_date}</td>
              <td class="num">{formatYuan(BigInt(r.deal_price))}</td>
              <td class="num">{formatYuan(BigInt(r.remitted))}</td>
              <td class="num">{r.remittances}</td>
              <td>{r.last_remitted_on ?? ''}</td>
              <td>{r.remittances === 0 ? <span class="status status-已终止">未上缴</span> : <span class="status status-已成交">已上缴</span>}</td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr><td colspan={3}>合计</td><td class="num">{formatYuan(deals)}</td><td class="num">{formatYuan(remitted)}</td><td colspan={3}></td></tr></tfoot>
      </table>
    </section>
  );
}
