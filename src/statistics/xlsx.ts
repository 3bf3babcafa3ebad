// The 成交统计表 as .xlsx: a title row, two header rows merged as the page shows them (出让面积 over
// 平方米/公顷/亩, 溢价 over 溢价额/溢价率; the single columns merged down), then the rows and 合计. Amounts
// are numbers (万元 and m² as shown), so the sheet sums.
import ExcelJS from 'exceljs';
import { formatWan } from '../lib/money';
import { exactNumber } from '../lib/xlsx-cells';
import { areaUnits, DIMENSION_LABELS, type Dimension, type StatRow } from './deals';

export interface StatHeader { label: string; children?: string[] }

/** The header groups after the grouping columns, shared by the page and the sheet. */
export const STAT_HEADERS: StatHeader[] = [
  { label: '成交宗数' }, { label: '流拍宗次' },
  { label: '出让面积', children: ['平方米', '公顷', '亩'] },
  { label: '起始价（万元）' }, { label: '成交价（万元）' },
  { label: '溢价', children: ['溢价额（万元）', '溢价率（%）'] },
  { label: '流拍率（%）' }, { label: '平均合格竞买人（个）' }, { label: '楼面价（元/平方米）' },
];

/** One row's cells after its grouping columns, as text (the page) — numbers are made of the same strings for the sheet. */
export function statCells(r: StatRow): string[] {
  const a = areaUnits(r.area);
  return [String(r.sold), String(r.failed), a.m2, a.hectare, a.mu, formatWan(r.starting), formatWan(r.deal), formatWan(r.premium),
    r.premiumRate ?? '—', r.failureRate ?? '—', r.avgQualified ?? '—', r.floorPrice ?? '—'];
}

export async function statisticsXlsx(title: string, by: readonly Dimension[], rows: StatRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '出让台账';
  wb.title = title;
  const ws = wb.addWorksheet('成交统计表', { views: [{ state: 'frozen', ySplit: 3 }] });
  const groupLabels = ['时段', ...by.map((d) => DIMENSION_LABELS[d])];
  const width = groupLabels.length + STAT_HEADERS.reduce((n, h) => n + (h.children?.length ?? 1), 0);
  const border: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
  ws.mergeCells(1, 1, 1, width);
  Object.assign(ws.getCell(1, 1), { value: title, font: { bold: true, size: 14 }, alignment: { horizontal: 'center' } });
  const head = (row: number, col: number, text: string) => {
    const x = ws.getCell(row, col);
    x.value = text;
    x.font = { bold: true };
    x.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    x.border = border;
  };
  let col = 1;
  for (const label of groupLabels) { ws.mergeCells(2, col, 3, col); head(2, col, label); head(3, col, label); col++; }
  for (const h of STAT_HEADERS) {
    if (h.children) {
      ws.mergeCells(2, col, 2, col + h.children.length - 1);
      for (let k = 0; k < h.children.length; k++) { head(2, col + k, h.label); head(3, col + k, h.children[k]!); }
      col += h.children.length;
    } else {
      ws.mergeCells(2, col, 3, col); head(2, col, h.label); head(3, col, h.label); col++;
    }
  }
  rows.forEach((r, i) => {
    const row = ws.getRow(4 + i);
    const values = [r.period, ...r.keys, ...statCells(r).map((s) => (s === '—' ? null : exactNumber(s) ?? s))];
    values.forEach((v, k) => {
      const x = row.getCell(k + 1);
      x.value = v;
      x.border = border;
      if (r.period === '合计') x.font = { bold: true };
    });
  });
  ws.columns.forEach((c, k) => { c.width = k < groupLabels.length ? 12 : 14; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
