import { eq, sql } from 'drizzle-orm';
import { settings } from '../../db/schema';
import type { DbOrTx } from '../db';

/** A database that holds the demo ledger says so on every page (演示数据). */
export async function isDemoDatabase(db: DbOrTx): Promise<boolean> {
  const rows = await db.select({ key: settings.key }).from(settings).where(eq(settings.key, 'demo'));
  return rows.length > 0;
}

export async function markDemo(db: DbOrTx) {
  await db.insert(settings).values({ key: 'demo', value: sql`'true'::jsonb` }).onConflictDoNothing();
}
