import { feeMethods, type feeAgreements } from '../../db/schema';
import { formatTiers, tiersFromStored, TIERS_EXAMPLE } from '../../src/fees/rules';
import { fenToYuan, formatYuan } from '../../src/lib/money';
import { Field, FieldError, FormErrors, MoneyField, SelectField, type Errors, type Values } from '../components/form';

type Agreement = typeof feeAgreements.$inferSelect;

/** How an agreement computes a fee, in one line as finance reads it. */
export function describeAgreement(a: Agreement): string {
  const how = a.method === '按宗固定' ? `按宗固定，每宗 ${formatYuan(a.fixedAmount ?? 0n)} 元`
    : a.method === '按成交价比例' ? `按成交价比例，费率 ${a.rate === null ? '—' : trimRate(a.rate)}%`
    : `分档累进 ${formatTiers(tiersFromStored(a.tiers ?? []))}`;
  return `${how}；${a.cap !== null ? `每宗封顶 ${formatYuan(a.cap)} 元` : '不封顶'}；流拍计费：${a.payFailed ? '是' : '否'}`;
}

/** "1.5000" (numeric(9,4)) → "1.5". */
export const trimRate = (rate: string) => (rate.includes('.') ? rate.replace(/0+$/, '').replace(/\.$/, '') : rate);

export function AgreementListPage(p: { rows: { agreement: Agreement; agencyName: string }[]; year?: number; canEdit: boolean }) {
  return (
    <section>
      <div class="page-head">
        <h1>收费协议</h1>
        <div class="actions">
          {p.canEdit && <a class="button primary" href="/fees/agreements/new">新增收费协议</a>}
          <a class="button" href="/fees">劳务费对账单</a>
        </div>
      </div>
      <form class="filters" method="get" action="/fees/agreements">
        <label>年度 <input type="number" name="year" min="1990" max="2200" value={p.year ? String(p.year) : ''} placeholder="全部" /></label>
        <button type="submit">筛选</button>
        <a href="/fees/agreements">清除</a>
      </form>
      <table class="data">
        <thead><tr><th>年度</th><th>拍卖机构</th><th>计费方式</th><th class="num">固定金额（元）</th><th class="num">费率（%）</th><th>分档</th><th class="num">封顶（元）</th><th>流拍计费</th>{p.canEdit && <th></th>}</tr></thead>
        <tbody>
          {p.rows.length === 0 && <tr><td colspan={p.canEdit ? 9 : 8} class="empty">没有收费协议</td></tr>}
          {p.rows.map(({ agreement: a, agencyName }) => (
            <tr>
              <td>{a.year}</td>
              <td><a href={`/fees/agencies/${a.agencyId}`}>{agencyName}</a></td>
              <td>{a.method}</td>
              <td class="num">{a.fixedAmount !== null ? formatYuan(a.fixedAmount) : ''}</td>
              <td class="num">{a.rate !== null ? trimRate(a.rate) : ''}</td>
              <td>{a.tiers ? formatTiers(tiersFromStored(a.tiers)) : ''}</td>
              <td class="num">{a.cap !== null ? formatYuan(a.cap) : '不封顶'}</td>
              <td>{a.payFailed ? '是' : '否'}</td>
              {p.canEdit && <td><a href={`/fees/agreements/${a.id}/edit`}>修改</a></td>}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The form's values for an existing agreement, as they were typed (元, percent, the ledger's 分档 notation). */
export function agreementValues(a: Agreement): Record<string, string> {
  return {
    agency_id: String(a.agencyId), year: String(a.year), method: a.method,
    fixed_amount: a.fixedAmount !== null ? fenToYuan(a.fixedAmount) : '',
    rate: a.rate !== null ? trimRate(a.rate) : '',
    tiers: a.tiers ? formatTiers(tiersFromStored(a.tiers)) : '',
    cap: a.cap !== null ? fenToYuan(a.cap) : '',
    pay_failed: a.payFailed ? '是' : '',
  };
}

export function AgreementForm(p: { action: string; title: string; values: Values; errors: Errors; agencies: { id: number; name: string }[] }) {
  const v = '/fees/agreements/validate';
  const { values, errors } = p;
  return (
    <section>
      <h1>{p.title}</h1>
      <FormErrors errors={errors} />
      <form method="post" action={p.action} class="grid-form" novalidate>
        <fieldset>
          <legend>协议</legend>
          <SelectField name="agency_id" label="拍卖机构" options={p.agencies.map((a) => ({ value: String(a.id), label: a.name }))} blank="请选择" values={values} errors={errors} required />
          <Field name="year" label="年度" values={values} errors={errors} required inputmode="numeric" validate={v} />
          <SelectField name="method" label="计费方式" options={feeMethods} values={values} errors={errors} required validate={v} />
        </fieldset>
        <fieldset>
          <legend>计费（只填所选计费方式对应的一项）</legend>
          <MoneyField name="fixed_amount" label="固定金额（按宗固定，每宗）" values={values} errors={errors} validate={v} />
          <Field name="rate" label="费率（按成交价比例，%）" values={values} errors={errors} inputmode="decimal" hint="如 1.5 表示成交价的 1.5%，最多四位小数" validate={v} />
          <Field name="tiers" label="分档（分档累进）" values={values} errors={errors} hint={`下限-上限:费率，金额单位元，费率单位%，分号分隔，最后一档不填上限，如 ${TIERS_EXAMPLE}`} validate={v} />
          <MoneyField name="cap" label="封顶金额（每宗）" values={values} errors={errors} hint="单位：元；不封顶请留空" validate={v} />
          <div class="field">
            <label class="check"><input type="checkbox" name="pay_failed" value="是" checked={values.pay_failed === '是'} /> 流拍场次也计费（流拍计费）</label>
            <small class="hint">流拍没有成交价：只有“按宗固定”的协议对流拍场次计费，按比例或分档的协议流拍计 0。</small>
            <FieldError name="pay_failed" error={errors.pay_failed} />
          </div>
        </fieldset>
        <div class="actions"><button type="submit" class="primary">保存</button><a href="/fees/agreements">取消</a></div>
      </form>
    </section>
  );
}
