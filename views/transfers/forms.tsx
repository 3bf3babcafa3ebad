import { failureReasons, transferModes } from '../../db/schema';
import { recordableResults } from '../../src/transfers/forms';
import { Field, FormErrors, MoneyField, SelectField, type Errors, type Values } from '../components/form';

export interface ScheduleChoices {
  agencies: { id: number; name: string }[];
  announcements: { id: number; code: string; title: string; publishedOn: string; covers: boolean }[];
}

export function ScheduleForm(p: { title: string; action: string; parcel: { id: number; code: string; name: string }; round: number; values: Values; errors: Errors; choices: ScheduleChoices }) {
  const v = '/transfers/validate';
  return (
    <section>
      <h1>{p.title}</h1>
      <p>标的 <a href={`/parcels/${p.parcel.id}`}>{p.parcel.code} {p.parcel.name}</a> · 第{p.round}场</p>
      <FormErrors errors={p.errors} />
      <form method="post" action={p.action} class="grid-form" novalidate>
        <input type="hidden" name="parcel" value={String(p.parcel.id)} />
        <fieldset>
          <legend>出让安排</legend>
          <SelectField name="mode" label="出让方式" options={transferModes} values={p.values} errors={p.errors} required validate={v} />
          <SelectField name="agency" label="拍卖机构" blank="（无）" options={p.choices.agencies.map((a) => ({ value: String(a.id), label: a.name }))} values={p.values} errors={p.errors} validate={v} />
          <SelectField name="announcement" label="出让公告" blank="（无）" hint="应为包含本标的的公告"
            options={p.choices.announcements.map((a) => ({ value: String(a.id), label: `${a.code} ${a.publishedOn}${a.covers ? '' : '（未含本标的）'}` }))}
            values={p.values} errors={p.errors} />
        </fieldset>
        <fieldset>
          <legend>日期</legend>
          <Field name="notice_start" label="公告开始日期" type="date" values={p.values} errors={p.errors} validate={v} />
          <Field name="notice_end" label="公告截止日期" type="date" values={p.values} errors={p.errors} validate={v} />
          <Field name="registration_deadline" label="报名截止日期" type="date" values={p.values} errors={p.errors} validate={v} />
          <Field name="auction_date" label="竞价日期" type="date" values={p.values} errors={p.errors} validate={v} />
        </fieldset>
        <div class="actions"><button type="submit" class="primary">保存</button><a href={`/parcels/${p.parcel.id}`}>取消</a></div>
      </form>
    </section>
  );
}

/**
 * bidders: the round's applications as a deal reads them. With any registered, the 竞得人 is chosen from
 * those that passed 资格审查; without, it is typed (rounds recorded before the registry).
 */
export function ResultForm(p: { id: number; parcel: { code: string; name: string }; round: number; values: Values; errors: Errors; bidders: { applications: number; qualified: string[] } }) {
  const v = `/transfers/${p.id}/result/validate`;
  return (
    <section>
      <h1>登记出让结果</h1>
      <p>{p.parcel.code} {p.parcel.name} · 第{p.round}场</p>
      <FormErrors errors={p.errors} />
      <form method="post" action={`/transfers/${p.id}/result`} class="grid-form" novalidate>
        <fieldset>
          <legend>结果</legend>
          <SelectField name="result" label="结果" options={recordableResults} values={p.values} errors={p.errors} required validate={v} hint="成交须填写以下五项；流拍选择原因；终止填写文号和日期" />
          <MoneyField name="deal_price" label="成交价" values={p.values} errors={p.errors} validate={v} />
          {p.bidders.applications > 0
            ? <SelectField name="winner" label="竞得人" options={p.bidders.qualified} blank="（流拍、终止不选）" values={p.values} errors={p.errors}
                hint={`从资格审查通过的 ${p.bidders.qualified.length} 个竞买人中选择`} />
            : <Field name="winner" label="竞得人" values={p.values} errors={p.errors} validate={v} hint="本场未登记报名，按文字填写" />}
          <Field name="deal_date" label="成交日期" type="date" values={p.values} errors={p.errors} validate={v} />
          <Field name="confirmation_no" label="成交确认书编号" values={p.values} errors={p.errors} validate={v} />
          <Field name="confirmation_date" label="成交确认书日期" type="date" values={p.values} errors={p.errors} validate={v} hint="成交当日或之后签订" />
        </fieldset>
        <fieldset>
          <legend>流拍或终止</legend>
          <SelectField name="failure_reason" label="流拍原因" options={failureReasons} blank="（非流拍不选）" values={p.values} errors={p.errors} validate={v} />
          <Field name="document_no" label="终止文号" values={p.values} errors={p.errors} validate={v} placeholder="如 广自然资函〔2020〕15号" />
          <Field name="decided_on" label="终止日期" type="date" values={p.values} errors={p.errors} validate={v} />
        </fieldset>
        <div class="actions"><button type="submit" class="primary">保存结果</button><a href={`/transfers/${p.id}`}>取消</a></div>
      </form>
    </section>
  );
}
