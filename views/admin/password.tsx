import type { User } from '../../src/admin/user-queries';
import { Field, FormErrors, type Errors } from '../components/form';

export function PasswordForm({ user, errors }: { user: User; errors: Errors }) {
  return (
    <section>
      <h1>重置密码：{user.displayName}（{user.username}）</h1>
      <p class="muted">设置新密码后，该用户在所有设备上的登录立即失效，需要用新密码重新登录。</p>
      <FormErrors errors={errors} />
      <form method="post" action={`/admin/users/${user.id}/password`} class="grid-form" novalidate>
        <fieldset>
          <legend>新密码</legend>
          <Field name="password" label="新密码" type="password" values={{}} errors={errors} required autocomplete="new-password" hint="至少10个字符" />
          <Field name="password_confirm" label="再次输入新密码" type="password" values={{}} errors={errors} required autocomplete="new-password" />
        </fieldset>
        <div class="actions"><button type="submit" class="primary">重置密码</button><a href={`/admin/users/${user.id}/edit`}>取消</a></div>
      </form>
    </section>
  );
}
