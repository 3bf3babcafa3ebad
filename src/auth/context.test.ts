import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../tests/helpers/app';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

describe('center/year switch', () => {
  it('lets a city user switch to a county center below it, not to an unrelated one', async () => {
    const cookie = await t.signIn('staff');
    const ok = await t.post('/context', { center: String(t.fixture.centers.county), year: '2020' }, cookie);
    expect(ok.status).toBe(303);
    const home = await (await t.get('/', cookie)).text();
    expect(home).toContain('测试县公共资源交易中心 · 2020年');
    const bad = await t.post('/context', { center: String(t.fixture.centers.other), year: '2020' }, cookie);
    expect(bad.status).toBe(422);
  });

  it('refreshes the page for htmx instead of redirecting', async () => {
    const cookie = await t.signIn('staff');
    const res = await t.post('/context', { center: String(t.fixture.centers.city), year: '2021' }, cookie, { 'HX-Request': 'true' });
    expect(res.status).toBe(204);
    expect(res.headers.get('HX-Refresh')).toBe('true');
  });
});
