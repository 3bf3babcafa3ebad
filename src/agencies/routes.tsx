import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AgencyDetailPage } from '../../views/agencies/detail';
import { AgencyForm } from '../../views/agencies/form';
import { AgencyListPage, AgencyResults } from '../../views/agencies/list';
import { FieldError } from '../../views/components/form';
import { actor, allow, can, STAFF_READ, STAFF_WRITE, who } from '../auth/access';
import { csvResponseHeaders, toCsv } from '../lib/csv';
import { fieldError, formValues, parseForm, type Errors, type Values, fieldProblemErrors } from '../lib/forms';
import { idParam, intParam, oneOf, textParam } from '../lib/query';
import { page, redirectWithFlash, wantsFragment } from '../lib/render';
import type { AppEnv } from '../types';
import { agencyForm } from './forms';
import {
  agencySorts, agencyTransfers, createAgency, findAgency, listAgencies, PAGE_SIZE, updateAgency,
  type AgencyFilter, type AgencySort,
} from './queries';

export const agencyRoutes = new Hono<AppEnv>();


function readFilter(q: Record<string, string>): AgencyFilter {
  return {
    q: textParam(q.q),
    sort: oneOf(q.sort, Object.keys(agencySorts) as AgencySort[]) ?? 'name',
    dir: q.dir === 'desc' ? 'desc' : 'asc',
    page: intParam(q.page, 1, 100000) ?? 1,
  };
}

const filterParams = (f: AgencyFilter) => ({ q: f.q, sort: f.sort, dir: f.dir });

agencyRoutes.get('/', allow(...STAFF_READ), async (c) => {
  const { user, scope } = who(c);
  const f = readFilter(c.req.query());
  const { rows, total } = await listAgencies(c.get('db'), scope.centerId, f);
  const centerName = scope.centers.find((x) => x.id === scope.centerId)?.name ?? '本中心';
  const props = { rows, total, params: filterParams(f), sort: f.sort, dir: f.dir, page: f.page, pageSize: PAGE_SIZE, centerName, canEdit: can.editTrading(user) };
  if (wantsFragment(c, 'agency-results')) return c.html(<AgencyResults {...props} />);
  return page(c, '拍卖机构', <AgencyListPage {...props} />);
});

agencyRoutes.get('/export.csv', allow(...STAFF_READ), async (c) => {
  const { scope } = who(c);
  const { rows } = await listAgencies(c.get('db'), scope.centerId, { ...readFilter(c.req.query()), page: 1, pageSize: null });
  // The first four columns are those of the ledger's 拍卖机构 sheet, so an export can be imported again.
  const csv = toCsv(
    ['统一社会信用代码', '名称', '联系人', '联系电话', '本中心出让场次'],
    rows.map((r) => [r.credit_code, r.name, r.contact_person, r.contact_phone, r.transfers]),
  );
  return c.body(csv, 200, csvResponseHeaders('拍卖机构.csv'));
});

agencyRoutes.get('/new', allow(...STAFF_WRITE), (c) =>
  page(c, '登记拍卖机构', <AgencyForm action="/agencies" title="登记拍卖机构" values={{}} errors={{}} cancel="/agencies" />));

agencyRoutes.post('/validate', allow(...STAFF_WRITE), async (c) => {
  const field = c.req.query('field') ?? '';
  return c.html(<FieldError name={field} error={fieldError(agencyForm, await formValues(c), field)} />);
});

agencyRoutes.post('/', allow(...STAFF_WRITE), async (c) => {
  const { user } = who(c);
  const values = await formValues(c);
  const form = parseForm(agencyForm, values);
  const retry = (errors: Errors) =>
    page(c, '登记拍卖机构', <AgencyForm action="/agencies" title="登记拍卖机构" values={values} errors={errors} cancel="/agencies" />, 422);
  if (!form.ok) return retry(form.errors);
  try {
    const row = await createAgency(c.get('db'), actor(user), form.data);
    return redirectWithFlash(c, `/agencies/${row.id}`, `已登记拍卖机构 ${row.name}`);
  } catch (e) {
    return retry(fieldProblemErrors(e));
  }
});

// Agencies belong to no center: every staff user may open any of them; what is scoped is the work shown.
async function loadAgency(c: Context<AppEnv>, rawId: string) {
  const id = idParam(rawId);
  const agency = id === null ? null : await findAgency(c.get('db'), id);
  if (!agency) throw new HTTPException(404, { message: '拍卖机构不存在' });
  return agency;
}

agencyRoutes.get('/:id', allow(...STAFF_READ), async (c) => {
  const { user, scope } = who(c);
  const agency = await loadAgency(c, c.req.param('id'));
  const rounds = await agencyTransfers(c.get('db'), agency.id, scope.centerIds);
  return page(c, agency.name, <AgencyDetailPage agency={agency} rounds={rounds} canEdit={can.editTrading(user)} />);
});

agencyRoutes.get('/:id/edit', allow(...STAFF_WRITE), async (c) => {
  const a = await loadAgency(c, c.req.param('id'));
  const values: Values = { credit_code: a.creditCode, name: a.name, contact_person: a.contactPerson ?? '', contact_phone: a.contactPhone ?? '' };
  return page(c, `修改 ${a.name}`, <AgencyForm action={`/agencies/${a.id}`} title={`修改拍卖机构 ${a.name}`} values={values} errors={{}} cancel={`/agencies/${a.id}`} />);
});

agencyRoutes.post('/:id', allow(...STAFF_WRITE), async (c) => {
  const { user } = who(c);
  const a = await loadAgency(c, c.req.param('id'));
  const values = await formValues(c);
  const form = parseForm(agencyForm, values);
  const retry = (errors: Errors) =>
    page(c, `修改 ${a.name}`, <AgencyForm action={`/agencies/${a.id}`} title={`修改拍卖机构 ${a.name}`} values={values} errors={errors} cancel={`/agencies/${a.id}`} />, 422);
  if (!form.ok) return retry(form.errors);
  try {
    await updateAgency(c.get('db'), actor(user), a.id, form.data);
  } catch (e) {
    return retry(fieldProblemErrors(e));
  }
  return redirectWithFlash(c, `/agencies/${a.id}`, `已保存拍卖机构 ${form.data.name}`);
});
