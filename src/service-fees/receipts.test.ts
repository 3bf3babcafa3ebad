// allocateRemittances and remitDueOn (src/service-fees/receipts.ts): the one rule for what of the
// 交易服务费 collected was remitted, and by when it was due.
import { describe, expect, it } from 'vitest';
import { allocateRemittances, remitDueOn } from './receipts';

let nextId = 1;
const receipt = (amount: bigint, collectedOn: string, reversesId: number | null = null) => ({
  receipt: { id: nextId++, centerId: 1, transferId: 1, invoiceNo: `FP-${nextId}`, amount, invoicedOn: collectedOn, collectedOn, reversesId, reason: reversesId ? '录错' : null, createdBy: null, createdAt: new Date() },
  centerId: 1, transferId: 1, code: 'X-1', name: 'x', kind: '土地' as const, dealDate: '2020-01-01',
  schedule: { remitRule: '收款后天数' as const, remitDays: 10 } as never,
});
const on = (day: string, amount: bigint) => ({ on: day, amount });

describe('allocateRemittances', () => {
  it('covers receipts first collected first, partly, and dates each by the remittance that completes it', () => {
    const a = receipt(100n, '2020-03-01');
    const b = receipt(100n, '2020-03-02');
    const { statuses, surplus } = allocateRemittances([b, a], [on('2020-03-05', 150n), on('2020-03-20', 50n)], '2020-12-31');
    expect(statuses.map((s) => [s.receipt.id, s.remitted, s.remittedOn, s.dueOn, s.onTime])).toEqual([
      [a.receipt.id, 100n, '2020-03-05', '2020-03-11', true], [b.receipt.id, 100n, '2020-03-20', '2020-03-12', false],
    ]);
    expect(surplus).toBe(0n);
  });

  it('never lets money remitted before a collection cover it: that is surplus, and the receipt is overdue', () => {
    const a = receipt(100n, '2020-03-01');
    const { statuses, surplus } = allocateRemittances([a], [on('2020-01-05', 100n)], '2020-06-30');
    expect(statuses[0]).toMatchObject({ remitted: 0n, remittedOn: null, onTime: false, overdueDays: 111 });
    expect(surplus).toBe(100n);
  });

  it('drops a reversed receipt from its 冲销 day on, without moving its remittance onto a later one', () => {
    const a = receipt(100n, '2020-01-01');
    const rev = receipt(-100n, '2020-02-01', a.receipt.id);
    const b = receipt(100n, '2020-03-01');
    const all = [a, rev, b];
    const after = allocateRemittances(all, [on('2020-01-05', 100n)], '2020-06-30');
    expect(after.statuses.find((s) => s.receipt.id === a.receipt.id)).toMatchObject({ reversal: rev.receipt, remitted: 0n, onTime: null });
    expect(after.statuses.find((s) => s.receipt.id === b.receipt.id)).toMatchObject({ remitted: 0n, onTime: false });
    expect(after.surplus).toBe(100n);
    // Before the 冲销's day the receipt stands, remitted on time.
    const before = allocateRemittances(all, [on('2020-01-05', 100n)], '2020-01-31');
    expect(before.statuses.map((s) => [s.receipt.id, s.remitted, s.onTime])).toEqual([[a.receipt.id, 100n, true]]);
  });

  it('counts a remittance on the day of the collection, and leaves a receipt without a 时限 out of on-time judgement', () => {
    const a = { ...receipt(100n, '2020-03-01'), schedule: null };
    const { statuses } = allocateRemittances([a], [on('2020-03-01', 100n)], '2020-12-31');
    expect(statuses[0]).toMatchObject({ remitted: 100n, remittedOn: '2020-03-01', dueOn: null, onTime: null, overdueDays: 0 });
  });
});

describe('remitDueOn', () => {
  it('counts days after the collection, or day N of the month after its quarter (the month\'s last day when shorter)', () => {
    expect(remitDueOn({ remitRule: '收款后天数', remitDays: 10 }, '2020-12-25')).toBe('2021-01-04');
    expect(remitDueOn({ remitRule: '按季', remitDays: 15 }, '2020-03-31')).toBe('2020-04-15');
    expect(remitDueOn({ remitRule: '按季', remitDays: 15 }, '2020-04-01')).toBe('2020-07-15');
    expect(remitDueOn({ remitRule: '按季', remitDays: 31 }, '2020-02-10')).toBe('2020-04-30');
    expect(remitDueOn({ remitRule: '按季', remitDays: 31 }, '2020-11-10')).toBe('2021-01-31');
    expect(remitDueOn({ remitRule: '按季', remitDays: 30 }, '2020-05-10')).toBe('2020-07-30');
    expect(remitDueOn({ remitRule: null, remitDays: null }, '2020-05-10')).toBeNull();
  });
});
