import { duties, roles } from '../../db/schema';
import type { User } from '../../src/admin/user-queries';
import { Field, FieldError, FormErrors, SelectField, type Errors, type Values } from '../components/form';
import { ROLE_LABELS } from '../layout';

export interface Option { value: string; label: string }

const roleOptions = roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

function ProfileFields({ values, errors, centers, agencies, validate }: { values: Values; errors: Errors; centers: Option[]; agencies: Option[]; validate?: string }) {
  return (
    <>
      <Field name="display_name" label="姓名" values={values} errors={errors} required validate={validate} />
      <SelectField name="role" label="角色" options={roleOptions} values={values} errors={errors} required validate={validate} />
      <SelectField name="center_id" label="所属交易中心" options={centers} values={values} errors={errors} required blank="请选择" validate={validate} />
      <SelectField name="agency_id" label="拍卖机构" options={agencies} values={values} errors={errors} blank="（无）"
        hint="仅“拍卖机构”角色必选，其他角色请留空" validate={validate} />
      <DutyChecks values={values} errors={errors} />
    </>
  );
}

/** The approval duties (users.duties): which step of a payment's chain this user signs. */
function DutyChecks({ values, errors }: { values: Values; errors: Errors }) {
  const v = values.duties;
  const checked = new Set(Array.isArray(v) ? v : v ? [v] : []);
  const err = errors.duties;
  return (
    <fieldset class={`field checks${err ? ' has-error' : ''}`} aria-describedby="err-duties">
      <legend>审批职责</legend>
      {duties.map((d) => (
        <label class="check"><input type="checkbox" name="duties" value={d} checked={checked.has(d)} /> {d}</label>
      ))}
      <small class="hint">支付审批中由其签字的步骤；仅“财务科”或“分管领导”角色可以担任</small>
      <FieldError name="duties" error={err} />
    </fieldset>
  );
}

export function NewUserForm({ values, errors, centers, agencies }: { values: Values; errors: Errors; centers: Option[]; agencies: Option[] }) {
  const v = '/admin/users/new/validate';
  return (
    <section>
      <h1>新增用户</h1>
      <FormErrors errors={errors} />
      <form method="post" action="/admin/users" class="grid-form" novalidate>
        <fieldset>
          <legend>账号</legend>
          <Field name="username" label="用户名" values={values} errors={errors} required validate={v} autocomplete="off"
            hint="3–50位小写字母、数字、“.”、“_”或“-”，创建后不能修改" />
          <ProfileFields values={values} errors={errors} centers={centers} agencies={agencies} validate={v} />
        </fieldset>
        <fieldset>
          <legend>初始密码</legend>
          <Field name="password" label="密码" type="password" values={{}} errors={errors} required autocomplete="new-password" hint="至少10个字符" />
          <Field name="password_confirm" label="再次输入密码" type="password" values={{}} errors={errors} required autocomplete="new-password" />
        </fieldset>
        <div class="actions"><button type="submit" class="primary">保存</button><a href="/admin/users">取消</a></div>
      </form>
    </section>
  );
}

export function EditUserForm({ user, values, errors, centers, agencies }: { user: User; values: Values; errors: Errors; centers: Option[]; agencies: Option[] }) {
  const err = errors.active;
  return (
    <section>
      <div class="page-head">
        <h1>修改用户 {user.username}</h1>
        <div class="actions">
          <a class="button" href={`/admin/users/${user.id}/password`}>重置密码</a>
          <a class="button" href={`/admin/audit?entity=user&entity_id=${user.id}`}>修改记录</a>
        </div>
      </div>
      <FormErrors errors={errors} />
      <form method="post" action={`/admin/users/${user.id}`} class="grid-form" novalidate>
        <fieldset>
          <legend>账号</legend>
          <dl class="facts"><dt>用户名</dt><dd>{user.username}</dd></dl>
          <ProfileFields values={values} errors={errors} centers={centers} agencies={agencies} />
          <div class={`field${err ? ' has-error' : ''}`}>
            <label for="f-active">
              <input id="f-active" type="checkbox" name="active" value="1" checked={values.active === '1'} aria-describedby="err-active" /> 启用
            </label>
            <small class="hint">停用后该用户立即退出登录，且不能再登录</small>
            <FieldError name="active" error={err} />
          </div>
        </fieldset>
        <div class="actions"><button type="submit" class="primary">保存</button><a href="/admin/users">取消</a></div>
      </form>
    </section>
  );
}
