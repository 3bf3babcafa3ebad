import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../tests/helpers/app';

let t: TestApp;
let staff: string;

beforeAll(async () => {
  t = await createTestApp();
  staff = await t.signIn('staff');
});
afterAll(() => t.close());

const valid = { code: 'T-001', kind: '土地', name: '测试地块', district: '利州区', land_use: '住宅', area: '12000.5', plot_ratio: '2.5', term_years: '70', starting_price: '¥12,345,678.90', deposit: '2500000' };

describe('parcels', () => {
  it('registers a parcel, lists it and shows its page', async () => {
    const res = await t.post('/parcels', valid, staff);
    expect(res.status).toBe(303);
    const loc = res.headers.get('location')!;
    expect(loc).toMatch(/^\/parcels\/\d+$/);
    const page = await (await t.get(loc, staff)).text();
    expect(page).toContain('测试地块');
    expect(page).toContain('12,345,678.90');
    expect(page).toContain('18.00 亩');
    const list = await (await t.get('/parcels?q=T-001', staff)).text();
    expect(list).toContain('T-001');
  });

  it('answers 422 with the errors beside the fields and keeps what was typed', async () => {
    const res = await t.post('/parcels', { ...valid, code: 'T-002', starting_price: '12.345', term_years: 'abc', name: '' }, staff);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('起始价：金额格式不正确');
    expect(html).toContain('请填写名称');
    expect(html).toContain('出让年限应为整数');
    expect(html).toContain('value="T-002"');
  });

  it('rejects a duplicate 标的编号 in the same center', async () => {
    const res = await t.post('/parcels', valid, staff);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('本中心已有相同标的编号');
  });

  it('returns only the results fragment to htmx', async () => {
    const res = await t.get('/parcels?kind=土地', staff, { 'HX-Request': 'true', 'HX-Target': 'div#parcel-results' });
    const html = await res.text();
    expect(html.startsWith('<div id="parcel-results">')).toBe(true);
    expect(html).not.toContain('<html');
  });

  it('sorts by price as numbers, not as text', async () => {
    await t.post('/parcels', { code: 'S-9', kind: '土地', name: '九元地块', starting_price: '9.00' }, staff);
    await t.post('/parcels', { code: 'S-10', kind: '土地', name: '十元地块', starting_price: '10.00' }, staff);
    const html = await (await t.get('/parcels?q=S-&sort=price&dir=asc', staff)).text();
    expect(html.indexOf('S-9')).toBeGreaterThan(0);
    expect(html.indexOf('S-9')).toBeLessThan(html.indexOf('S-10'));
  });
});
