import { roles } from '../../db/schema';
import type { UserListRow } from '../../src/admin/user-queries';
import { Pagination, withQuery, FilterForm } from '../components/table';
import { ROLE_LABELS } from '../layout';

export interface UserListProps {
  rows: UserListRow[];
  total: number;
  page: number;
  pageSize: number;
  params: Record<string, string | number | undefined>;
  centers: { value: string; label: string }[];
}

export function UserListPage(p: UserListProps) {
  const v = p.params;
  return (
    <section>
      <div class="page-head">
        <h1>用户</h1>
        <div class="actions"><a class="button primary" href="/admin/users/new">新增用户</a></div>
      </div>
      <FilterForm path="/admin/users" target="user-results" search>
        <label>交易中心 <select name="center"><option value="">全部</option>
          {p.centers.map((c) => <option value={c.value} selected={String(v.center ?? '') === c.value}>{c.label}</option>)}</select></label>
        <label>角色 <select name="role"><option value="">全部</option>
          {roles.map((r) => <option value={r} selected={v.role === r}>{ROLE_LABELS[r]}</option>)}</select></label>
        <label>状态 <select name="status"><option value="">全部</option>
          <option value="active" selected={v.status === 'active'}>启用</option>
          <option value="inactive" selected={v.status === 'inactive'}>停用</option></select></label>
        <label>关键词 <input id="q" type="search" name="q" value={String(v.q ?? '')} placeholder="用户名或姓名" /></label>
      </FilterForm>
      <UserResults {...p} />
    </section>
  );
}

/** The fragment htmx swaps when a filter changes. */
export function UserResults(p: UserListProps) {
  return (
    <div id="user-results">
      <table class="data">
        <thead><tr><th>用户名</th><th>姓名</th><th>角色</th><th>交易中心</th><th>拍卖机构</th><th>状态</th><th></th></tr></thead>
        <tbody>
          {p.rows.length === 0 && <tr><td colspan={7} class="empty">没有符合条件的用户</td></tr>}
          {p.rows.map((u) => (
            <tr class={u.active ? undefined : 'muted'}>
              <td><a href={`/admin/users/${u.id}/edit`}>{u.username}</a></td>
              <td>{u.displayName}</td>
              <td>{ROLE_LABELS[u.role]}</td>
              <td>{u.centerName}</td>
              <td>{u.agencyName ?? ''}</td>
              <td>{u.active ? '启用' : '停用'}</td>
              <td><a href={withQuery('/admin/audit', {}, { entity: 'user', entity_id: u.id })}>记录</a></td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination path="/admin/users" params={p.params} page={p.page} total={p.total} pageSize={p.pageSize} />
    </div>
  );
}
