import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import type { Role } from '../../db/schema';
import type { AppEnv, CurrentUser, Scope } from '../types';

/**
 * Every route declares who may use it with `allow(...)` (or `allowPublic`) as its first
 * middleware. The declarations are kept here so the route × role table is generated from
 * the app itself (tests check every route against it).
 */
export const accessRules = new WeakMap<object, readonly Role[] | 'public'>();

export function allow(...roles: Role[]) {
  const mw = createMiddleware<AppEnv>(async (c, next) => {
    const user = c.get('user');
    if (!user) {
      const url = new URL(c.req.url);
      if (c.req.method !== 'GET' || c.req.header('HX-Request')) {
        throw new HTTPException(401, { message: '请先登录' });
      }
      return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
    }
    if (!roles.includes(user.role)) throw new HTTPException(403, { message: '您的角色无权访问此页面' });
    await next();
  });
  accessRules.set(mw, roles);
  return mw;
}

export const allowPublic = createMiddleware<AppEnv>(async (_c, next) => next());
accessRules.set(allowPublic, 'public');

// Named groups, so a route reads as a sentence.
export const STAFF_READ: Role[] = ['admin', 'staff', 'finance', 'leader'];
export const STAFF_WRITE: Role[] = ['admin', 'staff'];
/** 保证金 is kept by the center's 保证金管理科: trading staff or finance record its receipts and dispositions. */
export const DEPOSIT_WRITE: Role[] = ['admin', 'staff', 'finance'];
/** What the 国库 or 税务 collected of a contract's price is finance's record. */
export const COLLECTION_WRITE: Role[] = ['admin', 'finance'];

/** One-line predicates that views reuse to show or hide actions. */
export const can = {
  editTrading: (u: CurrentUser | null) => !!u && STAFF_WRITE.includes(u.role),
  administer: (u: CurrentUser | null) => u?.role === 'admin',
  recordDeposits: (u: CurrentUser | null) => !!u && DEPOSIT_WRITE.includes(u.role),
  recordCollections: (u: CurrentUser | null) => !!u && COLLECTION_WRITE.includes(u.role),
};

/** The signed-in user and scope of a route that `allow` has guarded. */
export function who(c: { get(k: 'user'): CurrentUser | null; get(k: 'scope'): Scope | null }) {
  const user = c.get('user');
  const scope = c.get('scope');
  if (!user || !scope) throw new HTTPException(401, { message: '请先登录' });
  return { user, scope };
}

/** A record outside the user's centers is "not found", never "forbidden": its existence is not told. */
export function assertInScope(scope: Scope, centerId: number | null | undefined) {
  if (centerId == null || !scope.centerIds.includes(centerId)) throw new HTTPException(404, { message: '记录不存在' });
}

/** Who an audit event names. */
export const actor = (u: CurrentUser) => ({ userId: u.id, name: u.username });
