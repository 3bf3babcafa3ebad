// Fee agreements and statements over HTTP against PostgreSQL; payments are inserted directly
// (the approval chain is another feature's) with the statuses it would leave them in.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditEvents, closedYears, feeAgreements, parcels, payments, projects, transfers } from '../../db/schema';
import { createTestApp, type TestApp } from '../../tests/helpers/app';
import { transferFees } from './queries';

let t: TestApp;
const cookie = {} as Record<'admin' | 'finance' | 'leader' | 'staff' | 'agency1', string>;
const ids: Record<string, number> = {};
let voucher = 0;

const payment = (transferId: number, yuan: bigint, extra: Partial<typeof payments.$inferInsert> = {}) => ({
  centerId: t.fixture.centers.city, projectId: ids.project!, category: '拍卖机构劳务费' as const, payee: '拍卖机构', amount: yuan * 100n,
  transferId, status: '已支付' as const, paidOn: '2020-12-01', voucherNo: `记-${++voucher}`, ...extra,
});

async function auditOf(entityId: number) {
  return t.db.select().from(auditEvents).where(and(eq(auditEvents.entity, 'fee_agreement'), eq(auditEvents.entityId, String(entityId))));
}

beforeAll(async () => {
  t = await createTestApp();
  for (const u of ['admin', 'finance', 'leader', 'staff', 'agency1'] as const) cookie[u] = await t.signIn(u);
  const { city, other } = t.fixture.centers;
  const { a1, a2 } = t.fixture.agencies;
  for (const u of ['admin', 'finance', 'leader'] as const) await t.post('/context', { center: String(city), year: '2020' }, cookie[u]);

  const ps = await t.db.insert(parcels).values([...['F-1', 'F-2', 'F-3', 'F-4', 'F-5', 'F-6'].map((code) => ({ centerId: city, code })), { centerId: other, code: 'X-1' }]
    .map((p) => ({ ...p, kind: '土地' as const, name: `地块${p.code}`, startingPrice: 100_000_000n }))).returning();
  const pid = Object.fromEntries(ps.map((p) => [p.code, p.id]));
  const deal = (centerId: number, parcelId: number, agencyId: number, dealDate: string, price: bigint) => ({
    centerId, parcelId, round: 1, mode: '拍卖' as const, agencyId, auctionDate: dealDate, result: '成交' as const,
    dealPrice: price, winner: '竞得人', dealDate, confirmationNo: `CJ-${parcelId}`,
  });
  const rows = await t.db.insert(transfers).values([
    deal(city, pid['F-1']!, a1, '2020-03-01', 8_000_000_00n), // 分档: 37,500 → capped at 30,000
    { centerId: city, parcelId: pid['F-2']!, round: 1, mode: '拍卖', agencyId: a1, auctionDate: '2020-04-01', result: '流拍' }, // 分档 + 流拍计费: 0
    deal(city, pid['F-3']!, a2, '2020-05-01', 1_234_567_89n), // fixed 5,000
    { centerId: city, parcelId: pid['F-4']!, round: 1, mode: '拍卖', agencyId: a2, auctionDate: '2020-06-01', result: '流拍' }, // fixed + 流拍计费: 5,000
    { centerId: city, parcelId: pid['F-5']!, round: 1, mode: '拍卖', agencyId: a2, auctionDate: '2020-06-02', result: '终止' }, // 0
    deal(city, pid['F-6']!, a1, '2019-12-01', 1_000_000_00n), // 2019: a1 has no agreement for 2019
    deal(other, pid['X-1']!, a1, '2020-03-01', 9_000_000_00n), // another center: never shown
  ]).returning();
  ['t1', 't2', 't3', 't4', 't5', 't6', 'tx'].forEach((k, i) => { ids[k] = rows[i]!.id; });
  const [project] = await t.db.insert(projects).values({ centerId: city, year: 2020, name: '土地出让工作经费' }).returning();
  ids.project = project!.id;
});
afterAll(() => t.close());

describe('fee agreements', () => {
  it('creates agreements (admin), audited, and lists them for finance', async () => {
    const a1 = await t.post('/fees/agreements', {
      agency_id: String(t.fixture.agencies.a1), year: '2020', method: '分档累进',
      tiers: '0-1000000:1;1000000-5000000:0.5;5000000-:0.25', cap: '30,000', pay_failed: '是',
    }, cookie.admin);
    expect(a1.status).toBe(303);
    const a2 = await t.post('/fees/agreements', {
      agency_id: String(t.fixture.agencies.a2), year: '2020', method: '按宗固定', fixed_amount: '5000', pay_failed: '是',
    }, cookie.admin);
    expect(a2.status).toBe(303);
    const rows = await t.db.select().from(feeAgreements);
    expect(rows).toHaveLength(2);
    const tiered = rows.find((r) => r.agencyId === t.fixture.agencies.a1)!;
    expect(tiered.tiers).toEqual([
      { from: '0', to: '100000000', rate: '1' }, { from: '100000000', to: '500000000', rate: '0.5' }, { from: '500000000', to: null, rate: '0.25' },
    ]);
    expect(tiered.cap).toBe(3_000_000n);
    expect(tiered.rate).toBeNull();
    ids.agreement = tiered.id;
    const audit = await auditOf(tiered.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ method: '分档累进', cap: '30000.00', payFailed: true });

    const list = await (await t.get('/fees/agreements?year=2020', cookie.finance)).text();
    expect(list).toContain('0-1000000:1;1000000-5000000:0.5;5000000-:0.25');
    expect(list).toContain('30,000.00');
    expect(list).toContain('5,000.00');
    expect(list).not.toContain('/edit'); // finance reads, admin edits
    expect(await (await t.get('/fees/agreements', cookie.admin)).text()).toContain(`/fees/agreements/${tiered.id}/edit`);
  });

  it('answers 422 with Chinese messages beside the fields', async () => {
    const gap = await t.post('/fees/agreements', {
      agency_id: String(t.fixture.agencies.a2), year: '2021', method: '分档累进', tiers: '0-100:1;200-:1', rate: '1.5',
    }, cookie.admin);
    expect(gap.status).toBe(422);
    const html = await gap.text();
    expect(html).toMatch(/id="err-tiers"[^>]*>第2档与第1档之间有空档：100 元至 200 元没有费率/);
    expect(html).toContain('value="0-100:1;200-:1"');
    const stale = await (await t.post('/fees/agreements', {
      agency_id: String(t.fixture.agencies.a2), year: '2021', method: '分档累进', tiers: '0-:1', rate: '1.5',
    }, cookie.admin)).text();
    expect(stale).toMatch(/id="err-rate"[^>]*>计费方式为“分档累进”时不填费率/);

    const missing = await (await t.post('/fees/agreements', { agency_id: String(t.fixture.agencies.a2), year: '2021', method: '按成交价比例', rate: '' }, cookie.admin)).text();
    expect(missing).toContain('按成交价比例须填写费率');
    const badRate = await (await t.post('/fees/agreements', { agency_id: String(t.fixture.agencies.a2), year: '2021', method: '按成交价比例', rate: '1.23456' }, cookie.admin)).text();
    expect(badRate).toContain('费率应为百分数');

    const dup = await t.post('/fees/agreements', { agency_id: String(t.fixture.agencies.a2), year: '2020', method: '按宗固定', fixed_amount: '1' }, cookie.admin);
    expect(dup.status).toBe(422);
    expect(await dup.text()).toContain('该拍卖机构本年度已有收费协议');

    const noAgency = await t.post('/fees/agreements', { agency_id: '999999', year: '2021', method: '按宗固定', fixed_amount: '1' }, cookie.admin);
    expect(noAgency.status).toBe(422);
    expect(await noAgency.text()).toContain('请选择拍卖机构');

    const inline = await (await t.post('/fees/agreements/validate?field=tiers', { method: '分档累进', tiers: '0-100:1;100-200:2' }, cookie.admin)).text();
    expect(inline).toContain('最后一档应不填上限');
    expect(await t.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(feeAgreements)).toEqual([{ n: 2 }]);
  });

  it('edits an agreement with its values as typed, auditing before and after', async () => {
    const form = await (await t.get(`/fees/agreements/${ids.agreement}/edit`, cookie.admin)).text();
    expect(form).toContain('value="0-1000000:1;1000000-5000000:0.5;5000000-:0.25"');
    expect(form).toContain('value="30000.00"');
    expect(form).toMatch(/name="pay_failed" value="是" checked/);
    const res = await t.post(`/fees/agreements/${ids.agreement}`, {
      agency_id: String(t.fixture.agencies.a1), year: '2020', method: '分档累进',
      tiers: '0-1000000:1;1000000-5000000:0.5;5000000-:0.25', cap: '30000', pay_failed: '是',
    }, cookie.admin);
    expect(res.status).toBe(303);
    const audit = await auditOf(ids.agreement!);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect(audit[1]!.before).toMatchObject({ cap: '30000.00' });
    expect((await t.get('/fees/agreements/999999/edit', cookie.admin)).status).toBe(404);
    expect((await t.post('/fees/agreements/999999', {}, cookie.admin)).status).toBe(404);
  });
});

describe('fee statements', () => {
  it('pays a reversal back and ignores drafts', async () => {
    await t.db.insert(payments).values([payment(ids.t1!, 20_000n), payment(ids.t3!, 5_000n)]);
    const [dup] = await t.db.insert(payments).values(payment(ids.t1!, 1_000n)).returning();
    // The reversal carries no transfer of its own: it counts against the transfer of what it reverses.
    await t.db.insert(payments).values(payment(0, -1_000n, { transferId: null, reversesId: dup!.id }));
    await t.db.insert(payments).values(payment(ids.t4!, 5_000n, { status: '草稿', paidOn: null, voucherNo: null }));
    // Another category linked to the transfer is not an agency fee.
    await t.db.insert(payments).values(payment(ids.t1!, 700n, { category: '公告费' }));

    const rows = await transferFees(t.db, { centerIds: [t.fixture.centers.city], year: 2020 });
    const by = Object.fromEntries(rows.map((r) => [r.transferId, r]));
    expect(rows.map((r) => r.transferId)).toEqual([ids.t1, ids.t2, ids.t3, ids.t4, ids.t5]);
    expect([by[ids.t1!]!.due, by[ids.t1!]!.paid, by[ids.t1!]!.outstanding]).toEqual([3_000_000n, 2_000_000n, 1_000_000n]);
    expect(by[ids.t2!]!.due).toBe(0n);
    expect([by[ids.t3!]!.due, by[ids.t3!]!.paid]).toEqual([500_000n, 500_000n]);
    expect([by[ids.t4!]!.due, by[ids.t4!]!.paid]).toEqual([500_000n, 0n]);
    expect(by[ids.t5!]!.due).toBe(0n);

    const a2only = await transferFees(t.db, { centerIds: [t.fixture.centers.city], agencyId: t.fixture.agencies.a2 });
    expect(a2only.map((r) => r.transferId)).toEqual([ids.t3, ids.t4, ids.t5]);
    const all = await transferFees(t.db, { centerIds: [t.fixture.centers.city] });
    expect(all.find((r) => r.transferId === ids.t6)).toMatchObject({ agreementId: null, due: 0n });
  });

  it('computes every transfer in one statement (no query per transfer)', async () => {
    const spy = vi.spyOn(t.db, 'execute');
    try {
      const rows = await transferFees(t.db, { centerIds: [t.fixture.centers.city, t.fixture.centers.other] });
      expect(rows.length).toBe(7);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('shows the statement per agency for the current center and year', async () => {
    const html = await (await t.get('/fees', cookie.finance)).text();
    expect(html).toContain('拍卖机构劳务费');
    // a1: due 30,000 (capped), paid 20,000; a2: due 10,000, paid 5,000.
    expect(html).toMatch(new RegExp(`/fees/agencies/${t.fixture.agencies.a1}">测试甲拍卖有限公司</a></td><td class="num">2</td><td class="num">30,000.00</td><td class="num">20,000.00</td><td class="num">10,000.00</td>`));
    expect(html).toMatch(new RegExp(`/fees/agencies/${t.fixture.agencies.a2}">测试乙拍卖有限公司</a></td><td class="num">3</td><td class="num">10,000.00</td><td class="num">5,000.00</td><td class="num">5,000.00</td>`));
    expect(html).toContain('<td>合计</td><td class="num">5</td><td class="num">40,000.00</td><td class="num">25,000.00</td><td class="num">15,000.00</td>');
    expect(html).not.toContain('9,000,000.00');
    expect(await (await t.get('/fees', cookie.leader)).text()).toContain('40,000.00');
  });

  it('lists each transfer of an agency, and 404s an unknown agency', async () => {
    const html = await (await t.get(`/fees/agencies/${t.fixture.agencies.a1}`, cookie.leader)).text();
    expect(html).toContain('分档累进 0-1000000:1;1000000-5000000:0.5;5000000-:0.25；每宗封顶 30,000.00 元；流拍计费：是');
    expect(html).toContain('F-1');
    expect(html).toContain('8,000,000.00');
    expect(html).not.toContain('F-6'); // 2019
    expect(html).not.toContain('X-1'); // another center
    expect(html).toContain('合计（2 场）');
    expect((await t.get('/fees/agencies/999999', cookie.finance)).status).toBe(404);
    expect((await t.get('/fees/agencies/abc', cookie.finance)).status).toBe(404);
  });

  it('warns of fees unpaid more than N days after the auction', async () => {
    const html = await (await t.get('/fees/overdue', cookie.finance)).text();
    expect(html).toContain('超过 30 天仍有未付劳务费的出让活动共 2 场，未付合计 15,000.00 元');
    expect(html).toContain('F-1');
    expect(html).toContain('F-4');
    expect(html).not.toContain('F-3'); // paid in full
    expect(html).not.toContain('F-6'); // nothing due
    const none = await (await t.get('/fees/overdue?days=3650', cookie.finance, { 'HX-Request': 'true', 'HX-Target': 'div#overdue-results' })).text();
    expect(none.startsWith('<div id="overdue-results">')).toBe(true);
    expect(none).toContain('超过 3650 天');
  });

  it('is closed to agency users and staff', async () => {
    for (const path of ['/fees', '/fees/overdue', `/fees/agencies/${t.fixture.agencies.a1}`, '/fees/agreements', '/fees/agreements/new', `/fees/agreements/${ids.agreement}/edit`]) {
      expect((await t.get(path, cookie.agency1)).status, path).toBe(403);
    }
    for (const path of ['/fees/agreements', `/fees/agreements/${ids.agreement}`, '/fees/agreements/validate']) {
      expect((await t.post(path, { method: '按宗固定' }, cookie.agency1)).status, path).toBe(403);
      expect((await t.post(path, { method: '按宗固定' }, cookie.finance)).status, path).toBe(403);
    }
    expect((await t.get('/fees', cookie.staff)).status).toBe(403);
    expect((await t.get('/fees/agreements', cookie.leader)).status).toBe(403);
  });
});

describe('agreements of a closed year', () => {
  it('refuses to create, change or move an agreement whose fees due belong to a closed year of some center', async () => {
    const { city, county } = t.fixture.centers;
    const { a1, a2 } = t.fixture.agencies;
    const tiered = { agency_id: String(a1), year: '2020', method: '分档累进', tiers: '0-1000000:1;1000000-5000000:0.5;5000000-:0.25', pay_failed: '是' };
    try {
      // A center that closed 2020 without any transfer of a1 does not stop the edit.
      await t.db.insert(closedYears).values({ centerId: county, year: 2020 });
      expect((await t.post(`/fees/agreements/${ids.agreement}`, { ...tiered, cap: '30000' }, cookie.admin)).status).toBe(303);

      // The city closed 2020, where a1 ran F-1 (成交) and F-2 (流拍): the agreement's fees are figures of a closed year.
      await t.db.insert(closedYears).values({ centerId: city, year: 2020 });
      const before = await transferFees(t.db, { centerIds: [city], year: 2020 });
      const edit = await t.post(`/fees/agreements/${ids.agreement}`, { ...tiered, cap: '40000' }, cookie.admin);
      expect(edit.status).toBe(422);
      expect(await edit.text()).toMatch(/id="err-year"[^>]*>2020年度已结账：测试市公共资源交易中心（2 场）在该年度有该拍卖机构的出让活动，修改该年度的收费协议会改变已结账年度的应付劳务费/);
      const [kept] = await t.db.select().from(feeAgreements).where(eq(feeAgreements.id, ids.agreement!));
      expect(kept!.cap).toBe(3_000_000n);
      expect(await transferFees(t.db, { centerIds: [city], year: 2020 })).toEqual(before);

      // Moving a2's 2020 agreement away would leave F-3, F-4, F-5 without one.
      const [a2of2020] = await t.db.select().from(feeAgreements).where(and(eq(feeAgreements.agencyId, a2), eq(feeAgreements.year, 2020)));
      const move = await t.post(`/fees/agreements/${a2of2020!.id}`, { agency_id: String(a2), year: '2021', method: '按宗固定', fixed_amount: '5000', pay_failed: '是' }, cookie.admin);
      expect(move.status).toBe(422);
      expect(await move.text()).toContain('2020年度已结账：测试市公共资源交易中心（3 场）');

      // Creating one for a closed year where a1 ran F-6 (2019) would give it a fee due; moving one there too.
      await t.db.insert(closedYears).values({ centerId: city, year: 2019 });
      const create = await t.post('/fees/agreements', { agency_id: String(a1), year: '2019', method: '按宗固定', fixed_amount: '1000' }, cookie.admin);
      expect(create.status).toBe(422);
      expect(await create.text()).toMatch(/id="err-year"[^>]*>2019年度已结账：测试市公共资源交易中心（1 场）在该年度有该拍卖机构的出让活动，新增该年度的收费协议/);
      expect(await t.db.select().from(feeAgreements).where(eq(feeAgreements.year, 2019))).toEqual([]);
      const open = await t.post('/fees/agreements', { agency_id: String(a1), year: '2021', method: '按宗固定', fixed_amount: '1000' }, cookie.admin);
      expect(open.status).toBe(303);
      const [of2021] = await t.db.select().from(feeAgreements).where(and(eq(feeAgreements.agencyId, a1), eq(feeAgreements.year, 2021)));
      const into = await t.post(`/fees/agreements/${of2021!.id}`, { agency_id: String(a1), year: '2019', method: '按宗固定', fixed_amount: '1000' }, cookie.admin);
      expect(into.status).toBe(422);
      expect(await into.text()).toContain('将收费协议改到该年度会改变已结账年度的应付劳务费');
      // a2 ran nothing in 2019: its agreement may go there.
      const a2into = await t.post(`/fees/agreements/${of2021!.id}`, { agency_id: String(a2), year: '2019', method: '按宗固定', fixed_amount: '1000' }, cookie.admin);
      expect(a2into.status, await a2into.clone().text()).toBe(303);
    } finally {
      await t.db.delete(closedYears);
    }
  });

  it('shows 多付, not a negative 未付, when a corrected agreement leaves a transfer paid beyond its fee', async () => {
    const { a2 } = t.fixture.agencies;
    const [a2of2020] = await t.db.select().from(feeAgreements).where(and(eq(feeAgreements.agencyId, a2), eq(feeAgreements.year, 2020)));
    // F-3 was paid its 5,000.00; the agreement is then corrected to 4,000.00 a lot.
    const fix = await t.post(`/fees/agreements/${a2of2020!.id}`, { agency_id: String(a2), year: '2020', method: '按宗固定', fixed_amount: '4000', pay_failed: '是' }, cookie.admin);
    expect(fix.status, await fix.clone().text()).toBe(303);
    const html = await (await t.get(`/fees/agencies/${a2}`, cookie.finance)).text();
    expect(html).toMatch(/F-3[\s\S]*?<td class="num">4,000\.00<\/td><td class="num">5,000\.00<\/td><td class="num"><span class="overpaid"[^>]*>多付 1,000\.00<\/span><\/td>/);
    expect(html).not.toContain('-1,000.00');
  });
});
