import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { auditEvents, centers } from '../../db/schema';
import type { DbOrTx } from '../db';

export const AUDIT_PAGE_SIZE = 50;

export interface ScopedAuditFilter {
  entity?: string; actor?: string; from?: string; to?: string; entityId?: string;
  page: number;
  /** null: every matching event (exports). */
  pageSize?: number | null;
}

/**
 * The audit log an admin may read: events of their centers, and events that belong to no
 * center (system and demo events). Newest first, one statement whatever the page size.
 */
export async function listScopedAuditEvents(db: DbOrTx, centerIds: readonly number[], f: ScopedAuditFilter) {
  const where: SQL[] = [sql`(${auditEvents.centerId} in ${centerIds} or ${auditEvents.centerId} is null)`];
  if (f.entity) where.push(eq(auditEvents.entity, f.entity));
  if (f.entityId) where.push(eq(auditEvents.entityId, f.entityId));
  if (f.actor) where.push(eq(auditEvents.actor, f.actor));
  // Calendar days in Asia/Shanghai: the connection's time zone turns a date into that day's midnight.
  if (f.from) where.push(gte(auditEvents.at, sql`${f.from}::date`));
  if (f.to) where.push(lt(auditEvents.at, sql`${f.to}::date + 1`));
  const size = f.pageSize === undefined ? AUDIT_PAGE_SIZE : f.pageSize;
  const q = db.select({
    id: auditEvents.id, at: auditEvents.at, actor: auditEvents.actor, action: auditEvents.action,
    entity: auditEvents.entity, entityId: auditEvents.entityId, centerName: centers.name,
    before: auditEvents.before, after: auditEvents.after, note: auditEvents.note,
    total: sql<number>`count(*) over ()`.mapWith(Number),
  }).from(auditEvents).leftJoin(centers, eq(centers.id, auditEvents.centerId))
    .where(and(...where)).orderBy(desc(auditEvents.id));
  const rows = size === null ? await q : await q.limit(size).offset((f.page - 1) * size);
  return { rows, total: rows[0]?.total ?? 0 };
}
export type AuditRow = Awaited<ReturnType<typeof listScopedAuditEvents>>['rows'][number];
