// Exceptions to the law's rules (law.ts): an admin sets a rule aside for one parcel or one round, only
// with the 文号 of the document that allows it and a reason. Kept (never changed or deleted) and
// audited in the same transaction; the rule's checks on the web read them.
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { lawRules, ruleExceptions, users, type ruleExceptionEntities } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import type { Db, DbOrTx } from '../db';
import { f } from '../lib/forms';

export type LawRule = (typeof lawRules)[number];
export type ExceptionEntity = (typeof ruleExceptionEntities)[number];

export const LAW_RULE_LABELS: Record<LawRule, string> = {
  'deal-price': '成交价不得低于起始价',
  notice: '法定公告期（国土资源部令第39号）',
  deposit: '房地产用地保证金不低于起始价的20%（国土资发〔2010〕34号）',
  term: '出让年限不超过法定最高年限（国务院令第55号第十二条）',
  bidders: '竞得人须为资格审查通过的竞买人、拍卖须至少3人',
  publication: '出让结果在成交后10个工作日内公示（国土资源部令第39号）',
  'contract-signing': '成交后10个工作日内签订出让合同（国土资发〔2010〕34号）',
};

/** The rules an exception may set aside, by the record it is on. */
export const RULES_OF: Record<ExceptionEntity, readonly LawRule[]> = { transfer: ['deal-price', 'notice', 'bidders', 'publication', 'contract-signing'], parcel: ['deposit', 'term'] };

export function exceptionForm(entity: ExceptionEntity) {
  return z.object({
    rule: f.choice('例外的规则', RULES_OF[entity] as [LawRule, ...LawRule[]]),
    doc_no: f.text('文号', 100),
    reason: f.text('理由', 1000),
  });
}
export type ExceptionInput = z.output<ReturnType<typeof exceptionForm>>;

/** The exceptions on one record, oldest first, with who recorded them. */
export async function exceptionsOf(db: DbOrTx, entity: ExceptionEntity, entityId: number) {
  return db.select({
    id: ruleExceptions.id, rule: ruleExceptions.rule, docNo: ruleExceptions.docNo, reason: ruleExceptions.reason,
    createdAt: ruleExceptions.createdAt, by: users.displayName,
  }).from(ruleExceptions).leftJoin(users, eq(users.id, ruleExceptions.createdBy))
    .where(and(eq(ruleExceptions.entity, entity), eq(ruleExceptions.entityId, entityId)))
    .orderBy(asc(ruleExceptions.id));
}

/** The rules set aside for one record. */
export async function exceptedRules(db: DbOrTx, entity: ExceptionEntity, entityId: number): Promise<Set<LawRule>> {
  const rows = await db.selectDistinct({ rule: ruleExceptions.rule }).from(ruleExceptions)
    .where(and(eq(ruleExceptions.entity, entity), eq(ruleExceptions.entityId, entityId)));
  return new Set(rows.map((r) => r.rule));
}

export async function addException(db: Db, actor: Actor, record: { entity: ExceptionEntity; entityId: number; centerId: number }, v: ExceptionInput) {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(ruleExceptions).values({
      centerId: record.centerId, entity: record.entity, entityId: record.entityId, rule: v.rule, docNo: v.doc_no, reason: v.reason, createdBy: actor.userId,
    }).returning();
    await recordAudit(tx, actor, {
      action: 'rule-exception', entity: record.entity, entityId: record.entityId, centerId: record.centerId, after: row,
      note: `${LAW_RULE_LABELS[v.rule]}：${v.doc_no}`,
    });
    return row!;
  });
}
