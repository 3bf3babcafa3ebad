// The demo: the Guangyuan 2020 ledger in db/demo/ (the interchange format, imported by the same
// code as any ledger), plus demo users that exist only here.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import { agencies, centers, users, type Duty, type Role } from '../../db/schema';
import { hashPassword } from '../auth/passwords';
import { recordAudit } from '../audit/queries';
import type { Db } from '../db';
import { readLedgerPath } from '../ledger/files';
import { importLedger } from '../ledger/import';
import { markDemo } from './queries';

export const demoDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'db', 'demo');
export const DEMO_PASSWORD = 'guangyuan2020';
const actor = { userId: null, name: 'demo' };

/**
 * Loads the demo into a database that holds nothing yet (no center, no user) — never into one
 * where real records were imported first. The ledger, the users and the demo mark go in one
 * transaction, so a start killed half-way leaves an empty database and the next start loads it.
 */
export async function loadDemoIfEmpty(db: Db): Promise<boolean> {
  const [row] = await db.execute<{ n: number }>(sql`select (select count(*) from users) + (select count(*) from centers) as n`);
  if (Number(row?.n ?? 0) > 0) return false;
  await loadDemo(db);
  return true;
}

export async function loadDemo(db: Db) {
  const files = await readLedgerPath(demoDir);
  await db.transaction(async (tx) => {
    const result = await importLedger(tx, files, { actor, dryRun: false, source: 'db/demo' });
    if (!result.ok) {
      const first = result.errors.slice(0, 5).map((e) => `${e.sheet} 第${e.row}行 ${e.column}: ${e.message}`);
      throw new Error(`演示台账导入失败:\n${first.join('\n')}`);
    }
    const centerId = async (code: string) => (await tx.select({ id: centers.id }).from(centers).where(eq(centers.code, code)))[0]!.id;
    const [gyzw, gyjy] = [await centerId('GYZW'), await centerId('GYJY')];
    const agencyRows = await tx.select({ id: agencies.id, name: agencies.name }).from(agencies).orderBy(agencies.creditCode);
    // The approval chain of the seed needs a signer per duty: 李娟 drafts (经办人), 赵科长 checks
    // (科室负责人), 王强 (业务分管领导) and 陈主任 (财务分管领导) approve.
    const people: { username: string; displayName: string; role: Role; centerId: number; agencyId?: number; duties?: Duty[] }[] = [
      { username: 'admin', displayName: '系统管理员', role: 'admin', centerId: gyzw },
      { username: 'staff', displayName: '张敏', role: 'staff', centerId: gyjy },
      { username: 'finance', displayName: '李娟', role: 'finance', centerId: gyjy },
      { username: 'leader', displayName: '王强', role: 'leader', centerId: gyzw, duties: ['业务分管领导'] },
      { username: 'finhead', displayName: '赵科长', role: 'finance', centerId: gyjy, duties: ['科室负责人'] },
      { username: 'finleader', displayName: '陈主任', role: 'leader', centerId: gyzw, duties: ['财务分管领导'] },
      ...agencyRows.map((a, i) => ({ username: `agency${i + 1}`, displayName: a.name, role: 'agency' as const, centerId: gyjy, agencyId: a.id })),
    ];
    const hashes = await Promise.all(people.map(() => hashPassword(DEMO_PASSWORD)));
    const created = await tx.insert(users).values(people.map((p, i) => ({
      username: p.username, displayName: p.displayName, role: p.role, centerId: p.centerId, agencyId: p.agencyId ?? null,
      duties: p.duties ?? [], passwordHash: hashes[i]!,
    }))).onConflictDoNothing().returning({ id: users.id, username: users.username, role: users.role, centerId: users.centerId, duties: users.duties });
    await recordAudit(tx, actor, created.map((u) => ({ action: 'create', entity: 'user', entityId: u.id, centerId: u.centerId, after: { username: u.username, role: u.role, duties: u.duties }, note: '演示用户' })));
    await markDemo(tx);
  });
}
