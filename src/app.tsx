import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { serveStatic } from '@hono/node-server/serve-static';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorPage } from '../views/layout';
import { allowPublic } from './auth/access';
import { authRoutes } from './auth/routes';
import { hashToken, loadApiToken, loadSession, SESSION_COOKIE } from './auth/sessions';
import type { Db } from './db';
import { homeRoutes } from './home/routes';
import { page } from './lib/render';
import type { AppEnv, AppOptions } from './types';
import { parcelRoutes } from './parcels/routes';
import { applicationRoutes, bidderRoutes, depositRoutes } from './bidders/routes';
import { transferRoutes } from './transfers/routes';
import { announcementRoutes } from './announcements/routes';
import { agencyRoutes } from './agencies/routes';
import { centerRoutes } from './centers/routes';
import { adminRoutes } from './admin/routes';
import { ledgerRoutes } from './ledger/routes';
import { projectRoutes } from './funds/projects-routes';
import { paymentRoutes } from './funds/payments-routes';
import { feeRoutes } from './fees/routes';
import { revenueRoutes } from './revenue/routes';
import { warningRoutes } from './warnings/routes';
import { monitoringRoutes } from './monitoring/routes';
import { performanceRoutes } from './performance/routes';
import { indicatorRoutes } from './performance/indicator-routes';
import { performanceExportRoutes } from './performance/export-routes';
import { apiRoutes } from './api/routes';
import { surveyRoutes } from './surveys/routes';
import { portalRoutes } from './portal/routes';
import { publicRoutes } from './public/routes';
import { isApiPath, jsonError } from './api/json';
import { redactedError } from './lib/log';
import { contractRoutes } from './contracts/routes';
import { contractLedgerRoutes } from './contracts/ledger-routes';
import { statisticsRoutes } from './statistics/routes';
import { serviceFeeRoutes } from './service-fees/routes';

// serveStatic joins its root with the whole request path (/static/…), so the root is the project folder.
const staticRoot = relative(process.cwd(), join(dirname(fileURLToPath(import.meta.url)), '..')) || '.';

export const MAX_BODY = 1024 * 1024;
export const MAX_UPLOAD = 20 * 1024 * 1024;

export function createApp({ db, options }: { db: Db; options: AppOptions }) {
  const app = new Hono<AppEnv>();

  app.use(secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"], baseUri: ["'none'"], objectSrc: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
  }));

  app.get('/static/*', allowPublic, async (c, next) => {
    await next();
    if (c.res.ok) c.header('Cache-Control', 'public, max-age=3600');
  }, serveStatic({ root: staticRoot }));

  // Uploads may be large; every other body is small. Both answer 413 with a message.
  app.use('*', async (c, next) => {
    const max = c.req.path.startsWith('/ledger/') ? MAX_UPLOAD : MAX_BODY;
    return bodyLimit({
      maxSize: max,
      onError: () => { throw new HTTPException(413, { message: `提交的内容过大（上限 ${max / 1024 / 1024} MB）` }); },
    })(c, next);
  });

  // CSRF: a state-changing request must come from a page of this server, as its Origin says.
  app.use('*', async (c, next) => {
    if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) {
      const origin = c.req.header('Origin');
      const expected = options.publicOrigin ?? new URL(c.req.url).origin;
      if (!origin || origin !== expected) throw new HTTPException(403, { message: '请求来源校验失败：请从本系统的页面提交表单' });
    }
    await next();
  });

  app.use('*', async (c, next) => {
    c.set('db', db);
    c.set('options', options);
    c.set('user', null);
    c.set('scope', null);
    c.set('sessionHash', null);
    c.set('isDemo', false);
    // The JSON API also takes an API token (Authorization: Bearer …), acting as its user; HTML
    // routes never do, so a leaked token cannot drive the pages. A token that is given but bad
    // is refused outright rather than falling back to the session cookie.
    const authorization = isApiPath(c.req.path) ? c.req.header('Authorization') : undefined;
    const token = getCookie(c, SESSION_COOKIE);
    if (authorization !== undefined) {
      const bearer = /^Bearer +(\S{1,200})$/i.exec(authorization.trim())?.[1];
      const p = bearer ? await loadApiToken(db, hashToken(bearer)) : null;
      if (!p) throw new HTTPException(401, { message: 'API令牌无效、已吊销或其用户已停用' });
      c.set('isDemo', p.isDemo);
      c.set('user', p.user);
      c.set('scope', p.scope);
    } else if (token && token.length < 200) {
      const hash = hashToken(token);
      const s = await loadSession(db, hash, options);
      if (s) {
        c.set('isDemo', s.isDemo);
        c.set('user', s.user);
        c.set('scope', s.scope);
        c.set('sessionHash', hash);
      }
    }
    await next();
    if (c.get('user')) c.header('Cache-Control', 'no-store');
    c.header('Vary', 'HX-Request, HX-Target', { append: true });
  });

  app.route('/', authRoutes);
  app.route('/', homeRoutes);
  app.route('/parcels', parcelRoutes);
  app.route('/transfers', transferRoutes);
  app.route('/transfers', applicationRoutes);
  app.route('/transfers', contractRoutes);
  app.route('/contracts', contractLedgerRoutes);
  app.route('/statistics', statisticsRoutes);
  app.route('/service-fees', serviceFeeRoutes);
  app.route('/bidders', bidderRoutes);
  app.route('/deposits', depositRoutes);
  app.route('/announcements', announcementRoutes);
  app.route('/agencies', agencyRoutes);
  app.route('/centers', centerRoutes);
  app.route('/admin', adminRoutes);
  app.route('/ledger', ledgerRoutes);
  app.route('/projects', projectRoutes);
  app.route('/projects', performanceRoutes);
  app.route('/projects', indicatorRoutes);
  app.route('/projects', performanceExportRoutes);
  app.route('/payments', paymentRoutes);
  app.route('/fees', feeRoutes);
  app.route('/revenue', revenueRoutes);
  app.route('/warnings', warningRoutes);
  app.route('/monitoring', monitoringRoutes);
  app.route('/api/v1', apiRoutes);
  app.route('/surveys', surveyRoutes);
  app.route('/portal', portalRoutes);
  app.route('/public', publicRoutes);

  app.notFound((c) => (isApiPath(c.req.path)
    ? jsonError(c, 404, '接口不存在')
    : page(c, '未找到', <ErrorPage status={404} message="您要找的页面不存在。" />, 404)));

  app.onError((err, c) => {
    const status = err instanceof HTTPException ? err.status : 500;
    if (status >= 500) console.error(redactedError(err));
    const message = status >= 500 ? '服务器内部错误，请稍后重试；如持续出现请联系管理员。' : err.message || '请求有误';
    // An error may come before the session is read (413, origin check, database down): never kept by a cache.
    c.header('Cache-Control', 'no-store');
    // The API answers every error as JSON, and 401 with the scheme it expects (never a redirect).
    if (isApiPath(c.req.path)) {
      if (status === 401) c.header('WWW-Authenticate', 'Bearer realm="transfer-ledger"');
      return jsonError(c, status as 400, message);
    }
    // A partial request gets a small fragment into #flash, so an error never lands inside a table cell.
    if (c.req.header('HX-Request') === 'true') {
      c.header('HX-Retarget', '#flash');
      c.header('HX-Reswap', 'innerHTML');
      return c.html(<p class="flash error">{message}</p>, status as 400);
    }
    return page(c, '出错了', <ErrorPage status={status} message={message} />, status as 500);
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
