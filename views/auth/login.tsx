import { Field, type Errors, type Values } from '../components/form';

export function LoginPage({ values, errors, next, message }: { values: Values; errors: Errors; next: string; message?: string }) {
  return (
    <section class="login">
      <h1>出让台账 · 登录</h1>
      <p class="muted">土地、矿业权出让台账与工作经费绩效管理</p>
      {message && <p class="form-errors" role="alert">{message}</p>}
      <form method="post" action="/login" class="stack">
        <input type="hidden" name="next" value={next} />
        <Field name="username" label="用户名" values={values} errors={errors} required autocomplete="username" />
        <Field name="password" label="密码" type="password" values={{}} errors={errors} required autocomplete="current-password" />
        <button type="submit" class="primary">登录</button>
      </form>
      <p class="muted"><a href="/public">查看出让公告与成交结果公示（无需登录）</a></p>
    </section>
  );
}
