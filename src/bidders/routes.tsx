import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ApplicationsPage } from '../../views/bidders/applications';
import type { DepositFormName } from '../../views/bidders/deposits';
import { DepositLedgerPage } from '../../views/bidders/ledger';
import { DepositWorklistPage, type StatementProps } from '../../views/bidders/worklist';
import { csvResponseHeaders, toCsv } from '../lib/csv';
import { todayShanghai } from '../lib/dates';
import { fenToYuan } from '../lib/money';
import { BALANCE_HEADERS, balanceCells, depositBalances, depositLedger, LEDGER_HEADERS, ledgerCells, tableXlsx } from './ledger';
import { BidderDetailPage, BidderForm, BidderListPage, BidderResults } from '../../views/bidders/registry';
import { FieldError } from '../../views/components/form';
import { actor, allow, can, DEPOSIT_WRITE, STAFF_READ, STAFF_WRITE, who } from '../auth/access';
import { fieldError, fieldProblemErrors, formValues, parseForm, readBody, type Errors, type Values } from '../lib/forms';
import { dateQuery, idParam, intParam, textParam } from '../lib/query';
import { page, redirectWithFlash, wantsFragment } from '../lib/render';
import { transferInScope } from '../transfers/routes';
import type { AppEnv } from '../types';
import { addDisposition, addReceipt, depositLinesOf, depositTotalsOf } from './deposits';
import { importStatement, lineInScope, matchLine, openApplications, parseStatement, unmatchedLines } from './statement';
import { depositWorklist, REFUND_HEADERS } from './worklist';
import { applicationForm, bidderForm, dispositionForm, receiptForm, reviewForm } from './forms';
import {
  addApplication, ApplicationConflict, applicationOfRound, applicationsOf, bidderChoices, createBidder, findBidder, listBidders, PAGE_SIZE,
  reviewApplication, roundsOfBidder,
} from './queries';

// Bidders and deposits are the center's own business: agencies never see them (STAFF_READ has no agency).
export const bidderRoutes = new Hono<AppEnv>();

bidderRoutes.get('/', allow(...STAFF_READ), async (c) => {
  const { user } = who(c);
  const q = c.req.query();
  const f = { q: textParam(q.q), page: intParam(q.page, 1, 100000) ?? 1 };
  const { rows, total } = await listBidders(c.get('db'), user.centerId, f);
  const props = { rows, total, params: { q: f.q }, sort: 'name', dir: 'asc', page: f.page, pageSize: PAGE_SIZE, canEdit: can.editTrading(user) };
  if (wantsFragment(c, 'bidder-results')) return c.html(<BidderResults {...props} />);
  return page(c, '竞买人', <BidderListPage {...props} />);
});

/** Where to go back to after registering a bidder from an application form: only a round's 竞买人 tab. */
const backTo = (raw: unknown) => (typeof raw === 'string' && /^\/transfers\/\d{1,9}\/bidders$/.test(raw) ? raw : undefined);

bidderRoutes.get('/new', allow(...STAFF_WRITE), (c) =>
  page(c, '登记竞买人', <BidderForm values={{ kind: '法人' }} errors={{}} back={backTo(c.req.query('back'))} />));

bidderRoutes.post('/validate', allow(...STAFF_WRITE), async (c) => {
  const field = c.req.query('field') ?? '';
  return c.html(<FieldError name={field} error={fieldError(bidderForm, await formValues(c), field)} />);
});

bidderRoutes.post('/', allow(...STAFF_WRITE), async (c) => {
  const { user } = who(c);
  const values = await formValues(c);
  const back = backTo(values.back);
  const retry = (errors: Errors) => page(c, '登记竞买人', <BidderForm values={values} errors={errors} back={back} />, 422);
  const form = parseForm(bidderForm, values);
  if (!form.ok) return retry(form.errors);
  try {
    // Registered by the user's own center: the one whose staff read its ID number in full (idVisible
    // and the round's page compare the user's own center, not the one being viewed).
    const row = await createBidder(c.get('db'), actor(user), user.centerId, form.data);
    return redirectWithFlash(c, back ?? `/bidders/${row.id}`, `已登记竞买人 ${row.name}`);
  } catch (e) {
    return retry(fieldProblemErrors(e));
  }
});

bidderRoutes.get('/:id', allow(...STAFF_READ), async (c) => {
  const { user, scope } = who(c);
  const id = idParam(c.req.param('id'));
  const b = id === null ? null : await findBidder(c.get('db'), id, user.centerId);
  if (!b) throw new HTTPException(404, { message: '竞买人不存在' });
  return page(c, b.name, <BidderDetailPage b={b} rounds={await roundsOfBidder(c.get('db'), b.id, scope.centerIds)} />);
});

// A round's 竞买人与保证金 tab: its applications and their 资格审查.
export const applicationRoutes = new Hono<AppEnv>();

async function applicationsPage(c: Context<AppEnv>, form?: { values: Values; errors: Errors; reviewing?: number; deposit?: DepositFormName }) {
  const { user } = who(c);
  const t = await transferInScope(c);
  const db = c.get('db');
  const [applications, bidders, totals, lines] = await Promise.all([
    applicationsOf(db, t.transfer.id), bidderChoices(db), depositTotalsOf(db, t.transfer.id), depositLinesOf(db, t.transfer.id),
  ]);
  const deposit = { due: t.parcel.deposit, totals, lines, canRecord: can.recordDeposits(user) };
  return page(c, `${t.parcel.code} 第${t.transfer.round}场 竞买人`,
    <ApplicationsPage transfer={t.transfer} parcel={t.parcel} applications={applications} showIds={user.centerId === t.transfer.centerId}
      canEdit={can.editTrading(user)} bidders={bidders} values={form?.values ?? { kind: '单独' }} errors={form?.errors ?? {}} reviewing={form?.reviewing}
      deposit={deposit} depositForm={form?.deposit} />,
    form ? 422 : 200);
}

applicationRoutes.get('/:id/bidders', allow(...STAFF_READ), (c) => applicationsPage(c));

applicationRoutes.post('/:id/applications', allow(...STAFF_WRITE), async (c) => {
  const { user } = who(c);
  const t = await transferInScope(c);
  const values = await formValues(c);
  const form = parseForm(applicationForm, values);
  if (!form.ok) return applicationsPage(c, { values, errors: form.errors });
  try {
    await addApplication(c.get('db'), actor(user), t.transfer.id, form.data);
  } catch (e) {
    if (e instanceof ApplicationConflict) return applicationsPage(c, { values, errors: { _form: e.message } });
    return applicationsPage(c, { values, errors: fieldProblemErrors(e) });
  }
  return redirectWithFlash(c, `/transfers/${t.transfer.id}/bidders#applications`, '已登记报名，待资格审查');
});

applicationRoutes.post('/:id/applications/:aid/review', allow(...STAFF_WRITE), async (c) => {
  const { user } = who(c);
  const t = await transferInScope(c);
  const aid = idParam(c.req.param('aid'));
  // Another round's application is not found here, before its form is read.
  if (aid === null || !(await applicationOfRound(c.get('db'), t.transfer.id, aid))) throw new HTTPException(404, { message: '报名不存在' });
  const values = await formValues(c);
  const form = parseForm(reviewForm, values);
  if (!form.ok) return applicationsPage(c, { values, errors: form.errors, reviewing: aid });
  let row;
  try {
    row = await reviewApplication(c.get('db'), actor(user), t.transfer.id, aid, form.data);
  } catch (e) {
    if (e instanceof ApplicationConflict) return applicationsPage(c, { values, errors: { _form: e.message }, reviewing: aid });
    return applicationsPage(c, { values, errors: fieldProblemErrors(e), reviewing: aid });
  }
  if (!row) throw new HTTPException(404, { message: '报名不存在' });
  return redirectWithFlash(c, `/transfers/${t.transfer.id}/bidders#application-${aid}`,
    row.review === '通过' ? `资格审查通过，号牌 ${row.paddleNo}` : '已记录资格审查不通过');
});

applicationRoutes.post('/:id/deposits/receipts', allow(...DEPOSIT_WRITE), async (c) => {
  const { user } = who(c);
  const t = await transferInScope(c);
  const values = await formValues(c);
  const form = parseForm(receiptForm, values);
  if (!form.ok) return applicationsPage(c, { values, errors: form.errors, deposit: 'receipt' });
  try {
    await addReceipt(c.get('db'), actor(user), t.transfer.id, form.data);
  } catch (e) {
    return applicationsPage(c, { values, errors: fieldProblemErrors(e), deposit: 'receipt' });
  }
  return redirectWithFlash(c, `/transfers/${t.transfer.id}/bidders#deposits`, '已登记保证金到账');
});

applicationRoutes.post('/:id/deposits/dispositions', allow(...DEPOSIT_WRITE), async (c) => {
  const { user } = who(c);
  const t = await transferInScope(c);
  const values = await formValues(c);
  const form = parseForm(dispositionForm, values);
  if (!form.ok) return applicationsPage(c, { values, errors: form.errors, deposit: 'disposition' });
  try {
    await addDisposition(c.get('db'), actor(user), t.transfer.id, form.data);
  } catch (e) {
    return applicationsPage(c, { values, errors: fieldProblemErrors(e), deposit: 'disposition' });
  }
  return redirectWithFlash(c, `/transfers/${t.transfer.id}/bidders#deposits`, `已登记保证金${form.data.kind}`);
});

// The 保证金管理科's reports over the viewer's centers: 在途余额表 on a day and 保证金台账 of a period.
export const depositRoutes = new Hono<AppEnv>();

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function ledgerParams(c: Context<AppEnv>) {
  const today = todayShanghai();
  const q = c.req.query();
  const from = dateQuery(q.from, `${today.slice(0, 7)}-01`);
  const to = dateQuery(q.to, today);
  if (from > to) throw new HTTPException(400, { message: '台账起始日期晚于截止日期' });
  return { asOf: dateQuery(q.as_of, today), from, to };
}

depositRoutes.get('/', allow(...STAFF_READ), async (c) => {
  const { scope } = who(c);
  const p = ledgerParams(c);
  const db = c.get('db');
  const [balances, lines] = await Promise.all([depositBalances(db, scope.centerIds, p.asOf), depositLedger(db, scope.centerIds, p.from, p.to)]);
  return page(c, '竞买保证金', <DepositLedgerPage {...p} balances={balances} lines={lines} />);
});

const attachment = (type: string, ascii: string, name: string) => ({
  'Content-Type': type, 'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
});

for (const ext of ['csv', 'xlsx'] as const) depositRoutes.get(`/balances.${ext}`, allow(...STAFF_READ), async (c) => {
  const { scope } = who(c);
  const { asOf } = ledgerParams(c);
  const rows = (await depositBalances(c.get('db'), scope.centerIds, asOf)).map(balanceCells);
  const name = `保证金在途余额表（截至${asOf}）`;
  if (ext === 'csv') return c.body(toCsv(BALANCE_HEADERS, rows), 200, csvResponseHeaders(`${name}.csv`));
  return c.body(new Uint8Array(await tableXlsx(name, BALANCE_HEADERS, rows)), 200, attachment(XLSX, 'deposit-balances.xlsx', `${name}.xlsx`));
});

for (const ext of ['csv', 'xlsx'] as const) depositRoutes.get(`/ledger.${ext}`, allow(...STAFF_READ), async (c) => {
  const { scope } = who(c);
  const { from, to } = ledgerParams(c);
  const rows = (await depositLedger(c.get('db'), scope.centerIds, from, to)).map(ledgerCells);
  const name = `保证金台账（${from}至${to}）`;
  if (ext === 'csv') return c.body(toCsv(LEDGER_HEADERS, rows), 200, csvResponseHeaders(`${name}.csv`));
  return c.body(new Uint8Array(await tableXlsx(name, LEDGER_HEADERS, rows)), 200, attachment(XLSX, 'deposit-ledger.xlsx', `${name}.xlsx`));
});

// The 保证金管理科's day (?on=YYYY-MM-DD, default today) and its refund list as CSV.
async function worklistPage(c: Context<AppEnv>, on: string, statement: Partial<StatementProps> = {}, status: 200 | 422 = 200) {
  const { user, scope } = who(c);
  const db = c.get('db');
  const [w, unmatched, choices] = await Promise.all([
    depositWorklist(db, scope.centerIds, on, scope.centerId), unmatchedLines(db, scope.centerIds), openApplications(db, scope.centerIds),
  ]);
  return page(c, '保证金工作台', <DepositWorklistPage {...w} statement={{ unmatched, choices, canRecord: can.recordDeposits(user), ...statement }} />, status);
}

depositRoutes.get('/worklist', allow(...STAFF_READ), (c) => worklistPage(c, dateQuery(c.req.query('on'), todayShanghai())));

// A bank statement (CSV): its credit lines kept, matched where they fit one application.
depositRoutes.post('/statements', allow(...DEPOSIT_WRITE), async (c) => {
  const { user, scope } = who(c);
  const body = await readBody(c);
  const file = Array.isArray(body.file) ? body.file[0] : body.file;
  if (!(file instanceof File) || file.size === 0) return worklistPage(c, todayShanghai(), { errors: ['请选择银行流水 CSV 文件'] }, 422);
  const parsed = parseStatement(Buffer.from(await file.arrayBuffer()));
  if (!parsed.ok) return worklistPage(c, todayShanghai(), { errors: parsed.errors }, 422);
  const r = await importStatement(c.get('db'), actor(user), scope.centerId, file.name, parsed.lines, parsed.debits);
  const parts = [`新增流水 ${r.imported} 笔`, `自动匹配 ${r.matched} 笔`, `未匹配 ${r.unmatched} 笔`];
  if (r.already) parts.push(`此前已导入 ${r.already} 笔（未重复登记）`);
  if (r.debits) parts.push(`跳过支出行 ${r.debits} 行`);
  return redirectWithFlash(c, '/deposits/worklist#unmatched', `已导入银行流水：${parts.join('，')}`);
});

depositRoutes.post('/statements/lines/:id/match', allow(...DEPOSIT_WRITE), async (c) => {
  const { user, scope } = who(c);
  const lineId = idParam(c.req.param('id'));
  // Another center's line is not found here, before its form is read.
  if (lineId === null || !(await lineInScope(c.get('db'), scope.centerIds, lineId))) throw new HTTPException(404, { message: '流水不存在' });
  const values = await formValues(c);
  const application = idParam(typeof values.application === 'string' ? values.application : '');
  if (application === null) return worklistPage(c, todayShanghai(), { matchError: { line: lineId, message: '请选择报名' } }, 422);
  let row;
  try {
    row = await matchLine(c.get('db'), actor(user), scope.centerIds, lineId, application);
  } catch (e) {
    const errors = fieldProblemErrors(e);
    return worklistPage(c, todayShanghai(), { matchError: { line: lineId, message: Object.values(errors)[0] ?? '无法匹配' } }, 422);
  }
  if (!row) throw new HTTPException(404, { message: '流水不存在' });
  return redirectWithFlash(c, '/deposits/worklist#unmatched', `已将流水 ${row.bankSerial} 登记为保证金到账`);
});

depositRoutes.get('/worklist.csv', allow(...STAFF_READ), async (c) => {
  const { scope } = who(c);
  const on = dateQuery(c.req.query('on'), todayShanghai());
  const w = await depositWorklist(c.get('db'), scope.centerIds, on, scope.centerId);
  const rows = [...w.overdue.map((r) => ['逾期未退', r] as const), ...w.due.map((r) => ['应退未退', r] as const),
    ...w.voided.map((r) => ['待处置（成交无效）', r] as const)].map(([status, r]) => [
    status, r.center, r.code, r.round, r.mode, r.result, r.paddleNo, r.bidders, r.activityEnd, r.due, r.overdueDays, fenToYuan(r.balance),
  ]);
  return c.body(toCsv(REFUND_HEADERS, rows), 200, csvResponseHeaders(`保证金应退清单（${on}）.csv`));
});
