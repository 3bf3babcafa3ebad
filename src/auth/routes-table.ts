import { roles, type Role } from '../../db/schema';
import type { App } from '../app';
import { accessRules } from './access';

export interface RouteRule { method: string; path: string; roles: readonly Role[] | 'public' | null }

/** Every route of the app with the roles its `allow(...)` declares (null: none declared — a bug). */
export function routeTable(app: App): RouteRule[] {
  const byRoute = new Map<string, RouteRule>();
  for (const r of app.routes) {
    if (r.method === 'ALL') continue; // app.use middleware
    const key = `${r.method} ${r.path}`;
    const rule = accessRules.get(r.handler) ?? null;
    const prev = byRoute.get(key);
    if (!prev) byRoute.set(key, { method: r.method, path: r.path, roles: rule });
    else if (prev.roles === null && rule) prev.roles = rule;
  }
  return [...byRoute.values()];
}

export function routeTableMarkdown(app: App): string {
  const head = `| 方法 | 路径 | ${roles.join(' | ')} |\n|---|---|${roles.map(() => '---').join('|')}|`;
  const rows = routeTable(app).map((r) => {
    const cells = roles.map((role) => (r.roles === 'public' || r.roles?.includes(role) ? '✓' : ''));
    return `| ${r.method} | \`${r.path}\`${r.roles === 'public' ? '（公开）' : ''} | ${cells.join(' | ')} |`;
  });
  return [head, ...rows].join('\n');
}

const START = '<!-- routes:start -->';
const END = '<!-- routes:end -->';

export function replaceRoutesSection(readme: string, table: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error('README.md has no routes markers');
  return `${readme.slice(0, a + START.length)}\n${table}\n${readme.slice(b)}`;
}
