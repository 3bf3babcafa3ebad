// The demo's 出让合同, 价款分期 and 缴款 (issue 13): they follow the rules the web enforces, pay every price in
// full, leave the seed's 2020 table as it was, and make 2021's 按时上缴 unmet by the one instalment paid late.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projects } from '../db/schema';
import { CONTRACT_SIGNING_WORKING_DAYS, signingDue } from '../src/contracts/queries';
import { instalmentProblems } from '../src/contracts/rules';
import { contractStandings } from '../src/contracts/standing';
import { DEMO_PASSWORD, loadDemo } from '../src/demo/load';
import { performanceReport } from '../src/performance/report';
import { serviceFeeStatement } from '../src/service-fees/queries';
import { createTestApp, type TestApp } from './helpers/app';

let t: TestApp;
let gyjy: number;
beforeAll(async () => {
  t = await createTestApp({ seed: false });
  await loadDemo(t.db);
  gyjy = (await t.db.execute<{ id: number }>(sql`select id from centers where code = 'GYJY'`))[0]!.id;
}, 120_000);
afterAll(() => t.close());

describe('the demo\'s contracts', () => {
  it('sign every 2020 land deal within the days, with a lawful schedule, paid in full', async () => {
    const all = await contractStandings(t.db, [gyjy], '2022-12-31');
    expect(all).toHaveLength(17);
    const deals = await t.db.execute<{ id: number; deal_price: string; deal_date: string; winner: string }>(sql`select id, deal_price::text, deal_date::text, winner from transfers where result = '成交'`);
    for (const s of all) {
      const d = deals.find((x) => x.id === s.transferId)!;
      expect(s.price, s.contractNo).toBe(BigInt(d.deal_price));
      expect(s.grantee).toBe(d.winner);
      expect(s.signedOn <= await signingDue(t.db, d.deal_date), `${s.contractNo} within ${CONTRACT_SIGNING_WORKING_DAYS} working days`).toBe(true);
      expect(instalmentProblems({ signedOn: s.signedOn, price: s.price, extensionDocNo: null, instalments: s.instalments }), s.contractNo).toEqual([]);
      expect(s.paid, s.contractNo).toBe(s.price);
    }
    const late = all.flatMap((s) => s.instalments.filter((i) => i.lateDays > 0).map((i) => [s.code, i.seq, i.lateDays]));
    expect(late).toEqual([['GY2020-16', 2, 2]]);
  });

  it('keep the seed\'s 2020 table and make 2021\'s 按时上缴 unmet by GY2020-16\'s second instalment', async () => {
    const [p2020] = await t.db.execute<{ id: number }>(sql`select id from projects where center_id = ${gyjy} and year = 2020 and name = '土地出让工作经费'`);
    const r2020 = (await performanceReport(t.db, p2020!.id))!;
    expect(r2020.score).toMatchObject({ total: 9500n, grade: '优' });
    expect(r2020.indicators.find((i) => i.rule === '按时上缴')).toMatchObject({ met: true });
    expect(r2020.dueInstalments.length).toBeGreaterThan(10);
    const [p2021] = await t.db.insert(projects).values({ centerId: gyjy, year: 2021, name: '土地出让工作经费' }).returning();
    const r2021 = (await performanceReport(t.db, p2021!.id))!;
    const row = r2021.indicators.find((i) => i.rule === '按时上缴')!;
    expect(row.met).toBe(false);
    const lateNo = r2021.dueInstalments.find((i) => i.onTime === false)!.contractNo;
    expect(row.note).toContain(`合同${lateNo}第2期应于`);
    expect(row.note).toContain('缴清（迟2天）');
    expect(r2021.dueInstalments.filter((i) => i.onTime === false).map((i) => [i.code, i.seq])).toEqual([['GY2020-16', 2]]);
  });

  it('show on the contract pages and the 缴纳情况表, with nothing overdue on the dashboard', async () => {
    const finance = await t.signIn('finance', DEMO_PASSWORD);
    expect((await t.post('/context', { center: String(gyjy), year: '2020' }, finance)).status).toBe(303);
    const ledger = await (await t.get('/contracts?as_of=2021-12-31', finance)).text();
    expect(ledger).toContain('合计 17 份');
    expect(await (await t.get('/monitoring', finance)).text()).toContain('没有逾期未缴的出让价款');
  });
});

describe('the demo\'s 交易服务费', () => {
  it('charges every 2020 land deal 0.5%, and the ledger\'s quarterly remittances cover the receipts in full and on time', async () => {
    const { rows, receipts, surplus } = await serviceFeeStatement(t.db, gyjy, 2020, '2022-12-31');
    const deals = await t.db.execute<{ id: number; deal_price: string; deal_date: string }>(sql`
      select t.id, t.deal_price::text, t.deal_date::text from transfers t join parcels p on p.id = t.parcel_id
      where t.center_id = ${gyjy} and t.result = '成交' and t.deal_date between '2020-01-01' and '2020-12-31'`);
    expect(rows).toHaveLength(deals.length);
    for (const r of rows) {
      // 0.5% recomputed from the row's deal price, in 分: price × 5 / 1000.
      const price = BigInt(deals.find((d) => d.id === r.transferId)!.deal_price);
      expect(r.fee, r.code).toBe((price * 5n) / 1000n);
      expect([r.received, r.remitted, r.owed, r.pending], r.code).toEqual([r.fee, r.fee, 0n, 0n]);
    }
    expect(surplus).toBe(0n);
    const [fees] = await t.db.execute<{ n: string }>(sql`select sum(amount)::text as n from remittances where center_id = ${gyjy} and revenue_type = '交易服务费'`);
    expect(rows.reduce((a, r) => a + r.fee!, 0n)).toBe(BigInt(fees!.n));
    expect(receipts.every((x) => x.onTime === true)).toBe(true);
  });

  it('join 按时上缴 for the years their 时限 falls in: 2020 holds Q1–Q3, 2021 the fourth quarter', async () => {
    const [p2020] = await t.db.execute<{ id: number }>(sql`select id from projects where center_id = ${gyjy} and year = 2020 and name = '土地出让工作经费'`);
    const r2020 = (await performanceReport(t.db, p2020!.id))!;
    const due = r2020.dueFees.map((x) => x.dueOn!);
    expect(due).toEqual([...due].sort());
    expect(new Set(r2020.dueFees.map((x) => x.dueOn))).toEqual(new Set(['2020-04-15', '2020-07-15', '2020-10-15']));
    expect(r2020.dueFees).toHaveLength(12);
    expect(r2020.indicators.find((i) => i.rule === '按时上缴')!.actual).toContain('本年应上缴交易服务费12笔均按时上缴');
    const finance = await t.signIn('finance', DEMO_PASSWORD);
    expect((await t.post('/context', { center: String(gyjy), year: '2020' }, finance)).status).toBe(303);
    const html = await (await t.get('/service-fees', finance)).text();
    expect(html).toContain('按季，季度后首月15日前');
    expect(html).toContain('GYJY-FP-2020-017');
    expect(html).not.toContain('id="unlinked-fees"');
    // 2021 lists the fourth quarter's 票据 (their 时限 falls in January), where 2021's report links them.
    expect((await t.post('/context', { center: String(gyjy), year: '2021' }, finance)).status).toBe(303);
    const y2021 = await (await t.get('/service-fees', finance)).text();
    expect(y2021).toContain('GYJY-FP-2020-017');
    expect(y2021).not.toContain('GYJY-FP-2020-001<');
  });
});

