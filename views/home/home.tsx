import { formatWan, formatYuan } from '../../src/lib/money';
import type { RecentTransfer, YearSummary } from '../../src/home/queries';
import type { CurrentUser } from '../../src/types';

export function HomePage({ user, centerName, year, summary, recent }: { user: CurrentUser; centerName: string; year: number; summary: YearSummary; recent: RecentTransfer[] }) {
  return (
    <section>
      <div class="page-head">
        <h1>{centerName} · {year}年</h1>
        <div class="actions"><a class="button" href="/ledger/export.xlsx">导出台账（Excel，可再导入）</a></div>
      </div>
      <div class="cards">
        <a class="card" href={`/transfers?year=${year}&result=成交`}><span class="label">成交宗数</span><span class="value">{summary.sold}</span></a>
        <a class="card" href={`/transfers?year=${year}&result=流拍`}><span class="label">流拍宗次</span><span class="value">{summary.failed}</span></a>
        <a class="card" href={`/transfers?year=${year}&result=终止`}><span class="label">终止宗次</span><span class="value">{summary.terminated}</span></a>
        <a class="card" href="/transfers?result=进行中"><span class="label">正在出让</span><span class="value">{summary.running}</span></a>
        <div class="card"><span class="label">成交总价</span><span class="value">{formatWan(BigInt(summary.deal_value))}<small>万元</small></span></div>
        <a class="card" href="/parcels"><span class="label">登记标的</span><span class="value">{summary.parcels}</span></a>
      </div>
      <RecentTable rows={recent} title="最近的出让活动" linkParcels={user.role !== 'agency'} />
    </section>
  );
}

export function AgencyHomePage({ agencyName, recent }: { agencyName: string; recent: RecentTransfer[] }) {
  return (
    <section>
      <h1>{agencyName}</h1>
      <p class="muted">这里列出本机构承办的出让活动。</p>
      <nav class="actions">
        <a class="button primary" href="/portal">机构门户：劳务费与支付</a>
        <a class="button" href="/surveys">满意度调查</a>
      </nav>
      <RecentTable rows={recent} title="本机构承办的出让活动" linkParcels={false} />
    </section>
  );
}

function RecentTable({ rows, title, linkParcels }: { rows: RecentTransfer[]; title: string; linkParcels: boolean }) {
  return (
    <>
      <h2>{title}</h2>
      <table class="data">
        <thead><tr><th>标的编号</th><th>名称</th><th>场次</th><th>方式</th><th>拍卖机构</th><th>竞价日期</th><th>结果</th><th class="num">成交价（元）</th></tr></thead>
        <tbody>
          {rows.length === 0 && <tr><td colspan={8} class="empty">暂无</td></tr>}
          {rows.map((r) => (
            <tr>
              <td>{linkParcels ? <a href={`/parcels/${r.parcel_id}`}>{r.code}</a> : r.code}</td>
              <td>{r.name}</td><td>第{r.round}场</td><td>{r.mode}</td><td>{r.agency ?? '—'}</td><td>{r.auction_date ?? '—'}</td>
              <td><span class={`result result-${r.result}`}>{r.result}</span></td>
              <td class="num">{r.deal_price ? formatYuan(BigInt(r.deal_price)) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
