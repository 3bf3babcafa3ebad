import { FieldProblem } from '../lib/forms';
import { and, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { centers } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import type { Db, DbOrTx } from '../db';
import type { CenterInput } from './forms';

/** A write refused for a reason the user can fix in one field of the form. */

export interface CenterRow extends Record<string, unknown> {
  id: number; code: string; name: string; level: string; parent_id: number | null;
  parcels: number; transfers: number; users: number;
}

/** The given centers with their record counts, in one statement (the counts are per center, not per subtree). */
export async function listCenters(db: DbOrTx, centerIds: readonly number[]): Promise<CenterRow[]> {
  const rows = await db.execute<CenterRow>(sql`
    select c.id, c.code, c.name, c.level, c.parent_id,
      (select count(*) from parcels p where p.center_id = c.id)::int as parcels,
      (select count(*) from transfers t where t.center_id = c.id)::int as transfers,
      (select count(*) from users u where u.center_id = c.id)::int as users
    from centers c where c.id in ${centerIds}
    order by c.code`);
  return [...rows];
}

export interface CenterOptionRow extends Record<string, unknown> { id: number; code: string; name: string; level: string; parent_id: number | null }

/** The given centers with their parents, for the tree-ordered selects of center and user forms. */
export async function centerTreeRows(db: DbOrTx, centerIds: readonly number[]): Promise<CenterOptionRow[]> {
  return db.select({ id: centers.id, code: centers.code, name: centers.name, level: centers.level, parent_id: centers.parentId })
    .from(centers).where(sql`${centers.id} in ${centerIds}`).orderBy(centers.code);
}

const parent = alias(centers, 'parent');

export async function findCenter(db: DbOrTx, id: number) {
  const [row] = await db.select({
    id: centers.id, code: centers.code, name: centers.name, level: centers.level, parentId: centers.parentId,
    createdAt: centers.createdAt, parentName: parent.name, parentCode: parent.code,
  }).from(centers).leftJoin(parent, eq(parent.id, centers.parentId)).where(eq(centers.id, id));
  return row ?? null;
}
export type Center = NonNullable<Awaited<ReturnType<typeof findCenter>>>;

/** What a center holds, in one statement: its parcels, transfers, users and direct children. */
export async function centerCounts(db: DbOrTx, id: number) {
  const [row] = await db.execute<{ parcels: number; transfers: number; users: number; active_users: number } & Record<string, unknown>>(sql`
    select (select count(*) from parcels where center_id = ${id})::int as parcels,
           (select count(*) from transfers where center_id = ${id})::int as transfers,
           (select count(*) from users where center_id = ${id})::int as users,
           (select count(*) from users where center_id = ${id} and active)::int as active_users`);
  return row!;
}

const columns = (v: CenterInput) => ({ code: v.code, name: v.name, level: v.level, parentId: v.parent_id ?? null });

export async function createCenter(db: Db, actor: Actor, v: CenterInput) {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(centers).values(columns(v)).onConflictDoNothing().returning();
    if (!row) throw new FieldProblem('code', '编码已被其他交易中心使用');
    await recordAudit(tx, actor, { action: 'create', entity: 'center', entityId: row.id, centerId: row.id, after: row });
    return row;
  });
}

// Two concurrent moves (A under B, B under A) would each pass the cycle check alone; one lock
// for all moves of the tree makes them take turns.
const TREE_LOCK = 0x63656e74; // 'cent'

export async function updateCenter(db: Db, actor: Actor, id: number, v: CenterInput) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${TREE_LOCK})`);
    const [before] = await tx.select().from(centers).where(eq(centers.id, id)).for('update');
    if (!before) return null;
    const next = v.parent_id ?? null;
    if (next !== null && next !== before.parentId && await isSelfOrBelow(tx, id, next)) {
      throw new FieldProblem('parent_id', '上级中心不能是本中心或其下级中心');
    }
    const clash = await tx.select({ id: centers.id }).from(centers).where(and(eq(centers.code, v.code), sql`${centers.id} <> ${id}`));
    if (clash.length) throw new FieldProblem('code', '编码已被其他交易中心使用');
    const [after] = await tx.update(centers).set(columns(v)).where(eq(centers.id, id)).returning();
    await recordAudit(tx, actor, { action: 'update', entity: 'center', entityId: id, centerId: id, before, after });
    return after!;
  });
}

/** True when `candidate` is `id` or lies anywhere below it: making it the parent would close a loop. */
async function isSelfOrBelow(tx: DbOrTx, id: number, candidate: number): Promise<boolean> {
  // `union` (not `union all`) stops even on a tree that somehow already has a loop.
  const [row] = await tx.execute<{ found: boolean } & Record<string, unknown>>(sql`
    with recursive below as (
      select ${id}::int as id
      union
      select c.id from centers c join below on c.parent_id = below.id)
    select exists (select 1 from below where id = ${candidate}) as found`);
  return !!row?.found;
}

export async function childCenters(db: DbOrTx, id: number) {
  return db.select({ id: centers.id, code: centers.code, name: centers.name, level: centers.level })
    .from(centers).where(eq(centers.parentId, id)).orderBy(centers.code);
}
