import { FieldProblem } from '../lib/forms';
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { FieldError } from '../../views/components/form';
import { CenterDetailPage } from '../../views/centers/detail';
import { CenterForm, type ParentOption } from '../../views/centers/form';
import { CenterListPage } from '../../views/centers/list';
import { actor, allow, assertInScope, who } from '../auth/access';
import type { Db } from '../db';
import { fieldError, formValues, parseForm, type Errors, type Values } from '../lib/forms';
import { idParam } from '../lib/query';
import { page, redirectWithFlash } from '../lib/render';
import type { AppEnv, Scope } from '../types';
import { centerForm } from './forms';
import {
  centerCounts, centerTreeRows, childCenters, createCenter, findCenter, listCenters, updateCenter, type Center,
} from './queries';
import { buildTree, flattenTree, parentProblem, subtreeIds } from './rules';

export const centerRoutes = new Hono<AppEnv>();

/**
 * The parents a center may be given: the admin's centers in tree order, without the center
 * itself and what lies below it, plus its current parent when that is outside the admin's scope.
 */
async function parentOptions(db: Db, scope: Scope, center?: Center): Promise<ParentOption[]> {
  const rows = await centerTreeRows(db, scope.centerIds);
  const excluded = center ? subtreeIds(rows, center.id) : new Set<number>();
  const options = flattenTree(buildTree(rows)).filter((x) => !excluded.has(x.center.id))
    .map(({ center: c, depth }) => ({ value: String(c.id), label: `${'　'.repeat(depth)}${c.name}（${c.code}）` }));
  if (center?.parentId != null && !scope.centerIds.includes(center.parentId)) {
    options.unshift({ value: String(center.parentId), label: `${center.parentName}（${center.parentCode}，保持不变）` });
  }
  return options;
}

centerRoutes.get('/', allow('admin'), async (c) => {
  const { scope } = who(c);
  const rows = await listCenters(c.get('db'), scope.centerIds);
  return page(c, '交易中心', <CenterListPage tree={buildTree(rows)} />);
});

centerRoutes.get('/new', allow('admin'), async (c) => {
  const { scope } = who(c);
  const wanted = idParam(c.req.query('parent') ?? '');
  const parentId = wanted !== null && scope.centerIds.includes(wanted) ? wanted : scope.centerId;
  const parents = await parentOptions(c.get('db'), scope);
  return page(c, '新增交易中心', <CenterForm action="/centers" title="新增交易中心" values={{ parent_id: String(parentId), level: '县' }} errors={{}} parents={parents} />);
});

centerRoutes.post('/validate', allow('admin'), async (c) => {
  const field = c.req.query('field') ?? '';
  return c.html(<FieldError name={field} error={fieldError(centerForm, await formValues(c), field)} />);
});

centerRoutes.post('/', allow('admin'), async (c) => {
  const { user, scope } = who(c);
  const db = c.get('db');
  const values = await formValues(c);
  const render = async (errors: Errors) =>
    page(c, '新增交易中心', <CenterForm action="/centers" title="新增交易中心" values={values} errors={errors} parents={await parentOptions(db, scope)} />, 422);
  const form = parseForm(centerForm, values);
  if (!form.ok) return render(form.errors);
  const problem = parentProblem(scope.centerIds, undefined, form.data.parent_id ?? null);
  if (problem) return render({ parent_id: problem });
  try {
    const row = await createCenter(db, actor(user), form.data);
    return redirectWithFlash(c, `/centers/${row.id}`, `已新增交易中心 ${row.name}`);
  } catch (e) {
    if (!(e instanceof FieldProblem)) throw e;
    return render({ [e.field]: e.message });
  }
});

async function loadCenter(c: Context<AppEnv>, rawId: string) {
  const { scope } = who(c);
  const id = idParam(rawId);
  // Checked before the lookup: a center outside the admin's scope is "not found", whether or not it exists.
  assertInScope(scope, id);
  const center = await findCenter(c.get('db'), id!);
  if (!center) throw new HTTPException(404, { message: '交易中心不存在' });
  return center;
}

centerRoutes.get('/:id', allow('admin'), async (c) => {
  const { scope } = who(c);
  const center = await loadCenter(c, c.req.param('id'));
  const db = c.get('db');
  const [counts, subcenters] = await Promise.all([centerCounts(db, center.id), childCenters(db, center.id)]);
  const parentInScope = center.parentId !== null && scope.centerIds.includes(center.parentId);
  return page(c, center.name, <CenterDetailPage center={center} counts={counts} subcenters={subcenters} parentInScope={parentInScope} />);
});

const editForm = (center: Center, values: Values, errors: Errors, parents: ParentOption[]) =>
  <CenterForm action={`/centers/${center.id}`} title={`修改交易中心 ${center.name}`} values={values} errors={errors} parents={parents} allowNone={center.parentId === null} />;

centerRoutes.get('/:id/edit', allow('admin'), async (c) => {
  const { scope } = who(c);
  const center = await loadCenter(c, c.req.param('id'));
  const values = { code: center.code, name: center.name, level: center.level, parent_id: String(center.parentId ?? '') };
  return page(c, `修改 ${center.name}`, editForm(center, values, {}, await parentOptions(c.get('db'), scope, center)));
});

centerRoutes.post('/:id', allow('admin'), async (c) => {
  const { user, scope } = who(c);
  const db = c.get('db');
  const center = await loadCenter(c, c.req.param('id'));
  const values = await formValues(c);
  const render = async (errors: Errors) =>
    page(c, `修改 ${center.name}`, editForm(center, values, errors, await parentOptions(db, scope, center)), 422);
  const form = parseForm(centerForm, values);
  if (!form.ok) return render(form.errors);
  const problem = parentProblem(scope.centerIds, center.parentId, form.data.parent_id ?? null);
  if (problem) return render({ parent_id: problem });
  try {
    const after = await updateCenter(db, actor(user), center.id, form.data);
    if (!after) throw new HTTPException(404, { message: '交易中心不存在' });
    return redirectWithFlash(c, `/centers/${center.id}`, `已保存交易中心 ${after.name}`);
  } catch (e) {
    if (!(e instanceof FieldProblem)) throw e;
    return render({ [e.field]: e.message });
  }
});
