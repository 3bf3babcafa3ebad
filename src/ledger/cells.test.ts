import { describe, expect, it } from 'vitest';
import { canonicalDecimal, creditCode, date, decimal, integer, list, money, oneOf, splitList } from './cells';
import { cellText } from './files';

const value = <T>(p: { ok: true; value: T } | { ok: false; error: string }) => (p.ok ? p.value : `ERR ${p.error}`);

describe('cell parsers', () => {
  it('money: 元 in the three accepted spellings, to 分', () => {
    expect(value(money('12345.67', '起始价'))).toBe(1234567n);
    expect(value(money('12,345.67', '起始价'))).toBe(1234567n);
    expect(value(money('¥12,345.67', '起始价'))).toBe(1234567n);
    expect(value(money('8000', '起始价'))).toBe(800000n);
    expect(value(money('1.234', '起始价'))).toBe('ERR 金额最多两位小数（精确到分）');
    expect(value(money('1e5', '起始价'))).toMatch(/^ERR 金额格式不正确/);
    expect(value(money('-5', '起始价'))).toMatch(/^ERR /);
  });

  it('date: YYYY-MM-DD and YYYY/M/D, real calendar dates only', () => {
    expect(value(date('2020-03-25', '成交日期'))).toBe('2020-03-25');
    expect(value(date('2020/3/5', '成交日期'))).toBe('2020-03-05');
    expect(value(date('2020-02-30', '成交日期'))).toMatch(/^ERR 成交日期日期格式不正确/);
    expect(value(date('25.03.2020', '成交日期'))).toMatch(/^ERR /);
  });

  it('integer within bounds', () => {
    expect(value(integer(1, 999)('2', '场次'))).toBe(2);
    expect(value(integer(1, 999)('0', '场次'))).toBe('ERR 场次应在 1 到 999 之间');
    expect(value(integer(1, 999)('1.5', '场次'))).toBe('ERR 场次应为整数');
    expect(value(integer(1, 999)('-1', '场次'))).toBe('ERR 场次应为整数');
  });

  it('decimal: canonical text, scale and size limits', () => {
    const area = decimal({ scale: 4, intDigits: 14 });
    expect(value(area('8000.0000', '面积'))).toBe('8000');
    expect(value(area('8,000.50', '面积'))).toBe('8000.5');
    expect(value(area('1.23456', '面积'))).toBe('ERR 面积最多 4 位小数');
    expect(value(area('1.23450', '面积'))).toBe('1.2345');
    expect(value(area('123456789012345', '面积'))).toMatch(/^ERR 面积数值过大/);
    expect(value(area('abc', '面积'))).toMatch(/^ERR 面积应为不小于 0 的数字/);
  });

  it('canonicalDecimal makes 8000 and 8000.0000 equal', () => {
    expect(canonicalDecimal('8000.0000')).toBe('8000');
    expect(canonicalDecimal('0.50')).toBe('0.5');
    expect(canonicalDecimal('000')).toBe('0');
    expect(canonicalDecimal('0.0')).toBe('0');
    expect(canonicalDecimal('007.10')).toBe('7.1');
  });

  it('oneOf lists the allowed values in its message', () => {
    const level = oneOf(['省', '市', '县'] as const);
    expect(value(level('市', '级别'))).toBe('市');
    expect(value(level('区', '级别'))).toBe('ERR 级别只能是 省、市、县 之一');
  });

  it('lists split on 、 and ; (and ；), refuse repeats', () => {
    expect(splitList('A、B;C；D')).toEqual(['A', 'B', 'C', 'D']);
    expect(value(list('GY-1、 GY-2 ;', '标的编号'))).toEqual(['GY-1', 'GY-2']);
    expect(value(list('GY-1、GY-1', '标的编号'))).toBe('ERR 标的编号中 GY-1 重复出现');
    expect(value(list('、;', '标的编号'))).toMatch(/^ERR 标的编号至少应有一项/);
  });

  it('credit codes: check digit, normalized to upper case', () => {
    expect(value(creditCode('91510802ma62a3k77q', '统一社会信用代码'))).toBe('91510802MA62A3K77Q');
    expect(value(creditCode('91510802MA62A3K77A', '统一社会信用代码'))).toMatch(/^ERR 统一社会信用代码校验位不符/);
    expect(value(creditCode('9151080', '统一社会信用代码'))).toMatch(/^ERR 统一社会信用代码应为18位/);
  });
});

describe('Excel cell values', () => {
  it('dates by their UTC calendar day', () => {
    expect(cellText(new Date(Date.UTC(2020, 2, 25)))).toBe('2020-03-25');
  });

  it('numbers via String(n), refusing exponent forms', () => {
    expect(cellText(12345.67)).toBe('12345.67');
    expect(cellText(45120000)).toBe('45120000');
    expect(cellText(1e21)).toHaveProperty('error');
    expect(cellText(1e-7)).toHaveProperty('error');
  });

  it('rich text, hyperlinks and formulas by their text or result', () => {
    expect(cellText({ richText: [{ text: '广元' }, { text: '市' }] })).toBe('广元市');
    expect(cellText({ text: '公告', hyperlink: 'http://x' })).toBe('公告');
    expect(cellText({ formula: 'A1*2', result: 9600 })).toBe('9600');
    expect(cellText({ formula: 'A1*2' })).toHaveProperty('error');
    expect(cellText({ error: '#N/A' })).toEqual({ error: '单元格为错误值 #N/A' });
  });
});
