// The 绩效目标完成情况表 of the seed as an .xlsx, from the report object (report.ts) and nothing
// else: every figure is read from the report, only formatted here. The table itself is described
// once as rows of cells with spans (`completionTable`, `scoreTable`), so the .docx draft prints the
// very same table (docx.ts).
import ExcelJS from 'exceljs';
import { formatWan } from '../lib/money';
import { exactNumber, WAN_FORMAT } from '../lib/xlsx-cells';
import type { PerformanceReport } from './report';
import { formatHundredths, hundredths } from './rules';
import { fundsBySource } from './sources';

// ─── The table as data ─────────────────────────────────────────────────────────────────────────

/** label: a row title; head: a column title; amount: a figure; text: a sentence (left-aligned). */
export type CellRole = 'label' | 'head' | 'amount' | 'text';
/** `fen`: a money cell's amount, which the .xlsx writes as a number of 万元 (the .docx prints `text`). */
export interface TableCell { text: string; role: CellRole; colSpan?: number; rowSpan?: number; fen?: bigint }
export type TableRow = TableCell[];
/** Rows as an HTML table has them: a cell spanning rows is listed once, in its first row. */
export interface TableModel { columns: number; rows: TableRow[] }

/** Both tables have six columns: the row title, then 一级/二级/三级指标, 预期, 实际. */
export const COLUMNS = 6;

export const cell = (text: string | null | undefined, role: CellRole, colSpan = 1, rowSpan = 1): TableCell =>
  ({ text: text ?? '', role, ...(colSpan > 1 ? { colSpan } : {}), ...(rowSpan > 1 ? { rowSpan } : {}) });

/** 915000_00n → "91.50万元": tables show exact 万元 with two decimals. */
export const wan = (fen: bigint) => `${formatWan(fen)}万元`;

/** A money cell: the 万元 text, and the amount for the spreadsheet. */
export const money = (fen: bigint, colSpan = 1): TableCell => ({ ...cell(wan(fen), 'amount', colSpan), fen });

/** 其它资金 of 0 is left blank, as the seed's table does. */
const moneyOrBlank = (fen: bigint, colSpan = 1): TableCell => (fen === 0n ? cell('', 'amount', colSpan) : money(fen, colSpan));

/** The 实际完成指标值 of a row; a row that could not be judged says why. */
export const indicatorActual = (i: PerformanceReport['indicators'][number]) => i.actual ?? (i.note ? `（${i.note}）` : '');

/** The seed's 项目绩效目标完成情况表 (without its title lines). */
export function completionTable(r: PerformanceReport): TableModel {
  const { total, spent } = fundsBySource(r.funds);
  const rows: TableRow[] = [
    [cell('项目名称', 'label'), cell(r.project.name, 'text', 5)],
    [cell('预算单位', 'label'), cell(r.project.budgetUnit ?? r.center.name, 'text', 5)],
    [cell('预算执行情况(万元)', 'label', 1, 3), cell('预算数:', 'label'), money(r.funds.total),
      cell('执行数:', 'label'), money(r.funds.spent, 2)],
    [cell('其中-财政拨款:', 'label'), money(total.fiscal), cell('其中-财政拨款:', 'label'), money(spent.fiscal, 2)],
    [cell('其它资金:', 'label'), moneyOrBlank(total.other), cell('其它资金:', 'label'), moneyOrBlank(spent.other, 2)],
    [cell('年度目标完成情况', 'label', 1, 2), cell('预期目标', 'head', 3), cell('实际完成目标', 'head', 2)],
    [cell(r.project.target, 'text', 3), cell(r.narrative ?? r.project.actualGoal, 'text', 2)],
  ];
  const n = Math.max(r.indicators.length, 1);
  rows.push([
    cell('绩效指标完成情况', 'label', 1, n + 1), cell('一级指标', 'head'), cell('二级指标', 'head'), cell('三级指标', 'head'),
    cell('预期指标值(包含数字及文字描述)', 'head'), cell('实际完成指标值(包含数字及文字描述)', 'head'),
  ]);
  if (r.indicators.length === 0) rows.push([cell('（尚未设定绩效指标）', 'text', 5)]);
  for (const i of r.indicators) {
    rows.push([cell(i.level1, 'text'), cell(i.level2, 'text'), cell(i.level3, 'text'), cell(i.expected, 'text'), cell(indicatorActual(i), 'text')]);
  }
  return { columns: COLUMNS, rows };
}

const pts = (h: bigint) => formatHundredths(h);

/** The self-evaluation score: 预算执行率得分, each row's 权重 and 得分, 扣分 with reasons, 总分, 等级. */
export function scoreTable(r: PerformanceReport): TableModel {
  const rows: TableRow[] = [
    [cell('自评得分', 'head', 6)],
    [cell('评分项目', 'head'), cell('内容', 'head', 3), cell('权重(分)', 'head'), cell('得分', 'head')],
    [cell('预算执行率', 'label'), cell(`预算执行率${r.funds.executionRate === null ? '—（全年预算数为0）' : `${r.funds.executionRate}%`}`, 'text', 3),
      cell('10.00', 'amount'), cell(pts(r.score.execution), 'amount')],
  ];
  r.indicators.forEach((i, k) => {
    const label = k === 0 ? [cell('绩效指标', 'label', 1, r.indicators.length)] : [];
    rows.push([...label, cell(`${i.level2}：${i.level3}`, 'text', 3), cell(pts(hundredths(i.weight)), 'amount'), cell(pts(i.points), 'amount')]);
  });
  rows.push([cell('绩效指标得分小计', 'label', 4), cell(pts(r.weights), 'amount'), cell(pts(r.score.indicators), 'amount')]);
  if (r.deductions.length === 0) rows.push([cell('扣分', 'label'), cell('无', 'text', 4), cell(pts(0n), 'amount')]);
  r.deductions.forEach((d, k) => {
    const label = k === 0 ? [cell('扣分', 'label', 1, r.deductions.length)] : [];
    rows.push([...label, cell(`${k + 1}.${d.reason}`, 'text', 4), cell(`-${pts(d.points)}`, 'amount')]);
  });
  rows.push([cell('总分', 'label'), cell('预算执行率得分 + 绩效指标得分 − 扣分', 'text', 4), cell(pts(r.score.total), 'amount')]);
  rows.push([cell('等级', 'label'), cell(`${r.score.grade}（优≥90分，良≥80分，中≥60分，差<60分）`, 'text', 5)]);
  return { columns: COLUMNS, rows };
}

/** The title lines above the table: 项目名称 / 项目绩效目标完成情况表 / (2020年度). */
export const tableTitle = (r: PerformanceReport) => [r.project.name, '项目绩效目标完成情况表', `(${r.project.year}年度)`] as const;

/** Where each cell of a model lands (1-based row and column), spans resolved as HTML does. */
export function placeCells(model: TableModel): { row: number; col: number; cell: TableCell }[] {
  const taken = new Set<string>();
  const out: { row: number; col: number; cell: TableCell }[] = [];
  model.rows.forEach((cells, ri) => {
    let col = 1;
    for (const c of cells) {
      while (taken.has(`${ri + 1}:${col}`)) col++;
      out.push({ row: ri + 1, col, cell: c });
      for (let dr = 0; dr < (c.rowSpan ?? 1); dr++) for (let dc = 0; dc < (c.colSpan ?? 1); dc++) taken.add(`${ri + 1 + dr}:${col + dc}`);
      col += c.colSpan ?? 1;
    }
  });
  return out;
}

// ─── The workbook ──────────────────────────────────────────────────────────────────────────────

export const SHEET_NAME = '绩效目标完成情况表';
/** Column widths in characters (a CJK character takes two): about the printable width of A4. */
const WIDTHS = [17, 14, 14, 21, 20, 20];
const FONT = '宋体';
const GB2312 = 134;
const BODY_SIZE = 11;
const thin = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };

/** Display width of a text in characters, CJK counting two. */
const displayWidth = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0);

/** Lines a wrapped text needs in a cell of the given width (characters). */
function linesFor(text: string, width: number) {
  const usable = Math.max(width - 2.5, 4); // padding and the text cells' indent
  return text.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(displayWidth(part) / usable)), 0);
}

/**
 * Writes a model at `top`; returns the next free row. Row heights are set from the text, since
 * neither Excel nor LibreOffice grows a row to fit a merged cell that wraps.
 */
export function writeModel(ws: ExcelJS.Worksheet, model: TableModel, top: number, widths: readonly number[] = WIDTHS): number {
  const placed = placeCells(model);
  const lines = new Map<number, number>();
  for (const { row, col, cell: c } of placed) {
    const r = top + row - 1;
    const cs = c.colSpan ?? 1;
    const rs = c.rowSpan ?? 1;
    if (cs > 1 || rs > 1) ws.mergeCells(r, col, r + rs - 1, col + cs - 1);
    const x = ws.getCell(r, col);
    // Money as a number of 万元 (rounded as the table shows it), so the sheet sums; else the text.
    const amount = c.fen === undefined ? null : exactNumber(formatWan(c.fen));
    x.value = amount ?? c.text;
    if (amount !== null) x.numFmt = WAN_FORMAT;
    const bold = c.role === 'label' || c.role === 'head';
    x.font = { name: FONT, charset: GB2312, size: BODY_SIZE, bold };
    x.alignment = c.role === 'text'
      ? { wrapText: true, vertical: 'middle', horizontal: 'left', indent: 1 }
      : { wrapText: true, vertical: 'middle', horizontal: 'center' };
    if (c.role === 'head') x.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    const width = widths.slice(col - 1, col - 1 + cs).reduce((a, b) => a + b, 0);
    const need = Math.ceil(linesFor(c.text, width) / rs);
    for (let k = 0; k < rs; k++) lines.set(r + k, Math.max(lines.get(r + k) ?? 1, need));
    // Every cell a merge covers gets the border, or the merged box prints with gaps.
    for (let dr = 0; dr < rs; dr++) for (let dc = 0; dc < cs; dc++) ws.getCell(r + dr, col + dc).border = BORDER;
  }
  for (const [r, n] of lines) ws.getRow(r).height = Math.max(24, n * 14.5 + 8);
  return top + model.rows.length;
}

/**
 * A workbook of one A4 sheet: centred title lines (bold but the last, which is smaller), then the
 * models one below the other with a blank row between, in columns of the given widths.
 */
export async function tableWorkbook(o: {
  title: string; sheet: string; widths: readonly number[]; titles: readonly string[]; models: TableModel[]; orientation: 'portrait' | 'landscape';
}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '出让台账';
  wb.title = o.title;
  const ws = wb.addWorksheet(o.sheet, {
    pageSetup: {
      paperSize: 9, orientation: o.orientation, fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true,
      margins: { left: 0.6, right: 0.6, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
    views: [{ showGridLines: false }],
  });
  ws.columns = o.widths.map((width) => ({ width }));
  o.titles.forEach((text, k) => {
    const row = k + 1;
    const size = k < o.titles.length - 1 ? 16 : 12;
    ws.mergeCells(row, 1, row, o.widths.length);
    const x = ws.getCell(row, 1);
    x.value = text;
    x.font = { name: FONT, charset: GB2312, size, bold: k < o.titles.length - 1 };
    x.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    ws.getRow(row).height = size * 1.6 + 6;
  });
  let next = o.titles.length + 2;
  o.models.forEach((m, k) => { next = writeModel(ws, m, next + (k > 0 ? 1 : 0), o.widths); });
  ws.pageSetup.printArea = `A1:${ws.getColumn(o.widths.length).letter}${next - 1}`;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The 绩效目标完成情况表 and the score block below it, on one A4 sheet. */
export async function performanceXlsx(r: PerformanceReport): Promise<Buffer> {
  return tableWorkbook({
    title: `${r.project.name}项目绩效目标完成情况表（${r.project.year}年度）`, sheet: SHEET_NAME, widths: WIDTHS, titles: tableTitle(r),
    models: [completionTable(r), scoreTable(r)], orientation: 'portrait',
  });
}
