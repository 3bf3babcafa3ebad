import { describe, expect, it } from 'vitest';
import { daysBetween, dealPriceProblem, depositProblem, maxTermOf, noticeProblem, termProblem } from './law';

describe('the law a 出让 is held to', () => {
  it('gives each land use its maximum term (国务院令第55号第十二条), a mixed use the longest of its parts', () => {
    expect(maxTermOf('住宅').years).toBe(70);
    expect(maxTermOf('商服').years).toBe(40);
    expect(maxTermOf('工业').years).toBe(50);
    expect(maxTermOf('教育').years).toBe(50);
    expect(maxTermOf('公共管理与公共服务').years).toBe(50);
    expect(maxTermOf('住宅兼容商服').years).toBe(70);
    expect(maxTermOf('商住').years).toBe(70);
    expect(termProblem({ kind: '土地', landUse: '商服', termYears: 40 })).toBeNull();
    expect(termProblem({ kind: '土地', landUse: '商服', termYears: 41 })).toContain('商业、旅游、娱乐用地的最高年限 40 年');
    expect(termProblem({ kind: '土地', landUse: '工业', termYears: 60 })).toContain('国务院令第55号');
    // Not land, or nothing to check.
    expect(termProblem({ kind: '采矿权', landUse: '商服', termYears: 60 })).toBeNull();
    expect(termProblem({ kind: '土地', landUse: null, termYears: 70 })).toBeNull();
  });

  it('holds 房地产用地 to a deposit of 20% of the 起始价, to the 分 (国土资发〔2010〕34号)', () => {
    const p = { kind: '土地', landUse: '住宅', startingPrice: 1_914_000_000n };
    expect(depositProblem({ ...p, deposit: 382_800_000n }, true)).toBeNull();
    expect(depositProblem({ ...p, deposit: 382_799_999n }, true)).toContain('至少 3,828,000.00 元');
    // 20% of 0.03 元 is 0.006 元: at least 0.01 元.
    expect(depositProblem({ ...p, startingPrice: 3n, deposit: 0n }, true)).toContain('至少 0.01 元');
    expect(depositProblem({ ...p, startingPrice: 3n, deposit: 1n }, true)).toBeNull();
    // New work must state it; history that does not is not known to break the rule.
    expect(depositProblem({ ...p, deposit: null }, true)).toContain('房地产用地须填写竞买保证金');
    expect(depositProblem({ ...p, deposit: null }, false)).toBeNull();
    // Industrial land and mineral rights are not 房地产用地.
    expect(depositProblem({ ...p, landUse: '工业', deposit: 0n }, true)).toBeNull();
    expect(depositProblem({ ...p, kind: '采矿权', deposit: 0n }, true)).toBeNull();
  });

  it('counts the notice period of a land round in days (国土资源部令第39号)', () => {
    expect(daysBetween('2020-02-21', '2020-03-12')).toBe(20);
    const round = (mode: string, noticeDate: string, auctionDate: string, kind = '土地') => noticeProblem({ kind, mode, noticeDate, auctionDate });
    expect(round('拍卖', '2020-02-21', '2020-03-12')).toBeNull();
    expect(round('拍卖', '2020-02-22', '2020-03-12')).toContain('仅 19 日');
    expect(round('招标', '2020-02-22', '2020-03-12')).toContain('招标出让公告须至少在招标开始日前20日发布');
    // 挂牌: 20 days to the 挂牌 start and at least 10 days of 挂牌.
    expect(round('挂牌', '2020-07-10', '2020-08-09')).toBeNull();
    expect(round('挂牌', '2020-07-10', '2020-08-08')).toContain('至少 30 日');
    expect(round('挂牌', '2020-08-11', '2020-08-12')).toContain('仅 1 日');
    // Across a leap day and a year end.
    expect(round('拍卖', '2019-12-20', '2020-01-09')).toBeNull();
    expect(round('拍卖', '2020-02-10', '2020-03-01')).toBeNull();
    expect(round('拍卖', '2020-02-11', '2020-03-01')).toContain('仅 19 日');
    // 协议 and mineral rights are not held to this rule here.
    expect(round('协议', '2020-08-11', '2020-08-12')).toBeNull();
    expect(round('挂牌', '2020-08-11', '2020-08-12', '采矿权')).toBeNull();
    expect(noticeProblem({ kind: '土地', mode: '拍卖', noticeDate: null, auctionDate: '2020-08-12' })).toBeNull();
  });

  it('refuses a deal below the 起始价, to the 分', () => {
    expect(dealPriceProblem(1_914_000_000n, 1_914_000_000n)).toBeNull();
    expect(dealPriceProblem(100_000n, 1_914_000_000n)).toBe('成交价 1,000.00 元低于起始价 19,140,000.00 元：成交价不得低于起始价');
    expect(dealPriceProblem(1_913_999_999n, 1_914_000_000n)).toContain('19,139,999.99');
    expect(dealPriceProblem(null, 1n)).toBeNull();
  });
});
