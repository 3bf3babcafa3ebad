// 交易服务费: /service-fees shows the current center's standards, the year's statement and its receipts;
// finance adds standards, records what was collected (票据) and 冲销 a receipt recorded by mistake.
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ServiceFeePage } from '../../views/service-fees/page';
import { actor, allow, can, COLLECTION_WRITE, STAFF_READ, who } from '../auth/access';
import { reversalForm } from '../contracts/forms';
import { csvResponseHeaders, toCsv } from '../lib/csv';
import { fieldProblemErrors, formValues, parseForm, type Errors, type Values } from '../lib/forms';
import { fenToYuan } from '../lib/money';
import { idParam } from '../lib/query';
import { page, redirectWithFlash } from '../lib/render';
import type { AppEnv } from '../types';
import { receiptForm, scheduleForm } from './forms';
import { addSchedule, schedulesOf, serviceFeeStatement } from './queries';
import { addReceipt, ReceiptErrors, receiptOfCenter, reverseReceipt } from './receipts';

export const serviceFeeRoutes = new Hono<AppEnv>();

interface Shown { values?: Values; errors?: Errors; receiptValues?: Values; receiptErrors?: Errors; reversalErrors?: Errors; reversal?: { id: number; values: Values } }

async function show(c: Context<AppEnv>, s: Shown = {}, status: 200 | 422 = 200) {
  const { user, scope } = who(c);
  const db = c.get('db');
  const [schedules, statement] = await Promise.all([schedulesOf(db, scope.centerId), serviceFeeStatement(db, scope.centerId, scope.year)]);
  const centerName = scope.centers.find((x) => x.id === scope.centerId)?.name ?? '';
  return page(c, '交易服务费', <ServiceFeePage centerName={centerName} year={scope.year} schedules={schedules} statement={statement}
    canWrite={can.recordCollections(user)} values={s.values ?? {}} errors={s.errors ?? {}}
    receiptValues={s.receiptValues ?? {}} receiptErrors={s.receiptErrors ?? {}} reversalErrors={s.reversalErrors ?? {}} reversal={s.reversal} />, status);
}

serviceFeeRoutes.get('/', allow(...STAFF_READ), (c) => show(c));

serviceFeeRoutes.get('/export.csv', allow(...STAFF_READ), async (c) => {
  const { scope } = who(c);
  const { rows } = await serviceFeeStatement(c.get('db'), scope.centerId, scope.year);
  const csv = toCsv(['标的编号', '名称', '场次', '成交日期', '成交价（元）', '缴费方', '收费文号', '应收（元）', '已收（元）', '已上缴（元）', '欠收（元）', '待上缴（元）'],
    rows.map((r) => [r.code, r.name, r.round, r.dealDate, fenToYuan(r.dealPrice), r.schedule?.payer ?? '', r.schedule?.documentNo ?? '无适用标准',
      r.fee === null ? '' : fenToYuan(r.fee), fenToYuan(r.received), fenToYuan(r.remitted), r.owed === null ? '' : fenToYuan(r.owed), fenToYuan(r.pending)]));
  return c.body(csv, 200, csvResponseHeaders(`交易服务费明细（${scope.year}年）.csv`));
});

serviceFeeRoutes.get('/receipts.csv', allow(...STAFF_READ), async (c) => {
  const { scope } = who(c);
  const { receipts } = await serviceFeeStatement(c.get('db'), scope.centerId, scope.year);
  const csv = toCsv(['票据号', '标的编号', '开票日期', '收款日期', '金额（元）', '应上缴日期', '已上缴（元）', '上缴日期', '状态'],
    receipts.map((x) => [x.receipt.invoiceNo, x.code, x.receipt.invoicedOn, x.receipt.collectedOn, fenToYuan(x.receipt.amount), x.dueOn ?? '未规定时限',
      fenToYuan(x.remitted), x.remittedOn ?? '', x.reversal ? `已冲销（${x.reversal.collectedOn}，${x.reversal.reason ?? ''}）`
        : x.onTime === true ? '按时上缴' : x.onTime === false ? (x.remittedOn ? '逾期上缴' : `逾期${x.overdueDays}天未上缴`) : x.remittedOn ? '已上缴' : '未上缴']));
  return c.body(csv, 200, csvResponseHeaders(`交易服务费收费票据（${scope.year}年）.csv`));
});

serviceFeeRoutes.post('/schedules', allow(...COLLECTION_WRITE), async (c) => {
  const { user, scope } = who(c);
  const values = await formValues(c);
  const form = parseForm(scheduleForm, values);
  if (!form.ok) return show(c, { values, errors: form.errors }, 422);
  try {
    const row = await addSchedule(c.get('db'), actor(user), scope.centerId, form.data);
    return redirectWithFlash(c, '/service-fees#schedules', `已登记收费标准 ${row.documentNo}`);
  } catch (e) {
    return show(c, { values, errors: fieldProblemErrors(e) }, 422);
  }
});

serviceFeeRoutes.post('/receipts', allow(...COLLECTION_WRITE), async (c) => {
  const { user, scope } = who(c);
  const values = await formValues(c);
  const form = parseForm(receiptForm, values);
  if (!form.ok) return show(c, { receiptValues: values, receiptErrors: form.errors }, 422);
  try {
    const { row, code } = await addReceipt(c.get('db'), actor(user), scope.centerId, form.data);
    return redirectWithFlash(c, '/service-fees#fee-receipts', `已登记 ${code} 的交易服务费 ${fenToYuan(row.amount)} 元（票据 ${row.invoiceNo}）`);
  } catch (e) {
    return show(c, { receiptValues: values, receiptErrors: e instanceof ReceiptErrors ? e.errors : fieldProblemErrors(e) }, 422);
  }
});

serviceFeeRoutes.post('/receipts/:rid/reversal', allow(...COLLECTION_WRITE), async (c) => {
  const { user, scope } = who(c);
  const rid = idParam(c.req.param('rid'));
  // Another center's receipt, or none: 404 before anything is read from the form.
  if (rid === null || !(await receiptOfCenter(c.get('db'), scope.centerId, rid))) throw new HTTPException(404, { message: '没有这笔收费' });
  const values = await formValues(c);
  const form = parseForm(reversalForm, values);
  // The refused 冲销 comes back on its own row, with what was typed.
  const again = (errors: Errors) => show(c, {
    reversalErrors: Object.fromEntries(Object.entries(errors).map(([k, m]) => [k === '_form' ? k : `r${rid}-${k}`, m])), reversal: { id: rid, values },
  }, 422);
  if (!form.ok) return again(form.errors);
  try {
    const row = await reverseReceipt(c.get('db'), actor(user), scope.centerId, rid, form.data);
    if (!row) throw new HTTPException(404, { message: '没有这笔收费' });
    return redirectWithFlash(c, '/service-fees#fee-receipts', `已冲销收费 ${row.invoiceNo.replace('（冲销）', '')}`);
  } catch (e) {
    if (e instanceof HTTPException) throw e;
    return again(e instanceof ReceiptErrors ? e.errors : fieldProblemErrors(e));
  }
});
