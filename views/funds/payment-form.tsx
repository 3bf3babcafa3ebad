import { paymentCategories } from '../../db/schema';
import type { PaymentChoices } from '../../src/funds/payment-queries';
import { formatYuan } from '../../src/lib/money';
import { Field, FieldError, FormErrors, MoneyField, SelectField, TextArea, type Errors, type Values } from '../components/form';

type TransferChoice = PaymentChoices['transfers'][number];

/** `GY-01 某地块 第2场（流拍）· 某拍卖公司 · 2020-04-01竞价 · 应付劳务费 5,000.00 元`: the round and its result first. */
function transferLabel(t: TransferChoice): string {
  const when = t.result === '成交' ? (t.dealDate ? ` · ${t.dealDate}成交` : '') : (t.auctionDate ? ` · ${t.auctionDate}竞价` : '');
  const due = t.due !== null ? ` · 应付劳务费 ${formatYuan(t.due)} 元` : '';
  return `${t.code} ${t.name} 第${t.round}场（${t.result}）${t.agencyName ? ` · ${t.agencyName}` : ''}${when}${due}`;
}

export interface PaymentFormProps {
  action: string;
  title: string;
  values: Values;
  errors: Errors;
  choices: PaymentChoices;
  cancel: string;
  /** Editing: the project it was drafted under, which stays. */
  project?: { id: number; name: string; year: number };
}

export function PaymentForm(p: PaymentFormProps) {
  const { values, errors, choices } = p;
  return (
    <section>
      <h1>{p.title}</h1>
      <FormErrors errors={errors} />
      <form method="post" action={p.action} class="grid-form" novalidate>
        <fieldset>
          <legend>支付</legend>
          {p.project
            ? <dl class="facts"><dt>项目</dt><dd><a href={`/projects/${p.project.id}`}>{p.project.name}</a>（{p.project.year}年）</dd></dl>
            : <SelectField name="project_id" label="项目" values={values} errors={errors} required blank="请选择"
                options={choices.projects.map((x) => ({ value: String(x.id), label: `${x.name}（${x.year}年${x.closed ? '，已结账，只能跨年支付' : ''}）` }))}
                hint="已结账年度的项目仍可起草支付，但只能在以后年度支付（跨年支付，不计入该年度执行数）" />}
          <SelectField name="category" label="支付类别" options={paymentCategories} values={values} errors={errors} required />
          <MoneyField name="amount" label="金额" values={values} errors={errors} required />
          <Field name="payee" label="收款人" values={values} errors={errors} hint="拍卖机构劳务费可留空，即为该出让活动的拍卖机构" />
          <SelectField name="transfer_id" label="对应出让活动" values={values} errors={errors} blank="（无）"
            options={choices.transfers.map((t) => ({ value: String(t.id), label: transferLabel(t) }))}
            hint="拍卖机构劳务费必选；列出本中心已成交的场次，以及按收费协议应计劳务费的流拍场次" />
          <div class={`field${errors.all_rounds ? ' has-error' : ''}`}>
            <label class="check"><input id="f-all_rounds" type="checkbox" name="all_rounds" value="1" checked={values.all_rounds === '1'} aria-describedby="err-all_rounds" />
              按该标的全部场次支付</label>
            <small class="hint">如“挂牌劳务费（两场）”：一笔劳务费支付该拍卖机构承办的该标的各场次（流拍场次按收费协议计费），按各场次应付合计控制</small>
            <FieldError name="all_rounds" error={errors.all_rounds} />
          </div>
          <SelectField name="announcement_id" label="对应出让公告" values={values} errors={errors} blank="（无）"
            options={choices.announcements.map((a) => ({ value: String(a.id), label: `${a.code} ${a.title}（${a.publishedOn}）` }))}
            hint="公告费必选" />
          <TextArea name="summary" label="摘要" values={values} errors={errors} />
          <TextArea name="attachment" label="原始凭证" values={values} errors={errors} />
        </fieldset>
        <div class="actions"><button type="submit" class="primary">保存草稿</button><a href={p.cancel}>取消</a></div>
      </form>
    </section>
  );
}
