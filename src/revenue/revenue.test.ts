import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, closedYears, parcels, remittances, revenueTargets, transfers } from '../../db/schema';
import { createTestApp, type TestApp } from '../../tests/helpers/app';
import { revenueFigures } from './queries';

let t: TestApp;
const cookie = {} as Record<'admin' | 'staff' | 'finance' | 'leader' | 'agency1' | 'otherStaff', string>;
const ids: Record<string, number> = {};

const remit = (centerId: number, receiptNo: string, yuan: bigint, remittedOn: string, transferId: number | null = null) =>
  ({ centerId, receiptNo, revenueType: '土地出让收入' as const, amount: yuan * 100n, remittedOn, transferId });

const audits = (entity: string, entityId: string) =>
  t.db.select().from(auditEvents).where(and(eq(auditEvents.entity, entity), eq(auditEvents.entityId, entityId)));

beforeAll(async () => {
  t = await createTestApp();
  for (const u of Object.keys({ admin: 1, staff: 1, finance: 1, leader: 1, agency1: 1, otherStaff: 1 }) as (keyof typeof cookie)[]) cookie[u] = await t.signIn(u);
  const { city, other } = t.fixture.centers;
  for (const u of ['admin', 'staff', 'finance', 'leader'] as const) await t.post('/context', { center: String(city), year: '2020' }, cookie[u]);
  await t.post('/context', { center: String(other), year: '2020' }, cookie.otherStaff);

  const ps = await t.db.insert(parcels).values(['R-1', 'R-2', 'R-3', 'X-1'].map((code) =>
    ({ centerId: code === 'X-1' ? other : city, code, kind: '土地' as const, name: `地块${code}`, startingPrice: 100_000_000n }))).returning();
  const sold = (parcelId: number, centerId: number, dealDate: string, price: bigint) => ({
    centerId, parcelId, round: 1, mode: '挂牌' as const, result: '成交' as const, dealPrice: price, winner: '竞得人', dealDate, confirmationNo: `CJ-${parcelId}`,
  });
  const ts = await t.db.insert(transfers).values([
    sold(ps[0]!.id, city, '2020-03-01', 5_000_000_00n),
    sold(ps[1]!.id, city, '2020-09-01', 3_000_000_00n),
    sold(ps[2]!.id, city, '2019-11-01', 1_000_000_00n),
    sold(ps[3]!.id, other, '2020-03-01', 7_000_000_00n),
  ]).returning();
  ['r1', 'r2', 'r3', 'x1'].forEach((k, i) => { ids[k] = ts[i]!.id; });
});
afterAll(() => t.close());

describe('revenueFigures', () => {
  it('sums the year, reaches the target on the first day the running sum gets there (several on one day, exactly)', async () => {
    const { county, other } = t.fixture.centers;
    await t.db.insert(revenueTargets).values([{ centerId: county, year: 2020, amount: 100_000n }, { centerId: county, year: 2019, amount: 1n }]);
    await t.db.insert(remittances).values([
      remit(county, 'C-0', 500n, '2019-12-31'), // previous year: ignored
      remit(county, 'C-1', 300n, '2020-03-01'),
      remit(county, 'C-2', 400n, '2020-05-10'),
      remit(county, 'C-3', 300n, '2020-05-10'), // same day: together they reach 1,000.00 exactly
      remit(county, 'C-4', 50n, '2020-06-01'),
      remit(county, 'C-5', 900n, '2021-01-01'), // next year: ignored
      remit(other, 'C-1', 99_999n, '2020-01-02'), // another center: ignored
    ]);
    expect(await revenueFigures(t.db, county, 2020)).toEqual({ remitted: 105_000n, target: 100_000n, targetReachedOn: '2020-05-10', rate: '105.00' });
    expect(await revenueFigures(t.db, county, 2021)).toEqual({ remitted: 90_000n, target: null, targetReachedOn: null, rate: null });
    expect(await revenueFigures(t.db, county, 2018)).toEqual({ remitted: 0n, target: null, targetReachedOn: null, rate: null });
    await t.db.update(revenueTargets).set({ amount: 300_000n }).where(and(eq(revenueTargets.centerId, county), eq(revenueTargets.year, 2020)));
    expect(await revenueFigures(t.db, county, 2020)).toEqual({ remitted: 105_000n, target: 300_000n, targetReachedOn: null, rate: '35.00' });
    // 300.00 on 03-01 is short of 700.01; the 05-10 pair passes it. A target of exactly 300.00 is reached on 03-01.
    await t.db.update(revenueTargets).set({ amount: 70_001n }).where(and(eq(revenueTargets.centerId, county), eq(revenueTargets.year, 2020)));
    expect((await revenueFigures(t.db, county, 2020)).targetReachedOn).toBe('2020-05-10');
    await t.db.update(revenueTargets).set({ amount: 30_000n }).where(and(eq(revenueTargets.centerId, county), eq(revenueTargets.year, 2020)));
    expect((await revenueFigures(t.db, county, 2020)).targetReachedOn).toBe('2020-03-01');
  });
});

describe('remittances', () => {
  it('records a remittance (staff), audited, and shows it, immutable', async () => {
    const form = await (await t.get('/revenue/new', cookie.staff)).text();
    expect(form).toContain(`value="${ids.r1}"`);
    expect(form).not.toContain(`value="${ids.x1}"`); // another center's transfer is not offered
    expect(form).toContain('已上缴记录不可修改');
    const res = await t.post('/revenue', { receipt_no: 'JK-2020-001', revenue_type: '土地出让收入', transfer_id: String(ids.r1), amount: '4,000,000.00', remitted_on: '2020-03-20' }, cookie.staff);
    expect(res.status).toBe(303);
    const loc = res.headers.get('location')!;
    expect(loc).toMatch(/^\/revenue\/\d+$/);
    ids.rem = Number(loc.split('/').pop());
    const audit = await audits('remittance', String(ids.rem));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ receiptNo: 'JK-2020-001', amount: '4000000.00' });
    const page = await (await t.get(loc, cookie.leader)).text();
    expect(page).toContain('JK-2020-001');
    expect(page).toContain('4,000,000.00 元');
    expect(page).toContain('R-1 地块R-1 第1场');
    expect(page).toContain('已上缴记录不可修改');
    expect(page).not.toContain('修改</a>');
    // No edit, no delete: there is no route for either.
    expect((await t.get(`${loc}/edit`, cookie.admin)).status).toBe(404);
    expect((await t.post(loc, { amount: '1' }, cookie.admin)).status).toBe(404);
    expect((await t.post(`${loc}/delete`, {}, cookie.admin)).status).toBe(404);
  });

  it('answers 422 with Chinese messages beside the fields', async () => {
    const bad = await t.post('/revenue', { receipt_no: '', revenue_type: '', amount: '0', remitted_on: '2020-02-30' }, cookie.finance);
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toMatch(/id="err-receipt_no"[^>]*>请填写缴款书号/);
    expect(html).toMatch(/id="err-revenue_type"[^>]*>请选择收入类型/);
    expect(html).toMatch(/id="err-remitted_on"[^>]*>上缴日期应为有效日期/);
    const zero = await (await t.post('/revenue', { receipt_no: 'Z', revenue_type: '其他', amount: '0', remitted_on: '2020-02-01' }, cookie.finance)).text();
    expect(zero).toMatch(/id="err-amount"[^>]*>金额应大于 0/);

    const dup = await t.post('/revenue', { receipt_no: 'JK-2020-001', revenue_type: '其他', amount: '1', remitted_on: '2020-04-01' }, cookie.finance);
    expect(dup.status).toBe(422);
    expect(await dup.text()).toMatch(/id="err-receipt_no"[^>]*>本中心已有相同缴款书号的上缴记录/);

    const foreign = await t.post('/revenue', { receipt_no: 'JK-X', revenue_type: '其他', transfer_id: String(ids.x1), amount: '1', remitted_on: '2020-04-01' }, cookie.finance);
    expect(foreign.status).toBe(422);
    expect(await foreign.text()).toMatch(/id="err-transfer_id"[^>]*>所选出让活动不属于本中心或尚未成交/);

    // The same 缴款书号 in another center is another 缴款书.
    const elsewhere = await t.post('/revenue', { receipt_no: 'JK-2020-001', revenue_type: '其他', amount: '1', remitted_on: '2020-04-01' }, cookie.otherStaff);
    expect(elsewhere.status).toBe(303);
    ids.otherRem = Number(elsewhere.headers.get('location')!.split('/').pop());

    const inline = await (await t.post('/revenue/validate?field=amount', { amount: '-3' }, cookie.staff)).text();
    expect(inline).toContain('金额不能为负数');
  });

  it('refuses a remittance dated into a closed year with a message, not a 500', async () => {
    await t.db.insert(closedYears).values({ centerId: t.fixture.centers.city, year: 2019 });
    const res = await t.post('/revenue', { receipt_no: 'JK-2019-9', revenue_type: '土地出让收入', amount: '10', remitted_on: '2019-06-01' }, cookie.staff);
    expect(res.status).toBe(422);
    expect(await res.text()).toMatch(/id="err-remitted_on"[^>]*>2019年度已结账，不能再登记该年度的上缴记录/);
    expect(await t.db.select().from(remittances).where(eq(remittances.receiptNo, 'JK-2019-9'))).toEqual([]);
  });

  it('lists the year with totals, filters by type and text (htmx fragment too)', async () => {
    await t.post('/revenue', { receipt_no: 'JK-2020-002', revenue_type: '交易服务费', amount: '1,234.56', remitted_on: '2020-10-01' }, cookie.staff);
    await t.db.insert(remittances).values(remit(t.fixture.centers.city, 'JK-2021-001', 5n, '2021-01-05'));
    const html = await (await t.get('/revenue', cookie.leader)).text();
    expect(html).toContain('JK-2020-001');
    expect(html).toContain('JK-2020-002');
    expect(html).not.toContain('JK-2021-001');
    expect(html).toContain('合计（2 笔）</td><td class="num">4,001,234.56</td>');
    expect(html).toContain('400.12<small>万元</small>');
    expect(html).toContain('已上缴记录不可修改');
    const frag = await (await t.get('/revenue?type=交易服务费', cookie.leader, { 'HX-Request': 'true', 'HX-Target': 'div#revenue-results' })).text();
    expect(frag.startsWith('<div id="revenue-results">')).toBe(true);
    expect(frag).toContain('JK-2020-002');
    expect(frag).not.toContain('JK-2020-001');
    expect(frag).toContain('合计（1 笔）</td><td class="num">1,234.56</td>');
    const byParcel = await (await t.get('/revenue?q=R-1', cookie.leader)).text();
    expect(byParcel).toContain('JK-2020-001');
    expect(byParcel).not.toContain('JK-2020-002');
  });

  it('keeps another center\'s remittance from view (404)', async () => {
    expect((await t.get(`/revenue/${ids.otherRem}`, cookie.staff)).status).toBe(404);
    expect((await t.get(`/revenue/${ids.rem}`, cookie.otherStaff)).status).toBe(404);
    expect((await t.get('/revenue/999999', cookie.staff)).status).toBe(404);
    expect(await (await t.get('/revenue', cookie.otherStaff)).text()).not.toContain('R-1');
  });
});

describe('revenue target', () => {
  it('sets the year\'s task (finance), then changes it, auditing both; the summary follows', async () => {
    const entityId = `${t.fixture.centers.city}:2020`;
    const first = await t.post('/revenue/target', { amount: '4,000,000' }, cookie.finance);
    expect(first.status).toBe(303);
    let html = await (await t.get('/revenue', cookie.staff)).text();
    expect(html).toContain('100.03<small>%</small>');
    expect(html).toContain('2020-03-20'); // reached with the first remittance
    const second = await t.post('/revenue/target', { amount: '8000000.00' }, cookie.admin);
    expect(second.status).toBe(303);
    html = await (await t.get('/revenue/target', cookie.finance)).text();
    expect(html).toContain('当前任务 8,000,000.00 元');
    expect(html).toContain('50.02<small>%</small>');
    expect(html).toContain('未完成');
    const audit = await audits('revenue_target', entityId);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect(audit[1]!.before).toMatchObject({ amount: '4000000.00' });
    expect(audit[1]!.after).toMatchObject({ amount: '8000000.00' });
  });

  it('keeps a closed year\'s task: 422 beside the amount, nothing changed, nothing audited', async () => {
    const { city } = t.fixture.centers;
    await t.db.insert(revenueTargets).values({ centerId: city, year: 2018, amount: 500_000_00n });
    await t.db.insert(closedYears).values({ centerId: city, year: 2018 });
    await t.post('/context', { center: String(city), year: '2018' }, cookie.finance);
    try {
      const page = await (await t.get('/revenue/target', cookie.finance)).text();
      expect(page).toContain('2018年度已结账，该年度的非税征收任务不能再设定或修改');
      const res = await t.post('/revenue/target', { amount: '9,000,000' }, cookie.finance);
      expect(res.status).toBe(422);
      expect(await res.text()).toMatch(/id="err-amount"[^>]*>2018年度已结账，不能再设定或修改该年度的非税征收任务/);
      const [row] = await t.db.select().from(revenueTargets).where(and(eq(revenueTargets.centerId, city), eq(revenueTargets.year, 2018)));
      expect(row!.amount).toBe(500_000_00n);
      expect(await audits('revenue_target', `${city}:2018`)).toEqual([]);
      // A closed year without a task gets none either.
      await t.db.insert(closedYears).values({ centerId: city, year: 2017 });
      await t.post('/context', { center: String(city), year: '2017' }, cookie.finance);
      expect((await t.post('/revenue/target', { amount: '1' }, cookie.finance)).status).toBe(422);
      expect(await t.db.select().from(revenueTargets).where(and(eq(revenueTargets.centerId, city), eq(revenueTargets.year, 2017)))).toEqual([]);
    } finally {
      await t.post('/context', { center: String(city), year: '2020' }, cookie.finance);
    }
  });

  it('answers 422 in Chinese and refuses other roles', async () => {
    const zero = await t.post('/revenue/target', { amount: '0' }, cookie.finance);
    expect(zero.status).toBe(422);
    expect(await zero.text()).toMatch(/id="err-amount"[^>]*>任务金额应大于 0/);
    expect((await t.post('/revenue/target', { amount: '1' }, cookie.staff)).status).toBe(403);
    expect((await t.post('/revenue/target', { amount: '1' }, cookie.leader)).status).toBe(403);
    expect((await t.get('/revenue/target', cookie.staff)).status).toBe(403);
  });
});

describe('remitted per sold transfer', () => {
  it('lists the year\'s sold transfers with what was remitted, flagging those without any', async () => {
    const html = await (await t.get('/revenue/transfers', cookie.leader)).text();
    expect(html).toContain('2020年成交 2 宗，其中 <strong>1 宗尚无上缴记录</strong>');
    expect(html).toMatch(/R-1<\/a> 地块R-1<\/td>.*?<td class="num">5,000,000\.00<\/td><td class="num">4,000,000\.00<\/td><td class="num">1<\/td><td>2020-03-20<\/td><td><span class="status status-已成交">已上缴/);
    expect(html).toMatch(/R-2<\/a> 地块R-2<\/td>.*?<td class="num">3,000,000\.00<\/td><td class="num">0\.00<\/td><td class="num">0<\/td><td><\/td><td><span class="status status-已终止">未上缴/);
    expect(html).not.toContain('R-3'); // sold in 2019
    expect(html).not.toContain('X-1');
  });
});

describe('access', () => {
  it('refuses agency users everywhere, and leaders the writes', async () => {
    for (const path of ['/revenue', '/revenue/new', '/revenue/target', '/revenue/transfers', `/revenue/${ids.rem}`]) {
      expect((await t.get(path, cookie.agency1)).status, path).toBe(403);
    }
    for (const path of ['/revenue', '/revenue/validate', '/revenue/target']) {
      expect((await t.post(path, {}, cookie.agency1)).status, path).toBe(403);
    }
    expect((await t.get('/revenue/new', cookie.leader)).status).toBe(403);
    expect((await t.post('/revenue', {}, cookie.leader)).status).toBe(403);
  });
});
