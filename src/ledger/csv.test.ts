import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads plain records with LF, CRLF and a lone CR', () => {
    expect(parseCsv('a,b\nc,d\r\ne,f\rg,h')).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f'], ['g', 'h']]);
  });

  it('does not add a record for the final line break', () => {
    expect(parseCsv('a,b\r\n')).toEqual([['a', 'b']]);
  });

  it('keeps empty fields, also at the end of a line', () => {
    expect(parseCsv('a,,c,\n,,\n')).toEqual([['a', '', 'c', ''], ['', '', '']]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('"x, y","say ""hi""","two\r\nlines",""\n')).toEqual([['x, y', 'say "hi"', 'two\r\nlines', '']]);
  });

  it('keeps an empty line as a record of one empty field (the reader skips it as blank)', () => {
    expect(parseCsv('a\n\nb')).toEqual([['a'], [''], ['b']]);
  });

  it('treats a quote inside an unquoted field as an ordinary character, as Excel does', () => {
    expect(parseCsv('12"3,b')).toEqual([['12"3', 'b']]);
  });

  it('rejects an unclosed quote and text after a closing quote, naming the record', () => {
    expect(() => parseCsv('a\n"b,c\n')).toThrow(CsvError);
    try { parseCsv('a\n"b"x,c'); } catch (e) {
      expect(e).toBeInstanceOf(CsvError);
      expect((e as CsvError).record).toBe(2);
      expect((e as CsvError).message).toContain('第 2 行');
    }
  });

  it('reads Chinese text unchanged', () => {
    expect(parseCsv('编码,名称\nGYZW,广元市政务服务和公共资源交易中心')).toEqual([['编码', '名称'], ['GYZW', '广元市政务服务和公共资源交易中心']]);
  });
});
