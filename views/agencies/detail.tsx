import type { agencies } from '../../db/schema';
import type { agencyTransfers } from '../../src/agencies/queries';
import { formatYuan } from '../../src/lib/money';

type Agency = typeof agencies.$inferSelect;
type Rounds = Awaited<ReturnType<typeof agencyTransfers>>;

export function AgencyDetailPage({ agency: a, rounds, canEdit }: { agency: Agency; rounds: Rounds; canEdit: boolean }) {
  return (
    <section>
      <div class="page-head">
        <h1>{a.name}</h1>
        <div class="actions">{canEdit && <a class="button" href={`/agencies/${a.id}/edit`}>修改</a>}</div>
      </div>
      <dl class="facts">
        <dt>统一社会信用代码</dt><dd>{a.creditCode}</dd>
        <dt>名称</dt><dd>{a.name}</dd>
        <dt>联系人</dt><dd>{a.contactPerson ?? '—'}</dd>
        <dt>联系电话</dt><dd>{a.contactPhone ?? '—'}</dd>
      </dl>

      <h2>组织的出让活动</h2>
      <table class="data">
        <thead><tr><th>交易中心</th><th>标的编号</th><th>标的名称</th><th>场次</th><th>方式</th><th>竞价日期</th><th>结果</th><th class="num">成交价（元）</th><th>成交日期</th></tr></thead>
        <tbody>
          {rounds.length === 0 && <tr><td colspan={9} class="empty">在您可查看的交易中心尚无出让活动</td></tr>}
          {rounds.map((r) => (
            <tr>
              <td>{r.centerName}</td>
              <td><a href={`/parcels/${r.parcelId}`}>{r.parcelCode}</a></td>
              <td>{r.parcelName}</td>
              <td><a href={`/transfers/${r.id}`}>第{r.round}场</a></td>
              <td>{r.mode}</td>
              <td>{r.auctionDate ?? '—'}</td>
              <td><span class={`result result-${r.result}`}>{r.result}</span></td>
              <td class="num">{r.dealPrice !== null ? formatYuan(r.dealPrice) : ''}</td>
              <td>{r.dealDate ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
