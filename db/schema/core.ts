import { sql } from 'drizzle-orm';
import {
  bigserial, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, unique, uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

export const centerLevels = ['省', '市', '县'] as const;
export const roles = ['admin', 'staff', 'finance', 'leader', 'agency'] as const;
export type Role = (typeof roles)[number];

export const centers = pgTable('centers', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  level: text('level', { enum: centerLevels }).notNull(),
  parentId: integer('parent_id').references((): AnyPgColumn => centers.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('centers_level_check', sql`${t.level} in ('省','市','县')`),
  check('centers_not_own_parent', sql`${t.parentId} is distinct from ${t.id}`),
]);

export const agencies = pgTable('agencies', {
  id: serial('id').primaryKey(),
  creditCode: text('credit_code').notNull().unique(),
  name: text('name').notNull(),
  contactPerson: text('contact_person'),
  contactPhone: text('contact_phone'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [check('agencies_credit_code_format', sql`${t.creditCode} ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'`)]);

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: roles }).notNull(),
  centerId: integer('center_id').notNull().references(() => centers.id),
  agencyId: integer('agency_id').references(() => agencies.id),
  active: boolean('active').notNull().default(true),
  /** Approval duties (科室负责人, 业务分管领导, 财务分管领导) this user signs for; see funds.ts. */
  duties: text('duties').array().notNull().default(sql`'{}'::text[]`),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('users_role_check', sql`${t.role} in ('admin','staff','finance','leader','agency')`),
  // An agency user belongs to exactly one agency; nobody else does.
  check('users_agency_role', sql`(${t.role} = 'agency') = (${t.agencyId} is not null)`),
]);

// Server-side sessions: the cookie holds a random token, the table only its SHA-256.
export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  centerId: integer('center_id').references(() => centers.id),
  year: integer('year'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('sessions_user_idx').on(t.userId)]);

export const loginFailures = pgTable('login_failures', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  username: text('username').notNull(),
  ip: text('ip').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('login_failures_username_idx').on(t.username, t.at), index('login_failures_ip_idx').on(t.ip, t.at)]);

export const auditEvents = pgTable('audit_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  userId: integer('user_id').references(() => users.id),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  entity: text('entity').notNull(),
  entityId: text('entity_id').notNull(),
  centerId: integer('center_id').references(() => centers.id),
  before: jsonb('before'),
  after: jsonb('after'),
  note: text('note'),
}, (t) => [
  index('audit_entity_idx').on(t.entity, t.entityId),
  index('audit_at_idx').on(t.at),
]);

/**
 * The working-day calendar's exceptions to "Monday to Friday": the 放假 weekdays and 调休上班 weekends
 * of the State Council's yearly 节假日安排 (国务院办公厅关于某年部分节假日安排的通知). One national
 * calendar, kept by the admin; src/lib/working-days.ts reads it.
 */
export const calendarDays = pgTable('calendar_days', {
  day: date('day', { mode: 'string' }).primaryKey(),
  working: boolean('working').notNull(),
  note: text('note').notNull(),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [check('calendar_days_note_filled', sql`length(btrim(${t.note})) > 0`)]);

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
});

// A setting where provinces (or cities) differ — a mineral right's notice periods, the 保证金 refund
// period — set for one center and read by it and the centers below it, before the deployment's value
// in \`settings\` (src/calendar/queries.ts, centerSettings). Every change is audited.
export const centerSettings = pgTable('center_settings', {
  centerId: integer('center_id').notNull().references(() => centers.id),
  key: text('key').notNull(),
  value: jsonb('value').notNull(),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.centerId, t.key] })]);

// An uploaded ledger waits here between preview and confirm, so the confirmed import is
// exactly the file that was previewed.
export const importUploads = pgTable('import_uploads', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: integer('user_id').notNull().references(() => users.id),
  filename: text('filename').notNull(),
  files: jsonb('files').notNull(),
  status: text('status', { enum: ['preview', 'applied'] }).notNull().default('preview'),
  summary: jsonb('summary'),
  /** The column mapping the user gave in the preview (LedgerMapping): the confirm reads the file with it again. */
  mapping: jsonb('mapping'),
  /** The center the user imported as: its code fills a 中心编码 the file leaves out. */
  centerId: integer('center_id').references(() => centers.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  appliedAt: timestamp('applied_at', { withTimezone: true }),
}, (t) => [unique('import_uploads_id_user').on(t.id, t.userId)]);

/**
 * A column mapping remembered per center and sheet shape (the sorted headers of a sheet as the
 * file writes them): next year's ledger of the same shape is read the same way without asking.
 */
export const importMappings = pgTable('import_mappings', {
  centerId: integer('center_id').notNull().references(() => centers.id),
  shape: text('shape').notNull(),
  /** SheetMapping: the sheet it is, columns → the format's columns (null: left out), values for absent columns. */
  mapping: jsonb('mapping').notNull(),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.centerId, t.shape] })]);

/**
 * A warning an imported record carries: the record is true history that breaks a control the
 * system applies to new work (a fee paid beyond the fee due, a payment dated outside its project's
 * year). It stays visible on the record and in finance's list. Written with the record, never changed.
 */
export const recordWarnings = pgTable('record_warnings', {
  id: serial('id').primaryKey(),
  centerId: integer('center_id').notNull().references(() => centers.id),
  entity: text('entity').notNull(),
  entityId: integer('entity_id').notNull(),
  kind: text('kind').notNull(),
  /** The ledger column the warning is about (金额, 支付日期). */
  column: text('ledger_column'),
  message: text('message').notNull(),
  /** Where the record came from: the file imported. */
  source: text('source'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('record_warnings_entity_idx').on(t.entity, t.entityId),
  index('record_warnings_center_idx').on(t.centerId, t.id),
]);
