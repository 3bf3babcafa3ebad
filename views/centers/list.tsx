import type { CenterRow } from '../../src/centers/queries';
import type { TreeNode } from '../../src/centers/rules';

export function CenterListPage({ tree }: { tree: TreeNode<CenterRow>[] }) {
  return (
    <section>
      <div class="page-head">
        <h1>交易中心</h1>
        <div class="actions"><a class="button primary" href="/centers/new">新增交易中心</a></div>
      </div>
      <p class="muted">您管辖的交易中心及其下级中心。数量为各中心自身的记录，不含下级中心。</p>
      {tree.length === 0 ? <p class="empty">没有交易中心</p> : <CenterTree nodes={tree} />}
    </section>
  );
}

function CenterTree({ nodes }: { nodes: TreeNode<CenterRow>[] }) {
  return (
    <ul class="tree">
      {nodes.map(({ center: c, children }) => (
        <li>
          <a href={`/centers/${c.id}`}>{c.name}</a> <span class="muted">{c.code} · {c.level}级 · 标的 {c.parcels} · 出让活动 {c.transfers} · 用户 {c.users}</span>
          {children.length > 0 && <CenterTree nodes={children} />}
        </li>
      ))}
    </ul>
  );
}
