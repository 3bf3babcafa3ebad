import type { AuditRow } from '../../src/admin/queries';
import { ACTION_LABELS, auditChanges, ENTITY_LABELS } from '../../src/admin/rules';
import { formatDateTime } from '../../src/lib/dates';
import { Pagination, withQuery, FilterForm } from '../components/table';

export interface AuditListProps {
  rows: AuditRow[];
  total: number;
  page: number;
  pageSize: number;
  params: Record<string, string | number | undefined>;
}

export function AuditPage(p: AuditListProps) {
  const v = p.params;
  return (
    <section>
      <div class="page-head">
        <h1>审计日志</h1>
        <div class="actions"><a class="button" href={withQuery('/admin/audit/export.csv', v, { page: undefined })}>导出 CSV</a></div>
      </div>
      <FilterForm path="/admin/audit" target="audit-results">
        <label>对象 <select name="entity"><option value="">全部</option>
          {Object.entries(ENTITY_LABELS).map(([k, label]) => <option value={k} selected={v.entity === k}>{label}</option>)}</select></label>
        <label>记录编号 <input type="text" name="entity_id" value={String(v.entity_id ?? '')} inputmode="numeric" /></label>
        <label>操作人 <input type="text" name="actor" value={String(v.actor ?? '')} placeholder="用户名" /></label>
        <label>起始日期 <input type="date" name="from" value={String(v.from ?? '')} /></label>
        <label>截止日期 <input type="date" name="to" value={String(v.to ?? '')} /></label>
      </FilterForm>
      <AuditResults {...p} />
    </section>
  );
}

/** The fragment htmx swaps when a filter changes. */
export function AuditResults(p: AuditListProps) {
  return (
    <div id="audit-results">
      <table class="data audit">
        <thead><tr><th>时间</th><th>操作人</th><th>操作</th><th>对象</th><th>编号</th><th>交易中心</th><th>说明</th><th>变更内容</th></tr></thead>
        <tbody>
          {p.rows.length === 0 && <tr><td colspan={8} class="empty">没有符合条件的记录</td></tr>}
          {p.rows.map((e) => (
            <tr>
              <td>{formatDateTime(e.at)}</td>
              <td>{e.actor}</td>
              <td>{ACTION_LABELS[e.action] ?? e.action}</td>
              <td>{ENTITY_LABELS[e.entity] ?? e.entity}</td>
              <td>{e.entityId}</td>
              <td>{e.centerName ?? '—'}</td>
              <td>{e.note ?? ''}</td>
              <td><Changes before={e.before} after={e.after} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination path="/admin/audit" params={p.params} page={p.page} total={p.total} pageSize={p.pageSize} />
    </div>
  );
}

function Changes({ before, after }: { before: unknown; after: unknown }) {
  const changes = auditChanges(before, after);
  if (changes.length === 0) return <span class="muted">—</span>;
  return (
    <dl class="diff">
      {changes.map((ch) => (
        <>
          <dt>{ch.key}</dt>
          <dd>
            {ch.before !== undefined && <del>{ch.before}</del>}
            {ch.before !== undefined && ch.after !== undefined && ' → '}
            {ch.after !== undefined && <ins>{ch.after}</ins>}
          </dd>
        </>
      ))}
    </dl>
  );
}
