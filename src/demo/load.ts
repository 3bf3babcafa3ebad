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

/** On a database with no users at all (a fresh one), loads the demo. Idempotent, so a start killed half-way finishes it next time. */
export async function loadDemoIfEmpty(db: Db): Promise<boolean> {
  const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from users`);
  if ((row?.n ?? 0) > 0) return false;
  await loadDemo(db);
  return true;
}

export async function loadDemo(db: Db) {
  const result = await importLedger(db, await readLedgerPath(demoDir), { actor, dryRun: false, source: 'db/demo' });
  if (!result.ok) {
    const first = result.errors.slice(0, 5).map((e) => `${e.sheet} 第${e.row}行 ${e.column}: ${e.message}`);
    throw new Error(`演示台账导入失败:\n${first.join('\n')}`);
  }
  const centerId = async (code: string) => (await db.select({ id: centers.id }).from(centers).where(eq(centers.code, code)))[0]!.id;
  const [gyzw, gyjy] = [await centerId('GYZW'), await centerId('GYJY')];
  const agencyRows = await db.select({ id: agencies.id, name: agencies.name }).from(agencies).orderBy(agencies.creditCode);
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
  const hashed = await Promise.all(people.map(async (p) => ({ ...p, passwordHash: await hashPassword(DEMO_PASSWORD) })));
  await db.transaction(async (tx) => {
    const created = await tx.insert(users).values(hashed.map((p) => ({
      username: p.username, displayName: p.displayName, role: p.role, centerId: p.centerId, agencyId: p.agencyId ?? null,
      duties: p.duties ?? [], passwordHash: p.passwordHash,
    }))).onConflictDoNothing().returning({ id: users.id, username: users.username, role: users.role, centerId: users.centerId, duties: users.duties });
    await recordAudit(tx, actor, created.map((u) => ({ action: 'create', entity: 'user', entityId: u.id, centerId: u.centerId, after: { username: u.username, role: u.role, duties: u.duties }, note: '演示用户' })));
    await markDemo(tx);
  });
}
