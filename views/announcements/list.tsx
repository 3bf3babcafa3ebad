import type { AnnouncementRow } from '../../src/announcements/queries';
import { formatYuan } from '../../src/lib/money';
import { Pagination, SortHeader, withQuery, FilterForm, type ListPageProps } from '../components/table';

export interface AnnouncementListProps extends ListPageProps<AnnouncementRow> {
  media: string[];
  canEdit: boolean;
}

export function AnnouncementListPage(p: AnnouncementListProps) {
  const v = p.params;
  return (
    <section>
      <div class="page-head">
        <h1>出让公告</h1>
        <div class="actions">
          {p.canEdit && <a class="button primary" href="/announcements/new">登记公告</a>}
          <a class="button" href={withQuery('/announcements/export.csv', v, { page: undefined })}>导出 CSV</a>
        </div>
      </div>
      <FilterForm path="/announcements" target="announcement-results" search sort={p.sort} dir={p.dir}>
        <label>发布年度 <input type="number" name="year" min="1990" max="2100" value={String(v.year ?? '')} placeholder="全部" /></label>
        <label>媒体 <select name="medium"><option value="">全部</option>{p.media.map((m) => <option selected={v.medium === m}>{m}</option>)}</select></label>
        <label>关键词 <input id="q" type="search" name="q" value={String(v.q ?? '')} placeholder="公告编号或标题" /></label>
      </FilterForm>
      <AnnouncementResults {...p} />
    </section>
  );
}

/** The fragment htmx swaps when a filter changes. */
export function AnnouncementResults(p: AnnouncementListProps) {
  const h = (sort: string, label: string) => <SortHeader path="/announcements" params={p.params} sort={sort} current={p.sort} dir={p.dir} label={label} />;
  return (
    <div id="announcement-results">
      <table class="data">
        <thead>
          <tr>{h('code', '公告编号')}<th>标题</th><th>媒体</th>{h('date', '发布日期')}{h('cost', '费用（元）')}<th class="num">覆盖标的数</th></tr>
        </thead>
        <tbody>
          {p.rows.length === 0 && <tr><td colspan={6} class="empty">没有符合条件的公告</td></tr>}
          {p.rows.map((r) => (
            <tr>
              <td><a href={`/announcements/${r.id}`}>{r.code}</a></td>
              <td>{r.title}</td>
              <td>{r.medium ?? ''}</td>
              <td>{r.published_on}</td>
              <td class="num">{formatYuan(BigInt(r.cost))}</td>
              <td class="num">{r.parcel_count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination path="/announcements" params={p.params} page={p.page} total={p.total} pageSize={p.pageSize} />
    </div>
  );
}
