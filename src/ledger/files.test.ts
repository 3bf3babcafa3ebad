import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLedgerPath, readTables } from './files';

const csv = (name: string, text: string) => ({ name, data: Buffer.from(text, 'utf8') });

describe('readTables', () => {
  it('reads a CSV with a BOM: header row 1, trimmed cells, blank rows skipped, row numbers as Excel shows them', async () => {
    const { tables, errors } = await readTables([csv('交易中心.csv', '\uFEFF编码, 名称 ,级别\r\nSC, 四川 ,省\r\n,,\r\n\r\nGY,广元,市\r\n')]);
    expect(errors).toEqual([]);
    expect(tables).toEqual([{
      sheet: '交易中心', file: '交易中心.csv', headers: ['编码', '名称', '级别'],
      rows: [{ rowNumber: 2, cells: { 编码: 'SC', 名称: '四川', 级别: '省' } }, { rowNumber: 5, cells: { 编码: 'GY', 名称: '广元', 级别: '市' } }],
    }]);
  });

  it('gives back a text our CSV export protected from spreadsheet formulas', async () => {
    const { tables } = await readTables([csv('拍卖机构.csv', "名称,联系电话\n甲,'+86 0839 1234567\n")]);
    expect(tables[0]!.rows[0]!.cells['联系电话']).toBe('+86 0839 1234567');
  });

  it('reports a repeated header, a value under no header and a CSV quoting error', async () => {
    const { errors } = await readTables([
      csv('标的.csv', '中心编码,中心编码,\nGY,GY,x\n'),
      csv('出让公告.csv', 'a\n"b\n'),
    ]);
    expect(errors.map(({ sheet, row, column, value }) => ({ sheet, row, column, value }))).toEqual([
      { sheet: '标的', row: 1, column: '中心编码', value: '中心编码' },
      { sheet: '标的', row: 2, column: '', value: 'x' },
      { sheet: '出让公告', row: 2, column: '', value: '' },
    ]);
  });

  it('reads every non-empty worksheet of a workbook and ignores an untouched one', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('标的');
    ws.addRow(['中心编码', '起始价', '有效期', '名称']);
    ws.addRow(['GY', 38450000.5, new Date(Date.UTC(2025, 11, 31)), { richText: [{ text: '地块' }, { text: '一' }] }]);
    ws.addRow([]);
    ws.addRow(['GY', 1e21, null, '二']);
    wb.addWorksheet('Sheet1');
    const { tables, errors } = await readTables([{ name: 'ledger.xlsx', data: Buffer.from(await wb.xlsx.writeBuffer()) }]);
    expect(tables.map((t) => t.sheet)).toEqual(['标的']);
    expect(tables[0]!.rows).toEqual([
      { rowNumber: 2, cells: { 中心编码: 'GY', 起始价: '38450000.5', 有效期: '2025-12-31', 名称: '地块一' } },
      { rowNumber: 4, cells: { 中心编码: 'GY', 名称: '二' }, unreadable: ['起始价'] },
    ]);
    expect(errors).toEqual([{ sheet: '标的', row: 4, column: '起始价', value: '', message: expect.stringContaining('数字 1e+21 无法按原样读取') }]);
  });

  it('requires the header in row 1', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('标的');
    ws.getCell('A3').value = '中心编码';
    const { errors } = await readTables([{ name: 'x.xlsx', data: Buffer.from(await wb.xlsx.writeBuffer()) }]);
    expect(errors).toEqual([{ sheet: '标的', row: 1, column: '', value: '', message: '第 1 行应为列标题' }]);
  });
});

describe('readLedgerPath', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledger-files-'));
    await writeFile(join(dir, '标的.csv'), '中心编码\nGY\n');
    await writeFile(join(dir, '交易中心.CSV'), '编码\nGY\n');
    await writeFile(join(dir, 'README.md'), 'not a sheet');
    await writeFile(join(dir, '.~lock.标的.csv#'), '');
  });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('reads the .csv files of a folder and nothing else', async () => {
    const files = await readLedgerPath(dir);
    expect(files.map((f) => f.name).sort()).toEqual(['交易中心.CSV', '标的.csv']);
    expect(files.find((f) => f.name === '标的.csv')!.data.toString()).toBe('中心编码\nGY\n');
  });

  it('reads a single file as it is', async () => {
    expect((await readLedgerPath(join(dir, 'README.md'))).map((f) => f.name)).toEqual(['README.md']);
  });
});
