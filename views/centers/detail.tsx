import type { Center, centerCounts, childCenters } from '../../src/centers/queries';
import { formatDateTime } from '../../src/lib/dates';

type Counts = Awaited<ReturnType<typeof centerCounts>>;
type Subcenter = Awaited<ReturnType<typeof childCenters>>[number];

export function CenterDetailPage({ center: c, counts, subcenters, parentInScope }: { center: Center; counts: Counts; subcenters: Subcenter[]; parentInScope: boolean }) {
  return (
    <section>
      <div class="page-head">
        <h1>{c.name} <span class="muted">{c.code}</span></h1>
        <div class="actions">
          <a class="button" href={`/centers/${c.id}/edit`}>修改</a>
          <a class="button primary" href={`/centers/new?parent=${c.id}`}>新增下级中心</a>
        </div>
      </div>
      <dl class="facts">
        <dt>编码</dt><dd>{c.code}</dd>
        <dt>级别</dt><dd>{c.level}</dd>
        <dt>上级中心</dt>
        <dd>{c.parentId === null ? '—' : parentInScope ? <a href={`/centers/${c.parentId}`}>{c.parentName}</a> : c.parentName}</dd>
        <dt>创建时间</dt><dd>{formatDateTime(c.createdAt)}</dd>
        <dt>标的</dt><dd class="num">{counts.parcels}</dd>
        <dt>出让活动</dt><dd class="num">{counts.transfers}</dd>
        <dt>用户</dt><dd class="num"><a href={`/admin/users?center=${c.id}`}>{counts.users}</a>（启用 {counts.active_users}）</dd>
      </dl>

      <h2>下级中心</h2>
      <table class="data">
        <thead><tr><th>编码</th><th>名称</th><th>级别</th></tr></thead>
        <tbody>
          {subcenters.length === 0 && <tr><td colspan={3} class="empty">无下级中心</td></tr>}
          {subcenters.map((k) => <tr><td>{k.code}</td><td><a href={`/centers/${k.id}`}>{k.name}</a></td><td>{k.level}</td></tr>)}
        </tbody>
      </table>
      <p><a href={`/admin/audit?entity=center&entity_id=${c.id}`}>查看本中心的修改记录</a></p>
    </section>
  );
}
