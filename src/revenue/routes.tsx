import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { revenueTypes, type Role } from '../../db/schema';
import { FieldError } from '../../views/components/form';
import { RemittanceDetailPage, RemittanceForm } from '../../views/revenue/form';
import { RevenueListPage, RevenueResults } from '../../views/revenue/list';
import { TargetPage } from '../../views/revenue/target';
import { RevenueTransfersPage } from '../../views/revenue/transfers';
import { actor, allow, assertInScope, STAFF_READ, who } from '../auth/access';
import { fieldError, fieldProblemErrors, formValues, parseForm, type Errors, type Values } from '../lib/forms';
import { fenToYuan, formatYuan } from '../lib/money';
import { idParam, intParam, oneOf, textParam } from '../lib/query';
import { page, redirectWithFlash, wantsFragment } from '../lib/render';
import type { AppEnv } from '../types';
import { isYearClosed } from '../funds/queries';
import { remittanceForm, targetForm } from './forms';
import {
  createRemittance, findRemittance, listRemittances, PAGE_SIZE, remittedByTransfer, revenueFigures, setTarget, soldTransferChoices,
} from './queries';

export const revenueRoutes = new Hono<AppEnv>();

// 交易组织科 records remittances (DESIGN.md), finance too; the yearly task is finance's.
const REVENUE_WRITE: Role[] = ['admin', 'staff', 'finance'];
const TARGET_WRITE: Role[] = ['admin', 'finance'];

const centerName = (c: Context<AppEnv>) => {
  const { scope } = who(c);
  return scope.centers.find((x) => x.id === scope.centerId)?.name ?? '本中心';
};

revenueRoutes.get('/', allow(...STAFF_READ), async (c) => {
  const { user, scope } = who(c);
  const db = c.get('db');
  const q = c.req.query();
  const f = { year: scope.year, type: oneOf(q.type, revenueTypes), q: textParam(q.q), page: intParam(q.page, 1, 100000) ?? 1 };
  const [list, figures] = await Promise.all([listRemittances(db, scope.centerId, f), revenueFigures(db, scope.centerId, scope.year)]);
  const props = {
    centerName: centerName(c), year: scope.year, figures, ...list, params: { type: f.type, q: f.q }, page: f.page, pageSize: PAGE_SIZE,
    canWrite: REVENUE_WRITE.includes(user.role), canSetTarget: TARGET_WRITE.includes(user.role),
  };
  if (wantsFragment(c, 'revenue-results')) return c.html(<RevenueResults {...props} />);
  return page(c, '非税收入', <RevenueListPage {...props} />);
});

const remittancePage = async (c: Context<AppEnv>, values: Values, errors: Errors, status: 200 | 422 = 200) =>
  page(c, '登记非税收入上缴', <RemittanceForm values={values} errors={errors} transfers={await soldTransferChoices(c.get('db'), who(c).scope.centerId)} />, status);

revenueRoutes.get('/new', allow(...REVENUE_WRITE), (c) => remittancePage(c, {}, {}));

revenueRoutes.post('/validate', allow(...REVENUE_WRITE), async (c) => {
  const field = c.req.query('field') ?? '';
  return c.html(<FieldError name={field} error={fieldError(remittanceForm, await formValues(c), field)} />);
});

revenueRoutes.post('/', allow(...REVENUE_WRITE), async (c) => {
  const { user, scope } = who(c);
  const values = await formValues(c);
  const form = parseForm(remittanceForm, values);
  if (!form.ok) return remittancePage(c, values, form.errors, 422);
  try {
    const row = await createRemittance(c.get('db'), actor(user), scope.centerId, form.data);
    return redirectWithFlash(c, `/revenue/${row.id}`, `已登记缴款书 ${row.receiptNo}，金额 ${formatYuan(row.amount)} 元`);
  } catch (e) {
    return remittancePage(c, values, fieldProblemErrors(e), 422);
  }
});

async function targetPage(c: Context<AppEnv>, values: Values | null, errors: Errors, status: 200 | 422 = 200) {
  const { scope } = who(c);
  const db = c.get('db');
  const [figures, closed] = await Promise.all([revenueFigures(db, scope.centerId, scope.year), isYearClosed(db, scope.centerId, scope.year)]);
  const shown = values ?? { amount: figures.target !== null ? fenToYuan(figures.target) : '' };
  return page(c, '非税征收任务', <TargetPage centerName={centerName(c)} year={scope.year} figures={figures} closed={closed} values={shown} errors={errors} />, status);
}

revenueRoutes.get('/target', allow(...TARGET_WRITE), (c) => targetPage(c, null, {}));

revenueRoutes.post('/target', allow(...TARGET_WRITE), async (c) => {
  const { user, scope } = who(c);
  const values = await formValues(c);
  const form = parseForm(targetForm, values);
  if (!form.ok) return targetPage(c, values, form.errors, 422);
  try {
    await setTarget(c.get('db'), actor(user), scope.centerId, scope.year, form.data.amount);
  } catch (e) {
    // A closed year: the message beside the amount (422), like any other refusal of the form.
    return targetPage(c, values, fieldProblemErrors(e), 422);
  }
  return redirectWithFlash(c, '/revenue', `已将 ${scope.year} 年非税征收任务设为 ${formatYuan(form.data.amount)} 元`);
});

revenueRoutes.get('/transfers', allow(...STAFF_READ), async (c) => {
  const { scope } = who(c);
  const rows = await remittedByTransfer(c.get('db'), scope.centerId, scope.year);
  return page(c, '成交出让活动的非税收入', <RevenueTransfersPage centerName={centerName(c)} year={scope.year} rows={rows} />);
});

revenueRoutes.get('/:id', allow(...STAFF_READ), async (c) => {
  const { scope } = who(c);
  const id = idParam(c.req.param('id'));
  const r = id === null ? null : await findRemittance(c.get('db'), id);
  if (!r) throw new HTTPException(404, { message: '上缴记录不存在' });
  assertInScope(scope, r.remittance.centerId);
  const name = scope.centers.find((x) => x.id === r.remittance.centerId)?.name ?? '';
  return page(c, `缴款书 ${r.remittance.receiptNo}`, <RemittanceDetailPage r={r} centerName={name} />);
});
