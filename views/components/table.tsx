import type { Child } from 'hono/jsx';

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

/**
 * A list page's filter form: a plain GET form without JavaScript; with htmx, a change swaps just
 * the results fragment (#target) and the URL follows, so the filtered list can be bookmarked.
 */
export function FilterForm(p: { path: string; target: string; search?: boolean; sort?: string; dir?: string; children: Child }) {
  return (
    <form class="filters" method="get" action={p.path} role="search"
      hx-get={p.path} hx-target={`#${p.target}`} hx-swap="outerHTML" hx-push-url="true"
      hx-trigger={p.search ? 'change, input from:#q delay:400ms, submit' : 'change, submit'}>
      {p.children}
      {p.sort && <input type="hidden" name="sort" value={p.sort} />}
      {p.dir && <input type="hidden" name="dir" value={p.dir} />}
      <button type="submit">筛选</button>
      <a href={p.path}>清除</a>
    </form>
  );
}

/** What every sorted, paged list page is given; each page adds its own choices. */
export interface ListPageProps<R> {
  rows: R[];
  total: number;
  params: Record<string, string | number | undefined>;
  sort: string;
  dir: string;
  page: number;
  pageSize: number;
}
