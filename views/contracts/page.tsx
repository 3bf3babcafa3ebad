import type { contractOf, PaymentRow } from '../../src/contracts/queries';
import { MAX_INSTALMENTS, type InstalmentStatus } from '../../src/contracts/rules';
import { fenToYuan, formatYuan } from '../../src/lib/money';
import { Actions, Field, FieldError, FormErrors, MoneyField, SelectField, type Errors, type Values } from '../components/form';

type Contract = NonNullable<Awaited<ReturnType<typeof contractOf>>>;

export interface RoundFacts {
  id: number; code: string; name: string; round: number; result: string; dealPrice: bigint | null; winner: string | null; dealDate: string | null;
  /** The last day to sign on time (成交后10个工作日). */
  signingDue: string | null;
}

/** An instalment's share of the price, to 0.01% (truncated), in bigint: money never passes through a JS number. */
const shareOf = (amount: bigint, price: bigint) => {
  const bp = (amount * 10000n) / price;
  return `${bp / 100n}.${String(bp % 100n).padStart(2, '0')}%`;
};

const head = (r: RoundFacts) => (
  <p>
    <a href={`/transfers/${r.id}`}>{r.code} {r.name} · 第{r.round}场</a>
    {r.dealPrice !== null && `：${r.dealDate} 成交，成交价 ${formatYuan(r.dealPrice)} 元，竞得人 ${r.winner}`}
  </p>
);

export interface Collections {
  asOf: string; status: InstalmentStatus[]; payments: PaymentRow[]; canRecord: boolean; canReverse: boolean; values: Values; errors: Errors; reversalErrors: Errors;
}

/** A recorded contract, its schedule with what is paid and overdue on a day, and its collections. */
export function ContractPage({ r, c, k }: { r: RoundFacts; c: Contract; k: Collections }) {
  const ratio = c.plotRatioMin || c.plotRatioMax ? `${c.plotRatioMin ?? '—'} 至 ${c.plotRatioMax ?? '—'}` : '—';
  const sum = (f: (x: InstalmentStatus) => bigint) => formatYuan(k.status.reduce((s, x) => s + f(x), 0n));
  return (
    <section>
      <div class="page-head"><h1>出让合同 {c.contractNo}</h1></div>
      {head(r)}
      {r.result !== '成交' && <p class="warnings" role="note">本场成交已{r.result}；合同记录保留。</p>}
      <dl class="facts">
        <dt>电子监管号</dt><dd>{c.supervisionNo ?? '—'}</dd>
        <dt>签订日期</dt><dd>{c.signedOn}</dd>
        <dt>出让人</dt><dd>{c.grantor}</dd>
        <dt>受让人</dt><dd>{c.grantee}</dd>
        <dt>出让面积</dt><dd>{c.area ? `${c.area} 平方米` : '—'}</dd>
        <dt>土地用途</dt><dd>{c.landUse ?? '—'}</dd>
        <dt>约定容积率</dt><dd>{ratio}</dd>
        <dt>出让价款</dt><dd>{formatYuan(c.price)} 元</dd>
        <dt>定金</dt><dd>{formatYuan(c.earnest)} 元</dd>
        <dt>交地日期</dt><dd>{c.deliveryOn ?? '—'}</dd>
        <dt>约定开工／竣工</dt><dd>{c.startBy ?? '—'} ／ {c.completeBy ?? '—'}</dd>
        <dt>延期缴纳决策文号</dt><dd>{c.extensionDocNo ?? '—'}</dd>
        <dt>登记人</dt><dd>{c.by ?? '—'}</dd>
      </dl>
      <h2>价款分期（截至 {k.asOf}）</h2>
      <form method="get" action={`/transfers/${r.id}/contract`} class="filters">
        <label>截至日期 <input type="date" name="as_of" value={k.asOf} /></label>
        <button type="submit">查看</button>
      </form>
      <table class="data" id="instalments">
        <thead><tr><th>期次</th><th>应缴日期</th><th class="num">应缴（元）</th><th class="num">占出让价款</th><th class="num">已缴（元）</th>
          <th class="num">欠缴（元）</th><th>缴清日期</th><th class="num">逾期（天）</th></tr></thead>
        <tbody>
          {k.status.map((x) => (
            <tr class={x.overdueDays > 0 ? 'overdue' : undefined}><td>第{x.seq}期</td><td>{x.dueOn}</td><td class="num">{formatYuan(x.amount)}</td>
              <td class="num">{shareOf(x.amount, c.price)}</td>
              <td class="num">{formatYuan(x.paid)}</td><td class="num">{formatYuan(x.outstanding)}</td>
              <td>{x.settledOn ? `${x.settledOn}${x.lateDays ? `（迟 ${x.lateDays} 天）` : ''}` : '—'}</td>
              <td class="num">{x.overdueDays > 0 ? <span class="status status-预警">逾期 {x.overdueDays}</span> : ''}</td></tr>
          ))}
        </tbody>
        <tfoot><tr><th colspan={2}>合计 {k.status.length} 期</th><td class="num">{sum((x) => x.amount)}</td><td></td>
          <td class="num">{sum((x) => x.paid)}</td><td class="num">{sum((x) => x.outstanding)}</td><td colspan={2}></td></tr></tfoot>
      </table>
      <h2 id="collections">缴款记录</h2>
      <table class="data">
        <thead><tr><th>缴款日期</th><th>征收机关／来源</th><th>凭证号</th><th>费源信息推送</th><th class="num">金额（元）</th><th>登记人</th><th></th></tr></thead>
        <tbody>
          {k.payments.length === 0 && <tr><td colspan={7} class="empty">尚无缴款</td></tr>}
          {k.payments.map((p) => {
            const reversedBy = p.id !== undefined ? k.payments.find((x) => x.reverses === p.id) : undefined;
            return (
              <tr id={p.id !== undefined ? `collection-${p.id}` : undefined} class={p.reverses != null ? 'reversal' : undefined}>
                <td>{p.on}</td><td>{p.source === '保证金' ? '竞买保证金转作价款' : p.source}</td>
                <td>{p.voucher}{p.reverses != null && <span class="muted">（冲销原因：{p.reason}）</span>}{reversedBy && <span class="status status-预警">已冲销</span>}</td>
                <td>{p.pushedOn ?? ''}</td><td class="num">{formatYuan(p.amount)}</td><td>{p.by ?? ''}</td>
                <td>{k.canReverse && p.id !== undefined && p.reverses == null && !reversedBy && (
                  <form method="post" action={`/transfers/${r.id}/contract/collections/${p.id}/reversal`} class="inline-form" novalidate>
                    <label>冲销日期 <input type="date" name="reversed_on" required aria-describedby={`err-r${p.id}-reversed_on`} /></label>
                    <FieldError name="reversed_on" idPrefix={`r${p.id}-`} error={k.reversalErrors[`r${p.id}-reversed_on`]} />
                    <label>原因 <input type="text" name="reason" required aria-describedby={`err-r${p.id}-reason`} /></label>
                    <FieldError name="reason" idPrefix={`r${p.id}-`} error={k.reversalErrors[`r${p.id}-reason`]} />
                    <button type="submit">冲销</button>
                  </form>
                )}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!k.canRecord && <FormErrors errors={k.errors} />}
      <FormErrors errors={k.reversalErrors} />
      {k.canRecord && (
        <form method="post" action={`/transfers/${r.id}/contract/collections`} class="grid-form" novalidate>
          <fieldset>
            <legend>登记缴款</legend>
            <FormErrors errors={k.errors} />
            <p class="hint">2022年1月1日前由国库以缴款书收缴，此后由税务部门征收入库（财综〔2021〕19号），税务征收须填写费源信息推送日期。竞得人保证金转作价款的部分在保证金台账登记，此处自动计入。</p>
            <SelectField name="collector" label="征收机关" options={['国库', '税务']} values={k.values} errors={k.errors} required />
            <Field name="voucher_no" label="缴款书号或入库凭证号" values={k.values} errors={k.errors} required />
            <MoneyField name="amount" label="金额（元）" values={k.values} errors={k.errors} required />
            <Field name="collected_on" label="缴款日期" type="date" values={k.values} errors={k.errors} required />
            <Field name="pushed_on" label="费源信息推送日期" type="date" values={k.values} errors={k.errors} />
          </fieldset>
          <Actions><button type="submit" class="primary">登记缴款</button></Actions>
        </form>
      )}
    </section>
  );
}

/** The form that records a deal's contract. */
export function ContractForm({ r, values, errors }: { r: RoundFacts; values: Values; errors: Errors }) {
  const rows = Array.from({ length: MAX_INSTALMENTS }, (_, i) => i + 1);
  return (
    <section>
      <h1>登记出让合同</h1>
      {head(r)}
      <FormErrors errors={errors} />
      <form method="post" action={`/transfers/${r.id}/contract`} class="grid-form" novalidate>
        <fieldset>
          <legend>合同</legend>
          <Field name="contract_no" label="合同编号" values={values} errors={errors} required />
          <Field name="supervision_no" label="电子监管号" values={values} errors={errors} />
          <Field name="signed_on" label="签订日期" type="date" values={values} errors={errors} required
            hint={r.signingDue ? `成交后10个工作日内签订，不晚于 ${r.signingDue}（国土资发〔2010〕34号）` : undefined} />
          <Field name="grantor" label="出让人" values={values} errors={errors} required hint="如“某某市自然资源和规划局”" />
          <Field name="grantee" label="受让人" values={values} errors={errors} required hint="本场竞得人" />
        </fieldset>
        <fieldset>
          <legend>宗地</legend>
          <Field name="area" label="出让面积（平方米）" values={values} errors={errors} inputmode="decimal" />
          <Field name="land_use" label="土地用途" values={values} errors={errors} />
          <Field name="plot_ratio_min" label="容积率下限" values={values} errors={errors} inputmode="decimal" />
          <Field name="plot_ratio_max" label="容积率上限" values={values} errors={errors} inputmode="decimal" />
          <Field name="delivery_on" label="交地日期" type="date" values={values} errors={errors} />
          <Field name="start_by" label="约定开工日期" type="date" values={values} errors={errors} />
          <Field name="complete_by" label="约定竣工日期" type="date" values={values} errors={errors} />
        </fieldset>
        <fieldset>
          <legend>价款与分期</legend>
          <p class="hint">出让价款为成交价 {r.dealPrice !== null ? formatYuan(r.dealPrice) : '—'} 元。合同签订后1个月内缴纳不低于50%的首期价款，余款最迟一年内缴清（国土资发〔2010〕34号）；经集体决策可在两年内缴清，须填写决策文号（财综〔2009〕74号）。一次付清的只填第1期。</p>
          <MoneyField name="earnest" label="定金（元）" values={values} errors={errors} />
          <Field name="extension_doc_no" label="延期缴纳决策文号" values={values} errors={errors} />
          <FieldError name="instalments" error={errors.instalments} />
          <table class="data">
            <thead><tr><th>期次</th><th>金额（元）</th><th>应缴日期</th></tr></thead>
            <tbody>
              {rows.map((n) => (
                <tr>
                  <td>第{n}期</td>
                  <td><MoneyField name={`inst_amount_${n}`} label={`第${n}期金额`} values={values} errors={errors} /></td>
                  <td><Field name={`inst_due_${n}`} label={`第${n}期应缴日期`} type="date" values={values} errors={errors} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
        <Actions><button type="submit" class="primary">登记合同</button><a href={`/transfers/${r.id}`}>取消</a></Actions>
      </form>
    </section>
  );
}

/** The form's first values: the deal's winner and price as one instalment left to the user. */
export function contractDefaults(r: RoundFacts, parcel: { area: string | null; landUse: string | null; plotRatio: string | null }): Values {
  return {
    grantee: r.winner ?? '', area: parcel.area ?? '', land_use: parcel.landUse ?? '', plot_ratio_max: parcel.plotRatio ?? '',
    inst_amount_1: r.dealPrice !== null ? fenToYuan(r.dealPrice) : '',
  };
}
