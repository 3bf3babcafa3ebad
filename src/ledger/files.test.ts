import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGrids, readLedgerPath } from './files';

const csv = (name: string, text: string) => ({ name, data: Buffer.from(text, 'utf8') });

describe('readGrids', () => {
  it('reads a CSV with a BOM as it is: rows with something in them, numbered as Excel shows them', async () => {
    const { grids, errors } = await readGrids([csv('交易中心.csv', '\uFEFF编码, 名称 ,级别\r\nSC, 四川 ,省\r\n,,\r\n\r\nGY,广元,市\r\n')]);
    expect(errors).toEqual([]);
    expect(grids).toEqual([{
      sheet: '交易中心', file: '交易中心.csv', notes: [],
      rows: [
        { rowNumber: 1, cells: ['编码', ' 名称 ', '级别'] }, { rowNumber: 2, cells: ['SC', ' 四川 ', '省'] }, { rowNumber: 5, cells: ['GY', '广元', '市'] },
      ],
    }]);
  });

  it('reads a CSV saved in GB18030 (GBK) and says so', async () => {
    const gbk = Buffer.from([0xb1, 0xe0, 0xc2, 0xeb, 0x2c, 0xc3, 0xfb, 0xb3, 0xc6, 0x0a, 0x47, 0x59, 0x2c, 0xb9, 0xe3, 0xd4, 0xaa, 0x0a]);
    const { grids, errors } = await readGrids([{ name: '交易中心.csv', data: gbk }]);
    expect(errors).toEqual([]);
    expect(grids[0]!.rows.map((r) => r.cells)).toEqual([['编码', '名称'], ['GY', '广元']]);
    expect(grids[0]!.notes).toEqual(['文件“交易中心.csv”按 GB18030（GBK）编码读取']);
  });

  it('reports a CSV quoting error on its record', async () => {
    const { errors } = await readGrids([csv('出让公告.csv', 'a\n"b\n')]);
    expect(errors.map(({ sheet, row, column, value }) => ({ sheet, row, column, value }))).toEqual([{ sheet: '出让公告', row: 2, column: '', value: '' }]);
  });

  it('reads every non-empty worksheet of a workbook, a merged range once, and ignores an untouched sheet', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('标的');
    ws.getCell('A1').value = '2022年标的台账';
    ws.mergeCells('A1:D1');
    ws.addRow(['中心编码', '起始价', '有效期', '名称']);
    ws.addRow(['GY', 38450000.5, new Date(Date.UTC(2025, 11, 31)), { richText: [{ text: '地块' }, { text: '一' }] }]);
    ws.addRow([]);
    ws.addRow(['GY', 1e21, null, '二']);
    wb.addWorksheet('Sheet1');
    const { grids, errors } = await readGrids([{ name: 'ledger.xlsx', data: Buffer.from(await wb.xlsx.writeBuffer()) }]);
    expect(errors).toEqual([]);
    expect(grids.map((t) => t.sheet)).toEqual(['标的']);
    expect(grids[0]!.rows).toEqual([
      { rowNumber: 1, cells: ['2022年标的台账'] },
      { rowNumber: 2, cells: ['中心编码', '起始价', '有效期', '名称'] },
      { rowNumber: 3, cells: ['GY', '38450000.5', '2025-12-31', '地块一'] },
      { rowNumber: 5, cells: ['GY', { error: expect.stringContaining('数字 1e+21 无法按原样读取') }, undefined, '二'] },
    ]);
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
