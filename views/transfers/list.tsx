import { transferModes, transferResults } from '../../db/schema';
import { formatYuan } from '../../src/lib/money';
import type { TransferRow } from '../../src/transfers/queries';
import { Pagination, SortHeader, withQuery, FilterForm, type ListPageProps } from '../components/table';

export interface TransferListProps extends ListPageProps<TransferRow> {
  agencies: { id: number; name: string }[];
}

export function TransferListPage(p: TransferListProps) {
  const v = p.params;
  return (
    <section>
      <div class="page-head">
        <h1>出让活动</h1>
        <div class="actions"><a class="button" href={withQuery('/transfers/export.csv', v, { page: undefined })}>导出 CSV</a></div>
      </div>
      <p class="muted">新的出让活动从标的页面发起（“新增出让活动”），流拍或终止的标的可再次组织出让。</p>
      <FilterForm path="/transfers" target="transfer-results" search sort={p.sort} dir={p.dir}>
        <label>年度 <input type="number" name="year" min="1990" max="2100" value={String(v.year ?? '')} placeholder="全部" /></label>
        <label>方式 <select name="mode"><option value="">全部</option>{transferModes.map((m) => <option selected={v.mode === m}>{m}</option>)}</select></label>
        <label>结果 <select name="result"><option value="">全部</option>{transferResults.map((r) => <option selected={v.result === r}>{r}</option>)}</select></label>
        <label>拍卖机构 <select name="agency"><option value="">全部</option>{p.agencies.map((a) => <option value={String(a.id)} selected={String(v.agency) === String(a.id)}>{a.name}</option>)}</select></label>
        <label>关键词 <input id="q" type="search" name="q" value={String(v.q ?? '')} placeholder="标的、竞得人或确认书编号" /></label>
      </FilterForm>
      <TransferResults {...p} />
    </section>
  );
}

export function TransferResults(p: TransferListProps) {
  const h = (sort: string, label: string) => <SortHeader path="/transfers" params={p.params} sort={sort} current={p.sort} dir={p.dir} label={label} />;
  return (
    <div id="transfer-results">
      <table class="data">
        <thead><tr>{h('code', '标的编号')}<th>名称</th>{h('round', '场次')}<th>方式</th><th>拍卖机构</th><th>公告</th>{h('date', '竞价/成交日期')}{h('result', '结果')}{h('price', '成交价（元）')}<th>竞得人</th></tr></thead>
        <tbody>
          {p.rows.length === 0 && <tr><td colspan={10} class="empty">没有符合条件的出让活动</td></tr>}
          {p.rows.map((r) => (
            <tr>
              <td><a href={`/parcels/${r.parcel_id}`}>{r.code}</a></td>
              <td>{r.name}</td>
              <td><a href={`/transfers/${r.id}`}>第{r.round}场</a></td>
              <td>{r.mode}</td><td>{r.agency ?? '—'}</td><td>{r.announcement ?? '—'}</td>
              <td>{r.deal_date ?? r.auction_date ?? '—'}</td>
              <td><span class={`result result-${r.result}`}>{r.result}</span></td>
              <td class="num">{r.deal_price ? formatYuan(BigInt(r.deal_price)) : ''}</td>
              <td>{r.winner ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination path="/transfers" params={p.params} page={p.page} total={p.total} pageSize={p.pageSize} />
    </div>
  );
}
