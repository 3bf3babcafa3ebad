import { paymentCategories, paymentStatuses } from '../../db/schema';
import type { PaymentRow } from '../../src/funds/payment-queries';
import { formatYuan } from '../../src/lib/money';
import { FilterForm, Pagination } from '../components/table';

export interface PaymentListProps {
  rows: PaymentRow[];
  total: number;
  page: number;
  pageSize: number;
  params: Record<string, string | number | undefined>;
  todo: boolean;
  projects: { id: number; name: string; year: number }[];
  canDraft: boolean;
}

export function PaymentListPage(p: PaymentListProps) {
  const v = p.params;
  return (
    <section>
      <div class="page-head">
        <h1>{p.todo ? '待我审批' : '支付'}</h1>
        <div class="actions">
          {p.todo ? <a class="button" href="/payments">全部支付</a> : <a class="button" href="/payments?view=todo">待我审批</a>}
          {p.canDraft && <a class="button primary" href="/payments/new">起草支付</a>}
        </div>
      </div>
      {p.todo && <p class="muted">列出等待您所担任职责审批的支付（不含您起草的和您已在其他步骤签署的）。</p>}
      <FilterForm path="/payments" target="payment-results" search>
        {p.todo && <input type="hidden" name="view" value="todo" />}
        <label>状态 <select name="status"><option value="">全部</option>{paymentStatuses.map((s) => <option selected={v.status === s}>{s}</option>)}</select></label>
        <label>类别 <select name="category"><option value="">全部</option>{paymentCategories.map((s) => <option selected={v.category === s}>{s}</option>)}</select></label>
        <label>项目 <select name="project"><option value="">全部</option>
          {p.projects.map((x) => <option value={String(x.id)} selected={v.project === x.id}>{x.name}（{x.year}）</option>)}
        </select></label>
        <label>关键词 <input id="q" type="search" name="q" value={String(v.q ?? '')} placeholder="收款人、摘要、凭证号或项目" /></label>
      </FilterForm>
      <PaymentResults {...p} />
    </section>
  );
}

/** The fragment htmx swaps when a filter changes. */
export function PaymentResults(p: PaymentListProps) {
  return (
    <div id="payment-results">
      <table class="data">
        <thead><tr><th>编号</th><th>项目</th><th>类别</th><th>收款人</th><th class="num">金额（元）</th><th>状态</th><th>支付日期</th><th>凭证号</th><th>经办人</th></tr></thead>
        <tbody>
          {p.rows.length === 0 && <tr><td colspan={9} class="empty">{p.todo ? '没有等待您审批的支付' : '没有符合条件的支付'}</td></tr>}
          {p.rows.map((r) => (
            <tr>
              <td><a href={`/payments/${r.id}`}>#{r.id}</a>{r.reverses_id !== null && `（冲销 #${r.reverses_id}）`}</td>
              <td><a href={`/projects/${r.project_id}`}>{r.project_name}</a>（{r.project_year}）</td>
              <td>{r.category}</td>
              <td>{r.payee}</td>
              <td class="num">{formatYuan(BigInt(r.amount))}</td>
              <td><span class={`status status-${r.status}`}>{r.status}</span></td>
              <td>{r.paid_on ?? ''}</td>
              <td>{r.voucher_no ?? ''}</td>
              <td>{r.drafter ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination path="/payments" params={p.params} page={p.page} total={p.total} pageSize={p.pageSize} />
    </div>
  );
}
