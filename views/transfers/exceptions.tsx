import { formatDateTime } from '../../src/lib/dates';
import { LAW_RULE_LABELS, type LawRule } from '../../src/transfers/exceptions';
import { Actions, Field, FormErrors, SelectField, TextArea, type Errors, type Values } from '../components/form';

export interface ExceptionRow { id: number; rule: LawRule; docNo: string; reason: string; createdAt: Date; by: string | null }

/**
 * The law's rules set aside for one parcel or round, and (for admins) the form that sets one aside:
 * only with the 文号 of the document that allows it and a reason.
 */
export function RuleExceptions(p: { exceptions: ExceptionRow[]; action: string; rules: readonly LawRule[]; canAdd: boolean; values?: Values; errors?: Errors }) {
  if (p.exceptions.length === 0 && !p.canAdd) return null;
  const errors = p.errors ?? {};
  return (
    <section id="exceptions">
      <h2>法定规则例外</h2>
      {p.exceptions.length === 0 ? <p class="muted">无</p> : (
        <table class="data">
          <thead><tr><th>规则</th><th>文号</th><th>理由</th><th>登记人</th><th>登记时间</th></tr></thead>
          <tbody>
            {p.exceptions.map((e) => (
              <tr><td>{LAW_RULE_LABELS[e.rule]}</td><td>{e.docNo}</td><td>{e.reason}</td><td>{e.by ?? '—'}</td><td>{formatDateTime(e.createdAt)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      {p.canAdd && (
        <details open={Object.keys(errors).length > 0}>
        <summary>登记例外（须有文号）</summary>
        <form method="post" action={p.action} class="grid-form" novalidate>
          <FormErrors errors={errors} />
          <p class="hint">仅在有文件依据时登记：登记后，新录入的记录不再受该规则限制；例外登记后不可修改或删除。</p>
          <SelectField name="rule" label="例外的规则" options={p.rules.map((r) => ({ value: r, label: LAW_RULE_LABELS[r] }))} values={p.values ?? {}} errors={errors} required />
          <Field name="doc_no" label="文号" values={p.values ?? {}} errors={errors} required placeholder="如 广府函〔2021〕12号" />
          <TextArea name="reason" label="理由" values={p.values ?? {}} errors={errors} required />
          <Actions><button type="submit" class="button">登记例外</button></Actions>
        </form>
        </details>
      )}
    </section>
  );
}
