import { describe, expect, it } from 'vitest';
import { idNumberError, maskIdNumber } from './id-number';

describe('身份证号码 (GB 11643-1999)', () => {
  it('accepts a number with its check character, X included, in either case', () => {
    // The standard's own example: 11010519491231002X.
    expect(idNumberError('11010519491231002X')).toBeNull();
    expect(idNumberError(' 11010519491231002x ')).toBeNull();
    expect(idNumberError('510802199001011236')).toBeNull();
  });
  it('says what is wrong', () => {
    expect(idNumberError('1101051949123100')).toBe('身份证号码应为18位，当前为16位');
    expect(idNumberError('11010519491231002A')).toContain('最后一位为数字或 X');
    expect(idNumberError('110105194902300021')).toContain('19490230 不是有效日期');
    expect(idNumberError('110105194912310021')).toBe('身份证号码校验位不符（应为 X），请核对');
  });
  it('masks the birth date and sequence', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
  });
});
