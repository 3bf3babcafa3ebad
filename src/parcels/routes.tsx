import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { parcelKinds } from '../../db/schema';
import { FieldError, type Errors } from '../../views/components/form';
import { ParcelDetailPage } from '../../views/parcels/detail';
import { ParcelForm } from '../../views/parcels/form';
import { ParcelListPage, ParcelResults } from '../../views/parcels/list';
import { actor, allow, assertInScope, can, STAFF_READ, STAFF_WRITE, who } from '../auth/access';
import { toCsv, csvResponseHeaders } from '../lib/csv';
import { fieldError, fieldProblemErrors, formValues, parseForm, type Values } from '../lib/forms';
import { fenToYuan, formatYuan } from '../lib/money';
import { idParam, intParam, oneOf, textParam } from '../lib/query';
import { page, redirectWithFlash, wantsFragment } from '../lib/render';
import type { AppEnv } from '../types';
import { parcelWarnings } from '../warnings/queries';
import { addException, exceptedRules, exceptionForm, exceptionsOf, LAW_RULE_LABELS } from '../transfers/exceptions';
import { parcelForm, parcelSchema } from './forms';
import {
  createParcel, districtsOf, findParcel, listParcels, PAGE_SIZE, parcelHistory, parcelSorts,
  updateParcel, type ParcelFilter, type ParcelSort,
} from './queries';
import { canOfferAgain, parcelStatus, parcelStatuses, trimDecimal } from './rules';

export const parcelRoutes = new Hono<AppEnv>();

function readFilter(q: Record<string, string>): ParcelFilter {
  return {
    year: intParam(q.year, 1990, 2100),
    kind: oneOf(q.kind, parcelKinds),
    status: oneOf(q.status, parcelStatuses),
    district: textParam(q.district, 50),
    q: textParam(q.q),
    sort: oneOf(q.sort, Object.keys(parcelSorts) as ParcelSort[]) ?? 'code',
    dir: q.dir === 'desc' ? 'desc' : 'asc',
    page: intParam(q.page, 1, 100000) ?? 1,
  };
}

const filterParams = (f: ParcelFilter) => ({ year: f.year, kind: f.kind, status: f.status, district: f.district, q: f.q, sort: f.sort, dir: f.dir });

parcelRoutes.get('/', allow(...STAFF_READ), async (c) => {
  const { user, scope } = who(c);
  const db = c.get('db');
  const f = readFilter(c.req.query());
  const [{ rows, total }, districts] = await Promise.all([listParcels(db, scope.centerId, f), districtsOf(db, scope.centerId)]);
  const props = { rows, total, params: filterParams(f), sort: f.sort, dir: f.dir, page: f.page, pageSize: PAGE_SIZE, districts, canEdit: can.editTrading(user) };
  if (wantsFragment(c, 'parcel-results')) return c.html(<ParcelResults {...props} />);
  return page(c, '标的', <ParcelListPage {...props} />);
});

parcelRoutes.get('/export.csv', allow(...STAFF_READ), async (c) => {
  const { scope } = who(c);
  const f = { ...readFilter(c.req.query()), page: 1, pageSize: null };
  const { rows } = await listParcels(c.get('db'), scope.centerId, f);
  const csv = toCsv(
    ['标的编号', '名称', '类型', '区县', '用途', '面积', '起始价（元）', '状态', '最近竞价/成交日期', '成交价（元）', '场次数'],
    rows.map((r) => [r.code, r.name, r.kind, r.district, r.land_use, r.area ? trimDecimal(r.area) : '', fenToYuan(BigInt(r.starting_price)),
      r.status, r.last_date, r.deal_price ? fenToYuan(BigInt(r.deal_price)) : '', r.rounds]),
  );
  return c.body(csv, 200, csvResponseHeaders('标的.csv'));
});

parcelRoutes.get('/new', allow(...STAFF_WRITE), (c) =>
  page(c, '登记标的', <ParcelForm action="/parcels" title="登记标的" values={{ kind: '土地' }} errors={{}} />));

parcelRoutes.post('/validate', allow(...STAFF_WRITE), async (c) => {
  const field = c.req.query('field') ?? '';
  return c.html(<FieldError name={field} error={fieldError(parcelForm, await formValues(c), field)} />);
});

parcelRoutes.post('/', allow(...STAFF_WRITE), async (c) => {
  const { user, scope } = who(c);
  const values = await formValues(c);
  const form = parseForm(parcelForm, values);
  if (!form.ok) return page(c, '登记标的', <ParcelForm action="/parcels" title="登记标的" values={values} errors={form.errors} />, 422);
  try {
    const row = await createParcel(c.get('db'), actor(user), scope.centerId, form.data);
    return redirectWithFlash(c, `/parcels/${row.id}`, `已登记标的 ${row.code}`);
  } catch (e) {
    return page(c, '登记标的', <ParcelForm action="/parcels" title="登记标的" values={values} errors={fieldProblemErrors(e)} />, 422);
  }
});

async function loadParcel(c: Context<AppEnv>, rawId: string) {
  const { scope } = who(c);
  const id = idParam(rawId);
  const parcel = id === null ? null : await findParcel(c.get('db'), id);
  if (!parcel) throw new HTTPException(404, { message: '标的不存在' });
  assertInScope(scope, parcel.centerId);
  return parcel;
}

async function detailPage(c: Context<AppEnv>, parcel: NonNullable<Awaited<ReturnType<typeof findParcel>>>, form?: { values: Values; errors: Errors }) {
  const { user } = who(c);
  const db = c.get('db');
  const [history, warnings, exceptions] = await Promise.all([parcelHistory(db, parcel.id), parcelWarnings(db, parcel.id), exceptionsOf(db, 'parcel', parcel.id)]);
  const status = parcelStatus(history.rounds);
  return page(c, `${parcel.code} ${parcel.name}`,
    <ParcelDetailPage parcel={parcel} history={history} status={status} canEdit={can.editTrading(user)} canOffer={canOfferAgain(status)} warnings={[...warnings]}
      exceptions={exceptions} canExcept={can.administer(user)} exceptionValues={form?.values} exceptionErrors={form?.errors} />, form ? 422 : 200);
}

parcelRoutes.get('/:id', allow(...STAFF_READ), async (c) => detailPage(c, await loadParcel(c, c.req.param('id'))));

// An admin sets one of the law's rules aside for this parcel, with the 文号 that allows it.
parcelRoutes.post('/:id/exceptions', allow('admin'), async (c) => {
  const { user } = who(c);
  const parcel = await loadParcel(c, c.req.param('id'));
  if (parcel.kind !== '土地') throw new HTTPException(404, { message: '矿业权标的没有可设例外的规则' });
  const values = await formValues(c);
  const form = parseForm(exceptionForm('parcel'), values);
  if (!form.ok) return detailPage(c, parcel, { values, errors: form.errors });
  await addException(c.get('db'), actor(user), { entity: 'parcel', entityId: parcel.id, centerId: parcel.centerId }, form.data);
  return redirectWithFlash(c, `/parcels/${parcel.id}#exceptions`, `已登记例外：${LAW_RULE_LABELS[form.data.rule]}（${form.data.doc_no}）`);
});

parcelRoutes.get('/:id/edit', allow(...STAFF_WRITE), async (c) => {
  const p = await loadParcel(c, c.req.param('id'));
  const values: Values = {
    code: p.code, kind: p.kind, name: p.name, location: p.location ?? '', district: p.district ?? '', land_use: p.landUse ?? '',
    area: p.area ? trimDecimal(p.area) : '', plot_ratio: p.plotRatio ? trimDecimal(p.plotRatio) : '', term_years: p.termYears?.toString() ?? '',
    mineral: p.mineral ?? '', resources: p.resources ?? '', valid_until: p.validUntil ?? '',
    starting_price: fenToYuan(p.startingPrice), deposit: p.deposit !== null ? fenToYuan(p.deposit) : '',
  };
  return page(c, `修改 ${p.code}`, <ParcelForm action={`/parcels/${p.id}`} title={`修改标的 ${p.code}`} values={values} errors={{}} />);
});

const storedFacts = (p: NonNullable<Awaited<ReturnType<typeof findParcel>>>) =>
  ({ kind: p.kind, landUse: p.landUse, termYears: p.termYears, startingPrice: p.startingPrice, deposit: p.deposit });

parcelRoutes.post('/:id/validate', allow(...STAFF_WRITE), async (c) => {
  const p = await loadParcel(c, c.req.param('id'));
  const field = c.req.query('field') ?? '';
  return c.html(<FieldError name={field} error={fieldError(parcelSchema(storedFacts(p), await exceptedRules(c.get('db'), 'parcel', p.id)), await formValues(c), field)} />);
});

parcelRoutes.post('/:id', allow(...STAFF_WRITE), async (c) => {
  const { user } = who(c);
  const p = await loadParcel(c, c.req.param('id'));
  const values = await formValues(c);
  // What the law's rules read of the stored record: unchanged facts of a historical record are not new work.
  const form = parseForm(parcelSchema(storedFacts(p), await exceptedRules(c.get('db'), 'parcel', p.id)), values);
  const render = (errors: Record<string, string>) =>
    page(c, `修改 ${p.code}`, <ParcelForm action={`/parcels/${p.id}`} title={`修改标的 ${p.code}`} values={values} errors={errors} />, 422);
  if (!form.ok) return render(form.errors as Record<string, string>);
  try {
    await updateParcel(c.get('db'), actor(user), p.id, form.data);
  } catch (e) {
    return render(fieldProblemErrors(e) as Record<string, string>);
  }
  return redirectWithFlash(c, `/parcels/${p.id}`, `已保存标的 ${form.data.code}（起始价 ${formatYuan(form.data.starting_price)} 元）`);
});
