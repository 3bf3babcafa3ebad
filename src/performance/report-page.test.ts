// The report page and the records behind its figures, over HTTP against a real PostgreSQL: every
// list holds exactly the records its figure counts, and adds up to it.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deductions, indicators, parcels, projects, remittances, revenueTargets, satisfactionResponses, transfers, users,
} from '../../db/schema';
import { createTestApp, type TestApp } from '../../tests/helpers/app';
import { addArrival, addBudget, addSigners, approveThrough, createProject, disburse, draftPayment, tradingRecords, type Signers } from '../funds/test-support';
import { performanceReport } from './report';

let t: TestApp;
let finance: string;
let leader: string;
let s: Signers;
let projectId: number;
let countyProjectId: number;
let otherProjectId: number;
/** What each figure must count, by record id. */
const expected = { sold: [] as number[], failed: [] as number[], terminated: [] as number[], remitted: [] as number[], spent: [] as number[] };
let reachedReceipt = '';

type Kind = '土地' | '探矿权' | '采矿权';
type Result = '成交' | '流拍' | '终止';

/** A parcel with one round of the given result; returns the transfer's id. */
async function round(centerId: number, code: string, result: Result, auctionDate: string, dealDate: string | null = null, kind: Kind = '土地', parcelId?: number, n = 1) {
  const pid = parcelId ?? (await t.db.insert(parcels).values({ centerId, code, kind, name: `地块${code}`, startingPrice: 100_000_00n }).returning())[0]!.id;
  const deal = result === '成交' ? { dealPrice: 150_000_00n, winner: '竞得公司', dealDate: dealDate!, confirmationNo: `CJ-${code}-${n}` } : {};
  const [row] = await t.db.insert(transfers).values({
    centerId, parcelId: pid, round: n, mode: '拍卖', agencyId: t.fixture.agencies.a1, auctionDate, result, ...deal,
  }).returning();
  return { transferId: row!.id, parcelId: pid };
}

async function remit(centerId: number, receiptNo: string, amount: bigint, remittedOn: string, transferId: number | null = null) {
  const [row] = await t.db.insert(remittances).values({ centerId, receiptNo, revenueType: '土地出让收入', amount, remittedOn, transferId }).returning();
  return row!.id;
}

beforeAll(async () => {
  t = await createTestApp();
  finance = await t.signIn('finance');
  leader = await t.signIn('leader');
  s = await addSigners(t);
  const { city, county, other } = t.fixture.centers;

  // Transfers across the year boundaries: only the ones dated in 2020 at the city center count.
  const first = await tradingRecords(t); // GY-2020-01, 成交 2020-04-01, 2,000,000.00
  expected.sold.push(first.transferId);
  const [firstDeal] = await t.db.select({ price: transfers.dealPrice }).from(transfers);
  expect(firstDeal!.price).toBe(200_000_000n);
  expected.sold.push((await round(city, 'A-02', '成交', '2019-12-28', '2020-01-05')).transferId); // auctioned in 2019, dealt in 2020
  await round(city, 'A-03', '成交', '2019-12-20', '2019-12-30');
  await round(city, 'A-04', '成交', '2020-12-30', '2021-01-03');
  const failed = await round(city, 'A-05', '流拍', '2020-06-01');
  expected.failed.push(failed.transferId);
  expected.sold.push((await round(city, 'A-05', '成交', '2020-07-01', '2020-07-01', '土地', failed.parcelId, 2)).transferId);
  await round(city, 'A-06', '流拍', '2019-11-01');
  expected.terminated.push((await round(city, 'A-07', '终止', '2020-09-09')).transferId);
  await round(city, 'A-08', '终止', '2021-02-01');
  expected.sold.push((await round(city, 'K-01', '成交', '2020-10-10', '2020-10-10', '采矿权')).transferId);
  await round(county, 'C-01', '成交', '2020-05-05', '2020-05-05');
  await round(county, 'C-02', '流拍', '2020-05-06');

  // Remittances: 3,500,000.00 in 2020 against a task of 3,000,000.00, reached on 2020-08-08.
  await t.db.insert(revenueTargets).values([{ centerId: city, year: 2020, amount: 300_000_000n }, { centerId: county, year: 2020, amount: 1_00n }]);
  await remit(city, 'JK-2019-9', 100_000_000n, '2019-12-31');
  expected.remitted.push(await remit(city, 'JK-2020-1', 100_000_000n, '2020-02-01', first.transferId));
  expected.remitted.push(await remit(city, 'JK-2020-2', 150_000_000n, '2020-05-01'));
  expected.remitted.push(await remit(city, 'JK-2020-3', 60_000_000n, '2020-08-08'));
  reachedReceipt = 'JK-2020-3';
  expected.remitted.push(await remit(city, 'JK-2020-4', 40_000_000n, '2020-11-11'));
  await remit(city, 'JK-2021-1', 50_000_000n, '2021-01-02');
  await remit(county, 'JK-C-1', 90_000_000n, '2020-03-03');

  // Satisfaction: one satisfied of two in 2020; last year's and the county's do not count.
  await t.db.insert(satisfactionResponses).values([
    { centerId: city, year: 2020, agencyId: t.fixture.agencies.a1, rating: '非常满意' },
    { centerId: city, year: 2020, agencyId: t.fixture.agencies.a2, rating: '基本满意', comment: '场地偏小' },
    { centerId: city, year: 2019, agencyId: t.fixture.agencies.a1, rating: '不满意' },
    { centerId: county, year: 2020, agencyId: t.fixture.agencies.a2, rating: '满意' },
  ]);

  // The project: 1,000,000.00 budget, 100,000.00 of it arrived from other sources; 915,000.00 paid.
  projectId = await createProject(t, finance, { name: '土地出让工作经费', year: '2020', budget_unit: '测试市公共资源交易信息中心', target: '预计完成2020年度土地（或矿权）出让3余宗，完成年度非税征收任务300万元。' });
  await addBudget(t, finance, projectId, '年初预算', '600000', '2019-12-25');
  await addBudget(t, finance, projectId, '追加', '400000', '2020-08-15');
  await addArrival(t, finance, projectId, '900000', '2020-02-01');
  await addArrival(t, finance, projectId, '100000', '2020-09-01', '其他');
  const chain = [s.head, s.biz, s.fin];
  const pay = async (amount: string, paidOn: string, voucher: string) => {
    const id = await draftPayment(t, finance, projectId, { amount });
    await approveThrough(t, id, finance, chain);
    await disburse(t, id, finance, paidOn, voucher);
    return id;
  };
  expected.spent.push(await pay('500000.00', '2020-05-10', '记-1'));
  expected.spent.push(await pay('415000.00', '2020-12-20', '记-2'));
  const reversed = await pay('20000.00', '2020-12-21', '记-3');
  expected.spent.push(reversed);
  const rev = await t.post(`/payments/${reversed}/reversal`, { amount: '20000.00', paid_on: '2020-12-28', voucher_no: '记-4', reason: '重复支付' }, finance);
  expect(rev.status, await rev.clone().text()).toBe(303);
  expected.spent.push(Number(/\/(\d+)$/.exec(rev.headers.get('location')!)![1]));
  await draftPayment(t, finance, projectId, { amount: '100.00' }); // a draft: not spent
  await approveThrough(t, await draftPayment(t, finance, projectId, { amount: '200.00' }), finance, chain); // 待支付: not spent

  // Indicators (Σ 权重 80: incomplete) and a deduction.
  const row = (position: number, level1: string, level2: string, level3: string, expectedText: string, rule: typeof indicators.$inferInsert.rule, weight: string, extra: Partial<typeof indicators.$inferInsert> = {}) =>
    ({ projectId, position, level1, level2, level3, expected: expectedText, rule, weight, ...extra });
  // A 出让 project starts with the default set; this test sets its own.
  await t.db.delete(indicators).where(eq(indicators.projectId, projectId));
  await t.db.insert(indicators).values([
    row(1, '项目完成指标', '数量指标', '预计完成年度土地（或矿权）出让数', '3余宗', '出让宗数', '20', { targetValue: '3' }),
    row(2, '项目完成指标', '时效指标', '按时完成年度非税征收任务并上交财政', '2020年12月31日之前', '按时上缴', '10'),
    row(3, '项目完成指标', '成本指标', '年度土地（矿权）出让工作经费', '100万元', '工作经费', '10', { targetValue: '1000000' }),
    row(4, '效益指标', '经济效益指标', '促进财政增收', '为市财政年度增收300万元', '财政增收', '20'),
    row(5, '效益指标', '社会效益指标', '加大全市土地出让力度，促进房地产市场的发展', '加大全市土地出让力度', '手工', '10', { manualActual: '已加大全市土地出让力度', manualPoints: '9.5' }),
    row(6, '满意度指标', '满意度指标', '拍卖机构满意度', '100%', '拍卖机构满意度', '10', { targetValue: '100' }),
  ]);
  await t.db.insert(deductions).values({ projectId, points: '4.15', reason: '预算执行进度较慢，存在年末集中支付情况' });

  // A project of the county below the city, and one of an unrelated center.
  const [cp] = await t.db.insert(projects).values({ centerId: county, year: 2020, name: '县级工作经费' }).returning();
  countyProjectId = cp!.id;
  const [op] = await t.db.insert(projects).values({ centerId: other, year: 2020, name: '外市工作经费' }).returning();
  otherProjectId = op!.id;
  const [admin] = await t.db.select({ hash: users.passwordHash }).from(users).limit(1);
  await t.db.insert(users).values([
    { username: 'otherFinance', displayName: 'otherFinance', role: 'finance', centerId: other, passwordHash: admin!.hash },
    { username: 'countyFinance', displayName: 'countyFinance', role: 'finance', centerId: county, passwordHash: admin!.hash },
  ]);
});
afterAll(() => t.close());

const html = async (path: string, cookie = finance) => {
  const res = await t.get(path, cookie);
  expect(res.status, path).toBe(200);
  return res.text();
};

/** The rows of the #records table body, as HTML strings. */
function recordRows(page: string): string[] {
  const body = /<table class="data" id="records">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(page)![1]!;
  return body.split('<tr').slice(1).filter((r) => !r.includes('class="empty"'));
}
/** The first id a row links to under `prefix` (its own record). */
const ownIds = (page: string, prefix: string) => recordRows(page).map((r) => Number(new RegExp(`href="${prefix}/(\\d+)"`).exec(r)![1]));
/** The first amount cell of each row, in 分. */
const amounts = (page: string) => recordRows(page).map((r) => {
  const m = /<td class="num">(-?[\d,]+)\.(\d{2})<\/td>/.exec(r)!;
  return BigInt(m[1]!.replace(/,/g, '')) * 100n + BigInt(m[2]!) * (m[1]!.startsWith('-') ? -1n : 1n);
});
const figureOf = (page: string) => /id="figure">([^<]*)</.exec(page)![1]!;
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

describe('the report page', () => {
  it('computes the figures as REPORTING.md defines them', async () => {
    const r = (await performanceReport(t.db, projectId))!;
    expect(r.transfers).toMatchObject({ sold: 4, soldLand: 3, soldMineral: 1, failed: 1, terminated: 1, organised: 6 });
    expect(r.revenue).toMatchObject({ remitted: 350_000_000n, target: 300_000_000n, targetReachedOn: '2020-08-08' });
    expect(r.funds).toMatchObject({ total: 100_000_000n, spent: 91_500_000n, arrivedOther: 10_000_000n, executionRate: '91.50' });
    expect(r.satisfaction).toMatchObject({ responses: 2, satisfied: 1, rate: '50.00' });
    expect(r.score).toMatchObject({ execution: 915n, indicators: 7450n, deductions: 415n, total: 7950n, grade: '中' });
    expect(r.weights).toBe(8000n);
  });

  it('lays out the seed’s table with the computed figures, each linked to its records', async () => {
    const page = await html(`/projects/${projectId}/performance`);
    const link = (which: string, text: string) => `<a href="/projects/${projectId}/performance/${which}">${text}</a>`;
    expect(page).toContain('项目绩效目标完成情况表');
    expect(page).toContain('(2020年度)');
    expect(page).toContain('测试市公共资源交易信息中心');
    // 预算执行情况: 年初 60 (all 财政拨款), 全年 100 = 90 财政拨款 + 10 其它资金, 执行 91.5 = 90 + 1.5.
    const budget = /预算执行情况\(万元\)[\s\S]*?年度目标完成情况/.exec(page)![0];
    expect(budget).toContain(`<a href="/projects/${projectId}#budget">60.00万元</a>`);
    expect(budget).toContain(`<a href="/projects/${projectId}#budget">100.00万元</a>`);
    expect(budget).toContain(link('spent', '91.50万元'));
    expect(budget).toContain(`<a href="/projects/${projectId}#arrivals">90.00万元</a>`);
    expect(budget).toContain(`<a href="/projects/${projectId}#arrivals">10.00万元</a>`);
    expect(budget).toContain(link('spent', '90.00万元'));
    expect(budget).toContain(link('spent', '1.50万元'));
    // 年度目标: the target as entered and the sentence written from the figures.
    expect(page).toContain('预计完成2020年度土地（或矿权）出让3余宗，完成年度非税征收任务300万元。');
    expect(page).toContain('完成2020年度土地出让3宗、矿业权出让1宗，上缴财政年度非税收入350万元。');
    // 绩效指标: computed actual values are links; the 手工 row is shown as entered.
    expect(page).toContain(link('sold', '4宗'));
    expect(page).toContain(link('remitted', '2020年8月8日完成'));
    expect(page).toContain(link('spent', '91.50万元'));
    expect(page).toContain(link('remitted', '350.00万元'));
    expect(page).toContain(link('satisfaction', '50.00%'));
    expect(page).toContain('<td>已加大全市土地出让力度<small class="hint">（手工填报）</small></td>');
    // The figures table: 流拍 and 终止 are reachable too.
    expect(page).toContain(link('failed', '1宗次'));
    expect(page).toContain(link('terminated', '1宗次'));
    expect(page).toContain(link('sold', '2,450,000.00元'));
    // Score: 9.15 + 74.50 − 4.15 = 79.50, 中; the deduction with its reason; the set is incomplete.
    expect(page).toContain('<td class="num">9.15</td>');
    expect(page).toContain('<td class="num">-4.15</td><td>预算执行进度较慢，存在年末集中支付情况</td>');
    expect(page).toContain('<td class="num" id="score-total">79.50</td>');
    expect(page).toContain('<strong id="score-grade">中</strong>');
    expect(page).toContain('绩效指标权重合计为 80.00，应为 90.00');
    // Finance may edit the indicators; everyone who reads may download.
    expect(page).toContain(`href="/projects/${projectId}/indicators"`);
    expect(page).toContain(`href="/projects/${projectId}/performance.xlsx"`);
    expect(page).toContain(`href="/projects/${projectId}/performance.docx"`);
    expect(page).not.toMatch(/<script(?![^>]*src=)/); // no inline script (CSP); works without JavaScript
    expect(page).not.toContain('style=');
  });

  it('warns of each row that could not be judged, and no longer of the weights once they make 90', async () => {
    await t.db.insert(indicators).values({
      projectId, position: 7, level1: '效益指标', level2: '可持续影响指标', level3: '制度建设', expected: '健全', rule: '手工', weight: '10',
    });
    const page = await html(`/projects/${projectId}/performance`);
    expect(page).not.toContain('绩效指标权重合计为');
    expect(page).toContain('<p>制度建设：尚未评分</p>');
    expect(page).toContain('<td>待评分</td>');
    expect(page).toContain('<td class="num" id="score-total">79.50</td>');
  });

  it('shows leaders the report without the edit link', async () => {
    const page = await html(`/projects/${projectId}/performance`, leader);
    expect(page).not.toContain(`href="/projects/${projectId}/indicators"`);
    expect(page).toContain('<td class="num" id="score-total">79.50</td>');
  });
});

describe('the records behind the figures', () => {
  it('lists exactly the sold transfers, adding up to 出让宗数 and 成交总价', async () => {
    const page = await html(`/projects/${projectId}/performance/sold`);
    expect(sorted(ownIds(page, '/transfers'))).toEqual(sorted(expected.sold));
    expect(figureOf(page)).toBe('4');
    expect(sum(amounts(page))).toBe(245_000_000n);
    expect(page).toContain('<span id="deal-value">2,450,000.00</span>');
    expect(page).toMatch(/href="\/parcels\/\d+">K-01<\/a>/);
  });

  it('lists exactly the failed and the terminated rounds', async () => {
    const failed = await html(`/projects/${projectId}/performance/failed`);
    expect(ownIds(failed, '/transfers')).toEqual(expected.failed);
    expect(figureOf(failed)).toBe('1');
    const terminated = await html(`/projects/${projectId}/performance/terminated`);
    expect(ownIds(terminated, '/transfers')).toEqual(expected.terminated);
    expect(figureOf(terminated)).toBe('1');
  });

  it('lists the remittances with their running sum, marking the day the task was reached', async () => {
    const page = await html(`/projects/${projectId}/performance/remitted`);
    expect(ownIds(page, '/revenue')).toEqual(expected.remitted);
    expect(sum(amounts(page))).toBe(350_000_000n);
    expect(figureOf(page)).toBe('3,500,000.00');
    const mark = recordRows(page).find((r) => r.includes('class="target-reached"'))!;
    expect(mark).toContain(reachedReceipt);
    expect(mark).toContain('<td class="num">3,100,000.00</td>'); // the running sum that day
    expect(mark).toContain('完成非税征收任务');
    expect(recordRows(page)[0]).toContain('href="/transfers/'); // linked to its transfer and parcel
  });

  it('lists the paid payments and the reversal, not the draft nor the payment awaiting disbursement', async () => {
    const page = await html(`/projects/${projectId}/performance/spent`);
    expect(sorted(ownIds(page, '/payments'))).toEqual(sorted(expected.spent));
    expect(amounts(page)).toContain(-2_000_000n);
    expect(sum(amounts(page))).toBe(91_500_000n);
    expect(figureOf(page)).toBe('915,000.00');
  });

  it('lists the responses the 满意度 counts, each linked to its agency', async () => {
    const page = await html(`/projects/${projectId}/performance/satisfaction`);
    expect(sorted(ownIds(page, '/agencies'))).toEqual(sorted([t.fixture.agencies.a1, t.fixture.agencies.a2]));
    expect(figureOf(page)).toBe('50.00%');
    expect(page).toContain('场地偏小');
  });
});

describe('who may see the report', () => {
  const paths = (id: number) => ['', '/sold', '/failed', '/terminated', '/remitted', '/spent', '/satisfaction'].map((x) => `/projects/${id}/performance${x}`);

  it('answers 404 outside the user’s centers and for no project', async () => {
    const other = await t.signIn('otherFinance');
    const county = await t.signIn('countyFinance');
    for (const p of paths(projectId)) {
      expect((await t.get(p, other)).status, p).toBe(404);
      expect((await t.get(p, county)).status, p).toBe(404); // the county does not see the city above it
    }
    for (const p of paths(otherProjectId)) expect((await t.get(p, finance)).status, p).toBe(404);
    expect((await t.get('/projects/abc/performance', finance)).status).toBe(404);
    expect((await t.get('/projects/999999/performance/sold', finance)).status).toBe(404);
    // The city sees the county below it.
    expect((await t.get(`/projects/${countyProjectId}/performance`, finance)).status).toBe(200);
    expect((await t.get(`/projects/${countyProjectId}/performance`, county)).status).toBe(200);
  });

  it('refuses staff and agencies (FUNDS_READ is admin, finance and leader) and sends strangers to sign in', async () => {
    const staff = await t.signIn('staff');
    const agency = await t.signIn('agency1');
    for (const p of paths(projectId)) {
      expect((await t.get(p, staff)).status, p).toBe(403);
      expect((await t.get(p, agency)).status, p).toBe(403);
      const anon = await t.get(p);
      expect(anon.status).toBe(303);
      expect(anon.headers.get('location')).toMatch(/^\/login/);
    }
    expect((await t.get(`/projects/${projectId}/performance`, await t.signIn('admin'))).status).toBe(200);
  });
});

describe('the project page and the list', () => {
  it('links the project page to the report and shows its score and grade', async () => {
    const page = await html(`/projects/${projectId}`);
    expect(page).toContain(`href="/projects/${projectId}/performance"`);
    expect(page).toContain(`<dd id="performance-summary"><a href="/projects/${projectId}/performance">79.50分 · 中</a>`);
    expect(page).toContain('id="budget"');
    expect(page).toContain('id="arrivals"');
  });

  it('lists the projects of the center and the centers below it, with 中心, 执行率 and 自评得分', async () => {
    const page = await html('/projects?year=2020');
    expect(page).toContain('<th>中心</th>');
    expect(page).toContain('<th class="num">自评得分</th>');
    const rowOf = (id: number) => page.split('<tr').find((r) => r.includes(`href="/projects/${id}"`))!;
    const mine = rowOf(projectId);
    expect(mine).toContain('测试市公共资源交易中心');
    expect(mine).toContain('91.50%');
    expect(mine).toContain(`<a href="/projects/${projectId}/performance">79.50</a>`);
    expect(mine).toContain('<td>中</td>');
    const county = rowOf(countyProjectId);
    expect(county).toContain('测试县公共资源交易中心');
    expect(county).toContain('指标不完整');
    expect(county).toContain('<td>差</td>');
    expect(page).not.toContain('外市工作经费');
    // The department's own projects come first.
    expect(page.indexOf(`href="/projects/${projectId}"`)).toBeLessThan(page.indexOf(`href="/projects/${countyProjectId}"`));
  });

  it('narrows the list to the subtree of the center switched to', async () => {
    const cookie = await t.signIn('admin');
    const res = await t.post('/context', { center: String(t.fixture.centers.county), year: '2020' }, cookie);
    expect(res.status).toBe(303);
    const page = await html('/projects', cookie);
    expect(page).toContain('县级工作经费');
    expect(page).not.toContain(`href="/projects/${projectId}"`);
  });
});
