import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { auditEvents } from '../../db/schema';
import type { DbOrTx } from '../db';
import { fenToYuan } from '../lib/money';

export interface Actor { userId: number | null; name: string }

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string | number;
  centerId?: number | null;
  before?: unknown;
  after?: unknown;
  note?: string;
}

// Every bigint in our records is money in 分; the audit log shows it in 元 like every other page.
function plain(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? fenToYuan(v) : v)));
}

/** Must be called with the transaction that makes the change, so the change and its record commit together. */
export async function recordAudit(tx: DbOrTx, actor: Actor, entries: AuditEntry | AuditEntry[]) {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  for (let i = 0; i < list.length; i += 1000) {
    await tx.insert(auditEvents).values(list.slice(i, i + 1000).map((e) => ({
      userId: actor.userId,
      actor: actor.name,
      action: e.action,
      entity: e.entity,
      entityId: String(e.entityId),
      centerId: e.centerId ?? null,
      before: plain(e.before),
      after: plain(e.after),
      note: e.note ?? null,
    })));
  }
}

export interface AuditFilter { entity?: string; actor?: string; from?: string; to?: string; entityId?: string }

export async function listAuditEvents(db: DbOrTx, f: AuditFilter, page: number, pageSize = 50) {
  const where: SQL[] = [];
  if (f.entity) where.push(eq(auditEvents.entity, f.entity));
  if (f.entityId) where.push(eq(auditEvents.entityId, f.entityId));
  if (f.actor) where.push(eq(auditEvents.actor, f.actor));
  if (f.from) where.push(gte(auditEvents.at, sql`${f.from}::date`));
  if (f.to) where.push(lt(auditEvents.at, sql`${f.to}::date + 1`));
  const cond = where.length ? and(...where) : undefined;
  const rows = await db.select({
    id: auditEvents.id, at: auditEvents.at, actor: auditEvents.actor, action: auditEvents.action,
    entity: auditEvents.entity, entityId: auditEvents.entityId, before: auditEvents.before,
    after: auditEvents.after, note: auditEvents.note, total: sql<number>`count(*) over ()`.mapWith(Number),
  }).from(auditEvents).where(cond).orderBy(desc(auditEvents.id)).limit(pageSize).offset((page - 1) * pageSize);
  return { rows, total: rows[0]?.total ?? 0 };
}
