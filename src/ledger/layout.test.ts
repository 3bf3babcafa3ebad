// Finding the table in a sheet as a center keeps it (layout.ts): pure, no database.
import { describe, expect, it } from 'vitest';
import type { Grid, GridRow } from './files';
import { findHeaderRow, headerVocabulary, layOut, rowRanges, shapeOf } from './layout';
import { sheetRegistry } from './sheets';
import type { SheetMapping } from './types';

const def = (name: string) => sheetRegistry.find((d) => d.name === name)!;
const vocabulary = headerVocabulary(sheetRegistry);
const grid = (sheet: string, rows: (string | undefined)[][], first = 1): Grid => ({
  sheet, file: `${sheet}.xlsx`, notes: [],
  rows: rows.map((cells, i): GridRow => ({ rowNumber: first + i, cells })).filter((r) => r.cells.some((c) => c !== undefined && c !== '')),
});
const lay = (g: Grid, o: { mapping?: SheetMapping; defaults?: Record<string, string>; sheet?: string | null } = {}) =>
  layOut({ grid: g, def: o.sheet === null ? null : def(o.sheet ?? g.sheet), defs: sheetRegistry, vocabulary, mapping: o.mapping, defaults: o.defaults });

describe('the header row', () => {
  it('is found below titles, a blank row and a unit line, and the rows above are said once', () => {
    const g = grid('出让活动', [
      ['剑阁县2022年土地出让台账'],
      ['', '', '', '', '', '单位：万元'],
      [],
      ['序号', '中心编码', '宗地编号', '场次', '出让方式', '结果', '成交价款', '竞得单位', '成交日期', '成交确认书编号'],
      ['1', 'JG', 'JG2022-01', '1', '挂牌', '成交', '320.5', '某公司', '2022年3月15日', '剑确〔2022〕1号'],
    ]);
    const { layout, table, errors, notices } = lay(g);
    expect(errors).toEqual([]);
    expect(layout.headerRow).toBe(4);
    expect(notices.map((n) => n.message)).toContain('已跳过标题行 1–2（其中“单位：万元”用于未注明单位的金额列）');
    expect(notices.map((n) => n.message)).toContain('已忽略“序号”列（行号，不导入）');
    expect(table!.rows).toEqual([{
      rowNumber: 5,
      cells: { 中心编码: 'JG', 标的编号: 'JG2022-01', 场次: '1', 方式: '挂牌', 结果: '成交', 成交价: '320.5', 竞得人: '某公司', 成交日期: '2022年3月15日', 成交确认书编号: '剑确〔2022〕1号' },
    }]);
    expect(table!.units).toEqual({ 成交价: '万元' });
    expect(table!.fileColumns).toMatchObject({ 标的编号: '宗地编号', 成交价: '成交价款', 竞得人: '竞得单位', 方式: '出让方式' });
  });

  it('takes the row naming the most columns, and the first row when none names two', () => {
    const rows: GridRow[] = [
      { rowNumber: 1, cells: ['标的编号 说明'] }, { rowNumber: 2, cells: ['中心编码', '名称'] }, { rowNumber: 3, cells: ['中心编码', '标的编号', '名称'] },
    ];
    expect(findHeaderRow(rows, (t) => vocabulary.has(t))).toBe(2);
    expect(findHeaderRow([{ rowNumber: 1, cells: ['甲', '乙'] }, { rowNumber: 2, cells: ['名称'] }], (t) => vocabulary.has(t))).toBe(0);
  });

  it('reads headers with units, spaces, line breaks and required marks', () => {
    const g = grid('标的', [
      ['*中心编码', '宗地\n编号', '类型', '标的名称', '出让面积（平方米）', '起始价(万元)', '竞买保证金（元）', '使用年限（年）'],
      ['GY', 'GY-1', '土地', '地块', '8,000.5', '3,000', '6000000', '70'],
    ]);
    const { table, errors } = lay(g);
    expect(errors).toEqual([]);
    expect(table!.headers).toEqual(['中心编码', '标的编号', '类型', '名称', '面积', '起始价', '保证金', '出让年限']);
    expect(table!.units).toEqual({ 起始价: '万元' });
  });

  it('refuses a unit it cannot read, a column given twice, and says which', () => {
    const g = grid('标的', [
      ['中心编码', '标的编号', '类型', '名称', '面积（亩）', '起始价（美元）', '成交价', '保证金', '竞买保证金'],
      ['GY', 'GY-1', '土地', '地块', '12', '1', '', '', ''],
    ]);
    const { errors } = lay(g);
    expect(errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [1, '面积', '列“面积”的单位“亩”无法识别：应为 平方米、m2、平方千米、平方公里、km2'],
      [1, '起始价', '列“起始价”的单位“美元”无法识别：金额只能以元或万元为单位'],
      [1, '成交价', '未知的列“成交价”；本工作表的列为：中心编码、标的编号、类型、名称、位置、区县、用途、面积、容积率、出让年限、矿种、起始价、保证金、资源量、有效期。可在预览中指定它对应的列，或忽略该列'],
      [1, '保证金', '列“竞买保证金”与列“保证金”都是“保证金”，只能保留其中一列'],
    ]);
  });
  it('reads a header named like an object property as the name it is (the fuzz counterexample)', () => {
    const g = grid('标的', [
      ['中心编码', '标的编号', '类型', '名称', '起始价', '__proto__', 'constructor', 'toString'],
      ['GY', 'GY-1', '土地', '地块', '100', '1', '2', '3'],
    ]);
    const { errors } = lay(g);
    expect(errors.map((e) => e.column)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(errors[0]!.message).toMatch(/^未知的列“__proto__”/);
    const mapped = lay(g, { mapping: { columns: JSON.parse('{"__proto__": null, "constructor": "位置", "toString": null}') } });
    expect(mapped.errors).toEqual([]);
    expect(mapped.table!.rows[0]!.cells).toMatchObject({ 位置: '2' });
  });
});

describe('rows that are not records', () => {
  it('keeps 合计 and 小计 rows apart, and skips signatures, notes and the date of signing after the table', () => {
    const g = grid('支付', [
      ['序号', '中心编码', '年度', '项目名称', '凭证号', '类别', '收款方', '金额', '支付日期', '摘要'],
      ['1', 'GY', '2022', '经费', '记-1', '其他', '甲', '100', '2022-03-01', '经办人差旅费'],
      ['小计', '', '', '', '', '', '', '100', '', ''],
      ['2', 'GY', '2022', '经费', '记-2', '其他', '乙', '50', '2022-04-01', '合计'],
      ['合  计', '', '', '', '', '', '', '150', '', ''],
      ['填表人：张三', '', '', '', '审核人：李四'],
      ['注：本表金额单位为元'],
      ['', '', '', '', '', '', '2022年12月31日'],
    ]);
    const { table, errors, notices } = lay(g);
    expect(errors).toEqual([]);
    expect(table!.rows.map((r) => [r.rowNumber, r.total ?? 'record'])).toEqual([[2, 'record'], [3, 'sub'], [4, 'record'], [5, 'all']]);
    expect(notices.map((n) => n.message)).toEqual([
      '已忽略“序号”列（行号，不导入）',
      '合计行 3、5 未作为记录导入，已与其上各行核对',
      '已跳过签字、日期或说明行 6–8',
    ]);
  });

  it('reports a value under no header in a record, not in a 合计 row', () => {
    const g = grid('非税任务', [
      ['中心编码', '年度', '任务金额'],
      ['GY', '2022', '100', 'x'],
      ['合计', '', '100', '共1行'],
    ]);
    expect(lay(g).errors.map((e) => [e.row, e.message])).toEqual([[2, '第 4 列有内容但没有列标题']]);
  });
});

describe('mapping', () => {
  const g = grid('支付', [
    ['凭证号', '类别', '收款单位', '付款金额（万元）', '付款日期', '付款事由', '部门'],
    ['记-1', '其他', '甲', '0.01', '2022/3/1', '印刷', '财务科'],
  ]);

  it('reports what it cannot map, and what the file lacks', () => {
    const { layout, errors } = lay(g);
    expect(errors.map((e) => e.column)).toEqual(['部门', '中心编码', '年度', '项目名称']);
    expect(layout.missing).toEqual(['中心编码', '年度', '项目名称']);
    expect(layout.columns.find((c) => c.text === '部门')).toMatchObject({ column: null, how: 'unknown' });
    expect(layout.columns.find((c) => c.text === '收款单位')).toMatchObject({ column: '收款方', how: 'alias' });
  });

  it('maps or leaves out a header as told, and takes values for the columns the file lacks', () => {
    const mapping: SheetMapping = { columns: { 部门: null }, values: { 年度: '2022', 项目名称: '土地出让工作经费' } };
    const { table, errors, layout, notices } = lay(g, { mapping, defaults: { 中心编码: 'GY' } });
    expect(errors).toEqual([]);
    expect(layout.values).toEqual({ 中心编码: 'GY', 年度: '2022', 项目名称: '土地出让工作经费' });
    expect(table!.rows[0]!.cells).toEqual({
      凭证号: '记-1', 类别: '其他', 收款方: '甲', 金额: '0.01', 支付日期: '2022/3/1', 摘要: '印刷', 中心编码: 'GY', 年度: '2022', 项目名称: '土地出让工作经费',
    });
    expect(table!.units).toEqual({ 金额: '万元' });
    expect(notices.map((n) => n.message)).toContain('文件中没有“中心编码”列，各行按“GY”导入');
    expect(notices.map((n) => n.message)).toContain('按列映射忽略“部门”列');
  });

  it('refuses a mapping onto a column the sheet does not have', () => {
    const { errors } = lay(g, { mapping: { columns: { 部门: '用途' } } });
    expect(errors[0]!.message).toMatch(/^列映射把“部门”对应到“用途”，但本工作表没有该列/);
  });

  it('lays an unknown sheet out for the preview, with the sheet its headers suggest', () => {
    const unknown = grid('2022年支付台账', [['标题'], ['中心编码', '年度', '项目名称', '凭证号', '金额', '支付日期'], ['GY', '2022', 'x', '1', '1', '2022-1-1']]);
    const { layout, table } = lay(unknown, { sheet: null });
    expect(table).toBeNull();
    expect(layout).toMatchObject({ sheet: null, suggested: '支付', headerRow: 2 });
  });
});

describe('helpers', () => {
  it('rowRanges and shapeOf', () => {
    expect(rowRanges([1, 2, 3, 5, 7, 8])).toBe('1–3、5、7–8');
    expect(shapeOf(['金额（元）', '序号', '', ' 金额（元） '])).toBe('序号|金额(元)');
  });
});
