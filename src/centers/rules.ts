// Pure tree rules for trading centers: building the hierarchy for display and deciding
// whether a parent may be chosen. The cycle check itself runs in SQL (see queries.ts),
// because it must see every center, not only the admin's scope.

export interface TreeRow { id: number; code: string; parent_id: number | null }
export interface TreeNode<T extends TreeRow> { center: T; children: TreeNode<T>[] }

/**
 * Builds the forest of the given centers. A center whose parent is not among the rows (the
 * admin's own center, whose parent lies outside their scope) becomes a root.
 */
export function buildTree<T extends TreeRow>(rows: readonly T[]): TreeNode<T>[] {
  const nodes = new Map(rows.map((r) => [r.id, { center: r, children: [] as TreeNode<T>[] }]));
  const roots: TreeNode<T>[] = [];
  for (const node of nodes.values()) {
    const parent = node.center.parent_id === null ? undefined : nodes.get(node.center.parent_id);
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: TreeNode<T>[]) => {
    list.sort((a, b) => a.center.code.localeCompare(b.center.code));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

/** The tree in display order with each center's depth, e.g. for an indented <select>. */
export function flattenTree<T extends TreeRow>(roots: readonly TreeNode<T>[], depth = 0): { center: T; depth: number }[] {
  return roots.flatMap((n) => [{ center: n.center, depth }, ...flattenTree(n.children, depth + 1)]);
}

/** The ids of a center and everything below it, among the given rows. */
export function subtreeIds<T extends TreeRow>(rows: readonly T[], id: number): Set<number> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of rows) {
      if (r.parent_id !== null && out.has(r.parent_id) && !out.has(r.id)) { out.add(r.id); grew = true; }
    }
  }
  return out;
}

/**
 * Whether `next` may be a center's parent. Keeping the current parent is always allowed (the
 * admin's own center keeps a parent outside their scope, or none); any other parent must be a
 * center the admin administers. `current` is undefined for a new center, which needs a parent.
 */
export function parentProblem(scopeIds: readonly number[], current: number | null | undefined, next: number | null): string | null {
  if (current !== undefined && next === current) return null;
  if (next === null) return '请选择上级中心';
  if (!scopeIds.includes(next)) return '请选择您管辖范围内的上级中心';
  return null;
}
