/** Query-string helpers for list pages: every link keeps the current filters. */
export function withQuery(path: string, params: Record<string, string | number | undefined>, change: Record<string, string | number | undefined>) {
  const merged = { ...params, ...change };
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

export function SortHeader(p: { path: string; params: Record<string, string | number | undefined>; sort: string; current: string; dir: string; label: string }) {
  const active = p.sort === p.current;
  const nextDir = active && p.dir === 'asc' ? 'desc' : 'asc';
  return (
    <th aria-sort={active ? (p.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <a href={withQuery(p.path, p.params, { sort: p.sort, dir: nextDir, page: undefined })}>
        {p.label}{active ? (p.dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </a>
    </th>
  );
}

export function Pagination(p: { path: string; params: Record<string, string | number | undefined>; page: number; total: number; pageSize: number }) {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  return (
    <nav class="pagination" aria-label="分页">
      <span>共 {p.total} 条，第 {Math.min(p.page, pages)} / {pages} 页</span>
      {p.page > 1 && <a href={withQuery(p.path, p.params, { page: p.page - 1 })} rel="prev">上一页</a>}
      {p.page < pages && <a href={withQuery(p.path, p.params, { page: p.page + 1 })} rel="next">下一页</a>}
    </nav>
  );
}
