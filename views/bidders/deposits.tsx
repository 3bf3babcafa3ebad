import { dispositionKinds } from '../../db/schema';
import type { DepositLine } from '../../src/bidders/deposits';
import type { ApplicationRow } from '../../src/bidders/queries';
import { formatYuan } from '../../src/lib/money';
import { Field, FormErrors, MoneyField, SelectField, type Errors, type Values } from '../components/form';

export type DepositFormName = 'receipt' | 'disposition';

export interface DepositSectionProps {
  transferId: number;
  /** The parcel's 竞买保证金 (分), due from every application; null when none is set. */
  due: bigint | null;
  applications: ApplicationRow[];
  totals: Map<number, { received: bigint; disposed: bigint }>;
  lines: DepositLine[];
  canRecord: boolean;
  form?: DepositFormName;
  values: Values;
  errors: Errors;
}

const label = (a: ApplicationRow) => `${a.paddle_no ? `${a.paddle_no}号 ` : ''}${a.members.map((m) => m.name).join('、')}`;

/** The 保证金 of a round: per application due, arrived, disposed of and left; every record; the two forms. */
export function DepositSection(p: DepositSectionProps) {
  const options = p.applications.map((a) => ({ value: String(a.id), label: label(a) }));
  return (
    <section id="deposits">
      <h2>竞买保证金</h2>
      <p class="muted">应交 {p.due ? `${formatYuan(p.due)} 元/每个报名` : '未设定（标的未填写竞买保证金）'}。资格审查通过须在报名截止日前足额到账；
        未竞得人的保证金在活动结束后退还原缴款账户，竞得人的保证金可转定金或抵作价款。</p>
      <table class="data">
        <thead><tr><th>报名</th><th class="num">应交（元）</th><th class="num">已到账（元）</th><th class="num">已处置（元）</th><th class="num">余额（元）</th></tr></thead>
        <tbody>
          {p.applications.length === 0 && <tr><td colspan={5} class="empty">尚无报名</td></tr>}
          {p.applications.map((a) => {
            const t = p.totals.get(a.id) ?? { received: 0n, disposed: 0n };
            return (
              <tr>
                <td>{label(a)}</td>
                <td class="num">{p.due ? formatYuan(p.due) : ''}</td>
                <td class="num">{formatYuan(t.received)}{p.due && t.received < p.due ? <small class="warning"> 未足额</small> : ''}</td>
                <td class="num">{formatYuan(t.disposed)}</td>
                <td class="num">{formatYuan(t.received - t.disposed)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3>保证金明细</h3>
      <table class="data" id="deposit-lines">
        <thead><tr><th>日期</th><th>类别</th><th>报名</th><th>缴款人</th><th>账号</th><th class="num">金额（元）</th><th>银行流水号</th><th>文号/说明</th></tr></thead>
        <tbody>
          {p.lines.length === 0 && <tr><td colspan={8} class="empty">尚无保证金记录</td></tr>}
          {p.lines.map((l) => (
            <tr>
              <td>{l.on_date}</td>
              <td>{l.kind}</td>
              <td>{l.paddle_no ? `${l.paddle_no}号 ` : ''}{l.bidders}</td>
              <td>{l.payer_name ?? ''}</td>
              <td>{l.payer_account}</td>
              <td class="num">{l.kind === '到账' ? '' : '−'}{formatYuan(BigInt(l.amount))}</td>
              <td>{l.bank_serial ?? ''}</td>
              <td>{[l.document_no, l.note].filter(Boolean).join(' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.canRecord && p.applications.length > 0 && <>
        <ReceiptForm {...p} options={options} />
        <DispositionForm {...p} options={options} />
      </>}
    </section>
  );
}

type FormProps = DepositSectionProps & { options: { value: string; label: string }[] };
const own = (p: FormProps, name: DepositFormName) => (p.form === name ? { values: p.values, errors: p.errors } : { values: {}, errors: {} });

function ReceiptForm(p: FormProps) {
  const { values, errors } = own(p, 'receipt');
  return (
    <form method="post" action={`/transfers/${p.transferId}/deposits/receipts`} class="grid-form" id="receipt" novalidate>
      <h3>登记保证金到账</h3>
      <FormErrors errors={errors} />
      <fieldset>
        <legend>银行到账</legend>
        <SelectField name="application" label="报名" options={p.options} blank="请选择" values={values} errors={errors} required />
        <Field name="bank_serial" label="银行流水号" values={values} errors={errors} required />
        <Field name="payer_name" label="缴款人户名" values={values} errors={errors} required hint="须为竞买人本人（联合竞买为其中一方）" />
        <Field name="payer_account" label="缴款账号" values={values} errors={errors} required inputmode="numeric" />
        <Field name="payer_bank" label="开户行" values={values} errors={errors} />
        <MoneyField name="amount" label="到账金额" values={values} errors={errors} required />
        <Field name="received_on" label="到账日期" type="date" values={values} errors={errors} required />
        <Field name="received_time" label="到账时间" type="time" values={values} errors={errors} hint="时:分，可不填" />
      </fieldset>
      <div class="actions"><button type="submit" class="primary">登记到账</button></div>
    </form>
  );
}

function DispositionForm(p: FormProps) {
  const { values, errors } = own(p, 'disposition');
  return (
    <form method="post" action={`/transfers/${p.transferId}/deposits/dispositions`} class="grid-form" id="disposition" novalidate>
      <h3>登记保证金处置</h3>
      <FormErrors errors={errors} />
      <fieldset>
        <legend>退还、转定金、抵作价款或没收</legend>
        <SelectField idPrefix="d-" name="application" label="报名" options={p.options} blank="请选择" values={values} errors={errors} required />
        <Field idPrefix="d-" name="payer_account" label="原缴款账号" values={values} errors={errors} required inputmode="numeric" hint="退还只能退回原缴款账户" />
        <SelectField idPrefix="d-" name="kind" label="处置方式" options={dispositionKinds} values={values} errors={errors} required />
        <MoneyField idPrefix="d-" name="amount" label="处置金额" values={values} errors={errors} required />
        <Field idPrefix="d-" name="disposed_on" label="处置日期" type="date" values={values} errors={errors} required />
        <Field idPrefix="d-" name="bank_serial" label="退款银行流水号" values={values} errors={errors} />
        <Field idPrefix="d-" name="document_no" label="文号" values={values} errors={errors} hint="没收必填" />
        <Field idPrefix="d-" name="note" label="说明" values={values} errors={errors} />
      </fieldset>
      <div class="actions"><button type="submit" class="primary">登记处置</button></div>
    </form>
  );
}
