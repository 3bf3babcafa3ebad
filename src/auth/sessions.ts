import { createHash, randomBytes } from 'node:crypto';
import { eq, lt, or, sql } from 'drizzle-orm';
import { apiTokens, loginFailures, sessions } from '../../db/schema';
import type { Db } from '../db';
import type { AppOptions, CurrentUser, Scope, ScopeCenter } from '../types';

export const SESSION_COOKIE = 'tl_session';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(db: Db, userId: number, ctx: { centerId: number; year: number }) {
  const token = randomBytes(32).toString('base64url');
  await db.insert(sessions).values({ tokenHash: hashToken(token), userId, centerId: ctx.centerId, year: ctx.year });
  return token;
}

export async function destroySession(db: Db, tokenHash: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** A user as the principal queries select it, with the centers of their scope. */
interface PrincipalRow extends Record<string, unknown> {
  id: number; username: string; display_name: string; role: CurrentUser['role'];
  center_id: number; agency_id: number | null; stale: boolean; is_demo: boolean; centers: ScopeCenter[];
}

interface SessionRow extends PrincipalRow { ctx_center: number | null; ctx_year: number | null }

export interface Principal { user: CurrentUser; scope: Scope; isDemo: boolean }

/**
 * The columns every principal (a session or an API token) selects for the user aliased `u`: the
 * user, whether demo data is loaded, and the centers that user may read — their own and, except
 * for agencies, every center below it. One place, so a token sees exactly what a session sees.
 */
const principalColumns = sql`
    u.id, u.username, u.display_name, u.role, u.center_id, u.agency_id,
    exists (select 1 from settings where key = 'demo') as is_demo,
    (with recursive tree as (
       select c.id, c.code, c.name, c.level, 0 as depth from centers c where c.id = u.center_id
       union all
       select c.id, c.code, c.name, c.level, tree.depth + 1 from centers c join tree on c.parent_id = tree.id
       where u.role <> 'agency' and tree.depth < 10)
     select json_agg(json_build_object('id', id, 'code', code, 'name', name, 'level', level) order by depth, code) from tree) as centers`;

/** User and scope from a principal row; the working center and year are the session's, when it chose them. */
function toPrincipal(row: PrincipalRow, ctx: { center: number | null; year: number | null } = { center: null, year: null }): Principal {
  const centerIds = row.centers.map((c) => c.id);
  const centerId = ctx.center !== null && centerIds.includes(ctx.center) ? ctx.center : row.center_id;
  return {
    user: {
      id: row.id, username: row.username, displayName: row.display_name, role: row.role,
      centerId: row.center_id, agencyId: row.agency_id,
    },
    scope: { centers: row.centers, centerIds, centerId, year: ctx.year ?? new Date().getFullYear() },
    isDemo: row.is_demo,
  };
}

/**
 * One statement: the live session, its user, and the centers that user may read.
 * Idle and absolute expiry are checked here.
 */
export async function loadSession(db: Db, tokenHash: string, opts: AppOptions): Promise<Principal | null> {
  const rows = await db.execute<SessionRow>(sql`
    select ${principalColumns},
           s.center_id as ctx_center, s.year as ctx_year,
           s.last_seen_at < now() - interval '1 minute' as stale
    from sessions s join users u on u.id = s.user_id
    where s.token_hash = ${tokenHash} and u.active
      and s.last_seen_at > now() - make_interval(mins => ${opts.sessionIdleMinutes})
      and s.created_at > now() - make_interval(hours => ${opts.sessionMaxHours})`);
  const row = rows[0];
  if (!row) return null;
  if (row.stale) await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.tokenHash, tokenHash));
  return toPrincipal(row, { center: row.ctx_center, year: row.ctx_year });
}

/**
 * One statement: the API token (not revoked, its user active) and the user it acts as, with the
 * same scope a session of that user has. Its last use is written at most once a minute.
 */
export async function loadApiToken(db: Db, tokenHash: string): Promise<Principal | null> {
  const rows = await db.execute<PrincipalRow>(sql`
    select ${principalColumns},
           (t.last_used_at is null or t.last_used_at < now() - interval '1 minute') as stale
    from api_tokens t join users u on u.id = t.user_id
    where t.token_hash = ${tokenHash} and t.revoked_at is null and u.active`);
  const row = rows[0];
  if (!row) return null;
  if (row.stale) await db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.tokenHash, tokenHash));
  return toPrincipal(row);
}

export async function setSessionContext(db: Db, tokenHash: string, ctx: { centerId: number; year: number }) {
  await db.update(sessions).set(ctx).where(eq(sessions.tokenHash, tokenHash));
}

export async function purgeExpiredSessions(db: Db, opts: AppOptions) {
  await db.delete(sessions).where(or(
    lt(sessions.lastSeenAt, sql`now() - make_interval(mins => ${opts.sessionIdleMinutes})`),
    lt(sessions.createdAt, sql`now() - make_interval(hours => ${opts.sessionMaxHours})`),
  ));
  await db.delete(loginFailures).where(lt(loginFailures.at, sql`now() - interval '1 day'`));
}

// Throttling: five failures for one user name, or thirty from one address, within 15 minutes
// lock further attempts until the window has passed.
export const THROTTLE = { perUser: 5, perIp: 30, minutes: 15 };

/**
 * Counts an attempt BEFORE its password is checked, so parallel guesses cannot all slip in
 * before the first failure is written; a successful sign-in clears the user's count again.
 * Returns whether this attempt is over the limit.
 */
export async function registerAttempt(db: Db, username: string, ip: string): Promise<boolean> {
  await db.insert(loginFailures).values({ username, ip });
  const [row] = await db.execute<{ by_user: number; by_ip: number }>(sql`
    select count(*) filter (where username = ${username})::int as by_user,
           count(*) filter (where ip = ${ip})::int as by_ip
    from login_failures
    where at > now() - make_interval(mins => ${THROTTLE.minutes}) and (username = ${username} or ip = ${ip})`);
  return (row?.by_user ?? 0) > THROTTLE.perUser || (row?.by_ip ?? 0) > THROTTLE.perIp;
}

export async function clearFailures(db: Db, username: string) {
  await db.delete(loginFailures).where(eq(loginFailures.username, username));
}
