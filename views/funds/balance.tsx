import { balanceDispositionKinds } from '../../db/schema';
import type { DispositionRow, YearEndBalance } from '../../src/funds/balances';
import type { Project } from '../../src/funds/queries';
import { formatYuan } from '../../src/lib/money';
import { Field, FormErrors, MoneyField, SelectField, TextArea, type Errors, type Values } from '../components/form';

/** The balance of a closed project, as figures: what the budget was, what holds it, what is left. */
function BalanceFacts({ b }: { b: YearEndBalance }) {
  return (
    <dl class="facts" id="balance-facts">
      <dt>全年预算</dt><dd>{formatYuan(b.total)} 元</dd>
      <dt>执行数</dt><dd>{formatYuan(b.spent)} 元（{b.year}年内已支付）</dd>
      {b.crossYear !== 0n && <><dt>跨年支付及待支付</dt><dd><a href={`/projects/${b.projectId}#payments`}>{formatYuan(b.crossYear)} 元</a>（{b.year}年之后支付或已批准待支付的净额，含{b.year}年之后的冲销；占用本项目预算）</dd></>}
      {b.carried !== 0n && <><dt>已结转</dt><dd>{formatYuan(b.carried)} 元</dd></>}
      {b.recovered !== 0n && <><dt>已收回</dt><dd>{formatYuan(b.recovered)} 元</dd></>}
      <dt>待处置结余</dt><dd><strong data-remaining={b.remaining.toString()}>{formatYuan(b.remaining)} 元</strong></dd>
      {b.inApproval !== 0n && <><dt>审批中的支付</dt><dd>{formatYuan(b.inApproval)} 元：批准时须有结余可用，处置结余前请先办结</dd></>}
    </dl>
  );
}

function DispositionTable({ rows }: { rows: DispositionRow[] }) {
  return (
    <table class="data" id="dispositions">
      <thead><tr><th>日期</th><th>处置方式</th><th class="num">金额（元）</th><th>结转到</th><th>文号</th><th>说明</th></tr></thead>
      <tbody>
        {rows.length === 0 && <tr><td colspan={6} class="empty">尚未处置结余</td></tr>}
        {rows.map((d) => (
          <tr id={`disposition-${d.id}`}>
            <td>{d.decidedOn}</td><td>{d.kind}</td><td class="num">{formatYuan(d.amount)}</td>
            <td>{d.targetProjectId !== null ? <a href={`/projects/${d.targetProjectId}#budget-${d.budgetEntryId}`}>{d.targetName}（{d.projectYear + 1}年）</a> : '—'}</td>
            <td>{d.docNo ?? ''}</td><td>{d.reason ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** On a closed project's page: its 年末结余 and what became of it. */
export function YearEndSection({ balance, dispositions, canWrite }: { balance: YearEndBalance; dispositions: DispositionRow[]; canWrite: boolean }) {
  return (
    <>
      <h2 id="year-end-balance">年末结余</h2>
      <BalanceFacts b={balance} />
      <DispositionTable rows={dispositions} />
      {canWrite && balance.remaining > 0n && <p><a class="button primary" href={`/projects/${balance.projectId}/balance`}>结转或收回结余</a></p>}
    </>
  );
}

/** On the next year's project page: the 上年结转 it received, each linked to the project it came from. */
export function CarriedInSection({ rows }: { rows: DispositionRow[] }) {
  if (rows.length === 0) return null;
  return (
    <>
      <h3 id="carried-in">上年结转来源</h3>
      <table class="data">
        <thead><tr><th>日期</th><th>来自项目</th><th class="num">金额（元）</th><th>文号</th></tr></thead>
        <tbody>
          {rows.map((d) => (
            <tr><td>{d.decidedOn}</td><td><a href={`/projects/${d.projectId}#year-end-balance`}>{d.projectName}（{d.projectYear}年）</a></td>
              <td class="num">{formatYuan(d.amount)}</td><td>{d.docNo ?? ''}</td></tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function BalancePage({ project: p, balance, dispositions, targets, canWrite, values, errors }: {
  project: Project; balance: YearEndBalance; dispositions: DispositionRow[]; targets: { id: number; name: string }[];
  canWrite: boolean; values: Values; errors: Errors;
}) {
  const next = p.year + 1;
  return (
    <section>
      <h1>年末结余处置 · {p.name}（{p.year}年）</h1>
      <p><a href={`/projects/${p.id}`}>返回项目</a> · <a href={`/projects/balances?year=${p.year}`}>{p.year}年度各项目结余</a></p>
      {!p.closed && <p class="notice">{p.year}年度尚未结账：结账后才能结转或收回结余，结账前的执行数仍可能变化。</p>}
      <BalanceFacts b={balance} />
      <DispositionTable rows={dispositions} />
      {canWrite && p.closed && (balance.remaining > 0n || Object.keys(errors).length > 0) && (
        <>
          <h2>登记结转或收回</h2>
          <p class="muted">结转记入所选{next}年度项目的“上年结转”预算，计入其全年预算数；收回由财政收回，不再使用。记录保存后不能修改或删除。</p>
          {targets.length === 0 && <p class="notice">本中心尚无{next}年度项目：结转前请先 <a href="/projects/new">新建{next}年度项目</a>；收回不需要。</p>}
          <FormErrors errors={errors} />
          <form method="post" action={`/projects/${p.id}/balance`} class="grid-form" novalidate>
            <fieldset>
              <legend>结余处置</legend>
              <SelectField name="kind" label="处置方式" options={balanceDispositionKinds} values={values} errors={errors} required />
              <MoneyField name="amount" label="金额" values={values} errors={errors} required hint={`单位：元；待处置结余 ${formatYuan(balance.remaining)} 元`} />
              <Field name="decided_on" label="处置日期" type="date" values={values} errors={errors} required hint={`结转应在${next}年内`} />
              <SelectField name="target_project" label="结转到项目" options={targets.map((t) => ({ value: String(t.id), label: `${t.name}（${next}年）` }))}
                blank="（收回时不选）" values={values} errors={errors} />
              <Field name="doc_no" label="文号" values={values} errors={errors} hint="结转必填：财政批准结转的文号" />
              <TextArea name="reason" label="说明" values={values} errors={errors} />
            </fieldset>
            <div class="actions"><button type="submit" class="primary">保存</button><a href={`/projects/${p.id}`}>取消</a></div>
          </form>
        </>
      )}
    </section>
  );
}

/** The 年末结余 of every project of a year of the center: what closing the year leaves to dispose of. */
export function YearBalancesPage({ year, closed, rows, canWrite }: { year: number; closed: boolean; rows: YearEndBalance[]; canWrite: boolean }) {
  const sum = (k: 'total' | 'spent' | 'crossYear' | 'carried' | 'recovered' | 'remaining') => rows.reduce((a, r) => a + r[k], 0n);
  return (
    <section>
      <h1>{year}年度各项目年末结余</h1>
      <p><a href={`/projects?year=${year}`}>返回项目列表</a></p>
      {!closed && <p class="notice">{year}年度尚未结账：以下结余为当前数，结账后才能结转或收回。</p>}
      <table class="data" id="year-balances">
        <thead><tr><th>项目</th><th class="num">全年预算</th><th class="num">执行数</th><th class="num">跨年支付及待支付</th>
          <th class="num">已结转</th><th class="num">已收回</th><th class="num">待处置结余</th><th></th></tr></thead>
        <tbody>
          {rows.length === 0 && <tr><td colspan={8} class="empty">该年度没有项目</td></tr>}
          {rows.map((r) => (
            <tr id={`balance-${r.projectId}`}>
              <td><a href={`/projects/${r.projectId}`}>{r.name}</a></td>
              <td class="num">{formatYuan(r.total)}</td><td class="num">{formatYuan(r.spent)}</td><td class="num">{formatYuan(r.crossYear)}</td>
              <td class="num">{formatYuan(r.carried)}</td><td class="num">{formatYuan(r.recovered)}</td><td class="num">{formatYuan(r.remaining)}</td>
              <td>{closed && canWrite && r.remaining > 0n ? <a href={`/projects/${r.projectId}/balance`}>结转或收回</a> : <a href={`/projects/${r.projectId}/balance`}>查看</a>}</td>
            </tr>
          ))}
        </tbody>
        {rows.length > 0 && (
          <tfoot><tr><td>合计</td><td class="num">{formatYuan(sum('total'))}</td><td class="num">{formatYuan(sum('spent'))}</td><td class="num">{formatYuan(sum('crossYear'))}</td>
            <td class="num">{formatYuan(sum('carried'))}</td><td class="num">{formatYuan(sum('recovered'))}</td><td class="num">{formatYuan(sum('remaining'))}</td><td></td></tr></tfoot>
        )}
      </table>
    </section>
  );
}
