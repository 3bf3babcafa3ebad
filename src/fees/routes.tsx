import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Role } from '../../db/schema';
import { FieldError } from '../../views/components/form';
import { AgreementForm, AgreementListPage, agreementValues, describeAgreement } from '../../views/fees/agreements';
import { AgencyFeesPage, FeeStatementPage, OverdueFeesPage, OverdueResults } from '../../views/fees/statement';
import { actor, allow, who } from '../auth/access';
import { todayShanghai } from '../lib/dates';
import { fieldError, fieldProblemErrors, formValues, parseForm, type Errors, type Values } from '../lib/forms';
import { idParam, intParam } from '../lib/query';
import { page, redirectWithFlash, wantsFragment } from '../lib/render';
import type { AppEnv } from '../types';
import { feePaymentWarnings } from '../warnings/queries';
import { agreementForm } from './forms';
import {
  agencyChoices, createAgreement, findAgencyName, findAgreement, listAgreements, transferFees, updateAgreement,
} from './queries';
import { DEFAULT_OVERDUE_DAYS, isOverdue, sumTotals, totalsByAgency } from './rules';

export const feeRoutes = new Hono<AppEnv>();

// Fees are finance's work: leaders read them; agency users get their own portal later, never these pages.
const FEE_READ: Role[] = ['admin', 'finance', 'leader'];
// Agreements are set by admin (DESIGN.md); finance reads them to check the statement.
const AGREEMENT_READ: Role[] = ['admin', 'finance'];
const AGREEMENT_WRITE: Role[] = ['admin'];

const centerName = (c: Context<AppEnv>) => {
  const { scope } = who(c);
  return scope.centers.find((x) => x.id === scope.centerId)?.name ?? '本中心';
};

// A transfer with a fee to pay but no agreement behind it: the statement says so rather than showing a silent 0.
const lacksAgreement = (r: { agreementId: number | null; result: string }) => r.agreementId === null && (r.result === '成交' || r.result === '流拍');

feeRoutes.get('/', allow(...FEE_READ), async (c) => {
  const { user, scope } = who(c);
  const db = c.get('db');
  const rows = await transferFees(db, { centerIds: [scope.centerId], year: scope.year });
  const warned = await feePaymentWarnings(db, rows.map((r) => r.transferId));
  const agencyOf = new Map(rows.map((r) => [r.transferId, r.agencyId]));
  const agencies = totalsByAgency(rows).map((a) => ({
    ...a, missing: rows.filter((r) => r.agencyId === a.agencyId && lacksAgreement(r)).length,
    warnings: warned.filter((w) => agencyOf.get(w.transfer_id) === a.agencyId).length,
  }));
  return page(c, '拍卖机构劳务费', <FeeStatementPage centerName={centerName(c)} year={scope.year} agencies={agencies}
    totals={sumTotals(rows)} canSeeAgreements={AGREEMENT_READ.includes(user.role)} />);
});

feeRoutes.get('/overdue', allow(...FEE_READ), async (c) => {
  const { scope } = who(c);
  const days = intParam(c.req.query('days'), 0, 3650) ?? DEFAULT_OVERDUE_DAYS;
  const today = todayShanghai();
  // Every year of the center: a fee still unpaid from last year is the most overdue of all.
  const rows = (await transferFees(c.get('db'), { centerIds: [scope.centerId] })).filter((r) => isOverdue(r, today, days));
  const props = { centerName: centerName(c), days, today, rows, totals: sumTotals(rows) };
  if (wantsFragment(c, 'overdue-results')) return c.html(<OverdueResults {...props} />);
  return page(c, '逾期未付劳务费', <OverdueFeesPage {...props} />);
});

feeRoutes.get('/agencies/:agencyId', allow(...FEE_READ), async (c) => {
  const { scope } = who(c);
  const db = c.get('db');
  const id = idParam(c.req.param('agencyId'));
  const agency = id === null ? null : await findAgencyName(db, id);
  if (!agency) throw new HTTPException(404, { message: '拍卖机构不存在' });
  const [rows, [agreement]] = await Promise.all([
    transferFees(db, { centerIds: [scope.centerId], agencyId: agency.id, year: scope.year }),
    listAgreements(db, { agencyId: agency.id, year: scope.year }),
  ]);
  const warnings = await feePaymentWarnings(db, rows.map((r) => r.transferId));
  return page(c, `${agency.name} 劳务费`, <AgencyFeesPage agency={agency} centerName={centerName(c)} year={scope.year} rows={rows}
    totals={sumTotals(rows)} agreementText={agreement ? describeAgreement(agreement.agreement) : null}
    warnings={warnings.map((w) => ({ kind: w.kind, message: w.message, source: w.source, label: `${w.code} 第${w.round}场 凭证号 ${w.voucher_no ?? `#${w.payment_id}`}` }))} />);
});

feeRoutes.get('/agreements', allow(...AGREEMENT_READ), async (c) => {
  const { user } = who(c);
  const year = intParam(c.req.query('year'), 1990, 2200);
  const rows = await listAgreements(c.get('db'), { year });
  return page(c, '收费协议', <AgreementListPage rows={rows} year={year} canEdit={AGREEMENT_WRITE.includes(user.role)} />);
});

const agreementPage = async (c: Context<AppEnv>, p: { action: string; title: string; values: Values; errors: Errors }, status: 200 | 422 = 200) =>
  page(c, p.title, <AgreementForm {...p} agencies={await agencyChoices(c.get('db'))} />, status);

feeRoutes.get('/agreements/new', allow(...AGREEMENT_WRITE), async (c) => {
  const { scope } = who(c);
  return agreementPage(c, { action: '/fees/agreements', title: '新增收费协议', values: { year: String(scope.year), method: '按宗固定' }, errors: {} });
});

feeRoutes.post('/agreements/validate', allow(...AGREEMENT_WRITE), async (c) => {
  const field = c.req.query('field') ?? '';
  return c.html(<FieldError name={field} error={fieldError(agreementForm, await formValues(c), field)} />);
});

feeRoutes.post('/agreements', allow(...AGREEMENT_WRITE), async (c) => {
  const { user } = who(c);
  const values = await formValues(c);
  const form = parseForm(agreementForm, values);
  const retry = (errors: Errors) => agreementPage(c, { action: '/fees/agreements', title: '新增收费协议', values, errors }, 422);
  if (!form.ok) return retry(form.errors);
  try {
    const row = await createAgreement(c.get('db'), actor(user), form.data);
    return redirectWithFlash(c, `/fees/agreements?year=${row.year}`, `已新增 ${row.year} 年度收费协议`);
  } catch (e) {
    return retry(fieldProblemErrors(e));
  }
});

async function loadAgreement(c: Context<AppEnv>) {
  const id = idParam(c.req.param('id') ?? '');
  const row = id === null ? null : await findAgreement(c.get('db'), id);
  if (!row) throw new HTTPException(404, { message: '收费协议不存在' });
  return row;
}

feeRoutes.get('/agreements/:id/edit', allow(...AGREEMENT_WRITE), async (c) => {
  const a = await loadAgreement(c);
  return agreementPage(c, { action: `/fees/agreements/${a.id}`, title: `修改 ${a.year} 年度收费协议`, values: agreementValues(a), errors: {} });
});

feeRoutes.post('/agreements/:id', allow(...AGREEMENT_WRITE), async (c) => {
  const { user } = who(c);
  const a = await loadAgreement(c);
  const values = await formValues(c);
  const form = parseForm(agreementForm, values);
  const retry = (errors: Errors) => agreementPage(c, { action: `/fees/agreements/${a.id}`, title: `修改 ${a.year} 年度收费协议`, values, errors }, 422);
  if (!form.ok) return retry(form.errors);
  try {
    await updateAgreement(c.get('db'), actor(user), a.id, form.data);
  } catch (e) {
    return retry(fieldProblemErrors(e));
  }
  return redirectWithFlash(c, `/fees/agreements?year=${form.data.year}`, `已保存 ${form.data.year} 年度收费协议`);
});
