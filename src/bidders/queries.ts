// 竞买人 (the registry, shared by every center) and 报名 (applications to bid in one round, with their
// 资格审查). The rules of an application are checked under a lock on its round.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { bidApplicationMembers, bidApplications, bidders, transfers } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import type { Db, DbOrTx } from '../db';
import { FieldProblem } from '../lib/forms';
import { formatYuan } from '../lib/money';
import { likePattern, intArray } from '../lib/query';
import { depositShortfall } from './deposits';
import { membersOf, type ApplicationInput, type BidderInput, type ReviewInput } from './forms';

export const PAGE_SIZE = 50;

export interface BidderRow extends Record<string, unknown> {
  id: number; kind: string; name: string; credit_code: string | null; id_number: string | null; legal_rep: string | null;
  phone: string | null; applications: number; id_visible: boolean; total: number;
}

/**
 * A 自然人's ID number is read in full only by the center that registered the bidder or has its
 * application in one of its rounds; the list says which (id_visible) and the views mask the rest.
 */
const idVisible = (centerId: number) => sql<boolean>`(b.created_center_id = ${centerId} or exists (
  select 1 from bid_application_members m join transfers t on t.id = m.transfer_id where m.bidder_id = b.id and t.center_id = ${centerId}))`;

export async function listBidders(db: DbOrTx, viewerCenterId: number, f: { q?: string; page: number; pageSize?: number | null }) {
  const like = f.q ? likePattern(f.q) : null;
  const size = f.pageSize === undefined ? PAGE_SIZE : f.pageSize;
  const rows = await db.execute<BidderRow>(sql`
    select b.id, b.kind, b.name, b.credit_code, b.id_number, b.legal_rep, b.phone,
           (select count(*)::int from bid_application_members m where m.bidder_id = b.id) as applications,
           ${idVisible(viewerCenterId)} as id_visible, count(*) over ()::int as total
    from bidders b
    ${like ? sql`where b.name ilike ${like} or coalesce(b.credit_code, '') ilike ${like} or coalesce(b.legal_rep, '') ilike ${like}` : sql``}
    order by b.name, b.id
    ${size === null ? sql`` : sql`limit ${size} offset ${(f.page - 1) * size}`}`);
  return { rows: [...rows], total: rows[0]?.total ?? 0 };
}

export async function findBidder(db: DbOrTx, id: number, viewerCenterId: number) {
  const [row] = await db.execute<BidderRow & { address: string | null; created_center: string }>(sql`
    select b.id, b.kind, b.name, b.credit_code, b.id_number, b.legal_rep, b.phone, b.address, c.name as created_center,
           0 as applications, ${idVisible(viewerCenterId)} as id_visible, 1 as total
    from bidders b join centers c on c.id = b.created_center_id where b.id = ${id}`);
  return row ?? null;
}

/** The rounds a bidder applied to, in the viewer's centers only. */
export async function roundsOfBidder(db: DbOrTx, bidderId: number, centerIds: number[]) {
  return [...await db.execute<{ transfer_id: number; code: string; round: number; mode: string; review: string; paddle_no: number | null; result: string; applied_on: string }>(sql`
    select t.id as transfer_id, p.code, t.round, t.mode, a.review, a.paddle_no, t.result, a.applied_on::text
    from bid_application_members m join bid_applications a on a.id = m.application_id
      join transfers t on t.id = m.transfer_id join parcels p on p.id = t.parcel_id
    where m.bidder_id = ${bidderId} and t.center_id = any(${intArray(centerIds)})
    order by a.applied_on desc, t.id desc`)];
}

/** Bidders to choose from in an application form. */
export async function bidderChoices(db: DbOrTx) {
  return db.select({ id: bidders.id, name: bidders.name, kind: bidders.kind, creditCode: bidders.creditCode }).from(bidders).orderBy(asc(bidders.name), asc(bidders.id));
}

export async function createBidder(db: Db, actor: Actor, centerId: number, v: BidderInput) {
  return db.transaction(async (tx) => {
    const key = v.kind === '法人' ? eq(bidders.creditCode, v.credit_code!) : eq(bidders.idNumber, v.id_number!);
    const [existing] = await tx.select({ id: bidders.id, name: bidders.name }).from(bidders).where(key);
    if (existing) {
      throw new FieldProblem(v.kind === '法人' ? 'credit_code' : 'id_number', `该竞买人已登记为“${existing.name}”（编号 ${existing.id}），请直接选用`);
    }
    const [row] = await tx.insert(bidders).values({
      kind: v.kind, name: v.name, creditCode: v.credit_code ?? null, idNumber: v.id_number ?? null, legalRep: v.legal_rep ?? null,
      phone: v.phone ?? null, address: v.address ?? null, createdCenterId: centerId,
    }).onConflictDoNothing().returning();
    if (!row) throw new FieldProblem(v.kind === '法人' ? 'credit_code' : 'id_number', '该竞买人刚被登记，请刷新后直接选用');
    // The audit keeps the ID number as typed: it is read only by admins, like the record itself.
    await recordAudit(tx, actor, { action: 'create', entity: 'bidder', entityId: row.id, centerId, after: row });
    return row;
  });
}

export interface ApplicationRow extends Record<string, unknown> {
  id: number; kind: string; applied_on: string; agent_name: string | null; agent_id_number: string | null; documents: string[];
  review: string; review_reason: string | null; paddle_no: number | null; reviewed_at: string | null; reviewer: string | null;
  members: { bidder_id: number; name: string; kind: string; credit_code: string | null; id_number: string | null; legal_rep: string | null; share: string }[];
}

/** A round's applications, in the order they came, with their bidders. */
export async function applicationsOf(db: DbOrTx, transferId: number) {
  return [...await db.execute<ApplicationRow>(sql`
    select a.id, a.kind, a.applied_on::text, a.agent_name, a.agent_id_number, a.documents, a.review, a.review_reason, a.paddle_no,
           a.reviewed_at::text, u.display_name as reviewer,
           (select json_agg(json_build_object('bidder_id', b.id, 'name', b.name, 'kind', b.kind, 'credit_code', b.credit_code,
                    'id_number', b.id_number, 'legal_rep', b.legal_rep, 'share', m.share::text) order by m.share desc, b.id)
              from bid_application_members m join bidders b on b.id = m.bidder_id where m.application_id = a.id) as members
    from bid_applications a left join users u on u.id = a.reviewed_by
    where a.transfer_id = ${transferId}
    order by a.id`)];
}

/** Whether an application belongs to a round. */
export async function applicationOfRound(db: DbOrTx, transferId: number, applicationId: number) {
  return (await db.$count(bidApplications, and(eq(bidApplications.id, applicationId), eq(bidApplications.transferId, transferId)))) > 0;
}

export class ApplicationConflict extends Error {}

async function lockOpenRound(tx: DbOrTx, transferId: number) {
  const [round] = await tx.select().from(transfers).where(eq(transfers.id, transferId)).for('update');
  if (round!.result !== '进行中') throw new ApplicationConflict(`本场已${round!.result}，不能再登记报名或资格审查`);
  if (round!.suspendedOn) throw new ApplicationConflict(`本场自 ${round!.suspendedOn} 起中止，恢复前不能登记报名或资格审查`);
  return round!;
}

/** Registers an application under a lock on its round: open rounds only, before the 报名截止, each bidder once. */
export async function addApplication(db: Db, actor: Actor, transferId: number, v: ApplicationInput) {
  return db.transaction(async (tx) => {
    const round = await lockOpenRound(tx, transferId);
    if (round.registrationDeadline && v.applied_on > round.registrationDeadline) {
      throw new FieldProblem('applied_on', `报名日期晚于报名截止日期 ${round.registrationDeadline}`);
    }
    const members = membersOf(v);
    const found = await tx.select({ id: bidders.id }).from(bidders).where(inArray(bidders.id, members.map((m) => m.bidderId)));
    const missing = members.findIndex((m) => !found.some((b) => b.id === m.bidderId));
    if (missing >= 0) throw new FieldProblem(`bidder_${missing + 1}`, '所选竞买人不存在');
    const already = await tx.select({ bidderId: bidApplicationMembers.bidderId, name: bidders.name }).from(bidApplicationMembers)
      .innerJoin(bidders, eq(bidders.id, bidApplicationMembers.bidderId))
      .where(and(eq(bidApplicationMembers.transferId, transferId), inArray(bidApplicationMembers.bidderId, members.map((m) => m.bidderId))));
    if (already.length) {
      const at = members.findIndex((m) => m.bidderId === already[0]!.bidderId);
      throw new FieldProblem(`bidder_${at + 1}`, `${already.map((r) => r.name).join('、')}已报名本场，同一竞买人不能重复报名（含联合竞买）`);
    }
    const [app] = await tx.insert(bidApplications).values({
      centerId: round.centerId, transferId, kind: v.kind, appliedOn: v.applied_on, agentName: v.agent_name ?? null,
      agentIdNumber: v.agent_id_number ?? null, documents: v.documents, createdBy: actor.userId,
    }).returning();
    const rows = await tx.insert(bidApplicationMembers).values(members.map((m) => ({ applicationId: app!.id, transferId, bidderId: m.bidderId, share: m.share }))).returning();
    await recordAudit(tx, actor, { action: 'create', entity: 'bid-application', entityId: app!.id, centerId: round.centerId, after: { ...app, members: rows } });
    return app!;
  });
}

/** Records the 资格审查 of an application, once; a pass takes the round's next 号牌 (1, 2, …). */
export async function reviewApplication(db: Db, actor: Actor, transferId: number, applicationId: number, v: ReviewInput) {
  return db.transaction(async (tx) => {
    const round = await lockOpenRound(tx, transferId);
    const [before] = await tx.select().from(bidApplications)
      .where(and(eq(bidApplications.id, applicationId), eq(bidApplications.transferId, transferId))).for('update');
    if (!before) return null;
    if (before.review !== '待审查') throw new ApplicationConflict(`该报名已审查（${before.review}），审查结果不能修改`);
    const pass = v.review === '通过';
    const short = pass ? await depositShortfall(tx, transferId, applicationId) : null;
    if (short) {
      throw new FieldProblem('review', `竞买保证金未足额到账：应交 ${formatYuan(short.due)} 元，截至 ${short.deadline} 到账 ${formatYuan(short.arrived)} 元，资格审查不能通过`);
    }
    const [{ next }] = pass
      ? await tx.select({ next: sql<number>`coalesce(max(${bidApplications.paddleNo}), 0) + 1`.mapWith(Number) }).from(bidApplications).where(eq(bidApplications.transferId, transferId)) as [{ next: number }]
      : [{ next: null }];
    const [after] = await tx.update(bidApplications).set({
      review: v.review, reviewReason: v.review_reason ?? null, paddleNo: next, reviewedBy: actor.userId, reviewedAt: sql`now()`,
    }).where(eq(bidApplications.id, applicationId)).returning();
    await recordAudit(tx, actor, { action: 'review', entity: 'bid-application', entityId: applicationId, centerId: round.centerId, before, after });
    return after!;
  });
}

/** How many applications of a round passed 资格审查. */
export async function qualifiedCount(db: DbOrTx, transferId: number) {
  return db.$count(bidApplications, and(eq(bidApplications.transferId, transferId), eq(bidApplications.review, '通过')));
}

/**
 * A round's applications as a 成交 reads them: how many there are, and the names of those that passed
 * 资格审查 (a 联合竞买's bidders joined by 、, the larger share first) — the 竞得人 is one of these.
 */
export async function qualifiedBidders(db: DbOrTx, transferId: number) {
  const rows = [...await db.execute<{ review: string; names: string }>(sql`
    select a.review, string_agg(b.name, '、' order by m.share desc, b.id) as names
    from bid_applications a join bid_application_members m on m.application_id = a.id join bidders b on b.id = m.bidder_id
    where a.transfer_id = ${transferId} group by a.id order by a.paddle_no nulls last, a.id`)];
  return { applications: rows.length, qualified: rows.filter((r) => r.review === '通过').map((r) => r.names) };
}
