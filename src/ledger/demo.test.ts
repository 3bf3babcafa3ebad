// The demo ledger (db/demo/) imported into a fresh database: the seed's 土地出让工作经费 2020 comes
// out of the records — 60万 年初预算 + 40万 追加, 100万 arrived, 91.5万 paid, most of it at year
// end, 2200余万 remitted against a 700万 task — with the department's four other projects of 2020,
// the agencies' satisfaction, every project's indicator table and deductions giving the seed's
// 综合得分; and a second import changes nothing.
import { figuresOf } from '../statistics/deals';
import { sql } from 'drizzle-orm';
import type { RevenueType } from '../../db/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../tests/helpers/db';
import { demoDir } from '../demo/load';
import { transferFees } from '../fees/queries';
import { feeDue } from '../fees/rules';
import { projectFunds, projectFundsList } from '../funds/figures';
import { defaultLandIndicators, evaluateIndicator, hundredths, score, type IndicatorDef, type RuleFigures } from '../performance/rules';
import { readLedgerPath } from './files';
import { importLedger, type ImportResult } from './import';
import { IMPORTED_PAID_NOTE } from './sheets/payments';

const actor = { userId: null, name: 'test' };
let d: TestDb;
beforeAll(async () => {
  d = await createTestDb();
  ok(await importLedger(d.db, await readLedgerPath(demoDir), { actor, dryRun: false, source: 'db/demo' }));
});
afterAll(() => d.close());

function ok(result: ImportResult) {
  if (!result.ok) throw new Error(`demo import failed: ${JSON.stringify(result.errors.slice(0, 5), null, 1)}`);
  return result.counts;
}

const one = async <T extends Record<string, unknown>>(q: ReturnType<typeof sql>) => (await d.db.execute<T>(q))[0]!;

/** A project's indicator rows in their order, as the rules read them. */
async function indicatorDefs(id: number): Promise<IndicatorDef[]> {
  const rows = await d.db.execute<Record<string, string | null>>(sql`
    select level1, level2, level3, expected, rule, target_value::text, unit, manual_actual, manual_points::text, weight::text, revenue_types
    from indicators where project_id = ${id} order by position, id`);
  return rows.map((r) => ({
    level1: r.level1!, level2: r.level2!, level3: r.level3!, expected: r.expected!, rule: r.rule as IndicatorDef['rule'],
    targetValue: r.target_value, unit: r.unit, manualActual: r.manual_actual, manualPoints: r.manual_points, weight: r.weight!,
    revenueTypes: r.revenue_types as unknown as IndicatorDef['revenueTypes'],
  }));
}

async function deductionPoints(id: number): Promise<bigint[]> {
  const rows = await d.db.execute<{ points: string }>(sql`select points::text from deductions where project_id = ${id}`);
  return rows.map((r) => hundredths(r.points));
}

async function projectId() {
  const r = await one<{ id: number }>(sql`select p.id from projects p join centers c on c.id = p.center_id
    where c.code = 'GYJY' and p.year = 2020 and p.name = '土地出让工作经费'`);
  return r.id;
}

describe('the demo ledger', () => {
  it('keeps the transfers of 2020: 17 sold, 2 failed, 19 organised', async () => {
    const r = await one<{ sold: number; failed: number; organised: number }>(sql`
      select count(*) filter (where result = '成交' and deal_date between '2020-01-01' and '2020-12-31')::int as sold,
             count(*) filter (where result = '流拍' and auction_date between '2020-01-01' and '2020-12-31')::int as failed,
             count(*) filter (where result in ('成交', '流拍', '终止') and coalesce(deal_date, auction_date) between '2020-01-01' and '2020-12-31')::int as organised
      from transfers t join centers c on c.id = t.center_id where c.code = 'GYJY'`);
    expect(r).toEqual({ sold: 17, failed: 2, organised: 19 });
  });

  it('gives GYJY 土地出让工作经费 2020 the seed\'s funds figures', async () => {
    const id = await projectId();
    const project = await one<{ budget_unit: string; target: string }>(sql`select budget_unit, target from projects where id = ${id}`);
    expect(project).toEqual({ budget_unit: '广元市公共资源交易信息中心', target: '预计完成2020年度土地（或矿权）出让10余宗，完成年度非税征收任务700万元。' });
    const f = await projectFunds(d.db, id);
    expect(f).toMatchObject({
      initial: 60000000n, adjustments: 40000000n, total: 100000000n, arrived: 100000000n, arrivedFiscal: 100000000n,
      spent: 91500000n, executionRate: '91.50', arrivalRate: '100.00',
    });
    const dates = await one<{ initial: string; added: string }>(sql`
      select min(entry_date) filter (where kind = '年初预算')::text as initial, min(entry_date) filter (where kind = '追加')::text as added
      from budget_entries where project_id = ${id}`);
    expect(dates.initial.slice(0, 7)).toBe('2020-01');
    expect(dates.added > '2020-06-30').toBe(true);
  });

  it('pays 915000.00 in 2020, at least half of it — by count and by amount — in November–December, with one reversal', async () => {
    const id = await projectId();
    const r = await one<{ total: string; year_end: string; payments: number; year_end_payments: number; reversals: number; imported: boolean; unpaid: number }>(sql`
      select sum(amount)::text as total,
             coalesce(sum(amount) filter (where paid_on >= '2020-11-01'), 0)::text as year_end,
             count(*) filter (where reverses_id is null)::int as payments,
             count(*) filter (where reverses_id is null and paid_on >= '2020-11-01')::int as year_end_payments,
             count(*) filter (where reverses_id is not null)::int as reversals,
             bool_and(imported and status = '已支付' and voucher_no is not null) as imported,
             count(*) filter (where paid_on not between '2020-01-01' and '2020-12-31')::int as unpaid
      from payments where project_id = ${id}`);
    expect(r.total).toBe('91500000');
    // The seed's 年末集中支付: at least half of the money AND of the payments (reversals aside) in Nov–Dec.
    expect(BigInt(r.year_end) * 2n >= 91500000n, `year-end amount ${r.year_end}`).toBe(true);
    expect(r.year_end_payments * 2 >= r.payments, `${r.year_end_payments} of ${r.payments} payments at year end`).toBe(true);
    expect(r).toMatchObject({ reversals: 1, imported: true, unpaid: 0 });
    const notes = await d.db.execute<{ note: string }>(sql`select note from audit_events where entity = 'payment'`);
    expect(notes.length).toBeGreaterThan(30);
    expect(notes.every((n) => n.note.startsWith(IMPORTED_PAID_NOTE))).toBe(true);
  });

  it('pays one agency fee per sold 2020 transfer, to its agency, as the agreement computes it', async () => {
    const rows = await d.db.execute<{ code: string; amount: string; agency_ok: boolean; method: string; fixed_amount: string | null; rate: string | null; tiers: never; cap: string | null; pay_failed: boolean; deal_price: string }>(sql`
      select pc.code, x.amount::text, x.agency_id = t.agency_id and x.payee = g.name as agency_ok, t.deal_price::text,
             f.method, f.fixed_amount::text, f.rate::text, f.tiers, f.cap::text, f.pay_failed
      from payments x join transfers t on t.id = x.transfer_id join parcels pc on pc.id = t.parcel_id join agencies g on g.id = t.agency_id
        join fee_agreements f on f.agency_id = t.agency_id and f.year = 2020
      where x.category = '拍卖机构劳务费' and t.result = '成交'`);
    expect(rows).toHaveLength(17);
    expect(new Set(rows.map((r) => r.code)).size).toBe(17);
    for (const r of rows) {
      expect(r.agency_ok, r.code).toBe(true);
      const due = feeDue({
        method: r.method as never, fixedAmount: r.fixed_amount === null ? null : BigInt(r.fixed_amount), rate: r.rate, tiers: r.tiers,
        cap: r.cap === null ? null : BigInt(r.cap), payFailed: r.pay_failed,
      }, { result: '成交', dealPrice: BigInt(r.deal_price) });
      expect(BigInt(r.amount), r.code).toBe(due);
    }
    const methods = await d.db.execute<{ method: string; cap: string | null; pay_failed: boolean }>(sql`
      select method, cap::text, pay_failed from fee_agreements where year = 2020 order by method`);
    expect(methods.map((m) => m.method).sort()).toEqual(['分档累进', '按宗固定', '按成交价比例']);
    expect(methods.find((m) => m.method === '分档累进')!.cap).not.toBeNull();
    expect(methods.filter((m) => m.pay_failed)).toHaveLength(1);
  });

  it('leaves no agency fee of 2020 outstanding, the 流拍 round paid under 流拍计费 included', async () => {
    const gyjy = await one<{ id: number }>(sql`select id from centers where code = 'GYJY'`);
    const fees = await transferFees(d.db, { centerIds: [gyjy.id], year: 2020 });
    expect(fees.filter((f) => f.outstanding !== 0n).map((f) => `${f.parcelCode} 第${f.round}场 ${f.outstanding}`)).toEqual([]);
    // GY2020-03 round 1 did not sell, and its agency's agreement pays 流拍 sessions: paid by its own payment.
    const failed = fees.find((f) => f.parcelCode === 'GY2020-03' && f.round === 1)!;
    expect(failed).toMatchObject({ result: '流拍', due: 2000000n, paid: 2000000n, agencyName: '广元市嘉陵拍卖有限责任公司' });
    expect(fees.reduce((s, f) => s + f.due, 0n)).toBeGreaterThan(0n);
  });

  it('pays nothing before the announcement or auction it pays for', async () => {
    const early = await d.db.execute<{ voucher_no: string }>(sql`
      select x.voucher_no from payments x
        left join announcements a on a.id = x.announcement_id left join transfers t on t.id = x.transfer_id
      where x.paid_on < a.published_on or x.paid_on < coalesce(t.deal_date, t.auction_date)`);
    expect(early.map((e) => e.voucher_no)).toEqual([]);
  });

  it('pays each 2020 announcement its cost', async () => {
    const rows = await d.db.execute<{ code: string; cost: string; paid: string | null }>(sql`
      select a.code, a.cost::text, (select sum(amount) from payments x where x.announcement_id = a.id)::text as paid
      from announcements a where a.published_on >= '2020-01-01' and a.cost > 0`);
    expect(rows.length).toBe(7);
    for (const r of rows) expect(r.paid, r.code).toBe(r.cost);
  });

  it('remits 2200余万 in 2020 against the 700万 task, reached before the year ends', async () => {
    const target = await one<{ amount: string }>(sql`
      select t.amount::text from revenue_targets t join centers c on c.id = t.center_id where c.code = 'GYJY' and t.year = 2020`);
    expect(target.amount).toBe('700000000');
    const rows = await d.db.execute<{ amount: string; remitted_on: string; over_deal: boolean; before_deal: boolean }>(sql`
      select r.amount::text, r.remitted_on::text, coalesce(r.amount > t.deal_price, false) as over_deal,
             coalesce(r.remitted_on <= t.deal_date, false) as before_deal
      from remittances r join centers c on c.id = r.center_id left join transfers t on t.id = r.transfer_id
      where c.code = 'GYJY' and r.remitted_on between '2020-01-01' and '2020-12-31' order by r.remitted_on, r.id`);
    const total = rows.reduce((s, r) => s + BigInt(r.amount), 0n);
    expect(total >= 2_200_000_000n && total <= 2_299_999_999n).toBe(true);
    expect(rows.some((r) => r.over_deal || r.before_deal)).toBe(false);
    let running = 0n;
    const reached = rows.find((r) => (running += BigInt(r.amount)) >= 700_000_000n);
    expect(reached!.remitted_on < '2020-12-31').toBe(true);
    const linked = await one<{ n: number }>(sql`select count(*)::int as n from remittances where revenue_type = '土地出让收入' and transfer_id is not null`);
    expect(linked.n).toBeGreaterThanOrEqual(10);
  });

  it('holds the department\'s five projects of 2020 with the seed\'s budget and spent figures', async () => {
    const center = async (code: string) => (await one<{ id: number }>(sql`select id from centers where code = ${code}`)).id;
    const [gyzw, gyjy] = [await center('GYZW'), await center('GYJY')];
    const list = [...await projectFundsList(d.db, gyzw, 2020), ...await projectFundsList(d.db, gyjy, 2020)];
    // 万元 as the seed prints them → 分 (1 万元 = 1,000,000 分).
    const wan = (y: string) => { const [whole, frac = ''] = y.split('.'); return BigInt(whole! + frac.padEnd(6, '0')); };
    const seed: Record<string, [string, string, string]> = {
      '“12345”政府服务热线运行经费': ['230.9', '230.9', '市政务服务和公共资源交易中心'],
      网络及信息系统运维费: ['40.92', '40.92', '广元市政务服务和公共资源交易中心'],
      政务服务中心综合楼日常运行费: ['228.39', '225.25', '广元市政务服务和公共资源交易中心'],
      政府采购经费: ['166', '161.02', '广元市政务服务和公共资源交易中心'],
      土地出让工作经费: ['100', '91.5', '广元市公共资源交易信息中心'],
    };
    expect(list.map((p) => p.name).sort()).toEqual(Object.keys(seed).sort());
    for (const p of list) {
      const [total, spent, unit] = seed[p.name]!;
      expect([p.name, p.centerId, p.budgetUnit], p.name).toEqual([p.name, p.name === '土地出让工作经费' ? gyjy : gyzw, unit]);
      expect(p.funds, p.name).toMatchObject({ total: wan(total), arrived: wan(total), arrivedFiscal: wan(total), spent: wan(spent) });
      // The list and the one-project figures agree.
      expect(await projectFunds(d.db, p.id), p.name).toEqual(p.funds);
    }
    // Every project of GYZW shows the seed's sentences as entered; 土地出让工作经费's is computed.
    const goals = await d.db.execute<{ name: string; target: string | null; actual_goal: string | null }>(sql`
      select name, target, actual_goal from projects where year = 2020 order by name`);
    for (const g of goals) expect(g.target, g.name).toBeTruthy();
    expect(goals.filter((g) => g.actual_goal === null).map((g) => g.name)).toEqual(['土地出让工作经费']);
  });

  it('has the agencies rate GYJY 2020: two 非常满意 and one 满意, each with a comment', async () => {
    const rows = await d.db.execute<{ rating: string; comment: string | null }>(sql`
      select r.rating, r.comment from satisfaction_responses r join centers c on c.id = r.center_id
      where c.code = 'GYJY' and r.year = 2020 order by r.rating`);
    expect(rows.map((r) => r.rating).sort()).toEqual(['满意', '非常满意', '非常满意'].sort());
    expect(rows.every((r) => (r.comment ?? '').length > 5)).toBe(true);
    const [n] = await d.db.execute<{ n: number }>(sql`select count(*)::int as n from agencies`);
    expect(rows).toHaveLength(n!.n);
  });

  it('gives 土地出让工作经费 the default indicator table with the seed\'s targets, and the seed\'s score 95', async () => {
    const id = await projectId();
    const defs = await indicatorDefs(id);
    // The demo counts what the seed counted: the 土地出让收入 it remitted and its own 交易服务费, configured explicitly.
    const expected = defaultLandIndicators(2020, ['土地出让收入', '交易服务费']).map((r): IndicatorDef => {
      if (r.rule === '财政增收') return { ...r, expected: '为市财政年度增收700万元', targetValue: '7000000' };
      if (r.rule === '工作经费') return { ...r, expected: '100万元', targetValue: '1000000' };
      if (r.rule === '手工') return { ...r, manualActual: '加大全市土地出让力度，促进房地产市场的发展', manualPoints: '15' };
      return r;
    });
    const norm = (r: IndicatorDef) => ({
      ...r, targetValue: r.targetValue && String(hundredths(r.targetValue)), manualPoints: r.manualPoints && String(hundredths(r.manualPoints)),
      weight: String(hundredths(r.weight)),
    });
    expect(defs.map(norm)).toEqual(expected.map(norm));

    // The figures the rules read, straight from the records (REPORTING.md).
    const f = await projectFunds(d.db, id);
    const remitted = await d.db.execute<{ amount: string; remitted_on: string; revenue_type: RevenueType }>(sql`
      select r.amount::text, r.remitted_on::text, r.revenue_type from remittances r join centers c on c.id = r.center_id
      where c.code = 'GYJY' and r.remitted_on between '2020-01-01' and '2020-12-31' order by r.remitted_on, r.id`);
    let running = 0n;
    const reachedOn = remitted.find((r) => (running += BigInt(r.amount)) >= 700_000_000n)!.remitted_on;
    const sold = await one<{ n: number }>(sql`select count(*)::int as n from transfers t join centers c on c.id = t.center_id
      where c.code = 'GYJY' and t.result = '成交' and t.deal_date between '2020-01-01' and '2020-12-31'`);
    const satisfied = await one<{ n: number; ok: number }>(sql`select count(*)::int as n, count(*) filter (where rating in ('非常满意', '满意'))::int as ok
      from satisfaction_responses r join centers c on c.id = r.center_id where c.code = 'GYJY' and r.year = 2020`);
    const fig: RuleFigures = {
      year: 2020, total: f.total, spent: f.spent, sold: sold.n, soldLand: sold.n, soldMineral: 0,
      remitted: remitted.reduce((s, r) => s + BigInt(r.amount), 0n), revenueTarget: 700_000_000n, targetReachedOn: reachedOn, dueInstalments: [], dueFees: [],
      remittanceDays: remitted.map((r) => ({ on: r.remitted_on, type: r.revenue_type, amount: BigInt(r.amount) })), deals: figuresOf([]),
      responses: satisfied.n, satisfied: satisfied.ok,
    };
    const outcomes = defs.map((def) => evaluateIndicator(def, fig));
    expect(outcomes.map((o) => o.met)).toEqual([true, true, true, true, true, true]);
    const s = score(f.spent, f.total, outcomes.map((o) => o.points), await deductionPoints(id));
    expect(s).toEqual({ execution: 915n, indicators: 9000n, deductions: 415n, total: 9500n, grade: '优' });
  });

  it('scores the GYZW projects as the seed does: 98, 95 and 97, and 12345 with its unmet 接电量', async () => {
    const rows = await d.db.execute<{ id: number; name: string }>(sql`
      select p.id, p.name from projects p join centers c on c.id = p.center_id where c.code = 'GYZW' and p.year = 2020`);
    const totals: Record<string, string> = {};
    for (const p of rows) {
      const defs = await indicatorDefs(p.id);
      expect(defs.every((r) => r.rule === '手工' && r.manualActual !== null && r.manualPoints !== null), p.name).toBe(true);
      // 项目完成指标 50, 效益指标 30, 满意度指标 10, shared among their rows.
      const weightOf = (level1: string) => defs.filter((r) => r.level1 === level1).reduce((s, r) => s + hundredths(r.weight), 0n);
      expect([weightOf('项目完成指标'), weightOf('效益指标'), weightOf('满意度指标')], p.name).toEqual([5000n, 3000n, 1000n]);
      const f = await projectFunds(d.db, p.id);
      const points = defs.map((def) => evaluateIndicator(def, {} as RuleFigures).points);
      const s = score(f.spent, f.total, points, await deductionPoints(p.id));
      totals[p.name] = `${s.execution}/${s.indicators}/${s.deductions}/${s.total}`;
    }
    expect(totals).toEqual({
      // 25 × 24538 / 29000 = 21.153… → 21.15 for 接电量; the seed gives this project no score.
      '“12345”政府服务热线运行经费': '1000/8615/0/9615',
      网络及信息系统运维费: '1000/9000/200/9800',
      政务服务中心综合楼日常运行费: '986/9000/486/9500',
      政府采购经费: '970/9000/270/9700',
    });
  });

  it('a second import changes nothing', async () => {
    const snapshot = () => one<Record<string, number>>(sql`select
      (select count(*)::int from audit_events) as audit, (select count(*)::int from payments) as payments,
      (select count(*)::int from budget_entries) as budget, (select count(*)::int from fund_arrivals) as arrivals,
      (select count(*)::int from remittances) as remittances, (select count(*)::int from fee_agreements) as agreements,
      (select count(*)::int from projects) as projects, (select count(*)::int from revenue_targets) as targets,
      (select count(*)::int from transfers) as transfers, (select count(*)::int from indicators) as indicators,
      (select count(*)::int from deductions) as deductions, (select count(*)::int from satisfaction_responses) as responses`);
    const before = await snapshot();
    const counts = ok(await importLedger(d.db, await readLedgerPath(demoDir), { actor, dryRun: false, source: 'db/demo' }));
    for (const c of counts) expect([c.sheet, c.created, c.updated, c.unchanged]).toEqual([c.sheet, 0, 0, c.rows]);
    expect(await snapshot()).toEqual(before);
  });
});
