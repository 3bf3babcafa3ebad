import type { PaymentDetail, Step } from '../../src/funds/payment-queries';
import { crossYearNote, paidOnYear, stepOf } from '../../src/funds/rules';
import type { RecordWarning } from '../../src/warnings/queries';
import { RecordWarnings } from '../warnings/list';
import { formatDateTime } from '../../src/lib/dates';
import { formatYuan } from '../../src/lib/money';
import { Field, FormErrors, MoneyField, TextArea, type Errors, type Values } from '../components/form';

/** What the signed-in user may do to this payment now (from the rules in src/funds/rules.ts). */
export interface PaymentActions {
  edit: boolean; submit: boolean; withdraw: boolean; approve: boolean; sendBack: boolean; disburse: boolean; reverse: boolean;
  /** Why a duty holder of the current step may not sign it (e.g. they drafted it). */
  approvalNote: string | null;
}

/** Who acts in a step that is not a duty's signature: the 经办人 or the 财务科. */
function roleOfStep(s: Step): string {
  if (s.fromStatus === '新建') return '经办人起草';
  if (s.toStatus === '待科室负责人审核') return '经办人签字';
  if (s.toStatus === '已撤销') return '经办人撤销';
  if (s.fromStatus === '冲销') return '财务冲销';
  if (s.toStatus === '已支付') return '财务支付';
  return '';
}

/** A form of the page re-rendered with what was typed and its errors. */
export interface OpenForm { name: 'return' | 'disbursement' | 'reversal'; values: Values; errors: Errors }

export function PaymentPage({ detail, steps, can, form, warnings }: {
  detail: PaymentDetail; steps: Step[]; can: PaymentActions; form?: OpenForm; warnings: RecordWarning[];
}) {
  const p = detail.payment;
  const step = stepOf(p.status);
  const f = (name: OpenForm['name']) => (form?.name === name ? form : { values: {}, errors: {} });
  return (
    <section>
      <div class="page-head">
        <h1>支付 #{p.id} <span class={`status status-${p.status}`}>{p.status}</span></h1>
        <div class="actions">
          {can.edit && <a class="button" href={`/payments/${p.id}/edit`}>修改</a>}
          <a class="button" href={`/projects/${p.projectId}`}>返回项目</a>
        </div>
      </div>
      <dl class="facts">
        <dt>项目</dt><dd><a href={`/projects/${p.projectId}`}>{detail.projectName}</a>（{detail.projectYear}年{detail.closed ? '，已结账' : ''}）</dd>
        <dt>支付类别</dt><dd>{p.category}</dd>
        <dt>收款人</dt><dd>{p.payee}{detail.agencyName && p.agencyId !== null ? `（拍卖机构：${detail.agencyName}）` : ''}</dd>
        <dt>金额</dt><dd>{formatYuan(p.amount)} 元</dd>
        <dt>对应出让活动</dt><dd>{p.transferId !== null ? <a href={`/transfers/${p.transferId}`}>{detail.transferLabel}</a> : '—'}
          {p.allRounds && <span class="muted">（按该标的该拍卖机构承办的全部场次支付）</span>}</dd>
        <dt>对应出让公告</dt><dd>{p.announcementId !== null ? <a href={`/announcements/${p.announcementId}`}>{detail.announcementLabel}</a> : '—'}</dd>
        <dt>摘要</dt><dd>{p.summary ?? '—'}</dd>
        <dt>原始凭证</dt><dd>{p.attachment ?? '—'}</dd>
        <dt>经办人</dt><dd>{detail.drafter ?? '—'}</dd>
        <dt>支付日期</dt><dd>{p.paidOn ?? '—'}{p.paidOn && paidOnYear(p.paidOn, detail.projectYear) === 'after' && <> <span class="status status-跨年">跨年支付</span> <span class="muted">{crossYearNote(detail.projectYear)}</span></>}</dd>
        <dt>凭证号</dt><dd>{p.voucherNo ?? '—'}</dd>
        {p.reversesId !== null && <><dt>冲销</dt><dd>本记录冲销 <a href={`/payments/${p.reversesId}`}>支付 #{p.reversesId}</a></dd></>}
        {detail.reversedBy !== null && <><dt>已冲销</dt><dd>由 <a href={`/payments/${detail.reversedBy}`}>支付 #{detail.reversedBy}</a> 冲销</dd></>}
      </dl>

      <RecordWarnings warnings={warnings} />
      {p.status === '已支付' && <p class="muted">已支付的记录不能修改、退回或删除；如需更正，请冲销。</p>}
      {step && <p class="muted">当前等待：{step.duty}审批。</p>}
      {can.approvalNote && <p class="muted">{can.approvalNote}</p>}

      {(can.submit || can.withdraw || can.approve) && (
        <div class="actions">
          {can.submit && <form method="post" action={`/payments/${p.id}/submission`}><button type="submit" class="primary">提交审批（经办人签字）</button></form>}
          {can.approve && step && <form method="post" action={`/payments/${p.id}/approval`}><button type="submit" class="primary">同意（{step.duty}）</button></form>}
          {can.withdraw && <form method="post" action={`/payments/${p.id}/withdrawal`}><button type="submit" class="danger">撤销</button></form>}
        </div>
      )}

      {can.sendBack && (
        <form method="post" action={`/payments/${p.id}/return`} class="grid-form" novalidate>
          <fieldset>
            <legend>退回经办人</legend>
            <FormErrors errors={f('return').errors} />
            <TextArea name="reason" label="退回原因（必填）" values={f('return').values} errors={f('return').errors} />
          </fieldset>
          <div class="actions"><button type="submit" class="danger">退回</button></div>
        </form>
      )}

      {can.disburse && (
        <form method="post" action={`/payments/${p.id}/disbursement`} class="grid-form" novalidate>
          <fieldset>
            <legend>支付</legend>
            <FormErrors errors={f('disbursement').errors} />
            <Field name="paid_on" label="支付日期" type="date" values={f('disbursement').values} errors={f('disbursement').errors} required hint={`${detail.projectYear}年内；在以后年度支付即为跨年支付，不计入${detail.projectYear}年执行数`} />
            <Field name="voucher_no" label="凭证号" values={f('disbursement').values} errors={f('disbursement').errors} required hint="本中心内不得重复" />
          </fieldset>
          <div class="actions"><button type="submit" class="primary">登记支付</button></div>
        </form>
      )}

      {can.reverse && (
        <form method="post" action={`/payments/${p.id}/reversal`} class="grid-form" novalidate>
          <fieldset>
            <legend>冲销</legend>
            <FormErrors errors={f('reversal').errors} />
            <MoneyField name="amount" label="冲销金额" values={f('reversal').values} errors={f('reversal').errors} required
              hint={`单位：元，填正数，不超过原支付 ${formatYuan(p.amount)} 元；每笔支付只能冲销一次`} />
            <Field name="paid_on" label="冲销日期" type="date" values={f('reversal').values} errors={f('reversal').errors} required />
            <Field name="voucher_no" label="凭证号" values={f('reversal').values} errors={f('reversal').errors} required />
            <TextArea name="reason" label="冲销原因（必填）" values={f('reversal').values} errors={f('reversal').errors} />
          </fieldset>
          <div class="actions"><button type="submit" class="danger">冲销</button></div>
        </form>
      )}

      <h2>审批记录</h2>
      <table class="data">
        <thead><tr><th>时间</th><th>原状态</th><th>新状态</th><th>职责</th><th>签字人</th><th>原因</th></tr></thead>
        <tbody>
          {steps.length === 0 && <tr><td colspan={6} class="empty">暂无</td></tr>}
          {steps.map((s) => (
            <tr><td>{formatDateTime(s.at)}</td><td>{s.fromStatus}</td><td>{s.toStatus}</td><td>{s.duty ?? roleOfStep(s)}</td><td>{s.signer ?? ''}</td><td>{s.reason ?? ''}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
