import type { announcements } from '../../db/schema';
import type { announcementDetail } from '../../src/announcements/queries';
import type { shareCost } from '../../src/announcements/rules';
import { formatYuan } from '../../src/lib/money';

type Announcement = typeof announcements.$inferSelect;
type Detail = Awaited<ReturnType<typeof announcementDetail>>;
type Shares = ReturnType<typeof shareCost<Detail['covered'][number]>>;

export function AnnouncementDetailPage({ a, shares, rounds, canEdit }: { a: Announcement; shares: Shares; rounds: Detail['rounds']; canEdit: boolean }) {
  return (
    <section>
      <div class="page-head">
        <h1>{a.code} {a.title}</h1>
        <div class="actions">{canEdit && <a class="button" href={`/announcements/${a.id}/edit`}>修改</a>}</div>
      </div>
      <dl class="facts">
        <dt>公告编号</dt><dd>{a.code}</dd>
        <dt>标题</dt><dd>{a.title}</dd>
        <dt>媒体</dt><dd>{a.medium ?? '—'}</dd>
        <dt>发布日期</dt><dd>{a.publishedOn}</dd>
        <dt>费用</dt><dd>{formatYuan(a.cost)} 元</dd>
        <dt>覆盖标的数</dt><dd>{shares.length}</dd>
      </dl>

      <h2>覆盖的标的与费用分摊</h2>
      <table class="data">
        <thead><tr><th>标的编号</th><th>名称</th><th>类型</th><th class="num">分摊费用（元）</th></tr></thead>
        <tbody>
          {shares.length === 0 && <tr><td colspan={4} class="empty">无</td></tr>}
          {shares.map(({ parcel: p, share }) => (
            <tr><td><a href={`/parcels/${p.id}`}>{p.code}</a></td><td>{p.name}</td><td>{p.kind}</td><td class="num">{formatYuan(share)}</td></tr>
          ))}
        </tbody>
        <tfoot><tr><th colspan={3}>合计</th><td class="num">{formatYuan(a.cost)}</td></tr></tfoot>
      </table>

      <h2>引用本公告的出让活动</h2>
      <table class="data">
        <thead><tr><th>标的</th><th>场次</th><th>方式</th><th>拍卖机构</th><th>竞价日期</th><th>结果</th><th class="num">成交价（元）</th><th>成交日期</th></tr></thead>
        <tbody>
          {rounds.length === 0 && <tr><td colspan={8} class="empty">尚无出让活动引用本公告</td></tr>}
          {rounds.map((r) => (
            <tr>
              <td><a href={`/parcels/${r.parcelId}`}>{r.parcelCode}</a> {r.parcelName}</td>
              <td><a href={`/transfers/${r.id}`}>第{r.round}场</a></td>
              <td>{r.mode}</td>
              <td>{r.agencyId ? <a href={`/agencies/${r.agencyId}`}>{r.agencyName}</a> : '—'}</td>
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
