import { paymentCategories } from '../../db/schema';
import { formatYuan } from '../../src/lib/money';
import type { Category, PaymentLine, PaymentState } from '../../src/monitoring/queries';
import { paymentsLink } from './project';

export interface PaymentsBehindProps {
  project: { id: number; name: string; year: number };
  category: Category | undefined;
  state: PaymentState;
  rows: PaymentLine[];
}

export const STATE_LABELS: Record<PaymentState, string> = { paid: '已支付', pending: '待支付及审批中' };

/** The payments behind one figure of the category table: the list adds up to the figure clicked. */
export function PaymentsBehindPage(p: PaymentsBehindProps) {
  const total = p.rows.reduce((s, r) => s + r.amount, 0n);
  const paid = p.state === 'paid';
  return (
    <section>
      <div class="page-head">
        <h1>{p.project.name} · {p.category ?? '全部类别'} · {STATE_LABELS[p.state]}</h1>
        <div class="actions"><a class="button" href={`/monitoring/projects/${p.project.id}`}>返回执行监控</a></div>
      </div>
      <nav class="actions" aria-label="切换类别与状态">
        {[undefined, ...paymentCategories].map((cat) => (
          <a href={paymentsLink(p.project.id, p.state, cat)} aria-current={cat === p.category ? 'page' : undefined}>{cat ?? '全部类别'}</a>
        ))}
        <span class="muted">|</span>
        {(['paid', 'pending'] as const).map((st) => (
          <a href={paymentsLink(p.project.id, st, p.category)} aria-current={st === p.state ? 'page' : undefined}>{STATE_LABELS[st]}</a>
        ))}
      </nav>
      <p class="muted">
        {paid ? `${p.project.year}年内支付的款项，冲销以负数列出并计入合计。` : '草稿、审批中和待支付的款项，尚未计入执行数。'}
      </p>
      <table class="data">
        <thead><tr><th>{paid ? '支付日期' : '登记日期'}</th><th>收款人</th><th>类别</th><th class="num">金额（元）</th><th>状态</th><th>凭证号</th><th>摘要</th></tr></thead>
        <tbody>
          {p.rows.length === 0 && <tr><td colspan={7} class="empty">没有款项</td></tr>}
          {p.rows.map((r) => (
            <tr>
              <td>{r.date}</td>
              <td><a href={`/payments/${r.id}`}>{r.payee}</a></td>
              <td>{r.category}</td>
              <td class="num">{formatYuan(r.amount)}</td>
              <td>{r.status}{r.reversesId !== null && <>，<a href={`/payments/${r.reversesId}`}>冲销原支付</a></>}</td>
              <td>{r.voucherNo ?? '—'}</td>
              <td>{r.summary ?? ''}</td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr><td colspan={3}>合计（{p.rows.length}笔）</td><td class="num">{formatYuan(total)}</td><td colspan={3}></td></tr></tfoot>
      </table>
    </section>
  );
}
