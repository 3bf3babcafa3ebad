// Issue 13, part 5: the demo's 成交统计表 agrees with its transfer records — recomputed here from the
// rows with SQL of its own — and its .xlsx has the merged headers the page shows.
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, loadDemo } from '../src/demo/load';
import { areaUnits, dealStatistics, figuresOf, scaled, statRounds, statRoundsFor, type StatRound } from '../src/statistics/deals';
import { createTestApp, type TestApp } from './helpers/app';

let t: TestApp;
let staff: string;
beforeAll(async () => {
  t = await createTestApp({ seed: false });
  await loadDemo(t.db);
  staff = await t.signIn('staff', DEMO_PASSWORD);
  const [gyjy] = await t.db.execute<{ id: number }>(sql`select id from centers where code = 'GYJY'`);
  expect((await t.post('/context', { center: String(gyjy!.id), year: '2020' }, staff)).status).toBe(303);
}, 120_000);
afterAll(() => t.close());

interface Expected extends Record<string, unknown> {
  q: number; mode: string; use: string; sold: number; failed: number; area: string; starting: string; deal: string; premium_rate: string | null; failure_rate: string;
  avg_qualified: string | null; floor_price: string | null;
}

describe('成交统计表 of the demo', () => {
  it('agrees with the transfer records, quarter × 供地方式 × 用途', async () => {
    const expected = [...await t.db.execute<Expected>(sql`
      select extract(quarter from case when t.result = '成交' then t.deal_date else t.auction_date end)::int as q, t.mode, coalesce(p.land_use, '未填用途') as use,
             (count(*) filter (where t.result = '成交'))::int as sold, (count(*) filter (where t.result = '流拍'))::int as failed,
             coalesce(sum(p.area) filter (where t.result = '成交'), 0)::numeric(18,2)::text as area,
             round(coalesce(sum(p.starting_price) filter (where t.result = '成交'), 0) / 1000000.0, 2)::text as starting,
             round(coalesce(sum(t.deal_price), 0) / 1000000.0, 2)::text as deal,
             round((sum(t.deal_price) - sum(p.starting_price) filter (where t.result = '成交')) * 100.0 / nullif(sum(p.starting_price) filter (where t.result = '成交'), 0), 2)::text as premium_rate,
             round((count(*) filter (where t.result = '流拍')) * 100.0 / count(*), 2)::text as failure_rate,
             round(avg((select count(*) from bid_applications a where a.transfer_id = t.id and a.review = '通过'))
               filter (where t.result = '成交' and exists (select 1 from bid_applications a where a.transfer_id = t.id)), 2)::text as avg_qualified,
             round(sum(t.deal_price) filter (where p.area > 0 and p.plot_ratio > 0) / 100.0
               / nullif(sum(p.area * p.plot_ratio) filter (where t.result = '成交' and p.area > 0 and p.plot_ratio > 0), 0), 2)::text as floor_price
      from transfers t join parcels p on p.id = t.parcel_id join centers c on c.id = t.center_id
      where c.code = 'GYJY' and p.kind = '土地' and ((t.result = '成交' and extract(year from t.deal_date) = 2020) or (t.result = '流拍' and extract(year from t.auction_date) = 2020))
      group by 1, 2, 3 order by 1, 2, 3`)];
    expect(expected.reduce((s, r) => s + r.sold, 0)).toBe(17);
    expect(expected.filter((r) => r.avg_qualified !== null && r.floor_price !== null).length).toBeGreaterThan(3);

    const res = await t.get('/statistics/deals.xlsx?period=quarter&by=mode&by=use', staff);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    // Title over all 15 columns; 时段/供地方式/用途 merged down; 出让面积 over its three units.
    const merges = (ws as unknown as { _merges: Record<string, { model: { top: number; left: number; bottom: number; right: number } }> })._merges;
    const ranges = Object.values(merges).map((m) => [m.model.top, m.model.left, m.model.bottom, m.model.right]);
    expect(ranges).toContainEqual([1, 1, 1, 15]);
    expect(ranges).toContainEqual([2, 1, 3, 1]);
    expect(ranges).toContainEqual([2, 6, 2, 8]);
    expect(ws.getCell(2, 6).value).toBe('出让面积');
    expect([ws.getCell(3, 6).value, ws.getCell(3, 7).value, ws.getCell(3, 8).value]).toEqual(['平方米', '公顷', '亩']);

    // A number cell holds the shown decimal exactly (exactNumber): its shortest form, padded to two places, is that text.
    const twoPlaces = (n: number) => { const [w, f = ''] = String(n).split('.'); return `${w}.${f.padEnd(2, '0')}`; };
    const text = (v: ExcelJS.CellValue) => (v === null || v === undefined ? null : typeof v === 'number' ? twoPlaces(v) : String(v));
    const got = [];
    for (let r = 4; r <= ws.rowCount; r++) {
      const cell = (k: number) => ws.getCell(r, k).value;
      if (cell(1) === '合计') break;
      got.push({
        q: Number(String(cell(1)).replace(/\D/g, '')), mode: cell(2), use: cell(3), sold: cell(4), failed: cell(5),
        area: text(cell(6)), starting: text(cell(9)), deal: text(cell(10)), premium_rate: text(cell(12)), failure_rate: text(cell(13)),
        avg_qualified: text(cell(14)), floor_price: text(cell(15)),
      });
    }
    const sorted = got.sort((a, b) => a.q - b.q || String(a.mode).localeCompare(String(b.mode)) || String(a.use).localeCompare(String(b.use)));
    const want = expected.sort((a, b) => a.q - b.q || a.mode.localeCompare(b.mode) || a.use.localeCompare(b.use));
    expect(sorted).toEqual(want.map((r) => ({ ...r, premium_rate: r.sold ? r.premium_rate : null })));
  });

  it('shows the page with two header rows, the total and the monthly chart, to staff and finance, not agencies', async () => {
    const html = await (await t.get('/statistics/deals?period=year', staff)).text();
    expect(html).toContain('<th colspan="3">出让面积</th>');
    expect(html).toMatch(/<th colspan="1" scope="row">合计<\/th><td class="num">17<\/td><td class="num">2<\/td>/);
    expect(html).toContain('<svg');
    expect(html).toContain('2020年各月土地出让成交价（万元）');
    const agency = await t.signIn('agency1', DEMO_PASSWORD);
    expect((await t.get('/statistics/deals', agency)).status).toBe(403);
    expect((await t.get('/statistics/deals.xlsx', agency)).status).toBe(403);
    expect((await t.get('/statistics/deals?period=bogus&by=nope', staff)).status).toBe(200);
  });
});

describe('the rounds the indicators read', () => {
  it('are the table\'s rounds, pair by pair', async () => {
    const centers = await t.db.execute<{ id: number }>(sql`select id from centers order by id`);
    const pairs = centers.flatMap((c) => [2019, 2020].map((year) => ({ centerId: c.id, year })));
    const batched = await statRoundsFor(t.db, pairs);
    for (const p of pairs) expect(batched.get(`${p.centerId}:${p.year}`)).toEqual(await statRounds(t.db, [p.centerId], p.year));
    expect([...batched.values()].flat().length).toBeGreaterThan(17);
  });
});

describe('a city with its counties', () => {
  it('counts the centers below only when asked', async () => {
    const leader = await t.signIn('leader', DEMO_PASSWORD);
    const [gyzw] = await t.db.execute<{ id: number }>(sql`select id from centers where code = 'GYZW'`);
    expect((await t.post('/context', { center: String(gyzw!.id), year: '2020' }, leader)).status).toBe(303);
    expect(await (await t.get('/statistics/deals?period=year', leader)).text()).toContain('2020年没有成交或流拍的土地出让');
    const all = await (await t.get('/statistics/deals?period=year&children=1', leader)).text();
    expect(all).toContain('（含下级中心）2020年');
    expect(all).toMatch(/合计<\/th><td class="num">17<\/td>/);
  });
});

describe('the figures, exactly', () => {
  const round = (x: Partial<StatRound>): StatRound => ({
    transferId: 1, centerId: 1, code: 'X', result: '成交', on: '2020-03-01', mode: '拍卖', use: '住宅', district: '利州区',
    area: scaled('12000', 4), plotRatio: scaled('2.5', 2), startingPrice: 10_000_000_00n, dealPrice: 12_000_000_00n, qualified: 3, ...x,
  });
  it('gives 溢价, 流拍率, 平均合格竞买人 and 楼面价 from bigint sums', () => {
    const f = figuresOf([round({}), round({ area: scaled('8000.5', 4), plotRatio: null, dealPrice: 10_000_000_00n, qualified: null }),
      round({ result: '流拍', dealPrice: null })]);
    expect(f).toMatchObject({ sold: 2, failed: 1, premium: 2_000_000_00n, premiumRate: '10.00', failureRate: '33.33', avgQualified: '3.00' });
    // 12,000,000 元 over 12000 m² × 2.5: 400.00 元/m²; the round without a 容积率 is left out.
    expect(f.floorPrice).toBe('400.00');
    expect(areaUnits(f.area)).toEqual({ m2: '20000.50', hectare: '2.0001', mu: '30.00' });
    expect(areaUnits(scaled('666.6667', 4)).mu).toBe('1.00');
    const rows = dealStatistics([round({ on: '2020-11-02' }), round({ on: '2020-02-02', mode: '挂牌' })], 'quarter', ['mode']);
    expect(rows.map((r) => [r.period, ...r.keys, r.sold])).toEqual([['第1季度', '挂牌', 1], ['第4季度', '拍卖', 1], ['合计', '', 2]]);
  });
});
