import { applicationDocuments, applicationKinds } from '../../db/schema';
import { MEMBER_ROWS } from '../../src/bidders/forms';
import type { ApplicationRow } from '../../src/bidders/queries';
import { maskIdNumber } from '../../src/lib/id-number';
import { Field, FormErrors, SelectField, type Errors, type Values } from '../components/form';
import { DepositSection, type DepositFormName } from './deposits';
import { identityOf } from './registry';
import type { DepositLine } from '../../src/bidders/deposits';

export interface ApplicationsProps {
  transfer: { id: number; round: number; mode: string; result: string; registrationDeadline: string | null };
  parcel: { id: number; code: string; name: string };
  applications: ApplicationRow[];
  /** Staff of the round's own center read ID numbers in full; everybody else sees them masked. */
  showIds: boolean;
  canEdit: boolean;
  bidders: { id: number; name: string; kind: string; creditCode: string | null }[];
  values: Values;
  errors: Errors;
  /** The application whose review form the errors belong to. */
  reviewing?: number;
  deposit: { due: bigint | null; totals: Map<number, { received: bigint; disposed: bigint }>; lines: DepositLine[]; canRecord: boolean };
  /** The deposit form the errors belong to. */
  depositForm?: DepositFormName;
}

const checkedDoc = (values: Values, doc: string) => {
  const v = values.documents;
  return Array.isArray(v) ? v.includes(doc) : v === doc;
};

export function ApplicationsPage(p: ApplicationsProps) {
  const t = p.transfer;
  const open = t.result === '进行中';
  const qualified = p.applications.filter((a) => a.review === '通过').length;
  const id = (n: string | null) => (n ? (p.showIds ? n : maskIdNumber(n)) : '');
  return (
    <section>
      <div class="page-head">
        <h1>{p.parcel.code} {p.parcel.name} · 第{t.round}场 · 竞买人与保证金</h1>
        <div class="actions"><a class="button" href={`/transfers/${t.id}`}>返回出让活动</a></div>
      </div>
      <p>出让方式 {t.mode} · 报名截止 {t.registrationDeadline ?? '—'} · 报名 {p.applications.length} 个，资格审查通过 {qualified} 个
        {t.mode === '拍卖' && qualified < 3 && <span class="warning">（拍卖须至少三个竞买人通过资格审查）</span>}</p>
      {/* Errors of a form that is no longer shown (the round closed, or the application was reviewed meanwhile). */}
      {p.depositForm === undefined && !(open && p.canEdit && (p.reviewing === undefined || p.applications.some((a) => a.id === p.reviewing && a.review === '待审查')))
        && <FormErrors errors={p.errors} />}
      <table class="data" id="applications">
        <thead><tr><th>号牌</th><th>竞买人</th><th>方式</th><th>报名日期</th><th>委托代理人</th><th>报名材料</th><th>资格审查</th></tr></thead>
        <tbody>
          {p.applications.length === 0 && <tr><td colspan={7} class="empty">尚无报名</td></tr>}
          {p.applications.map((a) => (
            <tr id={`application-${a.id}`}>
              <td class="num">{a.paddle_no ?? ''}</td>
              <td>{a.members.map((m) => (
                <div><a href={`/bidders/${m.bidder_id}`}>{m.name}</a> <small class="muted">{m.kind} {identityOf(m, p.showIds)}{m.legal_rep ? ` · 法定代表人 ${m.legal_rep}` : ''}{a.kind === '联合' ? ` · 出资 ${m.share}%` : ''}</small></div>
              ))}</td>
              <td>{a.kind === '联合' ? '联合竞买' : '单独竞买'}</td>
              <td>{a.applied_on}</td>
              <td>{a.agent_name ?? ''}{a.agent_id_number && <small class="muted"> {id(a.agent_id_number)}</small>}</td>
              <td>{a.documents.length ? a.documents.join('、') : '—'}</td>
              <td>
                {a.review === '待审查' ? (open && p.canEdit ? <ReviewForm transferId={t.id} a={a} current={p.reviewing === a.id} values={p.reviewing === a.id ? p.values : {}} errors={p.reviewing === a.id ? p.errors : {}} /> : '待审查')
                  : <>{a.review}{a.review_reason && `：${a.review_reason}`}<small class="muted"> {a.reviewer} {a.reviewed_at?.slice(0, 16)}</small></>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open && p.canEdit && <ApplicationForm {...p} />}
      <DepositSection transferId={t.id} applications={p.applications} {...p.deposit} form={p.depositForm}
        values={p.depositForm ? p.values : {}} errors={p.depositForm ? p.errors : {}} />
    </section>
  );
}

/**
 * One pending application's review, inline in its row. Its inputs carry the application's id so that a
 * page of several pending applications has no duplicate ids; the form being re-rendered with its errors
 * keeps the plain err-FIELD ids the rest of the app uses.
 */
function ReviewForm({ transferId, a, values, errors, current }: { transferId: number; a: ApplicationRow; values: Values; errors: Errors; current: boolean }) {
  const key = (name: string) => (current ? name : `${name}-${a.id}`);
  const review = typeof values.review === 'string' ? values.review : '';
  const reason = typeof values.review_reason === 'string' ? values.review_reason : '';
  return (
    <form method="post" action={`/transfers/${transferId}/applications/${a.id}/review`} class="inline-form" novalidate>
      <FormErrors errors={errors} />
      <label for={`f-${key('review')}`}>审查结果</label>
      <select id={`f-${key('review')}`} name="review" required aria-describedby={`err-${key('review')}`} aria-invalid={errors.review ? 'true' : undefined}>
        {['通过', '不通过'].map((o) => <option value={o} selected={o === review}>{o}</option>)}
      </select>
      <span id={`err-${key('review')}`} class="field-error" role={errors.review ? 'alert' : undefined}>{errors.review ?? ''}</span>
      <label for={`f-${key('review_reason')}`}>不通过的理由</label>
      <input id={`f-${key('review_reason')}`} name="review_reason" value={reason} aria-describedby={`err-${key('review_reason')}`}
        aria-invalid={errors.review_reason ? 'true' : undefined} />
      <span id={`err-${key('review_reason')}`} class="field-error" role={errors.review_reason ? 'alert' : undefined}>{errors.review_reason ?? ''}</span>
      <button type="submit">记录审查结果</button>
    </form>
  );
}

function ApplicationForm(p: ApplicationsProps) {
  const mine = p.reviewing === undefined && p.depositForm === undefined;
  const values = mine ? p.values : {};
  const errors = mine ? p.errors : {};
  const options = p.bidders.map((b) => ({ value: String(b.id), label: `${b.name}（${b.kind}${b.creditCode ? ` ${b.creditCode}` : ''}）` }));
  return (
    <form method="post" action={`/transfers/${p.transfer.id}/applications`} class="grid-form" id="apply" novalidate>
      <h2>登记报名</h2>
      <p class="muted">竞买人须先在<a href={`/bidders/new?back=/transfers/${p.transfer.id}/bidders`}>竞买人登记</a>中登记。联合竞买列出各方及出资比例，合计100%。</p>
      <FormErrors errors={errors} />
      <fieldset>
        <legend>报名</legend>
        <SelectField name="kind" label="竞买方式" options={applicationKinds} values={values} errors={errors} required />
        <Field name="applied_on" label="报名日期" type="date" values={values} errors={errors} required />
        {MEMBER_ROWS.map((n) => (
          <>
            <SelectField name={`bidder_${n}`} label={n === 1 ? '竞买人' : `联合竞买人 ${n}`} blank="（无）" options={options} values={values} errors={errors} required={n === 1} />
            <Field name={`share_${n}`} label="出资比例（%）" values={values} errors={errors} inputmode="decimal" hint={n === 1 ? '单独竞买可不填（100%）' : undefined} />
          </>
        ))}
        <Field name="agent_name" label="委托代理人" values={values} errors={errors} />
        <Field name="agent_id_number" label="委托代理人身份证号码" values={values} errors={errors} autocomplete="off" />
      </fieldset>
      <fieldset class={errors.documents ? 'has-error' : undefined}>
        <legend>报名材料</legend>
        {applicationDocuments.map((d) => <label class="check"><input type="checkbox" name="documents" value={d} checked={checkedDoc(values, d)} /> {d}</label>)}
        <span id="err-documents" class="field-error" role={errors.documents ? 'alert' : undefined}>{errors.documents ?? ''}</span>
      </fieldset>
      <div class="actions"><button type="submit" class="primary">登记报名</button></div>
    </form>
  );
}
