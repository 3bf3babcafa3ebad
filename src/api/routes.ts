// The JSON API (/api/v1), for a signed-in session or an API token (the session middleware in
// app.tsx sets the user either way). Every answer is JSON, errors included (app.tsx onError).
import { Hono } from 'hono';
import { API_ROLES } from './access';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { allow, who } from '../auth/access';
import { findProjectByKey, performanceReport, reportJson } from '../performance/report';
import type { AppEnv, Scope } from '../types';
import { jsonBody } from './json';
import { listVisibleProjects } from './queries';

export const apiRoutes = new Hono<AppEnv>();

const REPORT_ROLES = API_ROLES;

// `allow` sends a stranger's GET to the sign-in page; a program wants 401 instead, so the API
// answers it before any route does. (An `app.use`, so it is not a route of the access table.)
apiRoutes.use('*', createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get('user')) throw new HTTPException(401, { message: '请先登录，或在 Authorization 头中提供 API 令牌（Bearer）' });
  await next();
}));

const bad = (message: string) => new HTTPException(400, { message });

/** A query parameter as given, or a 400 naming it when it is missing and required. */
function param(q: Record<string, string>, name: string, label: string, required: true): string;
function param(q: Record<string, string>, name: string, label: string, required: false): string | undefined;
function param(q: Record<string, string>, name: string, label: string, required: boolean) {
  const v = q[name]?.trim();
  if (!v) {
    if (required) throw bad(`缺少参数 ${name}（${label}）`);
    return undefined;
  }
  if (v.length > 200 || /[\u0000-\u001f\u007f]/.test(v)) throw bad(`参数 ${name}（${label}）无效`);
  return v;
}

function yearParam(v: string | undefined) {
  if (v === undefined) return undefined;
  const n = /^\d{4}$/.test(v) ? Number(v) : NaN;
  if (!(n >= 1990 && n <= 2200)) throw bad('参数 year（年度）应为 1990–2200 之间的整数');
  return n;
}

/** A center of the caller's scope by code; one outside it is as unknown as one that does not exist. */
function centerInScope(scope: Scope, code: string) {
  const center = scope.centers.find((c) => c.code === code);
  if (!center) throw new HTTPException(404, { message: `交易中心 ${code} 不存在` });
  return center;
}

apiRoutes.get('/performance', allow(...REPORT_ROLES), async (c) => {
  const { scope } = who(c);
  const q = c.req.query();
  const code = param(q, 'center', '交易中心编码', true);
  const year = yearParam(param(q, 'year', '年度', true))!;
  const name = param(q, 'project', '项目名称', true);
  const center = centerInScope(scope, code);
  const db = c.get('db');
  const found = await findProjectByKey(db, center.code, year, name);
  if (!found || !scope.centerIds.includes(found.center_id)) {
    throw new HTTPException(404, { message: `${center.code} ${year}年没有名为“${name}”的项目` });
  }
  const report = await performanceReport(db, found.id);
  if (!report) throw new HTTPException(404, { message: '项目不存在' });
  return jsonBody(c, reportJson(report));
});

apiRoutes.get('/projects', allow(...REPORT_ROLES), async (c) => {
  const { scope } = who(c);
  const q = c.req.query();
  const code = param(q, 'center', '交易中心编码', false);
  const year = yearParam(param(q, 'year', '年度', false));
  const centerIds = code ? [centerInScope(scope, code).id] : scope.centerIds;
  const projects = await listVisibleProjects(c.get('db'), centerIds, year);
  return jsonBody(c, { projects });
});

// An unknown path under /api/v1 is a JSON 404 too (the app's own not-found page is HTML).
apiRoutes.all('*', () => {
  throw new HTTPException(404, { message: '没有这个接口' });
});
