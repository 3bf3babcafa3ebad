// Surveys, their questions and the agencies' answers. An answer's overall rating is the agency's
// satisfaction_responses row of the center and year: the same record the 满意度 sheet imports and
// the 拍卖机构满意度 figure counts, so answering changes the report.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { HTTPException } from 'hono/http-exception';
import { agencies, centers, satisfactionResponses, surveyAnswers, surveyQuestions, surveys, type SurveyStatus } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import type { Db, DbOrTx } from '../db';
import { guarded } from '../funds/db-errors';
import { isYearClosed } from '../funds/queries';
import { FieldProblem } from '../lib/forms';
import { pairKey, satisfactionFiguresFor, type SatisfactionFigures } from '../performance/figures';
import type { AnswerInput, QuestionInput, QuestionShape, SurveyInput } from './forms';
import { averageOf } from './rules';

export async function findSurvey(db: DbOrTx, id: number) {
  const [row] = await db.select({
    id: surveys.id, centerId: surveys.centerId, centerName: centers.name, year: surveys.year, title: surveys.title, intro: surveys.intro,
    status: surveys.status, named: surveys.named, openedAt: surveys.openedAt, closedAt: surveys.closedAt, createdAt: surveys.createdAt,
  }).from(surveys).innerJoin(centers, eq(centers.id, surveys.centerId)).where(eq(surveys.id, id));
  return row ?? null;
}
export type Survey = NonNullable<Awaited<ReturnType<typeof findSurvey>>>;

export async function questionsOf(db: DbOrTx, surveyId: number): Promise<QuestionShape[]> {
  return db.select({ id: surveyQuestions.id, position: surveyQuestions.position, text: surveyQuestions.text, kind: surveyQuestions.kind, scale: surveyQuestions.scale })
    .from(surveyQuestions).where(eq(surveyQuestions.surveyId, surveyId)).orderBy(asc(surveyQuestions.position), asc(surveyQuestions.id));
}

export interface SurveyListRow {
  id: number; centerId: number; centerName: string; year: number; title: string; status: SurveyStatus;
  answered: number; figures: SatisfactionFigures; mine: boolean;
}

/**
 * Surveys of the given centers (newest year first), each with the number of survey answers and
 * the 满意率 of its center and year as the report computes it. `statuses` narrows (agencies never
 * see drafts); `agencyId` marks the surveys that agency has answered.
 */
export async function listSurveys(db: DbOrTx, centerIds: number[], opts: { statuses?: SurveyStatus[]; agencyId?: number } = {}): Promise<SurveyListRow[]> {
  if (centerIds.length === 0) return [];
  const conds = [inArray(surveys.centerId, centerIds)];
  if (opts.statuses) conds.push(inArray(surveys.status, opts.statuses));
  const rows = await db.select({
    id: surveys.id, centerId: surveys.centerId, centerName: centers.name, year: surveys.year, title: surveys.title, status: surveys.status,
    answered: sql<number>`(select count(*)::int from satisfaction_responses s where s.survey_id = ${surveys.id})`,
    mine: opts.agencyId === undefined ? sql<boolean>`false`
      : sql<boolean>`exists (select 1 from satisfaction_responses s where s.survey_id = ${surveys.id} and s.agency_id = ${opts.agencyId})`,
  }).from(surveys).innerJoin(centers, eq(centers.id, surveys.centerId)).where(and(...conds))
    .orderBy(sql`${surveys.year} desc`, asc(centers.code));
  const figures = await satisfactionFiguresFor(db, rows.map((r) => ({ centerId: r.centerId, year: r.year })));
  return rows.map((r) => ({ ...r, figures: figures.get(pairKey(r.centerId, r.year))! }));
}

export async function createSurvey(db: Db, actor: Actor, centerId: number, input: SurveyInput) {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(surveys).values({ centerId, year: input.year, title: input.title, intro: input.intro ?? null, named: input.mode === '实名', createdBy: actor.userId }).returning();
      await recordAudit(tx, actor, { action: 'create', entity: 'survey', entityId: row!.id, centerId, after: row });
      return row!;
    });
  } catch (e) {
    if (pgConstraint(e) === 'surveys_center_year') throw new FieldProblem('year', '本中心该年度已有满意度调查');
    throw e;
  }
}

function pgConstraint(e: unknown): string | undefined {
  for (let x: unknown = e, i = 0; x && typeof x === 'object' && i < 5; x = (x as { cause?: unknown }).cause, i++) {
    const name = (x as { constraint_name?: string }).constraint_name;
    if (name) return name;
  }
  return undefined;
}

/** Locks the survey row for a state change and checks its status inside the transaction. */
async function lockInStatus(tx: DbOrTx, surveyId: number, status: SurveyStatus, message: string) {
  const [row] = await tx.select().from(surveys).where(eq(surveys.id, surveyId)).for('update');
  if (!row) throw new HTTPException(404, { message: '记录不存在' });
  if (row.status !== status) throw new HTTPException(409, { message });
  return row;
}

export async function addQuestion(db: Db, actor: Actor, survey: Survey, input: QuestionInput) {
  return db.transaction(async (tx) => {
    await lockInStatus(tx, survey.id, '草稿', '调查已开启，不能再修改问题');
    const [pos] = await tx.select({ next: sql<number>`coalesce(max(${surveyQuestions.position}), 0)::int + 1` }).from(surveyQuestions).where(eq(surveyQuestions.surveyId, survey.id));
    const [row] = await tx.insert(surveyQuestions).values({ surveyId: survey.id, position: pos!.next, text: input.text, kind: input.kind, scale: input.scale }).returning();
    await recordAudit(tx, actor, { action: 'create', entity: 'survey_question', entityId: row!.id, centerId: survey.centerId, after: row });
    return row!;
  });
}

export async function deleteQuestion(db: Db, actor: Actor, survey: Survey, questionId: number) {
  return db.transaction(async (tx) => {
    // Another survey's question is "not found" whatever this survey's status.
    const [own] = await tx.select({ id: surveyQuestions.id }).from(surveyQuestions)
      .where(and(eq(surveyQuestions.id, questionId), eq(surveyQuestions.surveyId, survey.id)));
    if (!own) throw new HTTPException(404, { message: '问题不存在' });
    await lockInStatus(tx, survey.id, '草稿', '调查已开启，不能再修改问题');
    const [row] = await tx.delete(surveyQuestions).where(and(eq(surveyQuestions.id, questionId), eq(surveyQuestions.surveyId, survey.id))).returning();
    if (!row) throw new HTTPException(404, { message: '问题不存在' });
    await recordAudit(tx, actor, { action: 'delete', entity: 'survey_question', entityId: row.id, centerId: survey.centerId, before: row });
    return row;
  });
}

/** 草稿 → 进行中; a survey without questions cannot be opened. */
export async function openSurvey(db: Db, actor: Actor, survey: Survey) {
  return db.transaction(async (tx) => {
    const before = await lockInStatus(tx, survey.id, '草稿', '只有草稿状态的调查可以开启');
    const [n] = await tx.select({ n: sql<number>`count(*)::int` }).from(surveyQuestions).where(eq(surveyQuestions.surveyId, survey.id));
    if (!n || n.n === 0) throw new HTTPException(409, { message: '请先添加至少一个问题，再开启调查' });
    const [after] = await tx.update(surveys).set({ status: '进行中', openedAt: new Date() }).where(eq(surveys.id, survey.id)).returning();
    await recordAudit(tx, actor, { action: 'open', entity: 'survey', entityId: survey.id, centerId: survey.centerId, before, after });
  });
}

/** 进行中 → 已结束: from now on the answers are final. */
export async function closeSurvey(db: Db, actor: Actor, survey: Survey) {
  return db.transaction(async (tx) => {
    const before = await lockInStatus(tx, survey.id, '进行中', '只有进行中的调查可以结束');
    const [after] = await tx.update(surveys).set({ status: '已结束', closedAt: new Date() }).where(eq(surveys.id, survey.id)).returning();
    await recordAudit(tx, actor, { action: 'close', entity: 'survey', entityId: survey.id, centerId: survey.centerId, before, after });
  });
}

export interface ResponseRow {
  id: number; agencyId: number; agency: string; rating: string; comment: string | null; surveyId: number | null; updatedAt: Date;
  answers: { questionId: number; rating: number | null; text: string | null }[];
}

/**
 * The responses of the survey's center and year with their answers (two queries whatever the
 * count), all of them or one agency's. Imported responses (survey_id null) are included: they
 * count in the 满意率 too.
 */
export async function responsesOf(db: DbOrTx, survey: Pick<Survey, 'centerId' | 'year'>, agencyId?: number): Promise<ResponseRow[]> {
  const conds = [eq(satisfactionResponses.centerId, survey.centerId), eq(satisfactionResponses.year, survey.year)];
  if (agencyId !== undefined) conds.push(eq(satisfactionResponses.agencyId, agencyId));
  const rows = await db.select({
    id: satisfactionResponses.id, agencyId: satisfactionResponses.agencyId, agency: agencies.name, rating: satisfactionResponses.rating,
    comment: satisfactionResponses.comment, surveyId: satisfactionResponses.surveyId, updatedAt: satisfactionResponses.updatedAt,
  }).from(satisfactionResponses).innerJoin(agencies, eq(agencies.id, satisfactionResponses.agencyId)).where(and(...conds)).orderBy(asc(agencies.name));
  if (rows.length === 0) return [];
  const answers = await db.select({ responseId: surveyAnswers.responseId, questionId: surveyAnswers.questionId, rating: surveyAnswers.rating, text: surveyAnswers.text })
    .from(surveyAnswers).where(inArray(surveyAnswers.responseId, rows.map((r) => r.id)));
  return rows.map((r) => ({ ...r, answers: answers.filter((a) => a.responseId === r.id) }));
}

export interface SurveySummary {
  counts: { rating: string; count: number }[];
  figures: SatisfactionFigures;
  imported: number;
  /** Per 评分 question: answers and the exact average to two decimals. */
  averages: Map<number, { answers: number; average: string | null }>;
}

/** The anonymous summary: counts per overall rating, the report's 满意率 and per-question averages. */
export async function surveySummary(db: DbOrTx, survey: Survey): Promise<SurveySummary> {
  const [counts, figures, averages] = await Promise.all([
    db.select({ rating: satisfactionResponses.rating, count: sql<number>`count(*)::int`, imported: sql<number>`count(*) filter (where ${satisfactionResponses.surveyId} is null)::int` })
      .from(satisfactionResponses).where(and(eq(satisfactionResponses.centerId, survey.centerId), eq(satisfactionResponses.year, survey.year)))
      .groupBy(satisfactionResponses.rating),
    satisfactionFiguresFor(db, [{ centerId: survey.centerId, year: survey.year }]),
    db.select({ questionId: surveyAnswers.questionId, n: sql<string>`count(${surveyAnswers.rating})::text`, sum: sql<string>`coalesce(sum(${surveyAnswers.rating}), 0)::text` })
      .from(surveyAnswers).innerJoin(surveyQuestions, eq(surveyQuestions.id, surveyAnswers.questionId))
      .where(and(eq(surveyQuestions.surveyId, survey.id), eq(surveyQuestions.kind, '评分'))).groupBy(surveyAnswers.questionId),
  ]);
  const byRating = new Map(counts.map((c) => [c.rating, c.count]));
  return {
    counts: ['非常满意', '满意', '基本满意', '不满意', '非常不满意'].map((rating) => ({ rating, count: byRating.get(rating as never) ?? 0 })),
    figures: figures.get(pairKey(survey.centerId, survey.year))!,
    imported: counts.reduce((s, c) => s + c.imported, 0),
    averages: new Map(averages.map((a) => [a.questionId, { answers: Number(a.n), average: averageOf(BigInt(a.sum), BigInt(a.n)) }])),
  };
}

/**
 * Creates or updates the agency's own response of the survey's center and year, with its answers,
 * in one transaction. A response imported from the 满意度 sheet is taken over (updated). The survey
 * row is locked so a closing cannot slip between the check and the write.
 */
export async function saveResponse(db: Db, actor: Actor, survey: Survey, agencyId: number, input: AnswerInput) {
  if (await isYearClosed(db, survey.centerId, survey.year)) {
    throw new HTTPException(409, { message: `${survey.year}年度已结账，不能再提交或修改该年度的满意度评价` });
  }
  return guarded(() => db.transaction(async (tx) => {
    const [s] = await tx.select({ status: surveys.status }).from(surveys).where(eq(surveys.id, survey.id)).for('share');
    if (!s || s.status !== '进行中') throw new HTTPException(409, { message: '调查已结束，不能再提交或修改答卷' });
    const mineOf = () => tx.select().from(satisfactionResponses)
      .where(and(eq(satisfactionResponses.centerId, survey.centerId), eq(satisfactionResponses.year, survey.year), eq(satisfactionResponses.agencyId, agencyId)))
      .for('update');
    const fields = { rating: input.rating, comment: input.comment ?? null, surveyId: survey.id, answeredBy: actor.userId };
    let [before] = await mineOf();
    if (!before) {
      const [created] = await tx.insert(satisfactionResponses).values({ centerId: survey.centerId, year: survey.year, agencyId, ...fields })
        .onConflictDoNothing().returning();
      if (created) {
        const answers = await insertAnswers(tx, created.id, input);
        await recordAudit(tx, actor, { action: 'create', entity: 'satisfaction_response', entityId: created.id, centerId: survey.centerId, after: { ...created, answers }, note: `作答：${survey.title}` });
        return { created: true };
      }
      [before] = await mineOf(); // another request of the same agency created it first
    }
    const oldAnswers = await tx.select({ questionId: surveyAnswers.questionId, rating: surveyAnswers.rating, text: surveyAnswers.text })
      .from(surveyAnswers).where(eq(surveyAnswers.responseId, before!.id));
    await tx.delete(surveyAnswers).where(eq(surveyAnswers.responseId, before!.id));
    const [after] = await tx.update(satisfactionResponses).set({ ...fields, updatedAt: new Date() }).where(eq(satisfactionResponses.id, before!.id)).returning();
    const answers = await insertAnswers(tx, before!.id, input);
    await recordAudit(tx, actor, {
      action: 'update', entity: 'satisfaction_response', entityId: before!.id, centerId: survey.centerId,
      before: { ...before, answers: oldAnswers }, after: { ...after, answers }, note: `作答：${survey.title}`,
    });
    return { created: false };
  }));
}

async function insertAnswers(tx: DbOrTx, responseId: number, input: AnswerInput) {
  if (input.answers.length === 0) return [];
  await tx.insert(surveyAnswers).values(input.answers.map((a) => ({ responseId, ...a })));
  return input.answers;
}
