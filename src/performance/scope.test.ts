// Ids of indicator rows and deductions are the project's own: addressing a row of project B under
// project A is "not found" (and changes nothing), even for finance of the same center. A closed
// year's project — whose name and 实际完成目标 are in the year's report — is not edited any more.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deductions, indicators, projects, satisfactionResponses } from '../../db/schema';
import { createTestApp, type TestApp } from '../../tests/helpers/app';

let t: TestApp;
let finance: string;
let a: number;
let b: number;
let rowOfB: number;
let deductionOfB: number;
beforeAll(async () => {
  t = await createTestApp();
  finance = await t.signIn('finance');
  const city = t.fixture.centers.city;
  const [pa, pb] = await t.db.insert(projects).values([
    { centerId: city, year: 2020, name: '甲项目' }, { centerId: city, year: 2020, name: '乙项目' },
  ]).returning();
  [a, b] = [pa!.id, pb!.id];
  const [ind] = await t.db.insert(indicators).values({
    projectId: b, position: 1, level1: '满意度指标', level2: '满意度指标', level3: '服务对象满意度', expected: '≥90%',
    rule: '手工', manualActual: '≥90%', manualPoints: '10', weight: '10',
  }).returning();
  rowOfB = ind!.id;
  const [ded] = await t.db.insert(deductions).values({ projectId: b, points: '1.00', reason: '支出进度缓慢' }).returning();
  deductionOfB = ded!.id;
});
afterAll(() => t.close());

describe('indicator and deduction ids', () => {
  it('are not found under another project, and nothing changes', async () => {
    expect((await t.get(`/projects/${a}/indicators/${rowOfB}/edit`, finance)).status).toBe(404);
    const form = { level1: '满意度指标', level2: '满意度指标', level3: '改掉', expected: 'x', rule: '手工', target_value: '', unit: '', manual_actual: '', manual_points: '', weight: '10' };
    expect((await t.post(`/projects/${a}/indicators/${rowOfB}`, form, finance)).status).toBe(404);
    expect((await t.post(`/projects/${a}/indicators/${rowOfB}/position`, { direction: 'up' }, finance)).status).toBe(404);
    expect((await t.post(`/projects/${a}/indicators/${rowOfB}/delete`, {}, finance)).status).toBe(404);
    expect((await t.post(`/projects/${a}/deductions/${deductionOfB}/delete`, {}, finance)).status).toBe(404);
    const [row] = await t.db.select().from(indicators).where(eq(indicators.id, rowOfB));
    expect(row).toMatchObject({ projectId: b, level3: '服务对象满意度' });
    expect(await t.db.select().from(deductions).where(eq(deductions.id, deductionOfB))).toHaveLength(1);
  });
});

describe('a project of a closed year', () => {
  it('is not renamed nor given another 实际完成目标', async () => {
    const close = await t.post('/projects/close-year', { year: '2020' }, finance);
    expect(close.status, await close.clone().text()).toBe(303);
    const res = await t.post(`/projects/${a}`, { name: '改名项目', year: '2020', budget_unit: '', target: '', actual_goal: '结账后改写' }, finance);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('2020年度已结账，项目不能再修改');
    const [p] = await t.db.select().from(projects).where(eq(projects.id, a));
    expect(p).toMatchObject({ name: '甲项目', actualGoal: null });
  });

  it('is held by the database too, for every path around the app', async () => {
    const refused = async (write: Promise<unknown>) => {
      const e = await write.then(() => null, (err: unknown) => err as { cause?: { hint?: string } });
      expect(e, 'the write went through').not.toBeNull();
      expect(e!.cause?.hint ?? (e as { hint?: string }).hint).toBe('year-closed');
    };
    await refused(t.db.insert(deductions).values({ projectId: a, points: '1.00', reason: '结账后补扣' }));
    await refused(t.db.delete(deductions).where(eq(deductions.id, deductionOfB)));
    await refused(t.db.update(indicators).set({ manualPoints: '5' }).where(eq(indicators.id, rowOfB)));
    await refused(t.db.insert(satisfactionResponses).values({ centerId: t.fixture.centers.city, year: 2020, agencyId: t.fixture.agencies.a1, rating: '满意' }));
    await refused(t.db.update(projects).set({ actualGoal: '改写' }).where(eq(projects.id, a)));
    // Another year of the same center is open.
    await t.db.insert(satisfactionResponses).values({ centerId: t.fixture.centers.city, year: 2021, agencyId: t.fixture.agencies.a1, rating: '满意' });
  });
});
