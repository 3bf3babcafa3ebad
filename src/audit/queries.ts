import { sql } from 'drizzle-orm';
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
const money = (_k: string, v: unknown) => (typeof v === 'bigint' ? fenToYuan(v) : v);

/**
 * Must be called with the transaction that makes the change, so the change and its record commit
 * together. The events go in as one JSON parameter per 5000 (an import writes one per record).
 */
export async function recordAudit(tx: DbOrTx, actor: Actor, entries: AuditEntry | AuditEntry[]) {
  const list = Array.isArray(entries) ? entries : [entries];
  for (let i = 0; i < list.length; i += 5000) {
    const rows = list.slice(i, i + 5000).map((e) => ({
      user_id: actor.userId, actor: actor.name, action: e.action, entity: e.entity, entity_id: String(e.entityId),
      center_id: e.centerId ?? null, before: e.before ?? null, after: e.after ?? null, note: e.note ?? null,
    }));
    await tx.execute(sql`
      insert into audit_events (user_id, actor, action, entity, entity_id, center_id, before, after, note)
      select user_id, actor, action, entity, entity_id, center_id, before, after, note
      from jsonb_to_recordset(${JSON.stringify(rows, money)}::text::jsonb)
        as v(user_id int, actor text, action text, entity text, entity_id text, center_id int, before jsonb, after jsonb, note text)`);
  }
}
