// 交易服务费: /service-fees shows the current center's standards and the year's statement; finance adds standards.
import { Hono, type Context } from 'hono';
import { ServiceFeePage } from '../../views/service-fees/page';
import { actor, allow, can, COLLECTION_WRITE, STAFF_READ, who } from '../auth/access';
import { csvResponseHeaders, toCsv } from '../lib/csv';
import { fieldProblemErrors, formValues, parseForm, type Errors, type Values } from '../lib/forms';
import { fenToYuan } from '../lib/money';
import { page, redirectWithFlash } from '../lib/render';
import type { AppEnv } from '../types';
import { scheduleForm } from './forms';
import { addSchedule, schedulesOf, serviceFeeStatement, unlinkedServiceFees } from './queries';

export const serviceFeeRoutes = new Hono<AppEnv>();

async function show(c: Context<AppEnv>, values: Values, errors: Errors, status: 200 | 422 = 200) {
  const { user, scope } = who(c);
  const db = c.get('db');
  const [schedules, rows, unlinked] = await Promise.all([
    schedulesOf(db, scope.centerId), serviceFeeStatement(db, scope.centerId, scope.year), unlinkedServiceFees(db, scope.centerId, scope.year),
  ]);
  const centerName = scope.centers.find((x) => x.id === scope.centerId)?.name ?? '';
  return page(c, '交易服务费', <ServiceFeePage centerName={centerName} year={scope.year} schedules={schedules} rows={rows} unlinked={unlinked}
    canWrite={can.recordCollections(user)} values={values} errors={errors} />, status);
}

serviceFeeRoutes.get('/', allow(...STAFF_READ), (c) => show(c, {}, {}));

serviceFeeRoutes.get('/export.csv', allow(...STAFF_READ), async (c) => {
  const { scope } = who(c);
  const rows = await serviceFeeStatement(c.get('db'), scope.centerId, scope.year);
  const csv = toCsv(['标的编号', '名称', '场次', '成交日期', '成交价（元）', '缴费方', '收费文号', '应收（元）', '已上缴（元）', '欠缴（元）'],
    rows.map((r) => [r.code, r.name, r.round, r.dealDate, fenToYuan(r.dealPrice), r.schedule?.payer ?? '', r.schedule?.documentNo ?? '无适用标准',
      r.fee === null ? '' : fenToYuan(r.fee), fenToYuan(r.remitted), r.owed === null ? '' : fenToYuan(r.owed)]));
  return c.body(csv, 200, csvResponseHeaders(`交易服务费明细（${scope.year}年）.csv`));
});

serviceFeeRoutes.post('/schedules', allow(...COLLECTION_WRITE), async (c) => {
  const { user, scope } = who(c);
  const values = await formValues(c);
  const form = parseForm(scheduleForm, values);
  if (!form.ok) return show(c, values, form.errors, 422);
  try {
    const row = await addSchedule(c.get('db'), actor(user), scope.centerId, form.data);
    return redirectWithFlash(c, '/service-fees#schedules', `已登记收费标准 ${row.documentNo}`);
  } catch (e) {
    return show(c, values, fieldProblemErrors(e), 422);
  }
});
