// Reading a ledger: one .xlsx workbook or several `<sheet>.csv` files become Tables of trimmed
// cell texts. Meaning (which sheets and columns exist) is the engine's business, not this file's.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type ExcelJS from 'exceljs';
import { CsvError, parseCsv } from './csv';
import type { ImportError, ImportFile, Table } from './types';

/** An .xlsx file, a .csv file, or a folder of `<sheet>.csv` files (other files in it are ignored). */
export async function readLedgerPath(path: string): Promise<ImportFile[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [{ name: basename(path), data: await readFile(path) }];
  const names = (await readdir(path))
    .filter((name) => !name.startsWith('.') && extname(name).toLowerCase() === '.csv')
    .sort();
  return Promise.all(names.map(async (name) => ({ name, data: await readFile(join(path, name)) })));
}

export interface ReadResult { tables: Table[]; errors: ImportError[] }

/**
 * One sheet of the files, read when asked: a `<sheet>.csv` is decoded and parsed only then, so an
 * import of 100,000 rows holds the rows of the sheet it is applying, not of every sheet at once.
 * `read` reports its problems into `errors` and returns null when the file gives no table.
 */
export interface SheetSource { sheet: string; file: string; read(errors: ImportError[]): Table | null }

export async function readTables(files: ImportFile[]): Promise<ReadResult> {
  const out: ReadResult = { tables: [], errors: [] };
  for (const file of files) {
    for (const source of await sourcesOf(file, out.errors)) {
      const table = source.read(out.errors);
      if (table) out.tables.push(table);
    }
  }
  return out;
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
    const out: ReadResult = { tables: [], errors };
    await readWorkbook(name, file.data, out);
    return out.tables.map((table) => ({ sheet: table.sheet, file: name, read: () => table }));
  }
  if (ext === '.csv') {
    return [{
      sheet: name.slice(0, -'.csv'.length), file: name,
      read: (into) => {
        const out: ReadResult = { tables: [], errors: into };
        readCsvFile(name, file.data, out);
        return out.tables[0] ?? null;
      },
    }];
  }
  errors.push(fileError(name, `无法识别的文件“${name}”：应为 .xlsx 工作簿或以工作表命名的 .csv 文件`));
  return [];
}

function fileError(sheet: string, message: string, value = ''): ImportError {
  return { sheet, row: 0, column: '', value, message };
}

function readCsvFile(name: string, data: Buffer, out: ReadResult) {
  const sheet = name.slice(0, -'.csv'.length);
  let text: string;
  try {
    // fatal: a GBK file saved by older Excel must be refused, not read as mojibake.
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    out.errors.push(fileError(sheet, `文件“${name}”不是 UTF-8 编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”`));
    return;
  }
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    out.errors.push({ sheet, row: e.record, column: '', value: '', message: e.message });
    return;
  }
  // A CSV cell is always text: the grid keeps the parser's strings rather than wrap each one.
  const grid = records.map((cells, i) => ({ rowNumber: i + 1, cells }));
  out.tables.push(toTable(sheet, name, grid, out.errors));
}

type GridCell = { text: string } | { error: string };
interface GridRow { rowNumber: number; cells: (GridCell | string)[] }

async function readWorkbook(name: string, data: Buffer, out: ReadResult) {
  // Loaded on first use: a CSV import (the CLI's usual case) need not pay its start-up and memory.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(data as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  } catch {
    out.errors.push(fileError('', `无法读取 Excel 文件“${name}”：文件已损坏或不是 .xlsx 格式（.xls 请先另存为 .xlsx）`, name));
    return;
  }
  wb.eachSheet((ws) => {
    const grid: GridRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: GridCell[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => { cells[col - 1] = cellText(cell.value); });
      for (let i = 0; i < cells.length; i++) cells[i] ??= { text: '' };
      grid.push({ rowNumber, cells });
    });
    // A workbook often carries an untouched "Sheet1"; an empty sheet holds nothing to lose.
    if (grid.length === 0) return;
    out.tables.push(toTable(ws.name.trim().normalize('NFC'), name, grid, out.errors));
  });
}

/** The text of one Excel cell, as the ledger format reads it. */
export function cellText(v: ExcelJS.CellValue): GridCell {
  if (v === null || v === undefined) return { text: '' };
  if (typeof v === 'string') return { text: v };
  if (typeof v === 'boolean') return { text: v ? 'TRUE' : 'FALSE' };
  if (typeof v === 'number') {
    // String(n) is the shortest exact decimal form of the double Excel stored; an exponent
    // form means the number is beyond what can be read digit for digit.
    const s = String(v);
    if (/e/i.test(s)) return { error: `数字 ${s} 无法按原样读取，请将该单元格设为文本格式后重新填写` };
    return { text: s };
  }
  if (v instanceof Date) {
    // exceljs gives date cells as the calendar date at 00:00 UTC.
    if (Number.isNaN(v.getTime())) return { error: '日期单元格的值无效' };
    const y = v.getUTCFullYear();
    const m = String(v.getUTCMonth() + 1).padStart(2, '0');
    const d = String(v.getUTCDate()).padStart(2, '0');
    return { text: `${y}-${m}-${d}` };
  }
  if ('richText' in v) return { text: v.richText.map((r) => r.text).join('') };
  if ('hyperlink' in v) return cellText(v.text as ExcelJS.CellValue);
  if ('formula' in v || 'sharedFormula' in v) {
    if (v.result === undefined) return { error: '公式没有保存计算结果，请在 Excel 中打开并保存后再导入' };
    return cellText(v.result);
  }
  if ('error' in v) return { error: `单元格为错误值 ${v.error}` };
  return { error: '无法识别的单元格内容' };
}

/** Row 1 is the header; blank rows are skipped; cells are trimmed. */
function toTable(sheet: string, file: string, grid: GridRow[], errors: ImportError[]): Table {
  const table: Table = { sheet, file, headers: [], rows: [] };
  const first = grid[0];
  if (!first || first.rowNumber !== 1 || first.cells.every((c) => (typeof c === 'string' ? c : 'text' in c ? c.text : null)?.trim() === '')) {
    errors.push({ sheet, row: 1, column: '', value: '', message: '第 1 行应为列标题' });
    return table;
  }
  const headers = first.cells.map((c) => (typeof c === 'string' ? c : 'text' in c ? c.text : null)?.trim().normalize('NFC') ?? '');
  headers.forEach((h, i) => {
    if (h !== '' && headers.indexOf(h) !== i) errors.push({ sheet, row: 1, column: h, value: h, message: `列标题“${h}”重复` });
  });
  table.headers = headers.filter((h, i) => h !== '' && headers.indexOf(h) === i);
  for (const row of grid.slice(1)) {
    const cells: Record<string, string> = {};
    let unreadable: string[] | undefined;
    let blank = true;
    row.cells.forEach((c, i) => {
      const header = headers[i] ?? '';
      if (typeof c !== 'string' && 'error' in c) {
        errors.push({ sheet, row: row.rowNumber, column: header, value: '', message: c.error });
        // Already reported: the engine must not also call the cell empty.
        if (header !== '') (unreadable ??= []).push(header);
        blank = false;
        return;
      }
      const text = unescapeFormula((typeof c === 'string' ? c : c.text).trim());
      if (text === '') return;
      blank = false;
      // PostgreSQL text cannot hold NUL; other control characters in a ledger are typos too.
      if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) {
        errors.push({ sheet, row: row.rowNumber, column: header, value: text.replace(/[\u0000-\u001f\u007f]/g, '�'), message: '单元格含有不允许的控制字符' });
        if (header !== '') (unreadable ??= []).push(header);
        return;
      }
      if (header === '') {
        errors.push({ sheet, row: row.rowNumber, column: '', value: text, message: `第 ${i + 1} 列有内容但没有列标题` });
        return;
      }
      if (!(header in cells)) cells[header] = text;
    });
    if (!blank) table.rows.push(unreadable ? { rowNumber: row.rowNumber, cells, unreadable } : { rowNumber: row.rowNumber, cells });
  }
  return table;
}

/**
 * Our CSV export (src/lib/csv.ts) prefixes a text that looks like a formula with ' so a
 * spreadsheet never runs it; reading it back must give the original text.
 */
function unescapeFormula(s: string): string {
  return s.charCodeAt(0) === 0x27 && /^'[=+\-@]/.test(s) ? s.slice(1) : s;
}
