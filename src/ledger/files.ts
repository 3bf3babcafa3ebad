// Reading a ledger: one .xlsx workbook or several `<sheet>.csv` files become Grids — the rows of each
// sheet as cell texts by column position. Where the table starts and what its columns mean is the
// layout's business (layout.ts), not this file's.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type ExcelJS from 'exceljs';
import { CsvError, parseCsv } from './csv';
import type { ImportError, ImportFile } from './types';

/** An .xlsx file, a .csv file, or a folder of `<sheet>.csv` files (other files in it are ignored). */
export async function readLedgerPath(path: string): Promise<ImportFile[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [{ name: basename(path), data: await readFile(path) }];
  const names = (await readdir(path))
    .filter((name) => !name.startsWith('.') && extname(name).toLowerCase() === '.csv')
    .sort();
  return Promise.all(names.map(async (name) => ({ name, data: await readFile(join(path, name)) })));
}

/** One cell as read: its text, or why it could not be read. A CSV cell is always a text. */
export type GridCell = string | { error: string };
/** A row with something in it, cells by column position (0 = column A); a hole is an empty cell. */
export interface GridRow { rowNumber: number; cells: (GridCell | undefined)[] }
/** One sheet as it is in the file, before any meaning is given to it. `notes`: how it was read (encoding). */
export interface Grid { sheet: string; file: string; rows: GridRow[]; notes: string[] }

/**
 * One sheet of the files, read when asked: a `<sheet>.csv` is decoded and parsed only then, so an
 * import of 100,000 rows holds the rows of the sheet it is applying, not of every sheet at once.
 * `read` reports its problems into `errors` and returns null when the file gives no sheet.
 */
export interface SheetSource { sheet: string; file: string; read(errors: ImportError[]): Grid | null }

/** Every sheet of the files, read at once (tests and tools; the import reads them lazily). */
export async function readGrids(files: ImportFile[]): Promise<{ grids: Grid[]; errors: ImportError[] }> {
  const { sources, errors } = await readSources(files);
  const grids: Grid[] = [];
  for (const source of sources) {
    const grid = source.read(errors);
    if (grid) grids.push(grid);
  }
  return { grids, errors };
}

/** The sheets of the files, a workbook read at once (it is one zip), the CSV files not yet. */
export async function readSources(files: ImportFile[]): Promise<{ sources: SheetSource[]; errors: ImportError[] }> {
  const out = { sources: [] as SheetSource[], errors: [] as ImportError[] };
  for (const file of files) out.sources.push(...await sourcesOf(file, out.errors));
  return out;
}

async function sourcesOf(file: ImportFile, errors: ImportError[]): Promise<SheetSource[]> {
  // Browsers may send a path; Windows ones use backslashes.
  const name = file.name.split(/[\\/]/).pop()!.normalize('NFC');
  const ext = extname(name).toLowerCase();
  if (ext === '.xlsx') {
    const grids = await readWorkbook(name, file.data, errors);
    return grids.map((grid) => ({ sheet: grid.sheet, file: name, read: () => grid }));
  }
  if (ext === '.csv') {
    return [{ sheet: name.slice(0, -'.csv'.length), file: name, read: (into) => readCsvFile(name, file.data, into) }];
  }
  errors.push(fileError(name, `无法识别的文件“${name}”：应为 .xlsx 工作簿或以工作表命名的 .csv 文件`));
  return [];
}

function fileError(sheet: string, message: string, value = ''): ImportError {
  return { sheet, row: 0, column: '', value, message };
}

/**
 * A CSV's text: UTF-8 (with or without a BOM), else GB18030 — what Excel and WPS on a Chinese
 * Windows save as "CSV (逗号分隔)"; GB18030 contains GBK and GB2312. A file that is neither is refused,
 * never read as mojibake.
 */
export function decodeCsv(data: Buffer): { text: string; encoding: 'UTF-8' | 'GB18030' } | null {
  const bom = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bom ? data.subarray(3) : data), encoding: 'UTF-8' };
  } catch {
    // Not UTF-8: try GB18030 below.
  }
  try {
    return { text: new TextDecoder('gb18030', { fatal: true }).decode(data), encoding: 'GB18030' };
  } catch {
    return null;
  }
}

function readCsvFile(name: string, data: Buffer, errors: ImportError[]): Grid | null {
  const sheet = name.slice(0, -'.csv'.length);
  const decoded = decodeCsv(data);
  if (!decoded) {
    errors.push(fileError(sheet, `文件“${name}”的编码无法识别（既不是 UTF-8 也不是 GB18030/GBK），请在 Excel 中另存为“CSV UTF-8（逗号分隔）”`));
    return null;
  }
  let records: string[][];
  try {
    records = parseCsv(decoded.text);
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    errors.push({ sheet, row: e.record, column: '', value: '', message: e.message });
    return null;
  }
  const rows: GridRow[] = [];
  records.forEach((cells, i) => { if (cells.some((c) => c !== '')) rows.push({ rowNumber: i + 1, cells }); });
  return { sheet, file: name, rows, notes: decoded.encoding === 'UTF-8' ? [] : [`文件“${name}”按 ${decoded.encoding}（GBK）编码读取`] };
}

async function readWorkbook(name: string, data: Buffer, errors: ImportError[]): Promise<Grid[]> {
  // Loaded on first use: a CSV import (the CLI's usual case) need not pay its start-up and memory.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(data as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  } catch {
    errors.push(fileError('', `无法读取 Excel 文件“${name}”：文件已损坏或不是 .xlsx 格式（.xls 请先另存为 .xlsx）`, name));
    return [];
  }
  const grids: Grid[] = [];
  wb.eachSheet((ws) => {
    const rows: GridRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: GridRow['cells'] = [];
      let any = false;
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        // A merged range keeps its value in its first cell; exceljs gives every other cell of the
        // range that value again, which would read a title merged over twelve columns twelve times.
        if (cell.type === Excel.ValueType.Merge) return;
        const c = cellText(cell.value);
        if (typeof c === 'string' && c.trim() === '') return;
        cells[col - 1] = c;
        any = true;
      });
      if (any) rows.push({ rowNumber, cells });
    });
    // A workbook often carries an untouched "Sheet1"; an empty sheet holds nothing to lose.
    if (rows.length === 0) return;
    grids.push({ sheet: ws.name.trim().normalize('NFC'), file: name, rows, notes: [] });
  });
  return grids;
}

/** The text of one Excel cell, as the ledger format reads it. */
export function cellText(v: ExcelJS.CellValue): GridCell {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') {
    // String(n) is the shortest exact decimal form of the double Excel stored; an exponent
    // form means the number is beyond what can be read digit for digit.
    const s = String(v);
    if (/e/i.test(s)) return { error: `数字 ${s} 无法按原样读取，请将该单元格设为文本格式后重新填写` };
    return s;
  }
  if (v instanceof Date) {
    // exceljs gives date cells as the calendar date at 00:00 UTC.
    if (Number.isNaN(v.getTime())) return { error: '日期单元格的值无效' };
    const y = v.getUTCFullYear();
    const m = String(v.getUTCMonth() + 1).padStart(2, '0');
    const d = String(v.getUTCDate()).padStart(2, '0');
    return `${y}-${m}-${d}`;
  }
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('hyperlink' in v) return cellText(v.text as ExcelJS.CellValue);
  if ('formula' in v || 'sharedFormula' in v) {
    if (v.result === undefined) return { error: '公式没有保存计算结果，请在 Excel 中打开并保存后再导入' };
    return cellText(v.result);
  }
  if ('error' in v) return { error: `单元格为错误值 ${v.error}` };
  return { error: '无法识别的单元格内容' };
}
