import { describe, expect, it } from 'vitest';
import { collectorProblem, scheduleStatus } from './rules';

const plan = [{ seq: 1, dueOn: '2020-08-20', amount: 600n }, { seq: 2, dueOn: '2021-07-20', amount: 400n }];

describe('scheduleStatus', () => {
  it('fills the instalments in order with the payments made by the day', () => {
    const s = scheduleStatus(plan, [{ amount: 200n, on: '2020-08-01' }, { amount: 500n, on: '2020-08-25' }, { amount: 300n, on: '2021-08-01' }], '2021-07-21');
    expect(s.map((x) => [x.paid, x.outstanding, x.settledOn, x.lateDays, x.overdueDays])).toEqual([
      [600n, 0n, '2020-08-25', 5, 0],
      [100n, 300n, null, 0, 1],
    ]);
    const later = scheduleStatus(plan, [{ amount: 200n, on: '2020-08-01' }, { amount: 500n, on: '2020-08-25' }, { amount: 300n, on: '2021-08-01' }], '2021-08-01');
    expect(later[1]).toMatchObject({ paid: 400n, outstanding: 0n, settledOn: '2021-08-01', lateDays: 12, overdueDays: 0 });
  });

  it('shows nothing overdue on the due day itself', () => {
    expect(scheduleStatus(plan, [], '2020-08-20')[0]!.overdueDays).toBe(0);
    expect(scheduleStatus(plan, [], '2020-08-21')[0]!.overdueDays).toBe(1);
  });
});

describe('collectorProblem', () => {
  it('wants the 国库 before 2022 and the 税务 from 2022-01-01', () => {
    expect(collectorProblem('国库', '2021-12-31')).toBeNull();
    expect(collectorProblem('税务', '2022-01-01')).toBeNull();
    expect(collectorProblem('国库', '2022-01-01')).toContain('财综〔2021〕19号');
    expect(collectorProblem('税务', '2021-12-31')).toContain('应登记为“国库”');
  });
});
