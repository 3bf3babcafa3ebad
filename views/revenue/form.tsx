import { revenueTypes, type remittances } from '../../db/schema';
import { formatDateTime } from '../../src/lib/dates';
import { formatYuan } from '../../src/lib/money';
import type { findRemittance, soldTransferChoices } from '../../src/revenue/queries';
import { Field, FormErrors, MoneyField, SelectField, type Errors, type Values } from '../components/form';
import { IMMUTABLE_NOTE } from './list';

type Choice = Awaited<ReturnType<typeof soldTransferChoices>>[number];

export function RemittanceForm({ values, errors, transfers }: { values: Values; errors: Errors; transfers: Choice[] }) {
  const v = '/revenue/validate';
  const options = transfers.map((t) => ({
    value: String(t.id),
    label: `${t.code} ${t.name} 第${t.round}场（${t.dealDate ?? ''} 成交，${t.dealPrice !== null ? formatYuan(t.dealPrice) : ''} 元）`,
  }));
  return (
    <section>
      <h1>登记非税收入上缴</h1>
      <p class="muted">{IMMUTABLE_NOTE}请核对后再保存。</p>
      <FormErrors errors={errors} />
      <form method="post" action="/revenue" class="grid-form" novalidate>
        <fieldset>
          <legend>缴款书</legend>
          <Field name="receipt_no" label="缴款书号" values={values} errors={errors} required validate={v} />
          <SelectField name="revenue_type" label="收入类型" options={revenueTypes} blank="请选择" values={values} errors={errors} required validate={v} />
          <MoneyField name="amount" label="金额" values={values} errors={errors} required validate={v} />
          <Field name="remitted_on" label="上缴日期" type="date" values={values} errors={errors} required validate={v} />
          <SelectField name="transfer_id" label="来源出让活动（可选）" options={options} blank="不关联" values={values} errors={errors}
            hint="列出本中心已成交的出让活动" />
        </fieldset>
        <div class="actions"><button type="submit" class="primary">保存</button><a href="/revenue">取消</a></div>
      </form>
    </section>
  );
}

type Detail = NonNullable<Awaited<ReturnType<typeof findRemittance>>>;

export function RemittanceDetailPage({ r, centerName }: { r: Detail & { remittance: typeof remittances.$inferSelect }; centerName: string }) {
  const x = r.remittance;
  return (
    <section>
      <div class="page-head">
        <h1>缴款书 {x.receiptNo}</h1>
        <div class="actions"><a class="button" href="/revenue">返回列表</a></div>
      </div>
      <dl class="facts">
        <dt>交易中心</dt><dd>{centerName}</dd>
        <dt>缴款书号</dt><dd>{x.receiptNo}</dd>
        <dt>收入类型</dt><dd>{x.revenueType}</dd>
        <dt>金额</dt><dd>{formatYuan(x.amount)} 元</dd>
        <dt>上缴日期</dt><dd>{x.remittedOn}</dd>
        <dt>来源出让活动</dt>
        <dd>{r.transfer && r.parcel
          ? <><a href={`/transfers/${r.transfer.id}`}>{r.parcel.code} {r.parcel.name} 第{r.transfer.round}场</a>{r.transfer.dealPrice !== null ? `（成交价 ${formatYuan(r.transfer.dealPrice)} 元）` : ''}</>
          : '—'}</dd>
        <dt>登记时间</dt><dd>{formatDateTime(x.createdAt)}</dd>
      </dl>
      <p class="muted">{IMMUTABLE_NOTE}</p>
    </section>
  );
}
