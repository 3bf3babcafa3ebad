// A transfer project that has no indicator rows of its own (an imported ledger without a 绩效指标
// sheet): the report judges it by the default set and says so, and the editor offers to adopt that
// set instead of showing rows that do not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projects } from '../../db/schema';
import { createTestApp, type TestApp } from '../../tests/helpers/app';
import { performanceReport } from './report';

let t: TestApp;
let finance: string;
let projectId: number;
beforeAll(async () => {
  t = await createTestApp();
  finance = await t.signIn('finance');
  const [p] = await t.db.insert(projects).values({ centerId: t.fixture.centers.city, year: 2020, name: '土地出让工作经费' }).returning();
  projectId = p!.id;
});
afterAll(() => t.close());

describe('a transfer project without indicators', () => {
  it('is reported on the default set, marked as such', async () => {
    const r = (await performanceReport(t.db, projectId))!;
    expect(r.defaultIndicators).toBe(true);
    expect(r.indicators.map((i) => i.rule)).toEqual(['出让宗数', '按时上缴', '工作经费', '财政增收', '手工', '拍卖机构满意度']);
    const page = await (await t.get(`/projects/${projectId}/performance`, finance)).text();
    expect(page).toContain('暂按土地出让项目的默认指标评价');
  });

  it('is offered the default set in the editor, with no actions on rows that are not stored', async () => {
    const html = await (await t.get(`/projects/${projectId}/indicators`, finance)).text();
    expect(html).toContain('套用土地出让默认指标');
    expect(html).not.toContain(`/projects/${projectId}/indicators/0/`);
    const res = await t.post(`/projects/${projectId}/indicators/defaults`, {}, finance);
    expect(res.status).toBe(303);
    const r = (await performanceReport(t.db, projectId))!;
    expect(r.defaultIndicators).toBe(false);
    expect(r.indicators.every((i) => i.id > 0)).toBe(true);
    const after = await (await t.get(`/projects/${projectId}/indicators`, finance)).text();
    expect(after).not.toContain('套用土地出让默认指标');
  });
});
