// Property test of the funds figures against the database: whatever mix of budget entries,
// arrivals, paid and unpaid payments, partial reversals and dates in or out of the year, and
// whatever order they were entered in, projectFunds and monthlyExecution (every month: spent, total
// as it stood at month end, 序时进度 and its rate) equal a BigInt reference.
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetEntries, centers, fundArrivals, payments, projects } from '../../db/schema';
import { createTestDb, type TestDb } from '../../tests/helpers/db';
import { monthlyExecution, projectFunds } from './figures';
import { percent } from './rules';

let d: TestDb;
let centerId: number;
beforeAll(async () => {
  d = await createTestDb();
  [{ id: centerId }] = await d.db.insert(centers).values({ code: 'P', name: '性质测试中心', level: '县' }).returning({ id: centers.id }) as [{ id: number }];
});
afterAll(() => d.close());

const fen = fc.bigInt({ min: 1n, max: 5_000_000_00n });
const day = fc.record({ y: fc.constantFrom(2019, 2020, 2020, 2020, 2021), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d: dd }) => `${y}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`);
const budget = fc.record({ kind: fc.constantFrom('年初预算', '追加', '调减'), amount: fen, date: day });
const payment = fc.record({
  amount: fen, paid: fc.boolean(), date: day,
  // A reversal of part (or all) of this payment, dated some day of 2020, or none.
  reverse: fc.option(fc.record({ share: fc.integer({ min: 1, max: 100 }), date: day }), { nil: undefined }),
});
const year = 2020;
const inYear = (s: string) => s.startsWith(`${year}-`);

/** n / d (d > 0) rounded to the nearest integer, halves away from zero: by quotient and remainder, not the code's formula. */
function roundHalfUp(n: bigint, d: bigint): bigint {
  const q = n / d; // truncates toward zero
  const r = n % d; // has the sign of n
  if (r * 2n >= d) return q + 1n;
  if (r * 2n <= -d) return q - 1n;
  return q;
}
/** Hundredths (≥ 0) as "8.33". */
const twoDecimals = (h: bigint) => `${h / 100n}.${(h % 100n).toString().padStart(2, '0')}`;

describe('funds figures', () => {
  it('equal a BigInt reference, exact to the 分, in any order of entry', async () => {
    let n = 0;
    await fc.assert(fc.asyncProperty(
      fc.array(budget, { maxLength: 6 }), fc.array(fen, { maxLength: 4 }), fc.array(payment, { maxLength: 12 }), fc.boolean(),
      async (budgets, arrivals, pays, reversed) => {
        const [p] = await d.db.insert(projects).values({ centerId, year, name: `项目${n++}` }).returning();
        const order = <T,>(xs: T[]) => (reversed ? [...xs].reverse() : xs);
        for (const b of order(budgets)) await d.db.insert(budgetEntries).values({ projectId: p!.id, kind: b.kind as '追加', amount: b.amount, entryDate: b.date });
        for (const a of order(arrivals)) await d.db.insert(fundArrivals).values({ projectId: p!.id, amount: a, arrivedOn: `${year}-03-01` });
        let voucher = 0;
        for (const x of order(pays)) {
          const [row] = await d.db.insert(payments).values({
            centerId, projectId: p!.id, category: '其他', payee: '收款方', amount: x.amount,
            status: x.paid ? '已支付' : '待支付', paidOn: x.paid ? x.date : null, voucherNo: x.paid ? `V${n}-${voucher++}` : null,
          }).returning();
          if (x.paid && x.reverse) {
            const back = -((x.amount * BigInt(x.reverse.share)) / 100n) || -1n;
            await d.db.insert(payments).values({
              centerId, projectId: p!.id, category: '其他', payee: '收款方', amount: back, reversesId: row!.id,
              status: '已支付', paidOn: x.reverse.date, voucherNo: `V${n}-${voucher++}`,
            });
          }
        }

        // The reference, written from REPORTING.md's definitions with plain bigint sums.
        const initial = budgets.filter((b) => b.kind === '年初预算').reduce((s, b) => s + b.amount, 0n);
        const adjustments = budgets.reduce((s, b) => s + (b.kind === '追加' ? b.amount : b.kind === '调减' ? -b.amount : 0n), 0n);
        const arrived = arrivals.reduce((s, a) => s + a, 0n);
        const paidRows = pays.filter((x) => x.paid).flatMap((x) => [
          { amount: x.amount, date: x.date },
          ...(x.reverse ? [{ amount: -((x.amount * BigInt(x.reverse.share)) / 100n) || -1n, date: x.reverse.date }] : []),
        ]);
        const spent = paidRows.filter((r) => inYear(r.date)).reduce((s, r) => s + r.amount, 0n);

        const f = await projectFunds(d.db, p!.id);
        expect(f.initial).toBe(initial);
        expect(f.adjustments).toBe(adjustments);
        expect(f.total).toBe(initial + adjustments);
        expect(f.arrived).toBe(arrived);
        expect(f.spent).toBe(spent);
        expect(f.executionRate).toBe(percent(spent, initial + adjustments));

        // monthly[m]: spent up to the end of month m, and 序时进度 on the total budget as it stood at
        // the end of month m: every entry dated before the first day of the next month (an entry of
        // 2019 counts from January, one of 2021 never), 调减 negative.
        const months = await monthlyExecution(d.db, p!.id);
        expect(months.map((x) => x.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        for (let m = 1; m <= 12; m++) {
          const end = m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`;
          const spentTo = paidRows.filter((r) => inYear(r.date) && r.date < end).reduce((s, r) => s + r.amount, 0n);
          const totalTo = budgets.filter((b) => b.date < end).reduce((s, b) => s + (b.kind === '调减' ? -b.amount : b.amount), 0n);
          const got = months[m - 1]!;
          expect(got.spent).toBe(spentTo);
          expect(got.total).toBe(totalTo);
          expect(got.theoretical).toBe(roundHalfUp(totalTo * BigInt(m), 12n));
          expect(got.rate).toBe(percent(spentTo, totalTo));
          expect(got.theoreticalRate).toBe(totalTo === 0n ? null : twoDecimals(roundHalfUp(BigInt(m) * 10000n, 12n)));
        }
      },
    ), { numRuns: 40 });
    const [c] = await d.db.execute<{ n: number }>(sql`select count(*)::int as n from projects`);
    expect(c!.n).toBeGreaterThanOrEqual(40);
  }, 120_000);
});
