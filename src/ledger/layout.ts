// Finding the table in a sheet as people keep it: a title (merged across the columns) and a
// `单位：万元` line above the headers, a 序号 column, headers with units and other names, a 合计 row
// and the signatures under it. The header row is found, not assumed; what is not data is skipped
// and said once; what the headers mean is resolved against the sheet's columns, the aliases
// (headers.ts) and the user's mapping. Pure: it reads a Grid and gives a Table, errors and notices.
import type { Grid, GridCell, GridRow } from './files';
import { ALIASES, columnFor, headerName, SERIAL_NAMES } from './headers';
import type { AnySheet, Column, Columns } from './sheet';
import type { Cells, ImportError, ImportNotice, LayoutColumn, SheetLayout, SheetMapping, Table, TableRow } from './types';
import { AMOUNT_UNITS, asciiForm, type AmountUnit } from './values';

/** How far down a sheet its header row may be (titles, notes and blank rows above it). */
const HEADER_SCAN_ROWS = 30;

/** A header as mappings name it: the file's text without spaces, brackets in their ASCII form. */
export const headerKey = (text: string) => asciiForm(text).replace(/[\s\u200b-\u200d\ufeff]+/g, '');

/** A cell's text as the format reads it: trimmed (full-width spaces too), without zero-width characters. */
export function cellString(c: GridCell | undefined): string {
  if (c === undefined || typeof c !== 'string') return '';
  let s = c.trim();
  if (s === '') return s;
  if (/[\u200b-\u200d\ufeff]/.test(s)) s = s.replace(/[\u200b-\u200d\ufeff]/g, '').trim();
  return unescapeFormula(s);
}

/**
 * Our CSV export (src/lib/csv.ts) prefixes a text that looks like a formula with ' so a
 * spreadsheet never runs it; reading it back must give the original text.
 */
function unescapeFormula(s: string): string {
  return s.charCodeAt(0) === 0x27 && /^'[=+\-@]/.test(s) ? s.slice(1) : s;
}

// ─── What a row is ───────────────────────────────────────────────────────────────────────────

const TOTAL = /^(合计|总计|累计|总合计|本年合计|本年累计|全年合计|小计|本页合计|本月合计|本页小计)[:：]?$/;
const SUBTOTAL = /^(小计|本页合计|本月合计|本页小计)/;
/** A running total (本月合计 then 本年累计, month by month): all rows since the table's start. */
const RUNNING = /^(累计|本年累计)/;
/** Who signs a ledger under its table, and the date of signing: `填表人：张三  审核人：李四`. */
const SIGNATURE = /^(填表人|填报人|制表人|制表|审核人|审核|复核人|复核|审批人|经办人|财务负责人|单位负责人|部门负责人|负责人|分管领导|主管领导|记账|出纳|会计主管|填表日期|填报日期|制表日期|报送日期|打印日期|日期)[:：]/;
const SIGNATURE_WORD = /^(填表人|填报人|制表人|审核人|复核人|审批人|经办人|财务负责人|单位负责人|部门负责人)$/;
const SEAL = /[(（](盖章|签字|签章|签名)[)）]/;
/** Notes under a table: only after its last record, where a note cannot be a record. */
const NOTE = /^(注|说明|备注|附注)[:：]/;
const LONE_DATE = /^(\d{4})\s*(年\s*\d{1,2}\s*月\s*\d{1,2}\s*日?|[-/.]\d{1,2}[-/.]\d{1,2})$/;
const UNIT_LINE = /单位[:：]\s*(万元|元)/;

type RowKind = 'data' | 'total' | 'subtotal' | 'running' | 'signature' | 'note';

/**
 * A 合计 row carries its label in one of its first two cells (序号, or the first column, or both
 * merged); a signature line starts with who signs. Only there: a record whose 摘要 says 合计 or
 * 经办人 stays a record. What is taken for a record and is not one is reported; the reverse would
 * lose a record without a word.
 */
function rowKind(cells: GridRow['cells']): RowKind {
  // The first two texts only: a 100,000-row sheet is classified without reading every cell twice.
  const texts: string[] = [];
  for (let i = 0; i < cells.length && texts.length < 2; i++) {
    const t = cellString(cells[i]);
    if (t !== '') texts.push(t.replace(/\s+/g, ''));
  }
  const [first = '', second = ''] = texts;
  for (const s of [first, second]) if (TOTAL.test(s)) return SUBTOTAL.test(s) ? 'subtotal' : RUNNING.test(s) ? 'running' : 'total';
  if (SIGNATURE.test(first) || SIGNATURE_WORD.test(first) || SEAL.test(first)) return 'signature';
  return 'data';
}

/** A trailing row that is a note or the date of signing, not a record. */
function trailingKind(texts: string[]): RowKind | null {
  if (texts.length === 0) return null;
  const first = texts[0]!.replace(/\s+/g, '');
  if (NOTE.test(first)) return 'note';
  if (texts.length === 1 && LONE_DATE.test(asciiForm(first))) return 'signature';
  return null;
}

/** `1, 2, 3, 5` → `1–3、5`. */
export function rowRanges(rows: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < rows.length;) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j]! + 1) j++;
    parts.push(i === j ? `${rows[i]}` : `${rows[i]}–${rows[j]}`);
    i = j + 1;
  }
  return parts.join('、');
}

// ─── The header row ──────────────────────────────────────────────────────────────────────────

/** The names that mark a header row: the columns of every sheet and their aliases. */
export function headerVocabulary(defs: readonly AnySheet[]): Set<string> {
  const names = new Set<string>([...SERIAL_NAMES, ...Object.keys(ALIASES)]);
  for (const def of defs) for (const c of Object.values(def.columns as Columns)) names.add(c.header);
  return names;
}

/**
 * The index of the header row: of the first rows, the one with the most cells that name a column
 * (the earliest of equals); at least two, else the first row, whose headers are then reported.
 */
export function findHeaderRow(rows: readonly GridRow[], known: (text: string) => boolean): number {
  let best = -1;
  let bestScore = 1;
  for (let i = 0; i < Math.min(rows.length, HEADER_SCAN_ROWS); i++) {
    let score = 0;
    for (const c of rows[i]!.cells) {
      const t = cellString(c);
      if (t !== '' && known(t)) score++;
    }
    if (score > bestScore) { best = i; bestScore = score; }
  }
  return best < 0 ? 0 : best;
}

/** PostgreSQL text cannot hold NUL; other control characters in a ledger are typos too. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const visibleControls = (text: string) => text.replace(/[\u0000-\u001f\u007f]/g, '\ufffd');

/** The header row of a grid: found by the format's names and the headers a mapping names. */
function headerRowOf(grid: Grid, vocabulary: ReadonlySet<string>, mapped: ReadonlyMap<string, unknown>): number {
  return findHeaderRow(grid.rows, (t) => vocabulary.has(headerName(t).name) || mapped.has(headerKey(t)));
}

/**
 * The shape of a grid's header row, found as `layOut` finds it with the same mapping, from the
 * first rows only: what a remembered mapping is looked up by, without reading the whole sheet.
 */
export function headerShape(grid: Grid, vocabulary: ReadonlySet<string>, mapping?: SheetMapping): string {
  const mapped = new Map(Object.keys(mapping?.columns ?? {}).map((k) => [headerKey(k), true]));
  const row = grid.rows[headerRowOf(grid, vocabulary, mapped)];
  return row ? shapeOf(row.cells.map((c) => cellString(c))) : '';
}

/** The shape a mapping is remembered by: the header row's headers, normalized, sorted, without repeats. */
export function shapeOf(headers: readonly string[]): string {
  return [...new Set(headers.filter((h) => h !== '').map(headerKey))].sort().join('|');
}

/** The sheet of `defs` whose columns the headers name most (at least three), or null. */
export function suggestSheet(headers: readonly string[], defs: readonly AnySheet[]): string | null {
  let best: string | null = null;
  let bestScore = 2;
  for (const def of defs) {
    const columns = new Set(Object.values(def.columns as Columns).map((c) => c.header));
    const score = new Set(headers.map((h) => columnFor(headerName(h).name, columns)).filter((c) => c !== null)).size;
    if (score > bestScore) { best = def.name; bestScore = score; }
    else if (score === bestScore && best !== null) best = best === def.name ? best : null;
  }
  return best;
}

// ─── Laying a sheet out ──────────────────────────────────────────────────────────────────────

export interface LayoutInput {
  grid: Grid;
  /** The sheet the grid is read as; null when unknown (only its layout is given, for the preview). */
  def: AnySheet | null;
  /** Every sheet: what a header row is recognized by, and what an unknown sheet is suggested as. */
  defs: readonly AnySheet[];
  vocabulary: ReadonlySet<string>;
  mapping?: SheetMapping;
  /** Values of columns a file may leave out for the whole import, e.g. 中心编码 → the importer's center. */
  defaults?: Readonly<Record<string, string>>;
}

export interface LaidOut { layout: SheetLayout; table: Table | null; errors: ImportError[]; notices: ImportNotice[] }

export function layOut({ grid, def, defs, vocabulary, mapping, defaults = {} }: LayoutInput): LaidOut {
  const errors: ImportError[] = [];
  const notices: ImportNotice[] = grid.notes.map((message) => ({ sheet: grid.sheet, message }));
  const sheet = def?.name ?? grid.sheet;
  const mapped = new Map(Object.entries(mapping?.columns ?? {}).map(([k, v]) => [headerKey(k), v]));
  const headerIndex = headerRowOf(grid, vocabulary, mapped);
  const headerRow = grid.rows[headerIndex];
  const layout: SheetLayout = {
    fileSheet: grid.sheet, file: grid.file, sheet: def?.name ?? null, headerRow: headerRow?.rowNumber ?? 0,
    shape: '', columns: [], missing: [], values: {},
  };
  if (!headerRow) {
    errors.push({ sheet, row: 1, column: '', value: '', message: '第 1 行应为列标题' });
    return { layout, table: null, errors, notices };
  }
  const headerTexts = headerRow.cells.map((c) => cellString(c));
  const controlled = headerTexts.findIndex((t) => CONTROL.test(t));
  if (controlled >= 0) {
    // No shape either: a mapping is never remembered by a header PostgreSQL cannot store.
    errors.push({ sheet, row: headerRow.rowNumber, column: '', value: visibleControls(headerTexts[controlled]!), message: `第 ${controlled + 1} 列的列标题含有不允许的控制字符` });
    return { layout, table: null, errors, notices };
  }
  layout.shape = shapeOf(headerTexts);

  // Above the header: a title, a subtitle, `单位：万元`. Said once, never an error.
  const above = grid.rows.slice(0, headerIndex);
  let sheetUnit: AmountUnit | null = null;
  for (const r of above) {
    for (const c of r.cells) {
      const m = UNIT_LINE.exec(asciiForm(cellString(c)));
      if (m) sheetUnit = m[1] as AmountUnit;
    }
  }
  if (above.length > 0) {
    notices.push({ sheet, message: `已跳过标题行 ${rowRanges(above.map((r) => r.rowNumber))}${sheetUnit ? `（其中“单位：${sheetUnit}”用于未注明单位的金额列）` : ''}` });
  }
  if (!def) {
    layout.suggested = suggestSheet(headerTexts, defs);
    layout.columns = headerTexts.filter((t) => t !== '').map((text) => ({ text, column: null, how: 'unknown', unit: headerName(text).unit }));
    return { layout, table: null, errors, notices };
  }

  const columns = Object.values(def.columns as Columns);
  const byHeader = new Map(columns.map((c) => [c.header, c]));
  const names = new Set(byHeader.keys());
  const err = (column: string, value: string, message: string, fileColumn?: string) =>
    errors.push({ sheet, row: headerRow.rowNumber, column, value, message, ...(fileColumn !== undefined && fileColumn !== column ? { fileColumn } : {}) });

  // What each header is.
  const targets: (string | null)[] = [];
  const units: Record<string, AmountUnit> = {};
  const fileColumns: Record<string, string> = {};
  const seenKeys = new Map<string, string>();
  const seenTargets = new Map<string, string>();
  const unreadableColumns: string[] = [];
  headerTexts.forEach((text, i) => {
    targets[i] = null;
    if (text === '') return;
    const key = headerKey(text);
    const { name, unit } = headerName(text);
    const col: LayoutColumn = { text, column: null, how: 'unknown', unit };
    layout.columns.push(col);
    if (seenKeys.has(key)) {
      col.how = 'duplicate';
      err(text, text, `列标题“${text}”重复`);
      return;
    }
    seenKeys.set(key, text);
    let target: string | null;
    if (mapped.has(key)) {
      target = mapped.get(key)!;
      col.how = target === null ? 'ignored' : 'mapped';
      if (target !== null && !names.has(target)) {
        err(text, text, `列映射把“${text}”对应到“${target}”，但本工作表没有该列；本工作表的列为：${[...names].join('、')}`);
        col.how = 'unknown';
        return;
      }
    } else if (SERIAL_NAMES.has(name)) {
      col.how = 'serial';
      return;
    } else {
      target = columnFor(name, names);
      if (target === null) {
        err(text, text, `未知的列“${text}”；本工作表的列为：${[...names].join('、')}。可在预览中指定它对应的列，或忽略该列`);
        return;
      }
      col.how = target === text ? 'exact' : 'alias';
    }
    if (target === null) return;
    const column = byHeader.get(target)!;
    const unitProblem = unit === null ? null : checkUnit(column, unit);
    if (unitProblem) {
      // The column is there, its cells cannot be read: one error here, none per row, none missing.
      col.how = 'bad-unit';
      err(target, text, unitProblem, text);
      seenTargets.set(target, text);
      unreadableColumns.push(target);
      return;
    }
    const earlier = seenTargets.get(target);
    if (earlier !== undefined) {
      col.how = 'duplicate';
      err(target, text, `列“${text}”与列“${earlier}”都是“${target}”，只能保留其中一列`, text);
      return;
    }
    seenTargets.set(target, text);
    col.column = target;
    targets[i] = target;
    if (text !== target) fileColumns[target] = text;
    if (column.parse.amount) {
      const u = (unit as AmountUnit | null) ?? sheetUnit;
      if (u && u !== '元') units[target] = u;
      if (u) col.unit = u;
    }
  });

  // Columns the file does not have: a value given for the whole sheet, or missing.
  const values: Record<string, string> = {};
  for (const c of columns) {
    if (seenTargets.has(c.header)) continue;
    const value = mapping?.values?.[c.header]?.trim() || defaults[c.header];
    if (value) values[c.header] = value;
    else if (c.required) layout.missing.push(c.header);
  }
  layout.values = values;
  for (const header of layout.missing) err(header, '', `缺少必填列“${header}”`);
  const serial = layout.columns.filter((c) => c.how === 'serial').map((c) => `“${c.text}”`);
  if (serial.length > 0) notices.push({ sheet, message: `已忽略${serial.join('、')}列（行号，不导入）` });
  const ignored = layout.columns.filter((c) => c.how === 'ignored').map((c) => `“${c.text}”`);
  if (ignored.length > 0) notices.push({ sheet, message: `按列映射忽略${ignored.join('、')}列` });
  for (const [header, value] of Object.entries(values)) notices.push({ sheet, message: `文件中没有“${header}”列，各行按“${value}”导入` });

  const table: Table = { sheet: def.name, file: grid.file, headers: [...seenTargets.keys(), ...Object.keys(values)], rows: [], units, fileColumns };
  if (layout.missing.length > 0) return { layout, table: null, errors, notices };

  // Below the header: records, 合计 rows, signatures. Classified first, then read.
  const body = grid.rows.slice(headerIndex + 1);
  const kinds: RowKind[] = body.map((r) => rowKind(r.cells));
  for (let i = body.length - 1; i >= 0; i--) {
    if (kinds[i] !== 'data') continue;
    const trailing = trailingKind(body[i]!.cells.map(cellString).filter((t) => t !== ''));
    if (!trailing) break;
    kinds[i] = trailing;
  }
  const skipped = { total: [] as number[], signature: [] as number[] };
  body.forEach((row, i) => {
    const kind = kinds[i]!;
    if (kind === 'signature' || kind === 'note') { skipped.signature.push(row.rowNumber); return; }
    const read = readRow(row, targets, headerTexts, sheet, kind === 'data', errors);
    if (!read) return;
    if (unreadableColumns.length > 0) read.unreadable = [...(read.unreadable ?? []), ...unreadableColumns];
    if (kind === 'data') {
      for (const [header, value] of Object.entries(values)) read.cells[header] ??= value;
      table.rows.push(read);
    } else {
      skipped.total.push(row.rowNumber);
      table.rows.push({ ...read, total: kind === 'subtotal' ? 'sub' : kind === 'running' ? 'running' : 'all' });
    }
  });
  if (skipped.total.length > 0) notices.push({ sheet, message: `合计行 ${rowRanges(skipped.total)} 未作为记录导入，已与其上各行核对` });
  if (skipped.signature.length > 0) notices.push({ sheet, message: `已跳过签字、日期或说明行 ${rowRanges(skipped.signature)}` });
  return { layout, table, errors, notices };
}

/** Why a header's unit does not fit its column, or null. */
function checkUnit(column: Column<unknown, boolean>, unit: string): string | null {
  if (column.parse.amount) {
    return unit in AMOUNT_UNITS ? null : `列“${column.header}”的单位“${unit}”无法识别：金额只能以元或万元为单位`;
  }
  if (column.labels?.includes(unit)) return null;
  return column.labels?.length
    ? `列“${column.header}”的单位“${unit}”无法识别：应为 ${column.labels.join('、')}`
    : `列“${column.header}”不带单位，标题中的“（${unit}）”无法识别`;
}

/** One row's cells by column; null when it holds nothing. Cells that cannot be read are reported once. */
function readRow(row: GridRow, targets: readonly (string | null)[], headerTexts: readonly string[], sheet: string, isData: boolean, errors: ImportError[]): TableRow | null {
  const cells: Cells = {};
  let unreadable: string[] | undefined;
  let blank = true;
  row.cells.forEach((c, i) => {
    if (c === undefined) return;
    const header = targets[i] ?? null;
    const hasHeader = (headerTexts[i] ?? '') !== '';
    if (typeof c !== 'string') {
      // A cell of a column left out (序号, ignored) is not read at all; nor, in a 合计 row, one
      // that cannot be (a SUM never calculated): the check skips its column.
      if (hasHeader && header === null) return;
      blank = false;
      if (header !== null) (unreadable ??= []).push(header);
      if (!isData) return;
      // Already reported (unreadable): the engine must not also call the cell empty.
      errors.push({ sheet, row: row.rowNumber, column: header ?? '', value: '', message: c.error });
      return;
    }
    const text = cellString(c);
    if (text === '') return;
    if (hasHeader && header === null) return;
    blank = false;
    if (CONTROL.test(text)) {
      errors.push({ sheet, row: row.rowNumber, column: header ?? '', value: visibleControls(text), message: '单元格含有不允许的控制字符' });
      if (header !== null) (unreadable ??= []).push(header);
      return;
    }
    if (header === null) {
      if (isData) errors.push({ sheet, row: row.rowNumber, column: '', value: text, message: `第 ${i + 1} 列有内容但没有列标题` });
      return;
    }
    if (!(header in cells)) cells[header] = text;
  });
  if (blank) return null;
  return unreadable ? { rowNumber: row.rowNumber, cells, unreadable } : { rowNumber: row.rowNumber, cells };
}
