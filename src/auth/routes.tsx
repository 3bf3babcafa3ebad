import { eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { getConnInfo } from '@hono/node-server/conninfo';
import { z } from 'zod';
import { users } from '../../db/schema';
import { LoginPage } from '../../views/auth/login';
import { recordAudit } from '../audit/queries';
import { formValues, parseForm } from '../lib/forms';
import { page } from '../lib/render';
import type { AppEnv } from '../types';
import { allow, allowPublic, who } from './access';
import { burnVerify, verifyPassword } from './passwords';
import {
  clearFailures, createSession, destroySession, registerAttempt, SESSION_COOKIE, setSessionContext,
} from './sessions';
import type { Db } from '../db';

export const authRoutes = new Hono<AppEnv>();

const loginForm = z.object({
  username: z.string({ error: '请填写用户名' }).trim().min(1, '请填写用户名').max(100, '用户名过长'),
  password: z.string({ error: '请填写密码' }).min(1, '请填写密码').max(200, '密码过长'),
  next: z.string().optional(),
});

/**
 * Only a path of this site may be a post-login destination (no open redirect): browsers drop
 * tabs and newlines from URLs, so "/\t/evil" would become "//evil" — such characters are refused,
 * and what remains must resolve to this origin.
 */
export function safeNext(n: unknown): string {
  if (typeof n !== 'string' || !n.startsWith('/') || /[\x00-\x1f\x7f\\]/.test(n)) return '/';
  try {
    const u = new URL(n, 'http://self.invalid');
    return u.origin === 'http://self.invalid' ? u.pathname + u.search : '/';
  } catch {
    return '/';
  }
}

function clientIp(c: Parameters<typeof getConnInfo>[0]): string {
  try { return getConnInfo(c).remote.address ?? 'unknown'; } catch { return 'unknown'; }
}

authRoutes.get('/login', allowPublic, (c) => {
  if (c.get('user')) return c.redirect('/', 303);
  return page(c, '登录', <LoginPage values={{}} errors={{}} next={safeNext(c.req.query('next'))} />);
});

authRoutes.post('/login', allowPublic, async (c) => {
  const db = c.get('db');
  const values = await formValues(c);
  const next = safeNext(values.next);
  const form = parseForm(loginForm, values);
  if (!form.ok) return page(c, '登录', <LoginPage values={values} errors={form.errors} next={next} />, 422);
  const { username, password } = form.data;
  const ip = clientIp(c);
  if (await registerAttempt(db, username, ip)) {
    return page(c, '登录', <LoginPage values={values} errors={{}} next={next} message="登录失败次数过多，请15分钟后再试。" />, 429);
  }
  const [user] = await db.select().from(users).where(eq(users.username, username));
  const ok = user && user.active ? await verifyPassword(user.passwordHash, password) : (await burnVerify(password), false);
  if (!ok || !user) {
    return page(c, '登录', <LoginPage values={values} errors={{}} next={next} message="用户名或密码错误。" />, 401);
  }
  // Rotation: whatever session this browser had ends here; the signed-in one is new.
  const old = c.get('sessionHash');
  if (old) await destroySession(db, old);
  await clearFailures(db, username);
  const token = await createSession(db, user.id, { centerId: user.centerId, year: await defaultYear(db, user.centerId) });
  await recordAudit(db, { userId: user.id, name: user.username }, { action: 'sign-in', entity: 'user', entityId: user.id, centerId: user.centerId, note: ip });
  setCookie(c, SESSION_COOKIE, token, {
    path: '/', httpOnly: true, sameSite: 'Lax', secure: new URL(c.req.url).protocol === 'https:' || !!c.get('options').publicOrigin?.startsWith('https:'),
    maxAge: c.get('options').sessionMaxHours * 3600,
  });
  return c.redirect(next, 303);
});

authRoutes.post('/logout', allow('admin', 'staff', 'finance', 'leader', 'agency'), async (c) => {
  const hash = c.get('sessionHash');
  if (hash) await destroySession(c.get('db'), hash);
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
  return c.redirect('/login', 303);
});

const contextForm = z.object({
  center: z.string().regex(/^\d+$/).transform(Number),
  year: z.string().regex(/^\d{4}$/).transform(Number).pipe(z.number().min(2000).max(2100)),
});

/** The center/year switch in the header. */
authRoutes.post('/context', allow('admin', 'staff', 'finance', 'leader', 'agency'), async (c) => {
  const { scope } = who(c);
  const form = parseForm(contextForm, await formValues(c));
  if (!form.ok || !scope.centerIds.includes(form.data.center)) throw new HTTPException(422, { message: '所选交易中心或年度无效' });
  await setSessionContext(c.get('db'), c.get('sessionHash')!, { centerId: form.data.center, year: form.data.year });
  if (c.req.header('HX-Request') === 'true') {
    c.header('HX-Refresh', 'true');
    return c.body(null, 204);
  }
  return c.redirect(sameOriginPath(c.req.header('Referer'), new URL(c.req.url).origin), 303);
});

/** Where to go back to after the switch: the referring page when it is ours. */
function sameOriginPath(referer: string | undefined, origin: string): string {
  if (!referer || !URL.canParse(referer)) return '/';
  const u = new URL(referer);
  return u.origin === origin ? u.pathname + u.search : '/';
}

/** The year a user starts in: the latest year their center closed a deal in (else had any transfer), else this year. */
async function defaultYear(db: Db, centerId: number): Promise<number> {
  const [row] = await db.execute<{ y: number | null }>(sql`
    select coalesce(max(extract(year from deal_date)), max(extract(year from auction_date)))::int as y
    from transfers where center_id = ${centerId}`);
  return row?.y ?? new Date().getFullYear();
}
