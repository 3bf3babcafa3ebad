import { likePattern } from '../lib/query';
import { FieldProblem } from '../lib/forms';
import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { agencies, centers, sessions, users, type Role } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import type { Db, DbOrTx } from '../db';
import type { EditUserInput, NewUserInput } from './forms';

export const USER_PAGE_SIZE = 50;

/** A write refused for a reason the user can fix in one field of the form. */

export interface UserFilter { center?: number; role?: Role; status?: 'active' | 'inactive'; q?: string; page: number }

/** One statement: a page of the users of the given centers, with their center and agency names. */
export async function listUsers(db: DbOrTx, centerIds: readonly number[], f: UserFilter) {
  const where: SQL[] = [sql`${users.centerId} in ${centerIds}`];
  if (f.center) where.push(eq(users.centerId, f.center));
  if (f.role) where.push(eq(users.role, f.role));
  if (f.status) where.push(eq(users.active, f.status === 'active'));
  if (f.q) {
    const like = likePattern(f.q);
    where.push(or(ilike(users.username, like), ilike(users.displayName, like))!);
  }
  const rows = await db.select({
    id: users.id, username: users.username, displayName: users.displayName, role: users.role, active: users.active,
    centerId: users.centerId, centerName: centers.name, agencyName: agencies.name,
    total: sql<number>`count(*) over ()`.mapWith(Number),
  }).from(users)
    .innerJoin(centers, eq(centers.id, users.centerId))
    .leftJoin(agencies, eq(agencies.id, users.agencyId))
    .where(and(...where))
    .orderBy(asc(centers.code), asc(users.username))
    .limit(USER_PAGE_SIZE).offset((f.page - 1) * USER_PAGE_SIZE);
  return { rows, total: rows[0]?.total ?? 0 };
}
export type UserListRow = Awaited<ReturnType<typeof listUsers>>['rows'][number];

export async function agencyOptions(db: DbOrTx) {
  return db.select({ id: agencies.id, name: agencies.name }).from(agencies).orderBy(asc(agencies.name));
}

const publicColumns = {
  id: users.id, username: users.username, displayName: users.displayName, role: users.role, centerId: users.centerId,
  agencyId: users.agencyId, active: users.active, duties: users.duties, createdAt: users.createdAt,
};

/** A user without the password hash: what pages and the audit log may see. */
export async function findUser(db: DbOrTx, id: number) {
  const [row] = await db.select({ ...publicColumns, centerName: centers.name })
    .from(users).innerJoin(centers, eq(centers.id, users.centerId)).where(eq(users.id, id));
  return row ?? null;
}
export type User = NonNullable<Awaited<ReturnType<typeof findUser>>>;

async function assertAgency(tx: DbOrTx, agencyId: number | undefined) {
  if (agencyId === undefined) return;
  const [a] = await tx.select({ id: agencies.id }).from(agencies).where(eq(agencies.id, agencyId));
  if (!a) throw new FieldProblem('agency_id', '所选拍卖机构不存在');
}

const profileColumns = (v: NewUserInput | EditUserInput) =>
  ({ displayName: v.display_name, role: v.role, centerId: v.center_id, agencyId: v.agency_id ?? null, duties: v.duties });

export async function createUser(db: Db, actor: Actor, v: NewUserInput, passwordHash: string) {
  return db.transaction(async (tx) => {
    await assertAgency(tx, v.agency_id);
    const [row] = await tx.insert(users).values({ username: v.username, passwordHash, ...profileColumns(v) })
      .onConflictDoNothing().returning(publicColumns);
    if (!row) throw new FieldProblem('username', '用户名已被使用');
    await recordAudit(tx, actor, { action: 'create', entity: 'user', entityId: row.id, centerId: row.centerId, after: row });
    return row;
  });
}

/** Saves the profile; a user who is deactivated is also signed out everywhere at once. */
export async function updateUser(db: Db, actor: Actor, id: number, v: EditUserInput) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select(publicColumns).from(users).where(eq(users.id, id)).for('update');
    if (!before) return null;
    await assertAgency(tx, v.agency_id);
    const [after] = await tx.update(users).set({ ...profileColumns(v), active: v.active }).where(eq(users.id, id)).returning(publicColumns);
    const signedOut = !after!.active ? await tx.delete(sessions).where(eq(sessions.userId, id)).returning({ h: sessions.tokenHash }) : [];
    await recordAudit(tx, actor, {
      action: 'update', entity: 'user', entityId: id, centerId: after!.centerId, before, after,
      note: signedOut.length ? `已停用并注销 ${signedOut.length} 个会话` : undefined,
    });
    return after!;
  });
}

/**
 * Sets a new password and ends every session of the user, so whoever knew the old one is out.
 * `keepSession` spares the session doing the reset when admins reset their own password.
 */
export async function resetPassword(db: Db, actor: Actor, id: number, passwordHash: string, keepSession: string | null) {
  return db.transaction(async (tx) => {
    const [row] = await tx.update(users).set({ passwordHash }).where(eq(users.id, id)).returning({ centerId: users.centerId });
    if (!row) return false;
    const ended = await tx.delete(sessions)
      .where(and(eq(sessions.userId, id), keepSession ? sql`${sessions.tokenHash} <> ${keepSession}` : undefined))
      .returning({ h: sessions.tokenHash });
    await recordAudit(tx, actor, { action: 'password-reset', entity: 'user', entityId: id, centerId: row.centerId, note: `注销 ${ended.length} 个会话` });
    return true;
  });
}
