import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencies, auditEvents, closedYears, projects, satisfactionResponses, surveyAnswers, surveyQuestions, surveys } from '../../db/schema';
import { createTestApp, type TestApp } from '../../tests/helpers/app';
import { performanceReport } from '../performance/report';
import { averageOf } from './rules';
import { creditCodeCheckChar } from '../lib/credit-code';

let t: TestApp;
let staff: string, admin: string, finance: string, leader: string, agency1: string, agency2: string, otherStaff: string;
let surveyId: number;
let q: { service: number; fairness: number; remark: number };
let projectId: number;
const A1 = '测试甲拍卖有限公司';
const A2 = '测试乙拍卖有限公司';

beforeAll(async () => {
  t = await createTestApp();
  [staff, admin, finance, leader, agency1, agency2, otherStaff] = await Promise.all(
    ['staff', 'admin', 'finance', 'leader', 'agency1', 'agency2', 'otherStaff'].map((u) => t.signIn(u)),
  );
  const [p] = await t.db.insert(projects).values({ centerId: t.fixture.centers.city, year: 2020, name: '土地出让工作经费' }).returning();
  projectId = p!.id;
});
afterAll(() => t.close());

const idFrom = (res: Response) => Number(res.headers.get('location')!.match(/\/surveys\/(\d+)/)![1]);
const questionIds = async (id: number) =>
  (await t.db.select().from(surveyQuestions).where(eq(surveyQuestions.surveyId, id)).orderBy(surveyQuestions.position)).map((x) => x.id);

describe('averageOf', () => {
  it('is exact and rounds half up to two decimals', () => {
    expect(averageOf(9n, 2n)).toBe('4.50');
    expect(averageOf(10n, 3n)).toBe('3.33');
    expect(averageOf(5n, 3n)).toBe('1.67');
    expect(averageOf(1n, 8n)).toBe('0.13'); // 0.125 → 0.13
    expect(averageOf(0n, 0n)).toBeNull();
  });
});

describe('a survey from draft to closed', () => {
  it('staff create a survey; a second one for the center and year is refused beside the field', async () => {
    const res = await t.post('/surveys', { year: '2020', title: '2020年度拍卖机构满意度调查', intro: '请如实评价', mode: '实名' }, staff);
    expect(res.status).toBe(303);
    surveyId = idFrom(res);
    const dup = await t.post('/surveys', { year: '2020', title: '重复', intro: '', mode: '匿名' }, admin);
    expect(dup.status).toBe(422);
    const html = await dup.text();
    expect(html).toContain('本中心该年度已有满意度调查');
    expect(html).toContain('value="重复"');
    expect((await t.post('/surveys', { year: 'abc', title: '' }, staff)).status).toBe(422);
    // 实名 or 匿名 is what the agencies are told: it is asked, never assumed.
    const noMode = await t.post('/surveys', { year: '2016', title: '未选方式' }, staff);
    expect(noMode.status).toBe(422);
    expect(await noMode.text()).toContain('调查方式');
  });

  it('adds and deletes questions while draft; a rating question needs its scale', async () => {
    const bad = await t.post(`/surveys/${surveyId}/questions`, { text: '服务态度', kind: '评分', scale: '' }, staff);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('评分题请填写分值');
    const outOfRange = await t.post(`/surveys/${surveyId}/questions`, { text: '服务态度', kind: '评分', scale: '11' }, staff);
    expect(outOfRange.status).toBe(422);
    for (const form of [
      { text: '服务态度', kind: '评分', scale: '5' }, { text: '公平公正', kind: '评分', scale: '10' },
      { text: '多余的问题', kind: '文字', scale: '' }, { text: '其他意见', kind: '文字', scale: '' },
    ]) expect((await t.post(`/surveys/${surveyId}/questions`, form, staff)).status).toBe(303);
    const ids = await questionIds(surveyId);
    expect((await t.post(`/surveys/${surveyId}/questions/${ids[2]}/delete`, {}, staff)).status).toBe(303);
    const [service, fairness, remark] = await questionIds(surveyId);
    q = { service: service!, fairness: fairness!, remark: remark! };
  });

  it('a draft is invisible to agencies; agencies cannot create, open or close', async () => {
    expect((await t.get(`/surveys/${surveyId}`, agency1)).status).toBe(404);
    expect(await (await t.get('/surveys', agency1)).text()).not.toContain('2020年度拍卖机构满意度调查');
    expect((await t.post('/surveys', { year: '2021', title: 'x' }, agency1)).status).toBe(403);
    expect((await t.post(`/surveys/${surveyId}/open`, {}, agency1)).status).toBe(403);
    expect((await t.post(`/surveys/${surveyId}/close`, {}, agency1)).status).toBe(403);
    expect((await t.post(`/surveys/${surveyId}/questions`, { text: 'x', kind: '文字' }, agency1)).status).toBe(403);
    expect((await t.post(`/surveys/${surveyId}/open`, {}, finance)).status).toBe(403);
    expect((await t.post(`/surveys/${surveyId}/response`, { rating: '满意' }, staff)).status).toBe(403);
  });

  it('a survey without questions cannot be opened; this one opens', async () => {
    const empty = idFrom(await t.post('/surveys', { year: '2018', title: '空调查', mode: '匿名' }, staff));
    expect((await t.post(`/surveys/${empty}/open`, {}, staff)).status).toBe(409);
    expect((await t.post(`/surveys/${surveyId}/open`, {}, staff)).status).toBe(303);
    expect((await t.post(`/surveys/${surveyId}/open`, {}, staff)).status).toBe(409);
    expect((await t.post(`/surveys/${surveyId}/questions`, { text: 'x', kind: '文字' }, staff)).status).toBe(409);
  });

  it('validates an answer: overall rating required, ratings within the scale, input kept', async () => {
    const page = await (await t.get(`/surveys/${surveyId}`, agency1)).text();
    expect(page).toContain(`action="/surveys/${surveyId}/response"`);
    const missing = await t.post(`/surveys/${surveyId}/response`, { [`q_${q.service}`]: '4', [`q_${q.fairness}`]: '9', comment: '保留的意见' }, agency1);
    expect(missing.status).toBe(422);
    const html = await missing.text();
    expect(html).toContain('请选择总体评价');
    expect(html).toContain('保留的意见');
    const outOfScale = await t.post(`/surveys/${surveyId}/response`, { rating: '满意', [`q_${q.service}`]: '6', [`q_${q.fairness}`]: '9' }, agency1);
    expect(outOfScale.status).toBe(422);
    expect(await outOfScale.text()).toContain('第1题的评分应为 1–5 的整数');
    const noRating = await t.post(`/surveys/${surveyId}/response`, { rating: '满意', [`q_${q.fairness}`]: '9' }, agency1);
    expect(noRating.status).toBe(422);
    expect(await noRating.text()).toContain('请为第1题评分');
    expect((await t.post(`/surveys/${surveyId}/response`, { rating: '很好', [`q_${q.service}`]: '3', [`q_${q.fairness}`]: '3' }, agency1)).status).toBe(422);
    expect(await t.db.select().from(satisfactionResponses)).toHaveLength(0);
  });

  it('agency1 answers, which changes the report’s satisfaction figure', async () => {
    expect((await performanceReport(t.db, projectId))!.satisfaction).toMatchObject({ responses: 0, rate: null });
    const res = await t.post(`/surveys/${surveyId}/response`, {
      rating: '不满意', [`q_${q.service}`]: '4', [`q_${q.fairness}`]: '9', [`q_${q.remark}`]: '甲机构的秘密意见', comment: '甲机构的评论',
    }, agency1);
    expect(res.status).toBe(303);
    expect((await performanceReport(t.db, projectId))!.satisfaction).toMatchObject({ responses: 1, rate: '0.00' });
    const form = await (await t.get(`/surveys/${surveyId}`, agency1)).text();
    expect(form).toContain('甲机构的评论'); // prefilled with its own answer
    expect(form).toMatch(new RegExp(`name="q_${q.service}" value="4" checked`));
  });

  it('agency1 changes its answer (update, audited with before and after)', async () => {
    const res = await t.post(`/surveys/${surveyId}/response`, {
      rating: '非常满意', [`q_${q.service}`]: '5', [`q_${q.fairness}`]: '8', [`q_${q.remark}`]: '甲机构的秘密意见', comment: '甲机构的评论',
    }, agency1);
    expect(res.status).toBe(303);
    const rows = await t.db.select().from(satisfactionResponses);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ rating: '非常满意', surveyId, agencyId: t.fixture.agencies.a1, answeredBy: t.fixture.users.agency1.id });
    expect(await t.db.select().from(surveyAnswers).where(eq(surveyAnswers.responseId, rows[0]!.id))).toHaveLength(3);
    expect((await performanceReport(t.db, projectId))!.satisfaction).toMatchObject({ responses: 1, rate: '100.00' });
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.entity, 'satisfaction_response'));
    expect(events.map((e) => e.action)).toEqual(['create', 'update']);
    expect(events[1]!.before).toMatchObject({ rating: '不满意' });
    expect(events[1]!.after).toMatchObject({ rating: '非常满意' });
  });

  it('agency2’s imported response is taken over by its survey answer', async () => {
    await t.db.insert(satisfactionResponses).values({ centerId: t.fixture.centers.city, year: 2020, agencyId: t.fixture.agencies.a2, rating: '满意', comment: '导入的' });
    const open = await (await t.get(`/surveys/${surveyId}`, agency2)).text();
    expect(open).not.toContain(A1);
    expect(open).not.toContain('甲机构');
    const res = await t.post(`/surveys/${surveyId}/response`, { rating: '基本满意', [`q_${q.service}`]: '2', [`q_${q.fairness}`]: '6', comment: '乙机构的评论' }, agency2);
    expect(res.status).toBe(303);
    const mine = await t.db.select().from(satisfactionResponses).where(eq(satisfactionResponses.agencyId, t.fixture.agencies.a2));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ rating: '基本满意', surveyId, comment: '乙机构的评论' });
    expect((await performanceReport(t.db, projectId))!.satisfaction).toMatchObject({ responses: 2, rate: '50.00' });
  });

  it('staff, finance and leaders see both agencies’ answers and the summary', async () => {
    for (const cookie of [staff, finance, leader]) {
      const html = await (await t.get(`/surveys/${surveyId}`, cookie)).text();
      expect(html).toContain(A1);
      expect(html).toContain(A2);
      expect(html).toContain('甲机构的评论');
      expect(html).toContain('乙机构的评论');
      expect(html).toContain('甲机构的秘密意见');
      expect(html).toContain('50.00%');
      expect(html).toContain('3.50'); // (5 + 2) / 2
      expect(html).toContain('7.00'); // (8 + 6) / 2
    }
    const list = await (await t.get('/surveys', staff)).text();
    expect(list).toContain('2020年度拍卖机构满意度调查');
    expect(list).toContain('50.00%');
    expect((await t.get('/surveys/new', finance)).status).toBe(403);
  });

  it('closing refuses further answers (409); agency2 then sees its own answer and the anonymous summary only', async () => {
    expect((await t.post(`/surveys/${surveyId}/close`, {}, agency2)).status).toBe(403);
    expect((await t.post(`/surveys/${surveyId}/close`, {}, staff)).status).toBe(303);
    const late = await t.post(`/surveys/${surveyId}/response`, { rating: '满意', [`q_${q.service}`]: '2', [`q_${q.fairness}`]: '6' }, agency2);
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('调查已结束');
    const html = await (await t.get(`/surveys/${surveyId}`, agency2)).text();
    expect(html).not.toContain(`action="/surveys/${surveyId}/response"`);
    expect(html).toContain('乙机构的评论');
    // Two answers: agency2 could subtract its own from a summary and read agency1's. None is shown.
    expect(html).toContain('summary-withheld');
    expect(html).not.toContain('50.00%');
    expect(html).not.toContain('3.50');
    for (const leak of [A1, '甲机构的评论', '甲机构的秘密意见']) expect(html).not.toContain(leak);
    for (const path of ['/surveys', '/', `/surveys/${surveyId}`]) {
      const body = await (await t.get(path, agency2)).text();
      expect(body, path).not.toContain('甲机构');
    }
    // A third answer mixes the others together: now the anonymous summary is shown.
    const [a3] = await t.db.insert(agencies).values({ creditCode: '91510100MA61R0XX4' + creditCodeCheckChar('91510100MA61R0XX4'), name: '丙拍卖公司' }).returning();
    const [survey] = await t.db.select().from(surveys).where(eq(surveys.id, surveyId));
    await t.db.insert(satisfactionResponses).values({ centerId: survey!.centerId, year: survey!.year, agencyId: a3!.id, rating: '满意', surveyId });
    const three = await (await t.get(`/surveys/${surveyId}`, agency2)).text();
    expect(three).not.toContain('summary-withheld');
    expect(three).toContain('66.67%');
    for (const leak of [A1, '甲机构的评论', '甲机构的秘密意见', '丙拍卖公司']) expect(three).not.toContain(leak);
    const own = await (await t.get(`/surveys/${surveyId}`, agency1)).text();
    expect(own).toContain('甲机构的评论');
    expect(own).not.toContain('乙机构的评论');
    expect(own).not.toContain(A2);
  });

  it('audits the survey’s life', async () => {
    const events = await t.db.select().from(auditEvents).where(and(eq(auditEvents.entity, 'survey'), eq(auditEvents.entityId, String(surveyId))));
    expect(events.map((e) => e.action)).toEqual(['create', 'open', 'close']);
    const qs = await t.db.select().from(auditEvents).where(eq(auditEvents.entity, 'survey_question'));
    expect(qs.map((e) => e.action).sort()).toEqual(['create', 'create', 'create', 'create', 'delete']);
  });
});

describe('isolation and closed years', () => {
  it('another center’s survey is not found, for agencies and for staff outside its scope', async () => {
    const [other] = await t.db.insert(surveys).values({ centerId: t.fixture.centers.other, year: 2020, title: '另一中心的调查', status: '进行中' }).returning();
    expect((await t.get(`/surveys/${other!.id}`, agency1)).status).toBe(404);
    expect((await t.post(`/surveys/${other!.id}/response`, { rating: '满意' }, agency1)).status).toBe(404);
    expect((await t.get(`/surveys/${other!.id}`, staff)).status).toBe(404);
    expect((await t.post(`/surveys/${other!.id}/close`, {}, staff)).status).toBe(404);
    expect((await t.get(`/surveys/${surveyId}`, otherStaff)).status).toBe(404);
    expect(await (await t.get('/surveys', agency1)).text()).not.toContain('另一中心的调查');
    expect((await t.get('/surveys/abc', agency1)).status).toBe(404);
  });

  it('an answer in a closed year is refused with a Chinese message, not a 500', async () => {
    const id = idFrom(await t.post('/surveys', { year: '2019', title: '2019年度调查', mode: '匿名' }, staff));
    await t.post(`/surveys/${id}/questions`, { text: '总体服务', kind: '评分', scale: '5' }, staff);
    expect((await t.post(`/surveys/${id}/open`, {}, staff)).status).toBe(303);
    await t.db.insert(closedYears).values({ centerId: t.fixture.centers.city, year: 2019 });
    const [qid] = await questionIds(id);
    const res = await t.post(`/surveys/${id}/response`, { rating: '满意', [`q_${qid}`]: '4' }, agency1);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('2019年度已结账');
    expect(await (await t.get(`/surveys/${id}`, agency1)).text()).toContain('2019年度已结账');
    expect(await t.db.select().from(satisfactionResponses).where(eq(satisfactionResponses.year, 2019))).toHaveLength(0);
  });
});

describe('an anonymous (匿名) survey', () => {
  it('shows staff no single answer and no agency, and the summary only among three answers', async () => {
    const id = idFrom(await t.post('/surveys', { year: '2017', title: '2017年度匿名调查', mode: '匿名' }, staff));
    await t.post(`/surveys/${id}/questions`, { text: '总体服务', kind: '评分', scale: '5' }, staff);
    await t.post(`/surveys/${id}/questions`, { text: '其他意见', kind: '文字', scale: '' }, staff);
    expect((await t.post(`/surveys/${id}/open`, {}, staff)).status).toBe(303);
    const [rated, text] = await questionIds(id);
    // The agency is told before it answers.
    expect(await (await t.get(`/surveys/${id}`, agency1)).text()).toContain('匿名（工作人员只能看到不少于 3 份答卷的汇总）');
    expect((await t.post(`/surveys/${id}/response`, { rating: '不满意', [`q_${rated}`]: '1', [`q_${text}`]: '匿名甲的意见', comment: '匿名甲的评论' }, agency1)).status).toBe(303);
    expect((await t.post(`/surveys/${id}/response`, { rating: '满意', [`q_${rated}`]: '4', [`q_${text}`]: '匿名乙的意见' }, agency2)).status).toBe(303);
    const leaks = [A1, A2, '匿名甲的评论', '匿名甲的意见', '匿名乙的意见'];
    for (const cookie of [staff, finance, leader, admin]) {
      const two = await (await t.get(`/surveys/${id}`, cookie)).text();
      expect(two).toContain('summary-withheld');
      expect(two).toContain('responses-anonymous');
      expect(two).not.toContain('id="responses"');
      expect(two).not.toContain('2.50'); // (1 + 4) / 2 would let one agency's answer be read off
      for (const leak of leaks) expect(two).not.toContain(leak);
    }
    const [a3] = await t.db.insert(agencies).values({ creditCode: '91510100MA61R0YY4' + creditCodeCheckChar('91510100MA61R0YY4'), name: '丁拍卖公司' }).returning();
    await t.db.insert(satisfactionResponses).values({ centerId: t.fixture.centers.city, year: 2017, agencyId: a3!.id, rating: '满意', surveyId: id });
    const three = await (await t.get(`/surveys/${id}`, staff)).text();
    expect(three).not.toContain('summary-withheld');
    expect(three).toContain('66.67%');
    expect(three).toContain('2.50');
    // The text answers, mixed together and sorted, with no agency beside them.
    expect(three.indexOf('匿名乙的意见')).toBeGreaterThan(0);
    expect(three.indexOf('匿名甲的意见')).toBeGreaterThan(three.indexOf('匿名乙的意见')); // '匿名乙' < '匿名甲' in code points
    for (const leak of [A1, A2, '丁拍卖公司', '匿名甲的评论']) expect(three).not.toContain(leak);
    expect(three).not.toContain('id="responses"');
  });
});
