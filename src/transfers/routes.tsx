import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { asc } from 'drizzle-orm';
import { agencies, transferModes, transferResults } from '../../db/schema';
import { FieldError, type Errors } from '../../views/components/form';
import { ResultForm, ScheduleForm } from '../../views/transfers/forms';
import { TransferDetailPage } from '../../views/transfers/detail';
import { TransferListPage, TransferResults } from '../../views/transfers/list';
import { actor, allow, assertInScope, can, STAFF_READ, STAFF_WRITE, who } from '../auth/access';
import { csvResponseHeaders, toCsv } from '../lib/csv';
import { fieldError, fieldProblemErrors, formValues, parseForm, type Values } from '../lib/forms';
import { fenToYuan } from '../lib/money';
import { idParam, intParam, oneOf, textParam } from '../lib/query';
import { page, redirectWithFlash, wantsFragment } from '../lib/render';
import { qualifiedBidders } from '../bidders/queries';
import { findParcel } from '../parcels/queries';
import type { AppEnv } from '../types';
import { warningsOf } from '../warnings/queries';
import { annulForm, publicationForm, resultForm, resumeForm, suspendForm, transferForm } from './forms';
import { addException, exceptedRules, exceptionForm, exceptionsOf, LAW_RULE_LABELS } from './exceptions';
import { noticeProblem, sameNoticeFacts, type NoticeFacts } from './law';
import { dealDateProblem } from './rules';
import { BelowReserve, OWN_CENTER_ONLY, recordBelowReserve, reserveFor, reserveForm, setReserve } from './reserve';
import {
  agencyExists, announcementCoversParcel, announcementDate, findTransfer, listTransfers, openRound, PAGE_SIZE, recordResult, RoundConflict,
  annulDeal, publishResult, resumeRound, roundsOf, scheduleChoices as choicesFor, suspendRound, transferEventsOf, transferSorts, updateSchedule,
  type TransferFilter, type TransferSort,
} from './queries';
import type { z } from 'zod';
import type { Actor } from '../audit/queries';
import type { Db } from '../db';

export const transferRoutes = new Hono<AppEnv>();

function readFilter(q: Record<string, string>): TransferFilter {
  return {
    year: intParam(q.year, 1990, 2100), mode: oneOf(q.mode, transferModes), result: oneOf(q.result, transferResults),
    agency: intParam(q.agency, 1, 1e9), q: textParam(q.q),
    sort: oneOf(q.sort, Object.keys(transferSorts) as TransferSort[]) ?? 'date', dir: q.dir === 'asc' ? 'asc' : 'desc',
    page: intParam(q.page, 1, 100000) ?? 1,
  };
}
const params = (f: TransferFilter) => ({ year: f.year, mode: f.mode, result: f.result, agency: f.agency, q: f.q, sort: f.sort, dir: f.dir });

transferRoutes.get('/', allow(...STAFF_READ), async (c) => {
  const { scope } = who(c);
  const db = c.get('db');
  const f = readFilter(c.req.query());
  const [{ rows, total }, agencyList] = await Promise.all([
    listTransfers(db, scope.centerId, f),
    db.select({ id: agencies.id, name: agencies.name }).from(agencies).orderBy(asc(agencies.name)),
  ]);
  const props = { rows, total, params: params(f), sort: f.sort, dir: f.dir, page: f.page, pageSize: PAGE_SIZE, agencies: agencyList };
  if (wantsFragment(c, 'transfer-results')) return c.html(<TransferResults {...props} />);
  return page(c, '出让活动', <TransferListPage {...props} />);
});

transferRoutes.get('/export.csv', allow(...STAFF_READ), async (c) => {
  const { scope } = who(c);
  const { rows } = await listTransfers(c.get('db'), scope.centerId, { ...readFilter(c.req.query()), page: 1, pageSize: null });
  return c.body(toCsv(
    ['标的编号', '名称', '类型', '场次', '方式', '拍卖机构', '公告编号', '竞价日期', '结果', '成交价（元）', '竞得人', '成交日期', '成交确认书编号'],
    rows.map((r) => [r.code, r.name, r.kind, r.round, r.mode, r.agency, r.announcement, r.auction_date, r.result,
      r.deal_price ? fenToYuan(BigInt(r.deal_price)) : '', r.winner, r.deal_date, r.confirmation_no]),
  ), 200, csvResponseHeaders('出让活动.csv'));
});

async function parcelInScope(c: Context<AppEnv>, raw: string | undefined) {
  const { scope } = who(c);
  const id = raw ? idParam(raw) : null;
  const parcel = id === null ? null : await findParcel(c.get('db'), id);
  if (!parcel) throw new HTTPException(404, { message: '标的不存在' });
  assertInScope(scope, parcel.centerId);
  return parcel;
}

/**
 * The schedule form, checked in full: zod's rules, then what needs the database (the agency exists,
 * the announcement is this center's and covers the parcel) — every error reported at once.
 */
async function checkSchedule(c: Context<AppEnv>, values: Values, parcel: { id: number; centerId: number; kind: string }, stored?: NoticeFacts & { id: number }) {
  const db = c.get('db');
  const form = parseForm(transferForm, values);
  const errors: Errors = form.ok ? {} : { ...form.errors };
  const agency = idParam(String(values.agency ?? ''));
  const announcement = idParam(String(values.announcement ?? ''));
  if (agency !== null && !errors.agency && !(await agencyExists(db, agency))) errors.agency = '所选拍卖机构不存在';
  if (announcement !== null && !errors.announcement && !(await announcementCoversParcel(db, announcement, parcel.id, parcel.centerId))) {
    errors.announcement = '所选公告未包含此标的';
  }
  if (form.ok && !errors.announcement) {
    // The law's notice period (国土资源部令第39号), from the round's 公告开始日期 or its announcement's date.
    const facts: NoticeFacts = {
      kind: parcel.kind, mode: form.data.mode, auctionDate: form.data.auction_date,
      noticeDate: form.data.notice_start ?? (form.data.announcement ? await announcementDate(db, form.data.announcement) : null),
    };
    const problem = noticeProblem(facts);
    // An edit that leaves a historical round's notice facts as they were is not new work for this rule.
    const allowed = stored && (sameNoticeFacts(facts, stored) || (await exceptedRules(db, 'transfer', stored.id)).has('notice'));
    if (problem && !allowed) errors[form.data.notice_start ? 'notice_start' : 'auction_date'] = problem;
  }
  return form.ok && Object.keys(errors).length === 0 ? { ok: true as const, data: form.data } : { ok: false as const, errors };
}

transferRoutes.get('/new', allow(...STAFF_WRITE), async (c) => {
  const parcel = await parcelInScope(c, c.req.query('parcel'));
  const rounds = await roundsOf(c.get('db'), parcel.id);
  const choices = await choicesFor(c.get('db'), parcel.centerId, parcel.id);
  const covering = choices.announcements.find((a) => a.covers);
  const values: Values = { mode: '拍卖', announcement: covering ? String(covering.id) : '' };
  return page(c, '新增出让活动', <ScheduleForm title="新增出让活动" action="/transfers" parcel={parcel} round={(rounds.at(-1)?.round ?? 0) + 1} values={values} errors={{}} choices={choices} />);
});

transferRoutes.post('/validate', allow(...STAFF_WRITE), async (c) => {
  const field = c.req.query('field') ?? '';
  return c.html(<FieldError name={field} error={fieldError(transferForm, await formValues(c), field)} />);
});

transferRoutes.post('/', allow(...STAFF_WRITE), async (c) => {
  const { user } = who(c);
  const values = await formValues(c);
  const parcel = await parcelInScope(c, typeof values.parcel === 'string' ? values.parcel : undefined);
  const db = c.get('db');
  const rounds = await roundsOf(db, parcel.id);
  const render = async (errors: Errors) => page(c, '新增出让活动',
    <ScheduleForm title="新增出让活动" action="/transfers" parcel={parcel} round={(rounds.at(-1)?.round ?? 0) + 1} values={values} errors={errors} choices={await choicesFor(db, parcel.centerId, parcel.id)} />, 422);
  const form = await checkSchedule(c, values, parcel);
  if (!form.ok) return render(form.errors);
  try {
    const row = await openRound(db, actor(user), parcel, form.data);
    return redirectWithFlash(c, `/transfers/${row.id}`, `已新增 ${parcel.code} 第${row.round}场出让活动`);
  } catch (e) {
    if (e instanceof RoundConflict) return render({ _form: e.message });
    throw e;
  }
});

export async function transferInScope(c: Context<AppEnv>) {
  const { scope } = who(c);
  const id = idParam(c.req.param('id') ?? '');
  const t = id === null ? null : await findTransfer(c.get('db'), id);
  if (!t) throw new HTTPException(404, { message: '出让活动不存在' });
  assertInScope(scope, t.transfer.centerId);
  return t;
}

/** Which form of the page a re-render answers: an exception, or one of the round's outcome forms. */
export type DetailForm = 'exception' | 'suspend' | 'resume' | 'annul' | 'publish' | 'reserve';

/**
 * Why a deal's 竞得人 is not (or not known to be) a qualified applicant: a round recorded before the
 * registry, or imported as history, keeps its typed 竞得人 — shown with this note, which stays true as
 * long as the records say so (it goes when the round's applications are recorded).
 */
function winnerNote(x: { result: string; winner: string | null }, b: { applications: number; qualified: string[] }): string | null {
  if (x.result !== '成交' || !x.winner) return null;
  if (b.applications === 0) return `本场没有报名与资格审查记录：竞得人“${x.winner}”按台账文字保留（历史记录），未核对为资格审查通过的竞买人`;
  if (!b.qualified.includes(x.winner)) return `竞得人“${x.winner}”不是本场资格审查通过的竞买人（${b.qualified.join('；') || '无'}）`;
  return null;
}

async function detailPage(c: Context<AppEnv>, t: NonNullable<Awaited<ReturnType<typeof findTransfer>>>, form?: { values: Values; errors: Errors; which?: DetailForm }) {
  const { user } = who(c);
  const db = c.get('db');
  const [warnings, exceptions, events, reserve, bidders] = await Promise.all([
    warningsOf(db, 'transfer', [t.transfer.id]), exceptionsOf(db, 'transfer', t.transfer.id), transferEventsOf(db, t.transfer.id),
    reserveFor(db, t.transfer.id, user.id), qualifiedBidders(db, t.transfer.id),
  ]);
  const which = form?.which ?? 'exception';
  return page(c, `${t.parcel.code} 第${t.transfer.round}场`,
    <TransferDetailPage t={t} canEdit={can.editTrading(user)} warnings={warnings.get(t.transfer.id) ?? []} exceptions={exceptions}
      canExcept={can.administer(user)} exceptionValues={which === 'exception' ? form?.values : undefined} exceptionErrors={which === 'exception' ? form?.errors : undefined}
      events={events} reserve={reserve} canSetReserve={can.editTrading(user) && user.centerId === t.transfer.centerId} winnerNote={winnerNote(t.transfer, bidders)} outcome={form && which !== 'exception' ? { which, values: form.values, errors: form.errors } : undefined} />, form ? 422 : 200);
}

transferRoutes.get('/:id', allow(...STAFF_READ), async (c) => detailPage(c, await transferInScope(c)));

// An admin sets one of the law's rules aside for this round, with the 文号 that allows it.
transferRoutes.post('/:id/exceptions', allow('admin'), async (c) => {
  const { user } = who(c);
  const t = await transferInScope(c);
  const values = await formValues(c);
  const form = parseForm(exceptionForm('transfer'), values);
  if (!form.ok) return detailPage(c, t, { values, errors: form.errors });
  await addException(c.get('db'), actor(user), { entity: 'transfer', entityId: t.transfer.id, centerId: t.transfer.centerId }, form.data);
  return redirectWithFlash(c, `/transfers/${t.transfer.id}#exceptions`, `已登记例外：${LAW_RULE_LABELS[form.data.rule]}（${form.data.doc_no}）`);
});

const scheduleValues = (x: NonNullable<Awaited<ReturnType<typeof findTransfer>>>['transfer']): Values => ({
  mode: x.mode, agency: x.agencyId?.toString() ?? '', announcement: x.announcementId?.toString() ?? '',
  notice_start: x.noticeStart ?? '', notice_end: x.noticeEnd ?? '', registration_deadline: x.registrationDeadline ?? '', auction_date: x.auctionDate ?? '',
});

transferRoutes.get('/:id/edit', allow(...STAFF_WRITE), async (c) => {
  const t = await transferInScope(c);
  const choices = await choicesFor(c.get('db'), t.transfer.centerId, t.parcel.id);
  return page(c, '修改出让安排', <ScheduleForm title="修改出让安排" action={`/transfers/${t.transfer.id}`} parcel={t.parcel} round={t.transfer.round} values={scheduleValues(t.transfer)} errors={{}} choices={choices} />);
});

transferRoutes.post('/:id', allow(...STAFF_WRITE), async (c) => {
  const { user } = who(c);
  const t = await transferInScope(c);
  const values = await formValues(c);
  const parcel = { id: t.parcel.id, centerId: t.transfer.centerId, kind: t.parcel.kind };
  const render = async (errors: Errors) => page(c, '修改出让安排',
    <ScheduleForm title="修改出让安排" action={`/transfers/${t.transfer.id}`} parcel={t.parcel} round={t.transfer.round} values={values} errors={errors} choices={await choicesFor(c.get('db'), parcel.centerId, parcel.id)} />, 422);
  const stored = {
    id: t.transfer.id, kind: t.parcel.kind, mode: t.transfer.mode, auctionDate: t.transfer.auctionDate,
    noticeDate: t.transfer.noticeStart ?? t.announcementPublishedOn,
  };
  const form = await checkSchedule(c, values, parcel, stored);
  if (!form.ok) return render(form.errors);
  try {
    await updateSchedule(c.get('db'), actor(user), t.transfer.id, form.data);
  } catch (e) {
    return render(fieldProblemErrors(e));
  }
  return redirectWithFlash(c, `/transfers/${t.transfer.id}`, '已保存出让安排');
});

transferRoutes.get('/:id/result', allow(...STAFF_WRITE), async (c) => {
  const t = await transferInScope(c);
  const x = t.transfer;
  const values: Values = {
    result: x.result === '进行中' ? '成交' : x.result, deal_price: x.dealPrice !== null ? fenToYuan(x.dealPrice) : '',
    winner: x.winner ?? '', deal_date: x.result === '流拍' ? '' : x.dealDate ?? x.auctionDate ?? '', confirmation_no: x.confirmationNo ?? '',
    failure_reason: x.failureReason ?? '', document_no: x.documentNo ?? '', confirmation_date: x.result === '流拍' ? '' : x.confirmationDate ?? x.dealDate ?? x.auctionDate ?? '',
  };
  return page(c, '登记出让结果', <ResultForm id={x.id} parcel={t.parcel} round={x.round} values={values} errors={{}} bidders={await qualifiedBidders(c.get('db'), x.id)} />);
});

transferRoutes.post('/:id/result/validate', allow(...STAFF_WRITE), async (c) => {
  // A transfer outside the user's centers is "not found" here too, as on every route with its id.
  await transferInScope(c);
  const field = c.req.query('field') ?? '';
  return c.html(<FieldError name={field} error={fieldError(resultForm, await formValues(c), field)} />);
});

transferRoutes.post('/:id/result', allow(...STAFF_WRITE), async (c) => {
  const { user } = who(c);
  const t = await transferInScope(c);
  const values = await formValues(c);
  const render = async (errors: Errors) => page(c, '登记出让结果',
    <ResultForm id={t.transfer.id} parcel={t.parcel} round={t.transfer.round} values={values} errors={errors} bidders={await qualifiedBidders(c.get('db'), t.transfer.id)} />, 422);
  const form = parseForm(resultForm, values);
  if (!form.ok) return render(form.errors);
  const late = dealDateProblem(form.data.deal_date, t.transfer.auctionDate);
  if (late) return render({ deal_date: late });
  try {
    await recordResult(c.get('db'), actor(user), t.transfer.id, form.data);
  } catch (e) {
    if (e instanceof RoundConflict) return render({ _form: e.message });
    if (e instanceof BelowReserve) await recordBelowReserve(c.get('db'), actor(user), t.transfer);
    return render(fieldProblemErrors(e));
  }
  return redirectWithFlash(c, `/parcels/${t.parcel.id}`, `已登记 ${t.parcel.code} 第${t.transfer.round}场结果：${form.data.result}`);
});

// 中止, 恢复 and 成交无效: each a dated, documented step kept in the round's history.
const outcomeSteps = [
  { path: 'suspension', which: 'suspend', schema: suspendForm, run: suspendRound, flash: '已登记中止' },
  { path: 'resumption', which: 'resume', schema: resumeForm, run: resumeRound, flash: '已登记恢复' },
  { path: 'annulment', which: 'annul', schema: annulForm, run: annulDeal, flash: '已登记成交无效，可组织下一场出让' },
  { path: 'publication', which: 'publish', schema: publicationForm, run: publishResult, flash: '已登记结果公示' },
  { path: 'reserve', which: 'reserve', schema: reserveForm, run: setReserve, flash: '已设定底价（金额保密，仅设定人可见）', anchor: 'reserve' },
] as const;

for (const step of outcomeSteps) {
  transferRoutes.post(`/:id/${step.path}`, allow(...STAFF_WRITE), async (c) => {
    const { user } = who(c);
    const t = await transferInScope(c);
    const values = await formValues(c);
    if (step.which === 'reserve' && user.centerId !== t.transfer.centerId) return detailPage(c, t, { values, errors: { amount: OWN_CENTER_ONLY }, which: step.which });
    const form = parseForm(step.schema as z.ZodType, values);
    if (!form.ok) return detailPage(c, t, { values, errors: form.errors, which: step.which });
    try {
      await (step.run as (db: Db, a: Actor, id: number, v: unknown) => Promise<unknown>)(c.get('db'), actor(user), t.transfer.id, form.data);
    } catch (e) {
      if (e instanceof RoundConflict) return detailPage(c, t, { values, errors: { _form: e.message }, which: step.which });
      return detailPage(c, t, { values, errors: fieldProblemErrors(e), which: step.which });
    }
    return redirectWithFlash(c, `/transfers/${t.transfer.id}#${'anchor' in step ? step.anchor : 'history'}`, step.flash);
  });
}
