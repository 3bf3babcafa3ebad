import { FieldProblem } from '../lib/forms';
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { roles } from '../../db/schema';
import { FieldError } from '../../views/components/form';
import { PasswordForm } from '../../views/admin/password';
import { EditUserForm, NewUserForm, type Option } from '../../views/admin/user-form';
import { UserListPage, UserResults } from '../../views/admin/users';
import { actor, allow, assertInScope, who } from '../auth/access';
import { hashPassword } from '../auth/passwords';
import { centerTreeRows } from '../centers/queries';
import { buildTree, flattenTree } from '../centers/rules';
import type { Db } from '../db';
import { fieldError, formValues, parseForm, type Errors, type Values } from '../lib/forms';
import { idParam, intParam, oneOf, textParam } from '../lib/query';
import { page, redirectWithFlash, wantsFragment } from '../lib/render';
import type { AppEnv, Scope } from '../types';
import { editUserForm, newUserForm, passwordForm } from './forms';
import { selfEditProblems } from './rules';
import {
  agencyOptions, createUser, findUser, listUsers, resetPassword, updateUser, USER_PAGE_SIZE, type User,
} from './user-queries';

export const userRoutes = new Hono<AppEnv>();

const OUT_OF_SCOPE = '请选择您管辖范围内的交易中心';

/** The selects of the user form: the admin's centers in tree order, and every agency. */
async function formOptions(db: Db, scope: Scope): Promise<{ centers: Option[]; agencies: Option[] }> {
  const [rows, agencies] = await Promise.all([centerTreeRows(db, scope.centerIds), agencyOptions(db)]);
  return {
    centers: flattenTree(buildTree(rows)).map(({ center: c, depth }) => ({ value: String(c.id), label: `${'　'.repeat(depth)}${c.name}` })),
    agencies: agencies.map((a) => ({ value: String(a.id), label: a.name })),
  };
}

userRoutes.get('/', allow('admin'), async (c) => {
  const { scope } = who(c);
  const db = c.get('db');
  const q = c.req.query();
  const f = {
    center: intParam(q.center, 1, 999999999), role: oneOf(q.role, roles), status: oneOf(q.status, ['active', 'inactive'] as const),
    q: textParam(q.q, 50), page: intParam(q.page, 1, 100000) ?? 1,
  };
  const [{ rows, total }, { centers }] = await Promise.all([listUsers(db, scope.centerIds, f), formOptions(db, scope)]);
  const props = { rows, total, page: f.page, pageSize: USER_PAGE_SIZE, centers, params: { center: f.center, role: f.role, status: f.status, q: f.q } };
  if (wantsFragment(c, 'user-results')) return c.html(<UserResults {...props} />);
  return page(c, '用户', <UserListPage {...props} />);
});

userRoutes.get('/new', allow('admin'), async (c) => {
  const { scope } = who(c);
  const options = await formOptions(c.get('db'), scope);
  return page(c, '新增用户', <NewUserForm values={{ role: 'staff', center_id: String(scope.centerId) }} errors={{}} {...options} />);
});

userRoutes.post('/new/validate', allow('admin'), async (c) => {
  const field = c.req.query('field') ?? '';
  return c.html(<FieldError name={field} error={fieldError(newUserForm, await formValues(c), field)} />);
});

userRoutes.post('/', allow('admin'), async (c) => {
  const { user, scope } = who(c);
  const db = c.get('db');
  const values = await formValues(c);
  const render = async (errors: Errors) =>
    page(c, '新增用户', <NewUserForm values={values} errors={errors} {...await formOptions(db, scope)} />, 422);
  const form = parseForm(newUserForm, values);
  if (!form.ok) return render(form.errors);
  if (!scope.centerIds.includes(form.data.center_id)) return render({ center_id: OUT_OF_SCOPE });
  try {
    const row = await createUser(db, actor(user), form.data, await hashPassword(form.data.password));
    return redirectWithFlash(c, '/admin/users', `已新增用户 ${row.username}`);
  } catch (e) {
    if (!(e instanceof FieldProblem)) throw e;
    return render({ [e.field]: e.message });
  }
});

async function loadUser(c: Context<AppEnv>, rawId: string) {
  const { scope } = who(c);
  const id = idParam(rawId);
  const target = id === null ? null : await findUser(c.get('db'), id);
  if (!target) throw new HTTPException(404, { message: '用户不存在' });
  assertInScope(scope, target.centerId);
  return target;
}

const editPage = (c: Context<AppEnv>, target: User, values: Values, errors: Errors, options: { centers: Option[]; agencies: Option[] }, status: 200 | 422 = 200) =>
  page(c, `修改用户 ${target.username}`, <EditUserForm user={target} values={values} errors={errors} {...options} />, status);

userRoutes.get('/:id/edit', allow('admin'), async (c) => {
  const { scope } = who(c);
  const target = await loadUser(c, c.req.param('id'));
  const values = {
    display_name: target.displayName, role: target.role, center_id: String(target.centerId),
    agency_id: target.agencyId === null ? '' : String(target.agencyId), active: target.active ? '1' : '',
    duties: target.duties,
  };
  return editPage(c, target, values, {}, await formOptions(c.get('db'), scope));
});

userRoutes.post('/:id', allow('admin'), async (c) => {
  const { user, scope } = who(c);
  const db = c.get('db');
  const target = await loadUser(c, c.req.param('id'));
  const values = await formValues(c);
  const render = async (errors: Errors) => editPage(c, target, values, errors, await formOptions(db, scope), 422);
  const form = parseForm(editUserForm, values);
  if (!form.ok) return render(form.errors);
  if (!scope.centerIds.includes(form.data.center_id)) return render({ center_id: OUT_OF_SCOPE });
  const self = selfEditProblems(user, target.id, form.data);
  if (Object.keys(self).length) return render(self);
  try {
    const after = await updateUser(db, actor(user), target.id, form.data);
    if (!after) throw new HTTPException(404, { message: '用户不存在' });
    return redirectWithFlash(c, '/admin/users', after.active ? `已保存用户 ${after.username}` : `已保存并停用用户 ${after.username}`);
  } catch (e) {
    if (!(e instanceof FieldProblem)) throw e;
    return render({ [e.field]: e.message });
  }
});

// The password is its own nested resource: resetting it is a separate act from editing the profile.
userRoutes.get('/:id/password', allow('admin'), async (c) => {
  const target = await loadUser(c, c.req.param('id'));
  return page(c, `重置密码 ${target.username}`, <PasswordForm user={target} errors={{}} />);
});

userRoutes.post('/:id/password', allow('admin'), async (c) => {
  const { user } = who(c);
  const target = await loadUser(c, c.req.param('id'));
  const form = parseForm(passwordForm, await formValues(c));
  if (!form.ok) return page(c, `重置密码 ${target.username}`, <PasswordForm user={target} errors={form.errors} />, 422);
  // Admins resetting their own password stay signed in here; every other session of theirs ends.
  const keep = target.id === user.id ? c.get('sessionHash') : null;
  await resetPassword(c.get('db'), actor(user), target.id, await hashPassword(form.data.password), keep);
  return redirectWithFlash(c, `/admin/users/${target.id}/edit`, `已重置 ${target.username} 的密码，其原有登录已全部失效`);
});
