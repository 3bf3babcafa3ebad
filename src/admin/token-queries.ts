import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { apiTokens, centers, users } from '../../db/schema';
import { API_ROLES } from '../api/access';
import { recordAudit, type Actor } from '../audit/queries';
import { hashToken } from '../auth/sessions';
import type { Db, DbOrTx } from '../db';
import { FieldProblem } from '../lib/forms';

/** The recognisable prefix of our tokens, so a leaked one is easy to spot in logs and scanners. */
export const TOKEN_PREFIX = 'tl_';

/** A new token: 32 random bytes, base64url, behind the prefix. Only its SHA-256 is ever stored. */
export const newApiToken = () => `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;

const creator = alias(users, 'creator');

/** One statement: every token whose user belongs to the given centers, live ones first, newest first. */
export async function listTokens(db: DbOrTx, centerIds: readonly number[]) {
  return db.select({
    id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt,
    userId: users.id, username: users.username, displayName: users.displayName, role: users.role, userActive: users.active,
    centerName: centers.name, createdBy: creator.username,
  }).from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(centers, eq(centers.id, users.centerId))
    .leftJoin(creator, eq(creator.id, apiTokens.createdBy))
    .where(inArray(users.centerId, [...centerIds]))
    .orderBy(sql`${apiTokens.revokedAt} is not null`, desc(apiTokens.createdAt), desc(apiTokens.id));
}
export type TokenRow = Awaited<ReturnType<typeof listTokens>>[number];

/** The active users of the given centers: whom a token may be issued for. */
export async function tokenUserOptions(db: DbOrTx, centerIds: readonly number[]) {
  return db.select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role, centerName: centers.name })
    .from(users).innerJoin(centers, eq(centers.id, users.centerId))
    .where(and(inArray(users.centerId, [...centerIds]), eq(users.active, true), inArray(users.role, [...API_ROLES])))
    .orderBy(asc(centers.code), asc(users.username));
}

/**
 * Issues a token for an active user of the given centers and returns it — the only time it exists
 * in clear. The audit event names the token and its user, never the token or its hash.
 */
export async function issueToken(db: Db, actor: Actor, centerIds: readonly number[], v: { name: string; user_id: number }) {
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id, username: users.username, centerId: users.centerId })
      .from(users).where(and(eq(users.id, v.user_id), eq(users.active, true), inArray(users.centerId, [...centerIds]), inArray(users.role, [...API_ROLES]))).for('share');
    if (!user) throw new FieldProblem('user_id', '请选择您管辖范围内启用状态的管理员、财务或领导用户（接口只向这些角色提供）');
    const token = newApiToken();
    const [row] = await tx.insert(apiTokens).values({ userId: user.id, name: v.name, tokenHash: hashToken(token), createdBy: actor.userId })
      .returning({ id: apiTokens.id, name: apiTokens.name, userId: apiTokens.userId, createdAt: apiTokens.createdAt });
    await recordAudit(tx, actor, {
      action: 'issue', entity: 'api_token', entityId: row!.id, centerId: user.centerId,
      after: { name: row!.name, userId: user.id, username: user.username },
    });
    return { ...row!, username: user.username, token };
  });
}

/** A token with its user's center, to check it is the admin's to see. */
export async function findToken(db: DbOrTx, id: number) {
  const [row] = await db.select({
    id: apiTokens.id, name: apiTokens.name, revokedAt: apiTokens.revokedAt, userId: users.id, username: users.username, centerId: users.centerId,
  }).from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId)).where(eq(apiTokens.id, id));
  return row ?? null;
}

/** Revokes a live token (kept, marked revoked); false when it was revoked already. */
export async function revokeToken(db: Db, actor: Actor, id: number) {
  return db.transaction(async (tx) => {
    const [row] = await tx.update(apiTokens).set({ revokedAt: sql`now()` })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name, userId: apiTokens.userId, revokedAt: apiTokens.revokedAt });
    if (!row) return false;
    const [user] = await tx.select({ username: users.username, centerId: users.centerId }).from(users).where(eq(users.id, row.userId));
    await recordAudit(tx, actor, {
      action: 'revoke', entity: 'api_token', entityId: row.id, centerId: user!.centerId,
      before: { name: row.name, userId: row.userId, username: user!.username, revokedAt: null },
      after: { name: row.name, userId: row.userId, username: user!.username, revokedAt: row.revokedAt },
    });
    return true;
  });
}
