// The demo as an agency sees it (issue 5's "done when"): agency1 signs in with the demo password,
// sees its own fee statement and its answer to the 2020 survey, gets 404 for agency2's records, and
// its answer to the open survey of this year is what the report's 满意度 counts.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencies, payments, satisfactionResponses, surveyQuestions, surveys, transfers, users } from '../db/schema';
import { DEMO_PASSWORD, loadDemo } from '../src/demo/load';
import { satisfactionFiguresFor } from '../src/performance/figures';
import { createTestApp, type TestApp } from './helpers/app';

let t: TestApp;
let agency1: string;
let a1: number;
let a2: number;
let gyjy: number;
beforeAll(async () => {
  t = await createTestApp({ seed: false });
  await loadDemo(t.db);
  agency1 = await t.signIn('agency1', DEMO_PASSWORD);
  const [u1, u2] = await Promise.all(['agency1', 'agency2'].map(async (n) => (await t.db.select().from(users).where(eq(users.username, n)))[0]!));
  [a1, a2, gyjy] = [u1!.agencyId!, u2!.agencyId!, u1!.centerId];
}, 120_000);
afterAll(() => t.close());

describe('agency1 in the demo', () => {
  it('sees its own fee statement and its answer to the 2020 survey', async () => {
    const portal = await (await t.get('/portal?year=2020', agency1)).text();
    const [mine] = await t.db.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, a1));
    expect(portal).toContain(mine!.name);
    expect(portal).toMatch(/应付|应收/);
    const [s2020] = await t.db.select().from(surveys).where(and(eq(surveys.centerId, gyjy), eq(surveys.year, 2020)));
    expect(s2020!.status).toBe('已结束');
    const page = await t.get(`/surveys/${s2020!.id}`, agency1);
    expect(page.status).toBe(200);
    const [own] = await t.db.select().from(satisfactionResponses).where(and(eq(satisfactionResponses.surveyId, s2020!.id), eq(satisfactionResponses.agencyId, a1)));
    expect(await page.text()).toContain(own!.rating);
  });

  it('gets 404 or 403 for every record of agency2', async () => {
    const theirs = await t.db.select({ id: transfers.id }).from(transfers).where(eq(transfers.agencyId, a2));
    const paid = await t.db.select({ id: payments.id }).from(payments).where(eq(payments.agencyId, a2));
    expect(theirs.length).toBeGreaterThan(0);
    for (const { id } of theirs) expect([403, 404]).toContain((await t.get(`/transfers/${id}`, agency1)).status);
    for (const { id } of paid) expect([403, 404]).toContain((await t.get(`/payments/${id}`, agency1)).status);
    expect([403, 404]).toContain((await t.get(`/fees/agencies/${a2}`, agency1)).status);
  });

  it('answers the open survey of this year, and the report’s 满意度 counts it', async () => {
    const year = new Date().getFullYear();
    const [open] = await t.db.select().from(surveys).where(and(eq(surveys.centerId, gyjy), eq(surveys.year, year)));
    expect(open!.status).toBe('进行中');
    const before = (await satisfactionFiguresFor(t.db, [{ centerId: gyjy, year }])).get(`${gyjy}:${year}`)!;
    expect(before.responses).toBe(0);
    const questions = await t.db.select().from(surveyQuestions).where(eq(surveyQuestions.surveyId, open!.id));
    const form: Record<string, string> = { rating: '基本满意', comment: '结算可以再快一些' };
    for (const q of questions) form[`q_${q.id}`] = q.kind === '评分' ? '3' : '';
    const res = await t.post(`/surveys/${open!.id}/response`, form, agency1);
    expect(res.status, await res.clone().text()).toBe(303);
    const after = (await satisfactionFiguresFor(t.db, [{ centerId: gyjy, year }])).get(`${gyjy}:${year}`)!;
    expect(after).toEqual({ responses: 1, satisfied: 0, rate: '0.00' });
  });
});
