// The bank-statement parser on the layouts banks export: separate 贷方/借方 columns, or one 金额 column
// with a 借贷标志 (or a sign). Money out is never read as a deposit.
import { describe, expect, it } from 'vitest';
import { parseStatement } from './statement';

const csv = (rows: string[][]) => Buffer.from(rows.map((r) => r.join(',')).join('\r\n'), 'utf8');

describe('parseStatement', () => {
  it('reads one 金额 column with a 借贷标志: only 贷 lines are deposits', () => {
    const r = parseStatement(csv([
      ['交易流水号', '交易时间', '对方户名', '对方账号', '金额', '借贷标志'],
      ['S1', '2020-07-20 10:00:00', '甲公司', '6222000011112222', '200000.00', '贷'],
      ['S2', '2020-07-21 11:00:00', '甲公司', '6222000011112222', '200000.00', '借'],
      ['S3', '2020-07-22 09:30:00', '乙公司', '6222000033334444', '50000.00', '收'],
    ]));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.lines.map((l) => [l.bankSerial, l.amount])).toEqual([['S1', 200000_00n], ['S3', 50000_00n]]);
    expect(r.debits).toBe(1);
  });

  it('refuses a 借贷标志 it cannot read, with the row', () => {
    const r = parseStatement(csv([
      ['交易流水号', '交易时间', '对方户名', '对方账号', '金额', '借贷方向'],
      ['S1', '2020-07-20', '甲公司', '6222000011112222', '1000', '转账'],
    ]));
    expect(r).toEqual({ ok: false, errors: ['第 2 行：借贷标志“转账”无法识别（应为“借”或“贷”、“收”或“支”）'] });
  });

  it('skips a negative amount in a single 金额 column as money out', () => {
    const r = parseStatement(csv([
      ['交易流水号', '交易时间', '对方户名', '对方账号', '金额'],
      ['S1', '2020-07-20', '甲公司', '6222000011112222', '-1000.00'],
      ['S2', '2020-07-20', '甲公司', '6222000011112222', '1000.00'],
    ]));
    expect(r.ok && r.lines.map((l) => l.bankSerial)).toEqual(['S2']);
    expect(r.ok && r.debits).toBe(1);
  });

  it('skips a footer without an amount, reads no 标志 beside separate 收入/支出 columns, and refuses a negative credit', () => {
    const r = parseStatement(csv([
      ['交易流水号', '交易时间', '对方户名', '对方账号', '收入金额', '支出金额', '收支'],
      ['S1', '2020-07-20', '甲公司', '6222000011112222', '1000.00', '', ''],
      ['以上数据仅供参考', '', '', '', '', '', ''],
    ]));
    expect(r.ok && r.lines.map((l) => l.bankSerial)).toEqual(['S1']);
    const reversal = parseStatement(csv([
      ['交易流水号', '交易时间', '对方户名', '对方账号', '贷方金额'],
      ['S1', '2020-07-20', '甲公司', '6222000011112222', '-1000.00'],
    ]));
    expect(reversal.ok).toBe(false);
    const marked = parseStatement(csv([
      ['交易流水号', '交易时间', '对方户名', '对方账号', '金额', '借贷标志'],
      ['S1', '2020-07-20', '甲公司', '6222000011112222', '－1000.00', '贷'],
    ]));
    expect(marked.ok).toBe(false);
  });
});
