import { revenueTypes } from '../../db/schema';
import { formatWan, formatYuan } from '../../src/lib/money';
import type { RemittanceRow, RevenueFigures } from '../../src/revenue/queries';
import { FilterForm, Pagination } from '../components/table';

export const IMMUTABLE_NOTE = '已上缴记录不可修改：非税收入上缴是财务记录，登记后不能修改或删除（更正不在本系统办理范围内）。';

/** 已上缴 / 非税任务 / 完成比例 / 完成任务日期 for the center and year. */
export function RevenueSummary({ figures: f, year }: { figures: RevenueFigures; year: number }) {
  return (
    <div class="cards">
      <div class="card"><span class="label">{year}年已上缴非税收入</span><span class="value">{formatWan(f.remitted)}<small>万元</small></span><span class="muted">{formatYuan(f.remitted)} 元</span></div>
      <div class="card"><span class="label">非税征收任务</span><span class="value">{f.target !== null ? <>{formatWan(f.target)}<small>万元</small></> : '未设定'}</span>{f.target !== null && <span class="muted">{formatYuan(f.target)} 元</span>}</div>
      <div class="card"><span class="label">完成比例</span><span class="value">{f.rate !== null ? <>{f.rate}<small>%</small></> : '—'}</span></div>
      <div class="card"><span class="label">完成任务日期</span><span class="value">{f.targetReachedOn ?? (f.target !== null ? '未完成' : '—')}</span></div>
    </div>
  );
}

export interface RevenueListProps {
  centerName: string;
  year: number;
  figures: RevenueFigures;
  rows: RemittanceRow[];
  total: number;
  totalAmount: bigint;
  params: Record<string, string | number | undefined>;
  page: number;
  pageSize: number;
  canWrite: boolean;
  canSetTarget: boolean;
}

export function RevenueListPage(p: RevenueListProps) {
  const v = p.params;
  return (
    <section>
      <div class="page-head">
        <h1>非税收入上缴 · {p.centerName} · {p.year}年</h1>
        <div class="actions">
          {p.canWrite && <a class="button primary" href="/revenue/new">登记上缴</a>}
          {p.canSetTarget && <a class="button" href="/revenue/target">非税任务</a>}
          <a class="button" href="/revenue/transfers">按出让活动查看</a>
        </div>
      </div>
      <RevenueSummary figures={p.figures} year={p.year} />
      <p class="muted">{IMMUTABLE_NOTE}</p>
      <FilterForm path="/revenue" target="revenue-results" search>
        <label>收入类型 <select name="type"><option value="">全部</option>{revenueTypes.map((t) => <option selected={v.type === t}>{t}</option>)}</select></label>
        <label>关键词 <input id="q" type="search" name="q" value={String(v.q ?? '')} placeholder="缴款书号、标的编号或名称" /></label>
      </FilterForm>
      <RevenueResults {...p} />
    </section>
  );
}

/** The fragment htmx swaps when a filter changes. */
export function RevenueResults(p: RevenueListProps) {
  return (
    <div id="revenue-results">
      <table class="data">
        <thead><tr><th>上缴日期</th><th>缴款书号</th><th>收入类型</th><th>来源出让活动</th><th class="num">金额（元）</th></tr></thead>
        <tbody>
          {p.rows.length === 0 && <tr><td colspan={5} class="empty">没有符合条件的上缴记录</td></tr>}
          {p.rows.map((r) => (
            <tr>
              <td>{r.remitted_on}</td>
              <td><a href={`/revenue/${r.id}`}>{r.receipt_no}</a></td>
              <td>{r.revenue_type}</td>
              <td>{r.transfer_id ? <a href={`/transfers/${r.transfer_id}`}>{r.code} {r.name} 第{r.round}场</a> : '—'}</td>
              <td class="num">{formatYuan(BigInt(r.amount))}</td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr><td colspan={4}>合计（{p.total} 笔）</td><td class="num">{formatYuan(p.totalAmount)}</td></tr></tfoot>
      </table>
      <Pagination path="/revenue" params={p.params} page={p.page} total={p.total} pageSize={p.pageSize} />
    </div>
  );
}
