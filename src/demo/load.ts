// The demo: the Guangyuan 2020 ledger in db/demo/ (the interchange format, imported by the same
// code as any ledger), plus demo users that exist only here.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, sql } from 'drizzle-orm';
import { agencies, centers, satisfactionResponses, surveyAnswers, surveyQuestions, surveys, users, type Duty, type Role } from '../../db/schema';
import { hashPassword } from '../auth/passwords';
import { recordAudit } from '../audit/queries';
import type { Db, Tx } from '../db';
import { readLedgerPath } from '../ledger/files';
import { importLedger } from '../ledger/import';
import { demoDeposits } from './deposits';
import { demoContracts } from './contracts';
import { demoServiceFees } from './service-fees';
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
    const idOf = (username: string) => created.find((u) => u.username === username)?.id ?? null;
    await demoSurveys(tx, gyjy, idOf('staff'));
    await demoDeposits(tx, gyjy, idOf('staff'), idOf('finance'));
    await demoContracts(tx, gyjy, idOf('staff'), idOf('finance'));
    await demoServiceFees(tx, gyjy, idOf('finance'));
    await markDemo(tx);
  });
}

const QUESTIONS = [
  { text: '公告、报名、竞价等环节的组织安排', kind: '评分' as const, scale: 5 },
  { text: '劳务费结算的及时性', kind: '评分' as const, scale: 5 },
  { text: '交易场所、设施与服务', kind: '评分' as const, scale: 5 },
  { text: '意见和建议', kind: '文字' as const, scale: null },
];

/**
 * The 满意度调查 of GYJY for 2020, closed, which the three imported responses of 满意度.csv
 * answered (with their ratings per question), and an open survey for the current year that the
 * demo agencies can answer.
 */
async function demoSurveys(tx: Tx, gyjy: number, staffId: number | null) {
  const add = async (year: number, status: '进行中' | '已结束') => {
    const [survey] = await tx.insert(surveys).values({
      centerId: gyjy, year, title: `${year}年度拍卖机构满意度调查`, status, createdBy: staffId,
      // 2020's answers came by name from the 满意度表, so it is 实名; this year's is 匿名.
      named: status === '已结束',
      intro: '请对本中心组织的土地、矿业权出让工作作出评价，您的评价将计入“拍卖机构满意度”绩效指标。',
      // The 2020 survey ran at the end of that year; this year's opened when the demo was loaded.
      openedAt: status === '已结束' ? new Date(`${year}-11-02T09:00:00+08:00`) : sql`now()`,
      closedAt: status === '已结束' ? new Date(`${year}-12-15T17:00:00+08:00`) : null,
    }).returning();
    const questions = await tx.insert(surveyQuestions).values(QUESTIONS.map((q, i) => ({ surveyId: survey!.id, position: i + 1, ...q }))).returning();
    await recordAudit(tx, actor, { action: 'create', entity: 'survey', entityId: survey!.id, centerId: gyjy, after: survey, note: '演示数据' });
    return { survey: survey!, questions };
  };
  const past = await add(2020, '已结束');
  const responses = await tx.update(satisfactionResponses).set({ surveyId: past.survey.id })
    .where(and(eq(satisfactionResponses.centerId, gyjy), eq(satisfactionResponses.year, 2020))).returning();
  const rated = past.questions.filter((q) => q.kind === '评分');
  // The imported 意见 is each response's comment; the free-text question was left blank.
  await tx.insert(surveyAnswers).values(responses.flatMap((r) =>
    rated.map((q, i) => ({ responseId: r.id, questionId: q.id, rating: r.rating === '非常满意' ? 5 : [4, 4, 5][i]!, text: null }))));
  const now = new Date().getFullYear();
  if (now !== 2020) await add(now, '进行中');
}
