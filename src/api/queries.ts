import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';

export interface VisibleProject { center: string; centerName: string; year: number; name: string }

/** One statement: the projects of the given centers (optionally of one year), newest year first. */
export async function listVisibleProjects(db: DbOrTx, centerIds: readonly number[], year?: number): Promise<VisibleProject[]> {
  if (centerIds.length === 0) return [];
  const rows = await db.execute<{ center: string; center_name: string; year: number; name: string }>(sql`
    select c.code as center, c.name as center_name, p.year, p.name
    from projects p join centers c on c.id = p.center_id
    where p.center_id in ${centerIds} ${year === undefined ? sql`` : sql`and p.year = ${year}`}
    order by c.code, p.year desc, p.name`);
  return rows.map((r) => ({ center: r.center, centerName: r.center_name, year: r.year, name: r.name }));
}
