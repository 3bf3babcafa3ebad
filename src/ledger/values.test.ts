import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenToYuan } from '../lib/money';
import { asciiForm, parseAmountText, parseDateText, parseIntegerText, serialDate } from './values';

const fen = (s: string, o?: Parameters<typeof parseAmountText>[1]) => {
  const p = parseAmountText(s, o);
  return p.ok ? p.value : `ERR ${p.error}`;
};

describe('dates as people type them', () => {
  it('reads every spelling of 2022-03-15', () => {
    for (const s of ['2022-03-15', '2022-3-15', '2022/3/15', '2022.3.15', '2022年3月15日', '2022 年 3 月 15 日', '2022年3月15',
      '20220315', '２０２２年３月１５日', '２０２２－０３－１５', '2022/3/15 0:00', '2022-03-15 00:00:00', '44635']) {
      expect(parseDateText(s), s).toBe('2022-03-15');
    }
  });

  it('refuses what is not a real date, mixed separators and serials outside the years a ledger holds', () => {
    for (const s of ['2022-02-30', '2022-3/15', '15.03.2022', '2022年13月1日', '3月15日', '12345', '5', '2022', '']) {
      expect(parseDateText(s), s).toBeNull();
    }
  });

  it('serial days follow Excel: 1990-01-01 is 32874, 2022-03-15 is 44635, 2200-12-31 is 109939', () => {
    expect(serialDate(32873)).toBeNull();
    expect(serialDate(32874)).toBe('1990-01-01');
    expect(serialDate(109_939)).toBe('2200-12-31');
    expect(serialDate(109_940)).toBeNull();
    expect(parseDateText('109939')).toBe('2200-12-31');
    expect(parseDateText('109940')).toBeNull();
    expect(serialDate(44635)).toBe('2022-03-15');
    expect(serialDate(44636.5)).toBeNull();
  });
});

describe('amounts as people type them', () => {
  it('reads 元 in every spelling', () => {
    for (const s of ['300000', '300000.00', '300,000.00', '¥300,000', '￥300000', '３０００００', '３００，０００．００', '300000元', '300,000.00 元', '30万元', '30万', '30.0000万元']) {
      expect(fen(s), s).toBe(30_000_000n);
    }
  });

  it('converts 万元 exactly: 320.5万元 = 3,205,000.00 元, 0.000001万元 = 1 分', () => {
    expect(fen('320.5万元')).toBe(320_500_000n);
    expect(fen('0.000001万元')).toBe(1n);
    expect(fen('320.5', { unit: '万元' })).toBe(320_500_000n);
    // A unit in the cell wins over the column's.
    expect(fen('3205000元', { unit: '万元' })).toBe(320_500_000n);
    expect(fen('0.0000001万元')).toBe('ERR 以万元为单位的金额最多六位小数（精确到分）');
    expect(fen('1.234')).toBe('ERR 金额最多两位小数（精确到分）');
  });

  it('negatives only where allowed, with any minus sign', () => {
    expect(fen('-600.00', { allowNegative: true })).toBe(-60_000n);
    expect(fen('−0.06万元', { allowNegative: true })).toBe(-60_000n);
    expect(fen('－600', { allowNegative: true })).toBe(-60_000n);
    expect(fen('-600')).toBe('ERR 金额不能为负数');
  });

  it('refuses what is not an amount', () => {
    for (const s of ['1e5', '12,34.5', '三百元', '1.2.3', '元', '¥', '1,0000', '']) expect(String(fen(s)), s).toMatch(/^ERR 金额格式不正确/);
    expect(fen('1000000000000000')).toBe('ERR 金额过大');
  });

  it('gives back every amount it writes, in 元 and in 万元', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 16n }), (f) => {
      expect(fen(fenToYuan(f))).toBe(f);
      const wan = `${f / 1_000_000n}.${(f % 1_000_000n).toString().padStart(6, '0')}万元`;
      expect(fen(wan)).toBe(f);
    }), { numRuns: 2000 });
  });
});

describe('other numbers', () => {
  it('integers with the words around them', () => {
    expect(parseIntegerText('２０２２')).toBe(2022);
    expect(parseIntegerText('2022年')).toBe(2022);
    expect(parseIntegerText('第2场')).toBe(2);
    expect(parseIntegerText('2.5')).toBeNull();
  });

  it('asciiForm turns full-width forms into ASCII and leaves Chinese text alone', () => {
    expect(asciiForm('（万元）：１２，３４５．６７')).toBe('(万元):12,345.67');
    expect(asciiForm('广元市')).toBe('广元市');
  });
});
