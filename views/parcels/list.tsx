import { parcelKinds } from '../../db/schema';
import { formatYuan } from '../../src/lib/money';
import { parcelStatuses } from '../../src/parcels/rules';
import type { ParcelRow } from '../../src/parcels/queries';
import { Pagination, SortHeader, withQuery, FilterForm, type ListPageProps } from '../components/table';

export interface ParcelListProps extends ListPageProps<ParcelRow> {
  districts: string[];
  canEdit: boolean;
}

export function ParcelListPage(p: ParcelListProps) {
  const v = p.params;
  return (
    <section>
      <div class="page-head">
        <h1>标的</h1>
        <div class="actions">
          {p.canEdit && <a class="button primary" href="/parcels/new">登记标的</a>}
          <a class="button" href={withQuery('/parcels/export.csv', v, { page: undefined })}>导出 CSV</a>
        </div>
      </div>
      <FilterForm path="/parcels" target="parcel-results" search sort={p.sort} dir={p.dir}>
        <label>年度 <input type="number" name="year" min="1990" max="2100" value={String(v.year ?? '')} placeholder="全部" /></label>
        <label>类型 <select name="kind"><option value="">全部</option>{parcelKinds.map((k) => <option selected={v.kind === k}>{k}</option>)}</select></label>
        <label>状态 <select name="status"><option value="">全部</option>{parcelStatuses.map((s) => <option selected={v.status === s}>{s}</option>)}</select></label>
        <label>区县 <select name="district"><option value="">全部</option>{p.districts.map((d) => <option selected={v.district === d}>{d}</option>)}</select></label>
        <label>关键词 <input id="q" type="search" name="q" value={String(v.q ?? '')} placeholder="编号、名称或位置" /></label>
      </FilterForm>
      <ParcelResults {...p} />
    </section>
  );
}

/** The fragment htmx swaps when a filter changes. */
export function ParcelResults(p: ParcelListProps) {
  const h = (sort: string, label: string) => <SortHeader path="/parcels" params={p.params} sort={sort} current={p.sort} dir={p.dir} label={label} />;
  return (
    <div id="parcel-results">
      <table class="data">
        <thead>
          <tr>
            {h('code', '标的编号')}{h('name', '名称')}<th>类型</th>{h('district', '区县')}<th>用途</th>
            <th class="num">面积</th>{h('price', '起始价（元）')}{h('status', '状态')}{h('date', '最近竞价/成交')}{h('deal', '成交价（元）')}
          </tr>
        </thead>
        <tbody>
          {p.rows.length === 0 && <tr><td colspan={10} class="empty">没有符合条件的标的</td></tr>}
          {p.rows.map((r) => (
            <tr>
              <td><a href={`/parcels/${r.id}`}>{r.code}</a></td>
              <td>{r.name}</td>
              <td>{r.kind}</td>
              <td>{r.district ?? ''}</td>
              <td>{r.land_use ?? ''}</td>
              <td class="num">{r.area ? `${trim(r.area)} ${r.kind === '土地' ? 'm²' : 'km²'}` : ''}</td>
              <td class="num">{formatYuan(BigInt(r.starting_price))}</td>
              <td><span class={`status status-${r.status}`}>{r.status}</span></td>
              <td>{r.last_date ?? ''}</td>
              <td class="num">{r.deal_price ? formatYuan(BigInt(r.deal_price)) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination path="/parcels" params={p.params} page={p.page} total={p.total} pageSize={p.pageSize} />
    </div>
  );
}

const trim = (v: string) => (v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v);
