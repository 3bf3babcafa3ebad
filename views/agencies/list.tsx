import type { AgencyRow } from '../../src/agencies/queries';
import { Pagination, SortHeader, withQuery, FilterForm, type ListPageProps } from '../components/table';

export interface AgencyListProps extends ListPageProps<AgencyRow> {
  centerName: string;
  canEdit: boolean;
}

export function AgencyListPage(p: AgencyListProps) {
  const v = p.params;
  return (
    <section>
      <div class="page-head">
        <h1>拍卖机构</h1>
        <div class="actions">
          {p.canEdit && <a class="button primary" href="/agencies/new">登记拍卖机构</a>}
          <a class="button" href={withQuery('/agencies/export.csv', v, { page: undefined })}>导出 CSV</a>
        </div>
      </div>
      <FilterForm path="/agencies" target="agency-results" search sort={p.sort} dir={p.dir}>
        <label>关键词 <input id="q" type="search" name="q" value={String(v.q ?? '')} placeholder="名称或统一社会信用代码" /></label>
      </FilterForm>
      <AgencyResults {...p} />
    </section>
  );
}

/** The fragment htmx swaps when the filter changes. */
export function AgencyResults(p: AgencyListProps) {
  const h = (sort: string, label: string) => <SortHeader path="/agencies" params={p.params} sort={sort} current={p.sort} dir={p.dir} label={label} />;
  return (
    <div id="agency-results">
      <table class="data">
        <thead>
          <tr>{h('name', '名称')}{h('code', '统一社会信用代码')}<th>联系人</th><th>联系电话</th>{h('transfers', `${p.centerName}出让场次`)}</tr>
        </thead>
        <tbody>
          {p.rows.length === 0 && <tr><td colspan={5} class="empty">没有符合条件的拍卖机构</td></tr>}
          {p.rows.map((r) => (
            <tr>
              <td><a href={`/agencies/${r.id}`}>{r.name}</a></td>
              <td>{r.credit_code}</td>
              <td>{r.contact_person ?? ''}</td>
              <td>{r.contact_phone ?? ''}</td>
              <td class="num">{r.transfers}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination path="/agencies" params={p.params} page={p.page} total={p.total} pageSize={p.pageSize} />
    </div>
  );
}
