import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, numeric, pgTable, primaryKey, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { centers, users } from './core';
import { transfers } from './trading';

export const bidderKinds = ['法人', '自然人'] as const;

// 竞买人: a company (法人, by its 统一社会信用代码) or a person (自然人, by the 居民身份证号码), registered
// once and reused by every center's transfers. The registering center is kept for who may read the ID.
export const bidders = pgTable('bidders', {
  id: serial('id').primaryKey(),
  kind: text('kind', { enum: bidderKinds }).notNull(),
  name: text('name').notNull(),
  creditCode: text('credit_code').unique(),
  idNumber: text('id_number').unique(),
  legalRep: text('legal_rep'),
  phone: text('phone'),
  address: text('address'),
  createdCenterId: integer('created_center_id').notNull().references(() => centers.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('bidders_kind_check', sql`${t.kind} in ('法人','自然人')`),
  check('bidders_identity', sql`(${t.kind} = '法人') = (${t.creditCode} is not null) and (${t.kind} = '自然人') = (${t.idNumber} is not null)`),
  check('bidders_credit_code_format', sql`${t.creditCode} ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'`),
  check('bidders_id_number_format', sql`${t.idNumber} ~ '^[0-9]{17}[0-9X]$'`),
]);

export const applicationKinds = ['单独', '联合'] as const;
export const reviewResults = ['待审查', '通过', '不通过'] as const;
/** The documents a 竞买申请 carries (the checklist of the 出让文件). */
export const applicationDocuments = ['竞买申请书', '营业执照或身份证明', '法定代表人身份证明', '授权委托书', '联合竞买协议', '竞买保证金缴纳凭证'] as const;

// 报名: one application to bid in one round, alone (单独) or jointly (联合竞买, with 出资比例 summing to
// 100%). It is kept: its facts never change, and its 资格审查 is recorded once (通过 with its 号牌, or
// 不通过 with the reason) — the trigger of migration 0009 refuses anything else.
export const bidApplications = pgTable('bid_applications', {
  id: serial('id').primaryKey(),
  centerId: integer('center_id').notNull().references(() => centers.id),
  transferId: integer('transfer_id').notNull().references(() => transfers.id),
  kind: text('kind', { enum: applicationKinds }).notNull(),
  appliedOn: date('applied_on', { mode: 'string' }).notNull(),
  agentName: text('agent_name'),
  agentIdNumber: text('agent_id_number'),
  documents: text('documents').array().notNull().default(sql`'{}'::text[]`),
  review: text('review', { enum: reviewResults }).notNull().default('待审查'),
  reviewReason: text('review_reason'),
  paddleNo: integer('paddle_no'),
  reviewedBy: integer('reviewed_by').references(() => users.id),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  unique('bid_applications_paddle').on(t.transferId, t.paddleNo),
  check('bid_applications_kind_check', sql`${t.kind} in ('单独','联合')`),
  check('bid_applications_review_check', sql`${t.review} in ('待审查','通过','不通过')`),
  check('bid_applications_agent_id_format', sql`${t.agentIdNumber} ~ '^[0-9]{17}[0-9X]$'`),
  // 通过 carries its 号牌, 不通过 its reason; a review has its reviewer and time.
  check('bid_applications_paddle_on_pass', sql`(${t.review} = '通过') = (${t.paddleNo} is not null)`),
  check('bid_applications_reason_on_fail', sql`${t.review} <> '不通过' or length(btrim(coalesce(${t.reviewReason}, ''))) > 0`),
  check('bid_applications_reviewed', sql`(${t.review} = '待审查') = (${t.reviewedAt} is null)`),
  index('bid_applications_transfer_idx').on(t.transferId),
]);

// The bidders of an application with their 出资比例 (percent, two decimals). A bidder applies to a round once.
export const bidApplicationMembers = pgTable('bid_application_members', {
  applicationId: integer('application_id').notNull().references(() => bidApplications.id),
  transferId: integer('transfer_id').notNull().references(() => transfers.id),
  bidderId: integer('bidder_id').notNull().references(() => bidders.id),
  share: numeric('share', { precision: 5, scale: 2 }).notNull(),
}, (t) => [
  primaryKey({ columns: [t.applicationId, t.bidderId] }),
  unique('bid_application_members_once').on(t.transferId, t.bidderId),
  check('bid_application_members_share', sql`${t.share} > 0 and ${t.share} <= 100`),
  index('bid_application_members_bidder_idx').on(t.bidderId),
]);

// 竞买保证金: what arrived for an application (receipts, from the bank statement) and what became of it
// (dispositions). Both are kept like payments: never changed or deleted (migration 0010), a mistake is
// answered by the next record. Per application and payer account, dispositions never exceed receipts.
export const depositReceipts = pgTable('deposit_receipts', {
  id: serial('id').primaryKey(),
  centerId: integer('center_id').notNull().references(() => centers.id),
  transferId: integer('transfer_id').notNull().references(() => transfers.id),
  applicationId: integer('application_id').notNull().references(() => bidApplications.id),
  bankSerial: text('bank_serial').notNull(),
  payerName: text('payer_name').notNull(),
  payerAccount: text('payer_account').notNull(),
  payerBank: text('payer_bank'),
  amount: bigint('amount', { mode: 'bigint' }).notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  unique('deposit_receipts_serial').on(t.centerId, t.bankSerial),
  check('deposit_receipts_amount', sql`${t.amount} > 0`),
  index('deposit_receipts_application_idx').on(t.applicationId),
]);

export const dispositionKinds = ['退还', '转定金', '抵作价款', '没收'] as const;

export const depositDispositions = pgTable('deposit_dispositions', {
  id: serial('id').primaryKey(),
  centerId: integer('center_id').notNull().references(() => centers.id),
  transferId: integer('transfer_id').notNull().references(() => transfers.id),
  applicationId: integer('application_id').notNull().references(() => bidApplications.id),
  /** The account the deposit came from: a 退还 goes back to it. */
  payerAccount: text('payer_account').notNull(),
  kind: text('kind', { enum: dispositionKinds }).notNull(),
  amount: bigint('amount', { mode: 'bigint' }).notNull(),
  disposedOn: date('disposed_on', { mode: 'string' }).notNull(),
  bankSerial: text('bank_serial'),
  documentNo: text('document_no'),
  note: text('note'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('deposit_dispositions_amount', sql`${t.amount} > 0`),
  check('deposit_dispositions_kind_check', sql`${t.kind} in ('退还','转定金','抵作价款','没收')`),
  check('deposit_dispositions_forfeit_doc', sql`${t.kind} <> '没收' or length(btrim(coalesce(${t.documentNo}, ''))) > 0`),
  index('deposit_dispositions_application_idx').on(t.applicationId),
]);

// The lines of a bank statement imported by the 保证金管理科: every credit to the deposit account, as the
// bank printed it. A line is matched when a receipt of the same center carries its 银行流水号 (the import
// matches by payer, amount and account; staff match the rest by hand); the others are 未匹配到账. Kept
// like receipts: never changed or deleted (migration 0012).
export const bankStatementLines = pgTable('bank_statement_lines', {
  id: serial('id').primaryKey(),
  centerId: integer('center_id').notNull().references(() => centers.id),
  bankSerial: text('bank_serial').notNull(),
  payerName: text('payer_name').notNull(),
  payerAccount: text('payer_account').notNull(),
  payerBank: text('payer_bank'),
  amount: bigint('amount', { mode: 'bigint' }).notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  summary: text('summary'),
  filename: text('filename').notNull(),
  importedBy: integer('imported_by').references(() => users.id),
  importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  unique('bank_statement_lines_serial').on(t.centerId, t.bankSerial),
  check('bank_statement_lines_amount', sql`${t.amount} > 0`),
  index('bank_statement_lines_received_idx').on(t.centerId, t.receivedAt),
]);
