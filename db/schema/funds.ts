import { sql } from 'drizzle-orm';
import {
  bigint, boolean, check, date, index, integer, jsonb, numeric, pgTable, primaryKey, serial, text, timestamp, unique,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { agencies, centers, users } from './core';
import { announcements, transfers } from './trading';

// Financial records (budget entries, fund arrivals, paid payments, remittances) are never updated
// or deleted: database triggers (migration 0002) refuse it, and a correction is a new record
// (a 调减, a reversal 冲销). All money is integer 分.

export const budgetKinds = ['年初预算', '上年结转', '追加', '调减'] as const;
/** What a user types on the budget form: 上年结转 is written only by the 结转 of the year before (balanceDispositions). */
export const enteredBudgetKinds = ['年初预算', '追加', '调减'] as const;
/** 年末结余处置: what becomes of a closed year's unspent balance — carried into next year's project, or taken back. */
export const balanceDispositionKinds = ['结转', '收回'] as const;
export const fundSources = ['财政拨款', '其他'] as const;
export const paymentCategories = ['拍卖机构劳务费', '公告费', '其他'] as const;
export const revenueTypes = ['土地出让收入', '矿业权出让收益', '交易服务费', '其他'] as const;
export type RevenueType = (typeof revenueTypes)[number];
export const feeMethods = ['按宗固定', '按成交价比例', '分档累进'] as const;

/**
 * The approval chain of a payment, in order. A draft (草稿) or a payment sent back (已退回) is
 * with its 经办人; each 待审 status waits for the user holding its duty; 待支付 waits for finance to pay;
 * 已撤销 is a draft withdrawn before it was paid (nothing is ever deleted).
 */
export const paymentStatuses = ['草稿', '待科室负责人审核', '待业务分管领导审批', '待财务分管领导审批', '待支付', '已支付', '已退回', '已撤销'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];
/** Duties a user may hold (users.duties), each signing one step of the chain. */
export const duties = ['科室负责人', '业务分管领导', '财务分管领导'] as const;
export type Duty = (typeof duties)[number];

// 项目: a yearly budget project of a center, e.g. 土地出让工作经费 2020.
export const projects = pgTable('projects', {
  id: serial('id').primaryKey(),
  centerId: integer('center_id').notNull().references(() => centers.id),
  year: integer('year').notNull(),
  name: text('name').notNull(),
  budgetUnit: text('budget_unit'),
  target: text('target'),
  /** 实际完成目标 as entered, for projects whose sentence is not computed (no 出让宗数/财政增收 rule). */
  actualGoal: text('actual_goal'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  unique('projects_center_year_name').on(t.centerId, t.year, t.name),
  check('projects_year_check', sql`${t.year} between 1990 and 2200`),
]);

export const budgetEntries = pgTable('budget_entries', {
  id: serial('id').primaryKey(),
  projectId: integer('project_id').notNull().references(() => projects.id),
  kind: text('kind', { enum: budgetKinds }).notNull(),
  amount: bigint('amount', { mode: 'bigint' }).notNull(),
  entryDate: date('entry_date', { mode: 'string' }).notNull(),
  docNo: text('doc_no'),
  reason: text('reason'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('budget_entries_kind_check', sql`${t.kind} in ('年初预算','上年结转','追加','调减')`),
  check('budget_entries_amount_check', sql`${t.amount} > 0`),
  index('budget_entries_project_idx').on(t.projectId),
]);

export const fundArrivals = pgTable('fund_arrivals', {
  id: serial('id').primaryKey(),
  projectId: integer('project_id').notNull().references(() => projects.id),
  amount: bigint('amount', { mode: 'bigint' }).notNull(),
  arrivedOn: date('arrived_on', { mode: 'string' }).notNull(),
  source: text('source', { enum: fundSources }).notNull().default('财政拨款'),
  note: text('note'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('fund_arrivals_amount_check', sql`${t.amount} > 0`),
  check('fund_arrivals_source_check', sql`${t.source} in ('财政拨款','其他')`),
  index('fund_arrivals_project_idx').on(t.projectId),
]);

/**
 * 支付. A reversal (冲销) is a payment of the negative amount that points at the paid payment it
 * corrects (`reversesId`); it is recorded as paid at once. A paid payment is never changed again.
 */
export const payments = pgTable('payments', {
  id: serial('id').primaryKey(),
  centerId: integer('center_id').notNull().references(() => centers.id),
  projectId: integer('project_id').notNull().references(() => projects.id),
  category: text('category', { enum: paymentCategories }).notNull(),
  payee: text('payee').notNull(),
  amount: bigint('amount', { mode: 'bigint' }).notNull(),
  transferId: integer('transfer_id').references(() => transfers.id),
  /**
   * An agency fee for every round of the transfer's parcel that its agency ran (`挂牌劳务费（两场）`),
   * not for the one round `transferId` names (which is then the round the payment was entered on):
   * held against the fee due for all those rounds, and shared among them on the statements.
   */
  allRounds: boolean('all_rounds').notNull().default(false),
  announcementId: integer('announcement_id').references(() => announcements.id),
  agencyId: integer('agency_id').references(() => agencies.id),
  summary: text('summary'),
  /** 原始凭证: what the draft is supported by (invoice, agreement) as the 经办人 describes it. */
  attachment: text('attachment'),
  status: text('status', { enum: paymentStatuses }).notNull().default('草稿'),
  paidOn: date('paid_on', { mode: 'string' }),
  /** 凭证号: the accounting voucher, unique in the center, given when paid. */
  voucherNo: text('voucher_no'),
  reversesId: integer('reverses_id').references((): AnyPgColumn => payments.id),
  imported: boolean('imported').notNull().default(false),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  unique('payments_center_voucher').on(t.centerId, t.voucherNo),
  // A payment can be reversed once (partial reversals are single too: the rest stays paid).
  unique('payments_reverses_once').on(t.reversesId),
  check('payments_status_check', sql`${t.status} in ('草稿','待科室负责人审核','待业务分管领导审批','待财务分管领导审批','待支付','已支付','已退回','已撤销')`),
  check('payments_category_check', sql`${t.category} in ('拍卖机构劳务费','公告费','其他')`),
  check('payments_sign_check', sql`(${t.reversesId} is null and ${t.amount} > 0) or (${t.reversesId} is not null and ${t.amount} < 0)`),
  check('payments_paid_check', sql`(${t.status} = '已支付') = (${t.paidOn} is not null and ${t.voucherNo} is not null)`),
  check('payments_all_rounds_check', sql`not ${t.allRounds} or (${t.transferId} is not null and ${t.category} = '拍卖机构劳务费')`),
  index('payments_project_idx').on(t.projectId, t.status),
  // The payment list pages a center's payments newest first.
  index('payments_center_idx').on(t.centerId, t.id),
  index('payments_transfer_idx').on(t.transferId),
  index('payments_agency_idx').on(t.agencyId),
]);

/** One signature on a payment: who moved it from which status to which, and why when sent back. */
export const paymentSteps = pgTable('payment_steps', {
  id: serial('id').primaryKey(),
  paymentId: integer('payment_id').notNull().references(() => payments.id),
  fromStatus: text('from_status').notNull(),
  toStatus: text('to_status').notNull(),
  duty: text('duty'),
  userId: integer('user_id').references(() => users.id),
  reason: text('reason'),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('payment_steps_payment_idx').on(t.paymentId)]);

/**
 * 年末结余处置 of a project whose year is closed: its unspent balance (全年预算 − what is paid or
 * reserved − what was disposed of before) is 结转 into a project of the next year, as that project's
 * 上年结转 budget entry (`budgetEntryId`, written in the same transaction), or 收回 by the treasury.
 * Kept like every financial record (trigger, migration 0026).
 */
export const balanceDispositions = pgTable('balance_dispositions', {
  id: serial('id').primaryKey(),
  centerId: integer('center_id').notNull().references(() => centers.id),
  projectId: integer('project_id').notNull().references(() => projects.id),
  kind: text('kind', { enum: balanceDispositionKinds }).notNull(),
  amount: bigint('amount', { mode: 'bigint' }).notNull(),
  decidedOn: date('decided_on', { mode: 'string' }).notNull(),
  docNo: text('doc_no'),
  targetProjectId: integer('target_project_id').references(() => projects.id),
  budgetEntryId: integer('budget_entry_id').references(() => budgetEntries.id),
  reason: text('reason'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('balance_dispositions_kind_check', sql`${t.kind} in ('结转','收回')`),
  check('balance_dispositions_amount_check', sql`${t.amount} > 0`),
  check('balance_dispositions_target_check', sql`(${t.kind} = '结转') = (${t.targetProjectId} is not null and ${t.budgetEntryId} is not null)`),
  check('balance_dispositions_doc_check', sql`${t.kind} <> '结转' or (${t.docNo} is not null and length(btrim(${t.docNo})) > 0)`),
  unique('balance_dispositions_entry_once').on(t.budgetEntryId),
  index('balance_dispositions_project_idx').on(t.projectId),
  index('balance_dispositions_target_idx').on(t.targetProjectId),
]);

/** A closed year: nothing is dated into it any more (budget, arrivals, payments, remittances). */
export const closedYears = pgTable('closed_years', {
  centerId: integer('center_id').notNull().references(() => centers.id),
  year: integer('year').notNull(),
  closedBy: integer('closed_by').references(() => users.id),
  closedAt: timestamp('closed_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.centerId, t.year] })]);

/**
 * 费用支付协议 per agency and year. Rates are percentages as exact decimals (`1.5` = 1.5%);
 * tiers are progressive: [{ from, to, rate }] in 分 and percent, the last `to` null (open-ended).
 */
export const feeAgreements = pgTable('fee_agreements', {
  id: serial('id').primaryKey(),
  agencyId: integer('agency_id').notNull().references(() => agencies.id),
  year: integer('year').notNull(),
  method: text('method', { enum: feeMethods }).notNull(),
  fixedAmount: bigint('fixed_amount', { mode: 'bigint' }),
  rate: numeric('rate', { precision: 9, scale: 4 }),
  tiers: jsonb('tiers').$type<{ from: string; to: string | null; rate: string }[]>(),
  cap: bigint('cap', { mode: 'bigint' }),
  payFailed: boolean('pay_failed').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  unique('fee_agreements_agency_year').on(t.agencyId, t.year),
  check('fee_agreements_method_check', sql`${t.method} in ('按宗固定','按成交价比例','分档累进')`),
  check('fee_agreements_shape', sql`(${t.method} = '按宗固定' and ${t.fixedAmount} is not null)
    or (${t.method} = '按成交价比例' and ${t.rate} is not null)
    or (${t.method} = '分档累进' and ${t.tiers} is not null)`),
]);

/** 非税收入上缴. */
export const remittances = pgTable('remittances', {
  id: serial('id').primaryKey(),
  centerId: integer('center_id').notNull().references(() => centers.id),
  receiptNo: text('receipt_no').notNull(),
  revenueType: text('revenue_type', { enum: revenueTypes }).notNull(),
  transferId: integer('transfer_id').references(() => transfers.id),
  amount: bigint('amount', { mode: 'bigint' }).notNull(),
  remittedOn: date('remitted_on', { mode: 'string' }).notNull(),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  unique('remittances_center_receipt').on(t.centerId, t.receiptNo),
  check('remittances_amount_check', sql`${t.amount} > 0`),
  check('remittances_type_check', sql`${t.revenueType} in ('土地出让收入','矿业权出让收益','交易服务费','其他')`),
  index('remittances_center_date_idx').on(t.centerId, t.remittedOn),
  index('remittances_transfer_idx').on(t.transferId),
]);

/** 非税征收任务 of a center for a year. */
export const revenueTargets = pgTable('revenue_targets', {
  centerId: integer('center_id').notNull().references(() => centers.id),
  year: integer('year').notNull(),
  amount: bigint('amount', { mode: 'bigint' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.centerId, t.year] }), check('revenue_targets_amount_check', sql`${t.amount} > 0`)]);
