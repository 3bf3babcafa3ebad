// Property test of the whole report against the database: whatever mix of transfers (land and
// mineral rights; sold, failed, terminated, running; dates on both sides of the year), remittances,
// satisfaction responses, budget and payments, the report is the same whichever order the records
// were entered in, and its figures equal a BigInt reference written from REPORTING.md.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agencies, budgetEntries, centers, deductions, indicators, parcels, payments, projects, remittances, revenueTargets,
  satisfactionResponses, transfers, satisfactionRatings,
} from '../../db/schema';
import { createTestDb, type TestDb } from '../../tests/helpers/db';
import { creditCodeCheckChar } from '../lib/credit-code';
import { fenToYuan } from '../lib/money';
import { percent } from '../funds/rules';
import { performanceReport, reportJson } from './report';
import { defaultLandIndicators } from './rules';

let d: TestDb;
const agencyIds: number[] = [];
beforeAll(async () => {
  d = await createTestDb();
  for (let i = 0; i < 4; i++) {
    const first17 = `91510800MA6${String(i).padStart(6, '0')}`;
    const [a] = await d.db.insert(agencies).values({ creditCode: first17 + creditCodeCheckChar(first17)!, name: `拍卖行${i}` }).returning();
    agencyIds.push(a!.id);
  }
});
afterAll(() => d.close());

const year = 2020;
const fen = fc.bigInt({ min: 1n, max: 900_000_000n });
const day = fc.record({ y: fc.constantFrom(2019, 2020, 2020, 2020, 2021), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d: dd }) => `${y}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`);
const transfer = fc.record({
  kind: fc.constantFrom('土地', '土地', '采矿权', '探矿权'),
  result: fc.constantFrom('成交', '成交', '流拍', '终止', '进行中'),
  auctionDate: day, dealDate: day, price: fen,
});
const remittance = fc.record({ amount: fen, date: day });
const rating = fc.option(fc.constantFrom(...satisfactionRatings), { nil: undefined });
const records = fc.record({
  transfers: fc.array(transfer, { maxLength: 10 }),
  remittances: fc.array(remittance, { maxLength: 8 }),
  target: fc.option(fen, { nil: undefined }),
  ratings: fc.tuple(rating, rating, rating, rating),
  budget: fen,
  payments: fc.array(fc.record({ amount: fen, date: day, paid: fc.boolean(), reversed: fc.boolean() }), { maxLength: 5 }),
  deduction: fc.option(fc.integer({ min: 1, max: 999 }), { nil: undefined }),
});
type Records = typeof records extends fc.Arbitrary<infer T> ? T : never;

let n = 0;
/** Enters the records at a new center, forwards or backwards, and returns the project's id. */
async function enter(r: Records, backwards: boolean): Promise<number> {
  const order = <T,>(xs: T[]) => (backwards ? [...xs].reverse() : xs);
  const tag = n++;
  const [c] = await d.db.insert(centers).values({ code: `R${tag}`, name: `中心${tag}`, level: '县' }).returning();
  const centerId = c!.id;
  const [p] = await d.db.insert(projects).values({ centerId, year, name: '土地出让工作经费' }).returning();
  const projectId = p!.id;
  for (const [i, def] of order(defaultLandIndicators(year).map((x, i) => [i, x] as const))) {
    await d.db.insert(indicators).values({ projectId, position: i, ...def, manualPoints: def.rule === '手工' ? '12.5' : null });
  }
  await d.db.insert(budgetEntries).values({ projectId, kind: '年初预算', amount: r.budget, entryDate: '2020-01-05' });
  for (const [i, x] of order(r.payments.map((x, i) => [i, x] as const))) {
    // Unpaid payments count for nothing; a paid one may be reversed in full on the same day.
    const [row] = await d.db.insert(payments).values({
      centerId, projectId, category: '其他', payee: '某公司', amount: x.amount,
      status: x.paid ? '已支付' : '待支付', paidOn: x.paid ? x.date : null, voucherNo: x.paid ? `V${i}` : null,
    }).returning();
    if (x.paid && x.reversed) {
      await d.db.insert(payments).values({
        centerId, projectId, category: '其他', payee: '某公司', amount: -x.amount, reversesId: row!.id, status: '已支付', paidOn: x.date, voucherNo: `R${i}`,
      });
    }
  }
  for (const [i, t] of order(r.transfers.map((t, i) => [i, t] as const))) {
    const [parcel] = await d.db.insert(parcels).values({ centerId, code: `P${i}`, kind: t.kind as '土地', name: `标的${i}`, startingPrice: 100n }).returning();
    const sold = t.result === '成交';
    await d.db.insert(transfers).values({
      centerId, parcelId: parcel!.id, round: 1, mode: '拍卖', result: t.result as '成交', auctionDate: t.result === '进行中' ? null : t.auctionDate,
      dealDate: sold ? t.dealDate : null, dealPrice: sold ? t.price : null, winner: sold ? '某公司' : null, confirmationNo: sold ? `CJ${i}` : null,
    });
  }
  for (const [i, x] of order(r.remittances.map((x, i) => [i, x] as const))) {
    await d.db.insert(remittances).values({ centerId, receiptNo: `R${i}`, revenueType: '土地出让收入', amount: x.amount, remittedOn: x.date });
  }
  if (r.target !== undefined) await d.db.insert(revenueTargets).values({ centerId, year, amount: r.target });
  for (const [i, rt] of order(r.ratings.map((x, i) => [i, x] as const))) {
    if (rt) await d.db.insert(satisfactionResponses).values({ centerId, year, agencyId: agencyIds[i]!, rating: rt });
  }
  if (r.deduction !== undefined) await d.db.insert(deductions).values({ projectId, points: fenToYuan(BigInt(r.deduction)), reason: '原因' });
  return projectId;
}

const inYear = (s: string) => s.startsWith(`${year}-`);

describe('the performance report', () => {
  it('is the same in any order of entry and equals a BigInt reference, exact to the 分', async () => {
    await fc.assert(fc.asyncProperty(records, async (r) => {
      const a = (await performanceReport(d.db, await enter(r, false)))!;
      const b = (await performanceReport(d.db, await enter(r, true)))!;
      const ja = reportJson(a);
      const jb = reportJson(b);
      expect({ ...jb, center: ja.center }).toEqual(ja);

      // The reference, from REPORTING.md's definitions.
      const sold = r.transfers.filter((t) => t.result === '成交' && inYear(t.dealDate));
      const failed = r.transfers.filter((t) => t.result === '流拍' && inYear(t.auctionDate)).length;
      const terminated = r.transfers.filter((t) => t.result === '终止' && inYear(t.auctionDate)).length;
      expect(ja.transfers).toEqual({
        sold: sold.length, failed, organised: sold.length + failed + terminated,
        dealValue: fenToYuan(sold.reduce((s, t) => s + t.price, 0n)),
      });
      expect(a.transfers.soldLand).toBe(sold.filter((t) => t.kind === '土地').length);
      const counted = r.remittances.filter((x) => inYear(x.date));
      const remitted = counted.reduce((s, x) => s + x.amount, 0n);
      let reached: string | null = null;
      if (r.target !== undefined) {
        // Every remittance of a day counts before the day is judged.
        for (const date of [...new Set(counted.map((x) => x.date))].sort()) {
          const upToDay = counted.filter((y) => y.date <= date).reduce((s, y) => s + y.amount, 0n);
          if (reached === null && upToDay >= r.target) reached = date;
        }
      }
      expect(ja.revenue).toEqual({ target: r.target === undefined ? null : fenToYuan(r.target), remitted: fenToYuan(remitted), targetReachedOn: reached });
      const given = r.ratings.filter((x) => x !== undefined);
      const happy = given.filter((x) => x === '非常满意' || x === '满意').length;
      expect(ja.satisfaction).toEqual({ responses: given.length, rate: percent(BigInt(happy), BigInt(given.length)) });
      const spent = r.payments.filter((x) => x.paid && !x.reversed && inYear(x.date)).reduce((s, x) => s + x.amount, 0n);
      expect(ja.funds.spent).toBe(fenToYuan(spent));
      // The score adds up from its rounded parts.
      const rows = ja.indicators.reduce((s, i) => s + Number(i.points.replace('.', '')), 0);
      expect(Number(ja.score.indicators.replace('.', ''))).toBe(rows);
      const total = Number(ja.score.execution.replace('.', '')) + rows - (r.deduction ?? 0);
      expect(Number(ja.score.total.replace('.', '')) ).toBe(total);
    }), { numRuns: 30 });
  }, 240_000);
});
