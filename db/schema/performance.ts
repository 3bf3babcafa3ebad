import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, numeric, pgTable, serial, text, timestamp, unique, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { agencies, centers, users } from './core';
import { projects, type RevenueType } from './funds';

// The performance side of a project (REPORTING.md): its indicator rows, the deductions a review
// took with their reasons, and the agencies' satisfaction responses the 满意度 indicator counts.

/** 计算规则: how an indicator's actual value is computed (REPORTING.md), or 手工 (entered by hand). */
export const indicatorRules = ['出让宗数', '财政增收', '按时上缴', '工作经费', '拍卖机构满意度', '预算执行率', '溢价率', '流拍率', '出让面积', '手工'] as const;
export type IndicatorRule = (typeof indicatorRules)[number];

/** 总体评价 of a satisfaction response, best first. The first two count as satisfied. */
export const satisfactionRatings = ['非常满意', '满意', '基本满意', '不满意', '非常不满意'] as const;
export type SatisfactionRating = (typeof satisfactionRatings)[number];

/**
 * 绩效指标: one row of a project's 绩效指标完成情况 table. `targetValue` is the number the rule
 * compares with (元 for 财政增收/工作经费, 宗 for 出让宗数, percent for the rates); `expected` is the
 * 预期指标值 as the table prints it ("10余宗"). 手工 rows carry their actual value and points.
 */
export const indicators = pgTable('indicators', {
  id: serial('id').primaryKey(),
  projectId: integer('project_id').notNull().references(() => projects.id),
  position: integer('position').notNull().default(0),
  level1: text('level1').notNull(),
  level2: text('level2').notNull(),
  level3: text('level3').notNull(),
  expected: text('expected').notNull(),
  rule: text('rule', { enum: indicatorRules }).notNull(),
  targetValue: numeric('target_value', { precision: 18, scale: 2, mode: 'string' }),
  unit: text('unit'),
  manualActual: text('manual_actual'),
  manualPoints: numeric('manual_points', { precision: 7, scale: 2, mode: 'string' }),
  weight: numeric('weight', { precision: 7, scale: 2, mode: 'string' }).notNull(),
  /**
   * 财政增收 and 按时上缴 only: the 非税收入 types the row counts (REPORTING.md's `remitted` restricted to
   * them). Null on rows from before types were chosen, and on imported rows without them: all types.
   */
  revenueTypes: text('revenue_types').array().$type<RevenueType[]>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('indicators_revenue_types_check', sql`${t.revenueTypes} is null or (cardinality(${t.revenueTypes}) > 0
    and ${t.revenueTypes} <@ array['土地出让收入','矿业权出让收益','交易服务费','其他']::text[] and ${t.rule} in ('财政增收','按时上缴'))`),
  unique('indicators_project_level3').on(t.projectId, t.level3),
  check('indicators_rule_check', sql`${t.rule} in ('出让宗数','财政增收','按时上缴','工作经费','拍卖机构满意度','预算执行率','溢价率','流拍率','出让面积','手工')`),
  check('indicators_weight_check', sql`${t.weight} >= 0 and ${t.weight} <= 100`),
  check('indicators_target_check', sql`${t.targetValue} is null or ${t.targetValue} >= 0`),
  check('indicators_manual_check', sql`${t.rule} = '手工' or (${t.manualActual} is null and ${t.manualPoints} is null)`),
  check('indicators_points_check', sql`${t.manualPoints} is null or (${t.manualPoints} >= 0 and ${t.manualPoints} <= ${t.weight})`),
  index('indicators_project_idx').on(t.projectId, t.position),
]);

/** 扣分: points a review took off a project's score, with the reason (the report's 存在的问题). */
export const deductions = pgTable('deductions', {
  id: serial('id').primaryKey(),
  projectId: integer('project_id').notNull().references(() => projects.id),
  points: numeric('points', { precision: 7, scale: 2, mode: 'string' }).notNull(),
  reason: text('reason').notNull(),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  unique('deductions_project_reason').on(t.projectId, t.reason),
  check('deductions_points_check', sql`${t.points} > 0 and ${t.points} <= 100`),
  index('deductions_project_idx').on(t.projectId),
]);

/**
 * 满意度 response: one agency's overall rating of a center for a year. The survey pages (issue 5)
 * write here too; the 满意度 sheet imports into it. An agency answers once per center and year.
 */
export const satisfactionResponses = pgTable('satisfaction_responses', {
  id: serial('id').primaryKey(),
  centerId: integer('center_id').notNull().references(() => centers.id),
  year: integer('year').notNull(),
  agencyId: integer('agency_id').notNull().references(() => agencies.id),
  rating: text('rating', { enum: satisfactionRatings }).notNull(),
  comment: text('comment'),
  /** The survey it answers; null for a response imported from the 满意度 sheet. */
  surveyId: integer('survey_id').references((): AnyPgColumn => surveys.id),
  /** The agency user who answered (last), for a survey answer. */
  answeredBy: integer('answered_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  unique('satisfaction_center_year_agency').on(t.centerId, t.year, t.agencyId),
  check('satisfaction_rating_check', sql`${t.rating} in ('非常满意','满意','基本满意','不满意','非常不满意')`),
  check('satisfaction_year_check', sql`${t.year} between 1990 and 2200`),
]);

/**
 * An API token an admin issued: it acts as `userId` (with that user's role and centers) on the
 * JSON API only. Only the SHA-256 of the token is kept; a revoked token is kept, marked revoked.
 */
export const apiTokens = pgTable('api_tokens', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
}, (t) => [index('api_tokens_user_idx').on(t.userId)]);

export const surveyStatuses = ['草稿', '进行中', '已结束'] as const;
export type SurveyStatus = (typeof surveyStatuses)[number];
export const questionKinds = ['评分', '文字'] as const;

/**
 * 满意度调查 of a center for a year: staff draft its questions, open it, and close it. While it is
 * open each agency answers once (and may change its answer); the overall rating of each answer is
 * the satisfaction_responses row the 拍卖机构满意度 figure counts.
 */
export const surveys = pgTable('surveys', {
  id: serial('id').primaryKey(),
  centerId: integer('center_id').notNull().references(() => centers.id),
  year: integer('year').notNull(),
  title: text('title').notNull(),
  intro: text('intro'),
  status: text('status', { enum: surveyStatuses }).notNull().default('草稿'),
  /**
   * 实名: staff read each agency's answer. 匿名 (false): staff read only the summary, and only once
   * MIN_RESPONSES_FOR_AGENCIES answers are mixed in it; chosen at creation, what the agencies are told.
   */
  named: boolean('named').notNull().default(false),
  openedAt: timestamp('opened_at', { withTimezone: true }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  unique('surveys_center_year').on(t.centerId, t.year),
  check('surveys_status_check', sql`${t.status} in ('草稿','进行中','已结束')`),
  check('surveys_year_check', sql`${t.year} between 1990 and 2200`),
]);

/** A question of a survey: a rating on a 1…scale scale, or free text. */
export const surveyQuestions = pgTable('survey_questions', {
  id: serial('id').primaryKey(),
  surveyId: integer('survey_id').notNull().references(() => surveys.id),
  position: integer('position').notNull().default(0),
  text: text('text').notNull(),
  kind: text('kind', { enum: questionKinds }).notNull(),
  scale: integer('scale'),
}, (t) => [
  check('survey_questions_kind_check', sql`${t.kind} in ('评分','文字')`),
  check('survey_questions_scale_check', sql`(${t.kind} = '评分') = (${t.scale} is not null) and coalesce(${t.scale}, 5) between 2 and 10`),
  index('survey_questions_survey_idx').on(t.surveyId, t.position),
]);

/** One agency's answer to one question, part of its response. */
export const surveyAnswers = pgTable('survey_answers', {
  id: serial('id').primaryKey(),
  responseId: integer('response_id').notNull().references(() => satisfactionResponses.id),
  questionId: integer('question_id').notNull().references(() => surveyQuestions.id),
  rating: integer('rating'),
  text: text('text'),
}, (t) => [
  unique('survey_answers_response_question').on(t.responseId, t.questionId),
  check('survey_answers_one_kind', sql`(${t.rating} is null) <> (${t.text} is null)`),
]);
