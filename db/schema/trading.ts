import { sql } from 'drizzle-orm';
import {
  bigint, check, date, index, integer, jsonb, numeric, pgTable, primaryKey, serial, text, timestamp, unique, uniqueIndex, type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { agencies, centers, users } from './core';

export const parcelKinds = ['土地', '探矿权', '采矿权'] as const;
export const transferModes = ['拍卖', '挂牌', '招标', '协议'] as const;
export const transferResults = ['进行中', '成交', '流拍', '终止', '无效'] as const;
// Why a round did not sell (流拍): the four the 出让 practice records.
export const failureReasons = ['无人报名', '不足三人', '未达底价', '挂牌不成交'] as const;

// 标的: a land-use right or a mineral right. Money is integer 分.
export const parcels = pgTable('parcels', {
  id: serial('id').primaryKey(),
  centerId: integer('center_id').notNull().references(() => centers.id),
  code: text('code').notNull(),
  kind: text('kind', { enum: parcelKinds }).notNull(),
  name: text('name').notNull(),
  location: text('location'),
  district: text('district'),
  landUse: text('land_use'),
  // m² for land, km² for a mineral right's 矿区面积.
  area: numeric('area', { precision: 18, scale: 4 }),
  plotRatio: numeric('plot_ratio', { precision: 8, scale: 2 }),
  termYears: integer('term_years'),
  mineral: text('mineral'),
  resources: text('resources'),
  validUntil: date('valid_until', { mode: 'string' }),
  startingPrice: bigint('starting_price', { mode: 'bigint' }).notNull(),
  deposit: bigint('deposit', { mode: 'bigint' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  unique('parcels_center_code').on(t.centerId, t.code),
  check('parcels_kind_check', sql`${t.kind} in ('土地','探矿权','采矿权')`),
  check('parcels_money_check', sql`${t.startingPrice} >= 0 and coalesce(${t.deposit}, 0) >= 0`),
  index('parcels_district_idx').on(t.centerId, t.district),
]);

export const announcements = pgTable('announcements', {
  id: serial('id').primaryKey(),
  centerId: integer('center_id').notNull().references(() => centers.id),
  code: text('code').notNull(),
  title: text('title').notNull(),
  medium: text('medium'),
  publishedOn: date('published_on', { mode: 'string' }).notNull(),
  cost: bigint('cost', { mode: 'bigint' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  unique('announcements_center_code').on(t.centerId, t.code),
  check('announcements_cost_check', sql`${t.cost} >= 0`),
]);

export const announcementParcels = pgTable('announcement_parcels', {
  announcementId: integer('announcement_id').notNull().references(() => announcements.id, { onDelete: 'cascade' }),
  parcelId: integer('parcel_id').notNull().references(() => parcels.id),
}, (t) => [primaryKey({ columns: [t.announcementId, t.parcelId] }), index('announcement_parcels_parcel_idx').on(t.parcelId)]);

// 出让活动: one attempt (场次) to sell one parcel. A 流拍 parcel is offered again as the next round.
export const transfers = pgTable('transfers', {
  id: serial('id').primaryKey(),
  centerId: integer('center_id').notNull().references(() => centers.id),
  parcelId: integer('parcel_id').notNull().references(() => parcels.id),
  round: integer('round').notNull(),
  mode: text('mode', { enum: transferModes }).notNull(),
  agencyId: integer('agency_id').references(() => agencies.id),
  announcementId: integer('announcement_id').references(() => announcements.id),
  noticeStart: date('notice_start', { mode: 'string' }),
  noticeEnd: date('notice_end', { mode: 'string' }),
  registrationDeadline: date('registration_deadline', { mode: 'string' }),
  auctionDate: date('auction_date', { mode: 'string' }),
  result: text('result', { enum: transferResults }).notNull().default('进行中'),
  dealPrice: bigint('deal_price', { mode: 'bigint' }),
  winner: text('winner'),
  dealDate: date('deal_date', { mode: 'string' }),
  confirmationNo: text('confirmation_no'),
  /** The date the 成交确认书 was signed (on or after the deal); null on imported history without one. */
  confirmationDate: date('confirmation_date', { mode: 'string' }),
  /** The day the result was published (结果公示); null until it is. */
  resultPublishedOn: date('result_published_on', { mode: 'string' }),
  /** 流拍原因 (one of failureReasons); null for other results and for imported 流拍 that gave none. */
  failureReason: text('failure_reason', { enum: failureReasons }),
  /** The 文号 of a 终止 or of the decision that made a deal 无效. */
  documentNo: text('document_no'),
  /** The day a 终止 was decided or a deal declared 无效: the round's end for the refund period. */
  closedOn: date('closed_on', { mode: 'string' }),
  /** Since when the round is 中止 (suspended); null when it runs. */
  suspendedOn: date('suspended_on', { mode: 'string' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  unique('transfers_parcel_round').on(t.parcelId, t.round),
  check('transfers_failure_reason', sql`${t.failureReason} is null or (${t.result} = '流拍' and ${t.failureReason} in ('无人报名','不足三人','未达底价','挂牌不成交'))`),
  check('transfers_suspended_running', sql`${t.suspendedOn} is null or ${t.result} = '进行中'`),
  check('transfers_round_check', sql`${t.round} >= 1`),
  check('transfers_result_check', sql`${t.result} in ('进行中','成交','流拍','终止','无效')`),
  check('transfers_mode_check', sql`${t.mode} in ('拍卖','挂牌','招标','协议')`),
  // A deal is only a deal with its price, winner, date and confirmation number.
  check('transfers_deal_complete', sql`${t.result} <> '成交' or (${t.dealPrice} is not null and ${t.winner} is not null and ${t.dealDate} is not null and ${t.confirmationNo} is not null)`),
  check('transfers_deal_price_check', sql`coalesce(${t.dealPrice}, 0) >= 0`),
  index('transfers_center_idx').on(t.centerId, t.result),
  index('transfers_agency_idx').on(t.agencyId),
]);

// The law's rules of a 出让 (src/transfers/law.ts) an admin has set aside for one parcel or round, on
// the authority of a document (文号) and with a reason. Kept like the records: never changed, never deleted.
export const ruleExceptionEntities = ['parcel', 'transfer'] as const;
export const lawRules = ['deal-price', 'notice', 'deposit', 'term', 'bidders', 'publication', 'contract-signing'] as const;
export const ruleExceptions = pgTable('rule_exceptions', {
  id: serial('id').primaryKey(),
  centerId: integer('center_id').notNull().references(() => centers.id),
  entity: text('entity', { enum: ruleExceptionEntities }).notNull(),
  entityId: integer('entity_id').notNull(),
  rule: text('rule', { enum: lawRules }).notNull(),
  docNo: text('doc_no').notNull(),
  reason: text('reason').notNull(),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('rule_exceptions_entity_check', sql`${t.entity} in ('parcel','transfer')`),
  check('rule_exceptions_rule_check', sql`${t.rule} in ('deal-price','notice','deposit','term','bidders','publication','contract-signing')`),
  check('rule_exceptions_rule_entity_check', sql`(${t.entity} = 'parcel') = (${t.rule} in ('deposit','term'))`),
  check('rule_exceptions_filled', sql`length(btrim(${t.docNo})) > 0 and length(btrim(${t.reason})) > 0`),
  index('rule_exceptions_entity_idx').on(t.entity, t.entityId),
]);

// What happened to a round, in order: each result recorded (成交, 流拍, 终止), each 中止 and 恢复, and a
// deal declared 无效 with the deal it voids (detail). The round row holds the present; this holds the
// history, kept like the financial records: never changed or deleted (migration 0013).
export const transferEventKinds = ['成交', '流拍', '终止', '中止', '恢复', '无效', '更正', '公示'] as const;
export const transferEvents = pgTable('transfer_events', {
  id: serial('id').primaryKey(),
  centerId: integer('center_id').notNull().references(() => centers.id),
  transferId: integer('transfer_id').notNull().references(() => transfers.id),
  kind: text('kind', { enum: transferEventKinds }).notNull(),
  onDate: date('on_date', { mode: 'string' }),
  reason: text('reason'),
  documentNo: text('document_no'),
  detail: jsonb('detail'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('transfer_events_kind_check', sql`${t.kind} in ('成交','流拍','终止','中止','恢复','无效','更正','公示')`),
  check('transfer_events_void_documented', sql`${t.kind} <> '无效' or (length(btrim(coalesce(${t.documentNo}, ''))) > 0 and length(btrim(coalesce(${t.reason}, ''))) > 0)`),
  index('transfer_events_transfer_idx').on(t.transferId, t.id),
]);

// 底价 (reserve price) of a round: set by the 出让人's collective decision and kept secret until the
// round ends (国土资源部令第39号, as we recall 第十一条: 标底或者底价…在招标开标前和拍卖挂牌出让活动结束之前
// 应当保密). Its own table so that nothing that reads rounds — lists, exports, the JSON API, the audit
// log — can show it: only the users who set a 底价 of the round read it (src/transfers/reserve.ts).
// Each setting is a new row (the latest counts); rows are never changed or deleted (migration 0016).
export const reservePrices = pgTable('reserve_prices', {
  id: serial('id').primaryKey(),
  centerId: integer('center_id').notNull().references(() => centers.id),
  transferId: integer('transfer_id').notNull().references(() => transfers.id),
  amount: bigint('amount', { mode: 'bigint' }).notNull(),
  /** The 集体决策 record (会议纪要 number) that set it. */
  decisionNo: text('decision_no').notNull(),
  setBy: integer('set_by').notNull().references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('reserve_prices_amount_check', sql`${t.amount} > 0`),
  check('reserve_prices_decision_filled', sql`length(btrim(${t.decisionNo})) > 0`),
  index('reserve_prices_transfer_idx').on(t.transferId, t.id),
]);

// 国有建设用地使用权出让合同 of a deal, and its 价款分期 schedule. Signed once; kept like the financial
// records (never changed or deleted, migration 0018). The rules of its schedule: src/contracts/rules.ts.
export const landContracts = pgTable('land_contracts', {
  id: serial('id').primaryKey(),
  centerId: integer('center_id').notNull().references(() => centers.id),
  transferId: integer('transfer_id').notNull().references(() => transfers.id),
  contractNo: text('contract_no').notNull(),
  /** 电子监管号 of the land market's monitoring system. */
  supervisionNo: text('supervision_no'),
  signedOn: date('signed_on', { mode: 'string' }).notNull(),
  grantor: text('grantor').notNull(),
  grantee: text('grantee').notNull(),
  area: numeric('area', { precision: 18, scale: 4 }),
  landUse: text('land_use'),
  plotRatioMin: numeric('plot_ratio_min', { precision: 8, scale: 2 }),
  plotRatioMax: numeric('plot_ratio_max', { precision: 8, scale: 2 }),
  price: bigint('price', { mode: 'bigint' }).notNull(),
  earnest: bigint('earnest', { mode: 'bigint' }).notNull(),
  deliveryOn: date('delivery_on', { mode: 'string' }),
  startBy: date('start_by', { mode: 'string' }),
  completeBy: date('complete_by', { mode: 'string' }),
  /** The 文号 of the collective decision that lets the last instalment fall within two years (财综〔2009〕74号). */
  extensionDocNo: text('extension_doc_no'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  unique('land_contracts_transfer').on(t.transferId),
  unique('land_contracts_center_no').on(t.centerId, t.contractNo),
  check('land_contracts_money_check', sql`${t.price} > 0 and ${t.earnest} >= 0 and ${t.earnest} <= ${t.price}`),
  check('land_contracts_plot_ratio_check', sql`${t.plotRatioMin} is null or ${t.plotRatioMax} is null or ${t.plotRatioMin} <= ${t.plotRatioMax}`),
]);

export const contractInstalments = pgTable('contract_instalments', {
  id: serial('id').primaryKey(),
  contractId: integer('contract_id').notNull().references(() => landContracts.id),
  seq: integer('seq').notNull(),
  amount: bigint('amount', { mode: 'bigint' }).notNull(),
  dueOn: date('due_on', { mode: 'string' }).notNull(),
}, (t) => [
  unique('contract_instalments_seq').on(t.contractId, t.seq),
  check('contract_instalments_amount_check', sql`${t.amount} > 0 and ${t.seq} >= 1`),
]);

// What the buyer paid of a contract's 出让价款, as the collecting office recorded it: the 国库 (缴款书)
// before 2022, the 税务 after (入库, once the 费源信息 was pushed to it — 财综〔2021〕19号). The winner's
// deposit turned into price (deposit_dispositions 转定金/抵作价款) counts as paid too, from that ledger.
// Kept like the financial records (migration 0019).
export const priceCollectors = ['国库', '税务'] as const;
export const priceCollections = pgTable('price_collections', {
  id: serial('id').primaryKey(),
  centerId: integer('center_id').notNull().references(() => centers.id),
  contractId: integer('contract_id').notNull().references(() => landContracts.id),
  collector: text('collector', { enum: priceCollectors }).notNull(),
  voucherNo: text('voucher_no').notNull(),
  amount: bigint('amount', { mode: 'bigint' }).notNull(),
  collectedOn: date('collected_on', { mode: 'string' }).notNull(),
  /** The day the 费源信息 was pushed to the tax bureau (税务 only). */
  pushedOn: date('pushed_on', { mode: 'string' }),
  /** A 冲销 (correction) names the collection it reverses, with its negative amount and the reason. */
  reversesId: integer('reverses_id').references((): AnyPgColumn => priceCollections.id),
  reason: text('reason'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  unique('price_collections_voucher').on(t.centerId, t.collector, t.voucherNo),
  unique('price_collections_reverses_once').on(t.reversesId),
  check('price_collections_amount_check', sql`(${t.reversesId} is null and ${t.amount} > 0) or (${t.reversesId} is not null and ${t.amount} < 0 and length(btrim(${t.reason})) > 0)`),
  check('price_collections_collector_check', sql`${t.collector} in ('国库','税务')`),
  check('price_collections_pushed_check', sql`(${t.collector} = '税务') = (${t.pushedOn} is not null)`),
  index('price_collections_contract_idx').on(t.contractId),
]);

// 交易服务费 standards of a center: what it charges for a 成交, by parcel kind, from a day on, under the
// 文号 of the price authority that set it (seed 附件1: 交易信息中心 土地（矿权）交易服务费). A new standard is a new
// row from its own day; rows are kept (migration 0022). The fee of a deal: src/service-fees/queries.ts serviceFee.
export const serviceFeePayers = ['受让人', '出让人'] as const;
/** The agency fees' three methods (funds.ts feeMethods), named here: funds.ts imports this module. */
export const serviceFeeMethods = ['按宗固定', '按成交价比例', '分档累进'] as const;
export const serviceFeeRemitRules = ['收款后天数', '按季'] as const;
export const serviceFeeSchedules = pgTable('service_fee_schedules', {
  id: serial('id').primaryKey(),
  centerId: integer('center_id').notNull().references(() => centers.id),
  parcelKind: text('parcel_kind', { enum: parcelKinds }).notNull(),
  effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
  documentNo: text('document_no').notNull(),
  method: text('method', { enum: serviceFeeMethods }).notNull(),
  fixedAmount: bigint('fixed_amount', { mode: 'bigint' }),
  rate: numeric('rate', { precision: 9, scale: 4 }),
  tiers: jsonb('tiers').$type<{ from: string; to: string | null; rate: string }[]>(),
  cap: bigint('cap', { mode: 'bigint' }),
  payer: text('payer', { enum: serviceFeePayers }).notNull(),
  /**
   * When the center must remit what it collected under this standard (上缴时限): 收款后天数 (N calendar
   * days after the collection) or 按季 (by day N of the month after the collection's quarter). The
   * national rule (《政府非税收入管理办法》, 财税〔2016〕33号) says only 及时足额上缴, the 时限 being set by
   * the 同级财政部门; so it is entered with the standard, and null means none was set (the fees then
   * stay out of 按时上缴).
   */
  remitRule: text('remit_rule', { enum: serviceFeeRemitRules }),
  remitDays: integer('remit_days'),
  /**
   * A 更正 of a standard typed wrong (its 文号, rate, payer…): the same kind and day, naming the row it
   * replaces, with the reason; the replaced row is kept and no longer applies (migration 0025).
   */
  supersedesId: integer('supersedes_id').references((): AnyPgColumn => serviceFeeSchedules.id),
  reason: text('reason'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  // One standard per kind and day, and each 更正 of it once.
  uniqueIndex('service_fee_schedules_from').on(t.centerId, t.parcelKind, t.effectiveFrom, sql`coalesce(${t.supersedesId}, 0)`),
  unique('service_fee_schedules_supersedes_once').on(t.supersedesId),
  check('service_fee_schedules_reason_check', sql`(${t.supersedesId} is null) = (${t.reason} is null)`),
  check('service_fee_schedules_remit_check', sql`(${t.remitRule} is null and ${t.remitDays} is null)
    or (${t.remitRule} = '收款后天数' and ${t.remitDays} between 1 and 366)
    or (${t.remitRule} = '按季' and ${t.remitDays} between 1 and 31)`),
  check('service_fee_schedules_method_check', sql`${t.method} in ('按宗固定','按成交价比例','分档累进')`),
  check('service_fee_schedules_payer_check', sql`${t.payer} in ('受让人','出让人')`),
  check('service_fee_schedules_shape', sql`(${t.method} = '按宗固定' and ${t.fixedAmount} is not null and ${t.cap} is null)
    or (${t.method} = '按成交价比例' and ${t.rate} is not null)
    or (${t.method} = '分档累进' and ${t.tiers} is not null)`),
]);

// 交易服务费 collected: one row per 票据 (the bill the center issued, 开票日期, and the day the payer paid,
// 收款日期), against a 成交. Kept; a mistake is corrected by a 冲销 row of the negative amount naming it,
// with its reason (migration 0024). What was remitted of it: the center's 交易服务费 remittances, first
// collected first remitted (src/service-fees/receipts.ts feeRemittance).
export const serviceFeeReceipts = pgTable('service_fee_receipts', {
  id: serial('id').primaryKey(),
  centerId: integer('center_id').notNull().references(() => centers.id),
  transferId: integer('transfer_id').notNull().references(() => transfers.id),
  invoiceNo: text('invoice_no').notNull(),
  amount: bigint('amount', { mode: 'bigint' }).notNull(),
  invoicedOn: date('invoiced_on', { mode: 'string' }).notNull(),
  collectedOn: date('collected_on', { mode: 'string' }).notNull(),
  reversesId: integer('reverses_id').references((): AnyPgColumn => serviceFeeReceipts.id),
  reason: text('reason'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  // A 票据号 is taken once among the receipts not reversed (a reversed one may be entered again, right):
  // checked by addReceipt under a lock on the number, since no index can see a later 冲销 row.
  index('service_fee_receipts_invoice_idx').on(t.centerId, t.invoiceNo),
  unique('service_fee_receipts_reverses_once').on(t.reversesId),
  check('service_fee_receipts_amount_check', sql`(${t.reversesId} is null and ${t.amount} > 0) or (${t.reversesId} is not null and ${t.amount} < 0 and length(btrim(${t.reason})) > 0)`),
  index('service_fee_receipts_center_idx').on(t.centerId, t.collectedOn),
  index('service_fee_receipts_transfer_idx').on(t.transferId),
]);
