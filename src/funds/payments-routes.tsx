import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { paymentCategories, paymentStatuses, type Duty } from '../../db/schema';
import { PaymentPage, type OpenForm, type PaymentActions } from '../../views/funds/payment';
import { PaymentForm } from '../../views/funds/payment-form';
import { PaymentListPage, PaymentResults } from '../../views/funds/payments';
import { actor, allow, assertInScope, who } from '../auth/access';
import { FieldProblem, fieldProblemErrors, formValues, parseForm, type Errors, type Values } from '../lib/forms';
import { fenToYuan, formatYuan } from '../lib/money';
import { idParam, intParam, oneOf, textParam } from '../lib/query';
import { page, redirectWithFlash, wantsFragment } from '../lib/render';
import type { AppEnv, CurrentUser } from '../types';
import { warningsOf } from '../warnings/queries';
import { canPay, canSign, canWriteFunds, CASHIERS, FUNDS_READ, FUNDS_WRITE, SIGNERS } from './access';
import { KEPT_MESSAGE } from './db-errors';
import { disbursementForm, newPaymentForm, paymentForm, returnForm, reversalForm } from './forms';
import {
  approvePayment, createPayment, disbursePayment, dutiesOf, findPayment, listPayments, PAGE_SIZE, paymentChoices,
  returnPayment, reversePayment, stepsOf, submitPayment, updatePayment, withdrawPayment, type PaymentDetail, type Step,
} from './payment-queries';
import { findProject, projectOptions } from './queries';
import { approvalRefusal, isDrafter, isWithDrafter, stepOf } from './rules';

export const paymentRoutes = new Hono<AppEnv>();

paymentRoutes.get('/', allow(...FUNDS_READ), async (c) => {
  const { user, scope } = who(c);
  const db = c.get('db');
  const q = c.req.query();
  const todo = q.view === 'todo';
  const f = {
    status: oneOf(q.status, paymentStatuses), category: oneOf(q.category, paymentCategories),
    project: intParam(q.project, 1, 999999999), q: textParam(q.q), page: intParam(q.page, 1, 100000) ?? 1,
  };
  // 待我审批 spans every center the user may see: a leader of the city center signs for the centers below it.
  const centers = todo ? scope.centerIds : [scope.centerId];
  const [{ rows, total }, projects] = await Promise.all([
    listPayments(db, centers, { ...f, todo: todo ? { userId: user.id, duties: await dutiesOf(db, user.id) } : undefined }),
    projectOptions(db, scope.centerId),
  ]);
  const props = {
    rows, total, page: f.page, pageSize: PAGE_SIZE, todo, projects, canDraft: canWriteFunds(user),
    params: { view: todo ? 'todo' : undefined, status: f.status, category: f.category, project: f.project, q: f.q },
  };
  if (wantsFragment(c, 'payment-results')) return c.html(<PaymentResults {...props} />);
  return page(c, todo ? '待我审批' : '支付', <PaymentListPage {...props} />);
});

paymentRoutes.get('/new', allow(...FUNDS_WRITE), async (c) => {
  const { scope } = who(c);
  const choices = await paymentChoices(c.get('db'), scope.centerId);
  const values = { project_id: c.req.query('project') ?? '', category: '拍卖机构劳务费' };
  return page(c, '起草支付', <PaymentForm action="/payments" title="起草支付" values={values} errors={{}} choices={choices} cancel="/payments" />);
});

paymentRoutes.post('/', allow(...FUNDS_WRITE), async (c) => {
  const { user, scope } = who(c);
  const db = c.get('db');
  const values = await formValues(c);
  const render = async (errors: Errors) =>
    page(c, '起草支付', <PaymentForm action="/payments" title="起草支付" values={values} errors={errors} choices={await paymentChoices(db, scope.centerId)} cancel="/payments" />, 422);
  const form = parseForm(newPaymentForm, values);
  if (!form.ok) return render(form.errors);
  const project = await findProject(db, form.data.project_id);
  if (!project || !scope.centerIds.includes(project.centerId)) return render({ project_id: '请选择项目' });
  try {
    const row = await createPayment(db, actor(user), form.data);
    return redirectWithFlash(c, `/payments/${row.id}`, `已保存支付草稿 #${row.id}（${formatYuan(row.amount)} 元），提交审批后进入审批流程`);
  } catch (e) {
    return render(fieldProblemErrors(e));
  }
});

async function loadPayment(c: Context<AppEnv>, rawId: string) {
  const { scope } = who(c);
  const id = idParam(rawId);
  const detail = id === null ? null : await findPayment(c.get('db'), id);
  if (!detail) throw new HTTPException(404, { message: '支付记录不存在' });
  assertInScope(scope, detail.payment.centerId);
  return detail;
}

/** What the page offers this user, from the same rules the writes enforce. */
function actionsFor(user: CurrentUser, duties: Duty[], detail: PaymentDetail, steps: Step[]): PaymentActions {
  const p = detail.payment;
  // A payment of a closed year's project goes on: it is paid (or reversed) in a later year, as 跨年支付.
  const drafts = canWriteFunds(user) && isWithDrafter(p.status) && isDrafter(p, user.id);
  const step = stepOf(p.status);
  const holdsDuty = !!step && canSign(user) && duties.includes(step.duty);
  const refusal = holdsDuty ? approvalRefusal(p, { id: user.id, duties }, steps) : null;
  return {
    edit: drafts, submit: drafts, withdraw: drafts,
    approve: holdsDuty && !refusal, sendBack: holdsDuty,
    disburse: canPay(user) && p.status === '待支付',
    reverse: canPay(user) && p.status === '已支付' && p.reversesId === null && detail.reversedBy === null,
    approvalNote: refusal?.message ?? null,
  };
}

async function detailPage(c: Context<AppEnv>, detail: PaymentDetail, form?: OpenForm) {
  const { user } = who(c);
  const db = c.get('db');
  const [steps, duties, warnings] = await Promise.all([stepsOf(db, detail.payment.id), dutiesOf(db, user.id), warningsOf(db, 'payment', [detail.payment.id])]);
  const can = actionsFor(user, duties, detail, steps);
  return page(c, `支付 #${detail.payment.id}`,
    <PaymentPage detail={detail} steps={steps} can={can} form={form} warnings={warnings.get(detail.payment.id) ?? []} />, form ? 422 : 200);
}

paymentRoutes.get('/:id', allow(...FUNDS_READ), async (c) => detailPage(c, await loadPayment(c, c.req.param('id'))));

/** Only a draft or a payment sent back is the 经办人's to change; a paid one never is. */
function assertEditable(detail: PaymentDetail, userId: number) {
  const p = detail.payment;
  if (p.status === '已支付') throw new HTTPException(409, { message: `已支付的支付不能修改；${KEPT_MESSAGE}` });
  if (!isWithDrafter(p.status)) throw new HTTPException(409, { message: `该支付当前状态为“${p.status}”，只有草稿或已退回的支付可以修改` });
  if (!isDrafter(p, userId)) throw new HTTPException(403, { message: '只有经办人本人可以修改' });
}

const editForm = async (c: Context<AppEnv>, detail: PaymentDetail, values: Values, errors: Errors, status: 200 | 422 = 200) => {
  const p = detail.payment;
  const choices = await paymentChoices(c.get('db'), p.centerId);
  return page(c, `修改支付 #${p.id}`, <PaymentForm action={`/payments/${p.id}/edit`} title={`修改支付 #${p.id}`} values={values} errors={errors}
    choices={choices} cancel={`/payments/${p.id}`} project={{ id: p.projectId, name: detail.projectName, year: detail.projectYear }} />, status);
};

paymentRoutes.get('/:id/edit', allow(...FUNDS_WRITE), async (c) => {
  const { user } = who(c);
  const detail = await loadPayment(c, c.req.param('id'));
  assertEditable(detail, user.id);
  const p = detail.payment;
  return editForm(c, detail, {
    category: p.category, payee: p.payee, amount: fenToYuan(p.amount), transfer_id: p.transferId?.toString() ?? '', all_rounds: p.allRounds ? '1' : '',
    announcement_id: p.announcementId?.toString() ?? '', summary: p.summary ?? '', attachment: p.attachment ?? '',
  }, {});
});

paymentRoutes.post('/:id/edit', allow(...FUNDS_WRITE), async (c) => {
  const { user } = who(c);
  const detail = await loadPayment(c, c.req.param('id'));
  assertEditable(detail, user.id);
  const values = await formValues(c);
  const form = parseForm(paymentForm, values);
  if (!form.ok) return editForm(c, detail, values, form.errors, 422);
  try {
    await updatePayment(c.get('db'), actor(user), user.id, detail.payment.id, form.data);
  } catch (e) {
    return editForm(c, detail, values, fieldProblemErrors(e), 422);
  }
  return redirectWithFlash(c, `/payments/${detail.payment.id}`, `已保存支付 #${detail.payment.id}`);
});

// Each state change is its own nested resource, answered with a 303 back to the payment.

paymentRoutes.post('/:id/submission', allow(...FUNDS_WRITE), async (c) => {
  const { user } = who(c);
  const { payment: p } = await loadPayment(c, c.req.param('id'));
  await submitPayment(c.get('db'), actor(user), user.id, p.id);
  return redirectWithFlash(c, `/payments/${p.id}`, `已提交支付 #${p.id}，等待科室负责人审核`);
});

paymentRoutes.post('/:id/approval', allow(...SIGNERS), async (c) => {
  const { user } = who(c);
  const { payment: p } = await loadPayment(c, c.req.param('id'));
  const after = await approvePayment(c.get('db'), actor(user), user.id, p.id);
  return redirectWithFlash(c, `/payments/${p.id}`,
    after.status === '待支付' ? `已批准支付 #${p.id}，资金已预留，等待财务支付` : `已同意支付 #${p.id}，转${after.status}`);
});

paymentRoutes.post('/:id/return', allow(...SIGNERS), async (c) => {
  const { user } = who(c);
  const detail = await loadPayment(c, c.req.param('id'));
  const p = detail.payment;
  // The status answers first: a paid payment is refused as such, whatever the form says.
  if (p.status === '已支付') throw new HTTPException(409, { message: `已支付的支付不能退回；${KEPT_MESSAGE}` });
  const values = await formValues(c);
  const form = parseForm(returnForm, values);
  if (!form.ok) return detailPage(c, detail, { name: 'return', values, errors: form.errors });
  await returnPayment(c.get('db'), actor(user), user.id, p.id, form.data.reason);
  return redirectWithFlash(c, `/payments/${p.id}`, `已退回支付 #${p.id}：${form.data.reason}`);
});

paymentRoutes.post('/:id/withdrawal', allow(...FUNDS_WRITE), async (c) => {
  const { user } = who(c);
  const { payment: p } = await loadPayment(c, c.req.param('id'));
  await withdrawPayment(c.get('db'), actor(user), user.id, p.id);
  return redirectWithFlash(c, `/payments/${p.id}`, `已撤销支付 #${p.id}`);
});

paymentRoutes.post('/:id/disbursement', allow(...CASHIERS), async (c) => {
  const { user } = who(c);
  const detail = await loadPayment(c, c.req.param('id'));
  const p = detail.payment;
  if (p.status === '已支付') throw new HTTPException(409, { message: `该支付已支付（${p.paidOn}，凭证号 ${p.voucherNo}），不能再次支付` });
  if (p.status !== '待支付') throw new HTTPException(409, { message: `该支付当前状态为“${p.status}”，审批完成（待支付）后才能支付` });
  const values = await formValues(c);
  const form = parseForm(disbursementForm, values);
  if (!form.ok) return detailPage(c, detail, { name: 'disbursement', values, errors: form.errors });
  try {
    await disbursePayment(c.get('db'), actor(user), p.id, form.data);
  } catch (e) {
    if (!(e instanceof FieldProblem)) throw e;
    return detailPage(c, detail, { name: 'disbursement', values, errors: fieldProblemErrors(e) });
  }
  return redirectWithFlash(c, `/payments/${p.id}`, `已登记支付 #${p.id}（${form.data.paid_on}，凭证号 ${form.data.voucher_no}）`);
});

paymentRoutes.post('/:id/reversal', allow(...CASHIERS), async (c) => {
  const { user } = who(c);
  const detail = await loadPayment(c, c.req.param('id'));
  const p = detail.payment;
  if (p.status !== '已支付') throw new HTTPException(409, { message: `只能冲销已支付的支付（当前状态为“${p.status}”）` });
  const values = await formValues(c);
  const form = parseForm(reversalForm, values);
  if (!form.ok) return detailPage(c, detail, { name: 'reversal', values, errors: form.errors });
  try {
    const row = await reversePayment(c.get('db'), actor(user), p.id, form.data);
    return redirectWithFlash(c, `/payments/${row.id}`, `已冲销支付 #${p.id}：冲销记录 #${row.id}，金额 ${formatYuan(row.amount)} 元`);
  } catch (e) {
    if (!(e instanceof FieldProblem)) throw e;
    return detailPage(c, detail, { name: 'reversal', values, errors: fieldProblemErrors(e) });
  }
});
