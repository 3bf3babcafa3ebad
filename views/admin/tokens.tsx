import type { TokenRow } from '../../src/admin/token-queries';
import { formatDateTime } from '../../src/lib/dates';
import { Field, FormErrors, SelectField, type Errors, type Values } from '../components/form';
import { ROLE_LABELS } from '../layout';

export interface Option { value: string; label: string }

const when = (d: Date | null) => (d ? formatDateTime(d) : '—');

export function TokenListPage({ rows }: { rows: TokenRow[] }) {
  return (
    <section>
      <div class="page-head">
        <h1>API令牌</h1>
        <div class="actions"><a class="button primary" href="/admin/tokens/new">签发令牌</a></div>
      </div>
      <p class="muted">
        令牌以其用户的身份、角色和交易中心范围访问 JSON 接口（<code>/api/v1/…</code>，请求头
        <code>Authorization: Bearer 令牌</code>），不能用于登录网页。系统只保存令牌的摘要，签发后无法再次查看。
      </p>
      <table class="data">
        <thead><tr><th>名称</th><th>用户</th><th>签发人</th><th>签发时间</th><th>最近使用</th><th>状态</th><th></th></tr></thead>
        <tbody>
          {rows.length === 0 && <tr><td colspan={7} class="empty">还没有签发任何令牌</td></tr>}
          {rows.map((t) => (
            <tr class={t.revokedAt ? 'muted' : undefined}>
              <td>{t.name}</td>
              <td>{t.username}（{t.displayName}，{ROLE_LABELS[t.role]}，{t.centerName}）{!t.userActive && '，已停用'}</td>
              <td>{t.createdBy ?? '—'}</td>
              <td>{when(t.createdAt)}</td>
              <td>{t.lastUsedAt ? when(t.lastUsedAt) : '从未使用'}</td>
              <td>{t.revokedAt ? `已吊销（${when(t.revokedAt)}）` : '有效'}</td>
              <td>
                {!t.revokedAt && (
                  <form method="post" action={`/admin/tokens/${t.id}/revocation`}>
                    <button type="submit" class="danger">吊销</button>
                  </form>
                )}
                <a href={`/admin/audit?entity=api_token&entity_id=${t.id}`}>记录</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function NewTokenForm({ values, errors, users }: { values: Values; errors: Errors; users: Option[] }) {
  return (
    <section>
      <h1>签发API令牌</h1>
      <FormErrors errors={errors} />
      <form method="post" action="/admin/tokens" class="grid-form" novalidate>
        <fieldset>
          <legend>令牌</legend>
          <Field name="name" label="名称" values={values} errors={errors} required autocomplete="off"
            hint="用途，如“财政局绩效系统对接”，最多50个字符" />
          <SelectField name="user_id" label="代表用户" options={users} values={values} errors={errors} required blank="请选择"
            hint="令牌以该用户的角色和交易中心范围访问接口；绩效报告接口限系统管理员、财务科和分管领导" />
        </fieldset>
        <div class="actions"><button type="submit" class="primary">签发</button><a href="/admin/tokens">取消</a></div>
      </form>
    </section>
  );
}

/** The one time a token is shown: it is not stored, so it cannot be shown again. */
export function IssuedTokenPage({ name, username, token }: { name: string; username: string; token: string }) {
  return (
    <section>
      <h1>已签发令牌“{name}”</h1>
      <div class="warning-box" role="alert">
        <p><strong>请立即复制并妥善保存此令牌。</strong>它只显示这一次：系统不保存令牌本身，离开本页后无法再次查看；遗失后只能吊销并重新签发。</p>
      </div>
      <div class="field">
        <label for="f-token">令牌（代表用户 {username}）</label>
        <input id="f-token" type="text" readonly value={token} autocomplete="off" spellcheck={false} size={60} />
      </div>
      <p class="muted">使用方式：<code>curl -H "Authorization: Bearer {token}" …/api/v1/projects</code></p>
      <p><a class="button" href="/admin/tokens">我已保存，返回令牌列表</a></p>
    </section>
  );
}
