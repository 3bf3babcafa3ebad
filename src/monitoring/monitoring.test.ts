// The monitoring pages over HTTP against PostgreSQL, with the funds records inserted directly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetEntries, contractInstalments, feeAgreements, landContracts, parcels, payments, priceCollections, projects, remittances, revenueTargets, transfers } from '../../db/schema';
import { performanceReport } from '../performance/report';
import { todayShanghai } from '../lib/dates';
import { addDays } from '../lib/working-days';
import { createTestApp, type TestApp } from '../../tests/helpers/app';

let t: TestApp;
let finance: string;
const ids = { a: 0, b: 0, other: 0, reversed: 0, reversal: 0, returned: 0, t1: 0, t2: 0, t3: 0, t5: 0 };
let voucher = 0;

/** A paid payment needs its date and voucher; a reversal points at what it reverses. */
function paid(centerId: number, projectId: number, category: '拍卖机构劳务费' | '公告费' | '其他', yuan: number, paidOn: string, extra: Partial<typeof payments.$inferInsert> = {}) {
  return { centerId, projectId, category, payee: `收款人${++voucher}`, amount: BigInt(yuan) * 100n, status: '已支付' as const, paidOn, voucherNo: `记-${voucher}`, ...extra };
}

beforeAll(async () => {
  t = await createTestApp();
  const { db, fixture: { centers: c, agencies: ag } } = t;
  const [a, b, other] = await db.insert(projects).values([
    { centerId: c.city, year: 2020, name: '土地出让工作经费', budgetUnit: '测试中心' },
    { centerId: c.city, year: 2020, name: '网络运维经费' },
    { centerId: c.other, year: 2020, name: '别人的项目' },
  ]).returning();
  Object.assign(ids, { a: a!.id, b: b!.id, other: other!.id });
  await db.insert(budgetEntries).values([
    { projectId: a!.id, kind: '年初预算', amount: 60_000_000n, entryDate: '2020-01-10', docNo: '财预〔2020〕1号' },
    { projectId: a!.id, kind: '追加', amount: 40_000_000n, entryDate: '2020-09-15', docNo: '财预〔2020〕9号' },
    { projectId: b!.id, kind: '年初预算', amount: 10_000_000n, entryDate: '2020-01-10' },
    { projectId: other!.id, kind: '年初预算', amount: 10_000_000n, entryDate: '2020-01-10' },
  ]);

  const [p1, p2, p3, p5] = await db.insert(parcels).values(['P-1', 'P-2', 'P-3', 'P-5'].map((code) =>
    ({ centerId: c.city, code, kind: '土地' as const, name: `地块${code}`, startingPrice: 100_000_000n }))).returning();
  const sold = (parcelId: number, agencyId: number, dealDate: string, n: number) => ({
    centerId: c.city, parcelId, round: 1, mode: '拍卖' as const, agencyId, result: '成交' as const,
    dealPrice: 200_000_000n + BigInt(n), winner: `竞得人${n}`, dealDate, auctionDate: dealDate, confirmationNo: `确-${n}`,
  });
  const [t1, t2, t3, t5] = await db.insert(transfers).values([
    sold(p1!.id, ag.a1, '2020-06-01', 1), // remitted, fee paid
    sold(p2!.id, ag.a1, '2020-07-01', 2), // neither remitted nor fee paid
    sold(p3!.id, ag.a1, '2019-12-01', 3), // another year
    { ...sold(p5!.id, ag.a2, '2020-08-01', 5), confirmationDate: '2020-08-01' }, // no contract; its agency has no agreement for 2020
  ]).returning();
  await db.insert(transfers).values({ centerId: c.city, parcelId: p2!.id, round: 2, mode: '拍卖', agencyId: ag.a1, result: '流拍', auctionDate: '2020-05-01' });
  Object.assign(ids, { t1: t1!.id, t2: t2!.id, t3: t3!.id, t5: t5!.id });
  await db.insert(remittances).values({ centerId: c.city, receiptNo: 'JK-1', revenueType: '土地出让收入', transferId: t1!.id, amount: 200_000_000n, remittedOn: '2020-06-20' });
  await db.insert(feeAgreements).values({ agencyId: ag.a1, year: 2020, method: '按宗固定', fixedAmount: 500_000n });
  // P-1's contract is paid up; P-2's second instalment fell due yesterday and is unpaid: one day overdue.
  const contract = (transferId: number, no: string, price: bigint) =>
    ({ centerId: c.city, transferId, contractNo: no, signedOn: '2020-07-10', grantor: '某局', grantee: '某公司', price, earnest: 0n });
  const [k1, k2] = await db.insert(landContracts).values([contract(t1!.id, 'HT-1', 200_000_001n), contract(t2!.id, 'HT-2', 200_000_002n)]).returning();
  await db.insert(contractInstalments).values([
    { contractId: k1!.id, seq: 1, amount: 200_000_001n, dueOn: '2020-08-10' },
    { contractId: k2!.id, seq: 1, amount: 100_000_001n, dueOn: '2020-08-10' },
    { contractId: k2!.id, seq: 2, amount: 100_000_001n, dueOn: addDays(todayShanghai(), -1) },
  ]);
  await db.insert(priceCollections).values([
    { centerId: c.city, contractId: k1!.id, collector: '国库', voucherNo: 'GK-1', amount: 200_000_001n, collectedOn: '2020-08-01' },
    { centerId: c.city, contractId: k2!.id, collector: '国库', voucherNo: 'GK-2', amount: 100_000_001n, collectedOn: '2020-08-10' },
  ]);

  // Project A: 100万 (60万 in January, 40万 追加 in September), paid only in November and December:
  // 30万 公告费, 60万 劳务费, 1.5万 其他 — and 2万 其他 paid then reversed. 执行数 91.5万.
  await db.insert(payments).values([
    paid(c.city, a!.id, '公告费', 300_000, '2020-11-20'),
    paid(c.city, a!.id, '拍卖机构劳务费', 600_000, '2020-12-15', { transferId: t1!.id, agencyId: ag.a1 }),
    paid(c.city, a!.id, '其他', 15_000, '2020-12-20'),
  ]);
  const [reversed] = await db.insert(payments).values(paid(c.city, a!.id, '其他', 20_000, '2020-12-01')).returning();
  const [reversal] = await db.insert(payments).values(paid(c.city, a!.id, '其他', -20_000, '2020-12-05', { reversesId: reversed!.id, summary: '冲销重复支付' })).returning();
  const [returned] = await db.insert(payments).values(
    { centerId: c.city, projectId: a!.id, category: '其他', payee: '退回的收款人', amount: 700_000n, status: '已退回' }).returning();
  Object.assign(ids, { reversed: reversed!.id, reversal: reversal!.id, returned: returned!.id });
  await db.insert(payments).values([
    { centerId: c.city, projectId: a!.id, category: '公告费', payee: '日报社', amount: 500_000n, status: '待科室负责人审核' },
    { centerId: c.city, projectId: a!.id, category: '其他', payee: '草稿收款人', amount: 300_000n, status: '草稿' },
    { centerId: c.city, projectId: b!.id, category: '其他', payee: '运维公司', amount: 200_000n, status: '待支付' },
    { centerId: c.other, projectId: other!.id, category: '其他', payee: '别人的收款人', amount: 9_900_000n, status: '待支付' },
  ]);

  finance = await t.signIn('finance');
  const ctx = await t.post('/context', { center: String(c.city), year: '2020' }, finance);
  expect(ctx.status).toBe(303);
});
afterAll(() => t.close());

const text = async (path: string, cookie = finance) => {
  const res = await t.get(path, cookie);
  expect(res.status, path).toBe(200);
  return res.text();
};
const cell = (html: string, label: string) => new RegExp(`<tr[^>]*><th scope="row">${label}</th>(.*?)</tr>`).exec(html)?.[1] ?? '';

describe('access', () => {
  it('answers 403 to staff and agencies on every monitoring page', async () => {
    const staff = await t.signIn('staff');
    const agency = await t.signIn('agency1');
    for (const path of ['/monitoring', `/monitoring/projects/${ids.a}`, `/monitoring/projects/${ids.a}/payments?state=paid`]) {
      expect((await t.get(path, staff)).status, path).toBe(403);
      expect((await t.get(path, agency)).status, path).toBe(403);
    }
  });

  it('lets admin and leader read', async () => {
    for (const user of ['admin', 'leader']) {
      const cookie = await t.signIn(user);
      expect((await t.get(`/monitoring/projects/${ids.a}`, cookie)).status).toBe(200);
      expect((await t.get('/monitoring', cookie)).status).toBe(200);
    }
  });

  it('answers 404 for a project of another center, and for no project at all', async () => {
    for (const path of [`/monitoring/projects/${ids.other}`, `/monitoring/projects/${ids.other}/payments?state=paid`, '/monitoring/projects/999999', '/monitoring/projects/abc']) {
      expect((await t.get(path, finance)).status, path).toBe(404);
    }
  });
});

describe('project monitoring page', () => {
  it('shows the figures, the chart and a warning naming the months before the November–December payments', async () => {
    const html = await text(`/monitoring/projects/${ids.a}`);
    expect(html).toContain('<dt>全年预算</dt><dd>100.00万元</dd>');
    expect(html).toContain('<dt>执行数</dt><dd>91.50万元</dd>');
    expect(html).toContain('<dt>执行率</dt><dd>91.50%</dd>');
    expect(html).toContain('class="warning-box"');
    expect(html).toContain('滞后月份：2–11月（共10个月）');
    // 12月 is 8.5 points short: within the default 10-point margin, so no longer behind.
    expect(html).toContain('曾经滞后');
    expect(html).toContain('<svg');
    expect([...html.matchAll(/class="marker-behind" data-month="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // The table: January within the margin; in September the total already counts the 追加.
    expect(cell(html, '1月')).toContain('正常');
    expect(cell(html, '1月')).toContain('<td class="num">5.00</td>'); // 60万 × 1/12
    expect(cell(html, '9月')).toContain('<td class="num">75.00</td>'); // 100万 × 9/12
    expect(cell(html, '9月')).toContain('<td class="num">-75.00</td>');
    expect(cell(html, '9月')).toContain('滞后');
    expect(cell(html, '11月')).toMatch(/30\.00<\/td>.*30\.00%.*91\.67%/);
    expect(cell(html, '12月')).toMatch(/91\.50<\/td><td class="num">100\.00<\/td><td class="num">91\.50%<\/td><td class="num">100\.00%<\/td><td class="num">-8\.50<\/td>.*正常/);
  });

  it('takes the margin from the query, exactly at the boundary', async () => {
    const at = await text(`/monitoring/projects/${ids.a}?margin=8.5`);
    expect(at).toContain('曾经滞后');
    expect(cell(at, '12月')).toContain('正常');
    const below = await text(`/monitoring/projects/${ids.a}?margin=8.49`);
    expect(below).toContain('执行滞后：');
    expect(below).toContain('截至12月末，执行率 91.50%，序时进度 100.00%');
    expect(below).toContain('滞后月份：2–12月');
    expect(cell(below, '12月')).toContain('滞后');
    const none = await text(`/monitoring/projects/${ids.a}?margin=100`);
    expect(none).not.toContain('class="warning-box"');
    expect(await text(`/monitoring/projects/${ids.a}?margin=abc`)).toContain('value="10"');
  });

  it('shows paid and pending amounts per category, adding up to 执行数', async () => {
    const html = await text(`/monitoring/projects/${ids.a}`);
    const link = (category: string, state: string) => `/monitoring/projects/${ids.a}/payments?${new URLSearchParams({ category, state })}`.replace(/&/g, '&amp;');
    expect(cell(html, '拍卖机构劳务费')).toContain(`<a href="${link('拍卖机构劳务费', 'paid')}">600,000.00</a>`);
    expect(cell(html, '拍卖机构劳务费')).toContain('60.00%');
    expect(cell(html, '公告费')).toContain(`<a href="${link('公告费', 'paid')}">300,000.00</a>`);
    expect(cell(html, '公告费')).toContain(`<a href="${link('公告费', 'pending')}">5,000.00</a>`);
    expect(cell(html, '其他')).toContain(`<a href="${link('其他', 'paid')}">15,000.00</a>`); // 15,000 + 20,000 − 20,000
    expect(cell(html, '其他')).toContain('1.50%');
    expect(cell(html, '其他')).toContain(`<a href="${link('其他', 'pending')}">3,000.00</a>`); // the draft; the returned one is not waiting
    expect(html).toMatch(/<td>合计<\/td><td class="num"><a href="[^"]+state=paid">915,000.00<\/a><\/td><td class="num">91.50%<\/td><td class="num"><a href="[^"]+state=pending">8,000.00<\/a>/);
  });

  it('lists the payments behind a figure, reversals included, each linked to its payment', async () => {
    const html = await text(`/monitoring/projects/${ids.a}/payments?category=${encodeURIComponent('其他')}&state=paid`);
    expect(html).toContain('其他 · 已支付');
    expect(html).toContain(`href="/payments/${ids.reversed}"`);
    expect(html).toContain(`href="/payments/${ids.reversal}"`);
    expect(html).toContain('-20,000.00');
    expect(html).toContain('冲销重复支付');
    expect(html).toMatch(/合计（3笔）<\/td><td class="num">15,000.00</);
    expect(html).not.toContain('退回的收款人');

    const pending = await text(`/monitoring/projects/${ids.a}/payments?state=pending`);
    expect(pending).toContain('全部类别 · 待支付及审批中');
    expect(pending).toContain('日报社');
    expect(pending).toContain('草稿收款人');
    expect(pending).not.toContain('退回的收款人');
    expect(pending).toMatch(/合计（2笔）<\/td><td class="num">8,000.00</);

    const all = await text(`/monitoring/projects/${ids.a}/payments?state=paid`);
    expect(all).toMatch(/合计（5笔）<\/td><td class="num">915,000.00</);
  });
});

describe('finance dashboard', () => {
  it('shows what needs attention in the center and year', async () => {
    const html = await text('/monitoring');
    expect(html).toContain('2020年 · 执行监控');
    // (a) waiting payments of the center only, linked to the payment list by status.
    expect(cell(html, `<a href="/payments\\?status=${encodeURIComponent('待科室负责人审核')}">待科室负责人审核</a>`)).toContain('5,000.00');
    expect(cell(html, `<a href="/payments\\?status=${encodeURIComponent('待支付')}">待支付</a>`)).toMatch(/<td class="num">1<\/td><td class="num">2,000.00<\/td>/);
    expect(html).toMatch(/<td>合计<\/td><td class="num">2<\/td><td class="num">7,000.00<\/td>/);
    expect(html).not.toContain('99,000.00');
    // (b) project B never spent: behind now; project A caught up by December.
    const behind = html.slice(html.indexOf('id="behind"'), html.indexOf('id="overdue-price"'));
    expect(behind).toMatch(new RegExp(`<a href="/monitoring/projects/${ids.b}\\?margin=10">网络运维经费</a></th><td>12月末</td><td class="num">0.00</td><td class="num">0.00%</td><td class="num">100.00%</td><td>2–12月</td>`));
    expect(behind).toContain('曾经滞后、现已追上的项目');
    expect(behind).toMatch(new RegExp(`<a href="/monitoring/projects/${ids.a}\\?margin=10">土地出让工作经费</a>.*2–11月`));
    expect(behind).not.toContain('别人的项目');
    // (c) 成交未缴 by due dates: P-2's second instalment one day overdue, P-5 past its signing day without a contract.
    const overdue = html.slice(html.indexOf('id="overdue-price"'), html.indexOf('id="unsigned"'));
    expect(html).toContain('<span class="label">逾期未缴出让价款（期）</span><span class="value">1</span>');
    expect(overdue).toMatch(new RegExp(`href="/transfers/${ids.t2}/contract\\?as_of=[0-9-]+">HT-2</a>.*<td>第2期</td>.*1,000,000.01</td><td class="num">1</td>`, 's'));
    expect(overdue).not.toContain('HT-1');
    const unsigned = html.slice(html.indexOf('id="unsigned"'), html.indexOf('id="fees"'));
    expect(unsigned).toContain(`href="/transfers/${ids.t5}/contract"`);
    expect(unsigned).toContain('不晚于 2020-08-14');
    for (const id of [ids.t1, ids.t2, ids.t3]) expect(unsigned).not.toContain(`/transfers/${id}/`);
    // (d) only P-2: sold in 2020, agency with a 2020 agreement, no paid fee.
    expect(html).toContain('<span class="label">应付未付劳务费（宗）</span><span class="value">1</span>');
    expect(html).toContain('<a href="/fees/overdue"><strong class="fees-outstanding">1</strong></a>');
  });

  it('carries the margin to the project links and judges by it', async () => {
    const html = await text('/monitoring?margin=5');
    const behind = html.slice(html.indexOf('id="behind"'), html.indexOf('id="overdue-price"'));
    expect(behind).not.toContain('曾经滞后、现已追上的项目');
    expect(behind).toContain(`/monitoring/projects/${ids.a}?margin=5`);
    expect(behind).toContain(`/monitoring/projects/${ids.b}?margin=5`);
  });
});

describe('a second instalment a day late', () => {
  it('makes 按时上缴 unmet for its year, with the instalment named and linked', async () => {
    const { db, fixture: { centers: c } } = t;
    const year = Number(addDays(todayShanghai(), -1).slice(0, 4));
    // The running total reaches the task in time: only the instalment can fail the indicator.
    const [project] = await db.insert(projects).values({ centerId: c.city, year, name: '土地出让工作经费' }).returning();
    await db.insert(revenueTargets).values({ centerId: c.city, year, amount: 100n });
    await db.insert(remittances).values({ centerId: c.city, receiptNo: `JK-${year}`, revenueType: '土地出让收入', amount: 100n, remittedOn: `${year}-01-01` });
    const r = (await performanceReport(db, project!.id))!;
    const row = r.indicators.find((i) => i.rule === '按时上缴')!;
    expect(row).toMatchObject({ met: false, points: 0n });
    expect(row.actual).toContain('本年到期出让价款1期中1期未按期缴清');
    expect(row.note).toBe(`合同HT-2第2期应于${addDays(todayShanghai(), -1)}缴清，已逾期1天`);
    const ctx = await t.post('/context', { center: String(c.city), year: String(year) }, finance);
    expect(ctx.status).toBe(303);
    const html = await (await t.get(`/projects/${project!.id}/performance`, finance)).text();
    const due = html.slice(html.indexOf('id="due-instalments"'));
    expect(due).toMatch(new RegExp(`<a href="/transfers/${ids.t2}/contract">HT-2</a>.*?第2期.*?逾期 1 天未缴清`, 's'));
    expect(html).toContain('合同HT-2第2期应于');
  });
});
