import { formatYuan } from '../../src/lib/money';
import type { RevenueFigures } from '../../src/revenue/queries';
import { FormErrors, MoneyField, type Errors, type Values } from '../components/form';
import { RevenueSummary } from './list';

export function TargetPage(p: { centerName: string; year: number; figures: RevenueFigures; closed: boolean; values: Values; errors: Errors }) {
  return (
    <section>
      <div class="page-head">
        <h1>非税征收任务 · {p.centerName} · {p.year}年</h1>
        <div class="actions"><a class="button" href="/revenue">返回非税收入</a></div>
      </div>
      <RevenueSummary figures={p.figures} year={p.year} />
      <FormErrors errors={p.errors} />
      <form method="post" action="/revenue/target" class="stack" novalidate>
        <p>{p.figures.target !== null ? `当前任务 ${formatYuan(p.figures.target)} 元；修改后按新任务计算完成比例和完成任务日期，修改记入审计日志。` : '本年度尚未设定任务。'}</p>
        {p.closed && <p class="muted"><span class="status status-已结账">已结账</span> {p.year}年度已结账，该年度的非税征收任务不能再设定或修改。</p>}
        <MoneyField name="amount" label={`${p.year}年任务金额`} values={p.values} errors={p.errors} required />
        <div class="actions"><button type="submit" class="primary">保存</button><a href="/revenue">取消</a></div>
      </form>
    </section>
  );
}
