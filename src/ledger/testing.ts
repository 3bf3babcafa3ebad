// Test fixtures for the ledger import: a small valid ledger (smallLedger, then fundsLedger and
// performanceLedger adding sheets), written as CSV buffers or as an .xlsx built with exceljs (with
// real date and number cells).
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { creditCodeCheckChar } from '../lib/credit-code';
import type { ImportFile, ImportResult } from './types';

/** Sheet name → rows, the first being the header. */
export type Ledger = Record<string, string[][]>;

const withCheck = (first17: string) => first17 + creditCodeCheckChar(first17)!;
export const AGENCY_A = withCheck('91510802MA62A3K77');
export const AGENCY_B = withCheck('91510800208745618');

export function smallLedger(): Ledger {
  return {
    交易中心: [
      ['编码', '名称', '级别', '上级编码'],
      ['SC', '四川省公共资源交易中心', '省', ''],
      // Before its parent on purpose: order within the sheet must not matter.
      ['CX', '苍溪县公共资源交易中心', '县', 'GY'],
      ['GY', '广元市公共资源交易中心', '市', 'SC'],
    ],
    拍卖机构: [
      ['统一社会信用代码', '名称', '联系人', '联系电话'],
      [AGENCY_A, '广元市嘉陵拍卖有限责任公司', '王建国', '0839-3265518'],
      [AGENCY_B.toLowerCase(), '四川凤凰山拍卖有限公司', '', ''],
    ],
    标的: [
      ['中心编码', '标的编号', '类型', '名称', '位置', '区县', '用途', '面积', '容积率', '出让年限', '矿种', '起始价', '保证金', '资源量', '有效期'],
      ['GY', 'GY2020-01', '土地', '利州区东坝片区A-12地块', '滨河北路东侧', '利州区', '住宅', '21360.45', '2.5', '70', '', '38450000.00', '7690000.00', '', ''],
      ['GY', 'GY2020-02', '土地', '昭化区元坝镇03号地块', '', '昭化区', '工业', '8000', '1.2', '50', '', '12,345.67', '', '', ''],
      ['GY', 'GYKQ2020-01', '探矿权', '旺苍县某金矿勘查', '', '旺苍县', '', '3.2', '', '5', '金', '¥1,200,000', '240000', '金 1.2 吨', '2025-12-31'],
      ['CX', 'CX2020-01', '土地', '苍溪县城北地块', '', '苍溪县', '商服', '5000.5', '', '40', '', '3000000', '600000', '', ''],
    ],
    出让公告: [
      ['中心编码', '公告编号', '标题', '媒体', '发布日期', '费用', '标的编号'],
      ['GY', 'GG-2020-01', '国有建设用地使用权拍卖出让公告（2020年第1号）', '广元日报', '2020-02-21', '9600.00', 'GY2020-01、GY2020-02'],
      ['GY', 'GG-2020-02', '矿业权挂牌出让公告', '', '2020/7/10', '3600', 'GYKQ2020-01;GY2020-02'],
      ['CX', 'CXGG-2020-01', '苍溪县拍卖出让公告', '苍溪报', '2020-04-01', '1200', 'CX2020-01'],
    ],
    出让活动: [
      ['中心编码', '标的编号', '场次', '方式', '拍卖机构信用代码', '公告编号', '公告开始日期', '公告截止日期', '报名截止日期', '竞价日期', '结果', '成交价', '竞得人', '成交日期', '成交确认书编号'],
      ['GY', 'GY2020-01', '1', '拍卖', AGENCY_A, 'GG-2020-01', '2020-02-21', '2020-03-12', '2020-03-23', '2020-03-25', '成交', '45120000.00', '四川蜀道华府房地产开发有限公司', '2020-03-25', '广公资交确〔2020〕01号'],
      // Round 2 before round 1: the chain is checked over the whole file.
      ['GY', 'GY2020-02', '2', '挂牌', '', 'GG-2020-02', '2020-07-10', '', '', '', '进行中', '', '', '', ''],
      ['GY', 'GY2020-02', '1', '拍卖', AGENCY_B, 'GG-2020-01', '', '', '', '2020-03-25', '流拍', '', '', '', ''],
      ['GY', 'GYKQ2020-01', '1', '挂牌', '', 'GG-2020-02', '', '', '', '', '终止', '', '', '', ''],
      ['CX', 'CX2020-01', '1', '拍卖', AGENCY_A, 'CXGG-2020-01', '', '', '', '2020-04-28', '成交', '3100000', '苍溪县某公司', '2020-04-28', '苍公资交确〔2020〕1号'],
    ],
  };
}

/**
 * smallLedger plus the finance sheets: fee agreements of both agencies, a project per center with
 * its budget and arrivals, paid payments (a reversal listed before its original on purpose),
 * remittances and revenue targets.
 */
export function fundsLedger(): Ledger {
  const P = ['GY', '2020', '土地出让工作经费'];
  return {
    ...smallLedger(),
    收费协议: [
      ['统一社会信用代码', '年度', '计费方式', '固定金额', '费率', '分档', '封顶金额', '流拍计费'],
      [AGENCY_A, '2020', '按宗固定', '12000.00', '', '', '', '是'],
      [AGENCY_B, '2020', '分档累进', '', '', '0-1000000:1;1000000-5000000:0.5;5000000-:0.25', '50,000', ''],
      [AGENCY_B, '2021', '按成交价比例', '', '0.15', '', '', '否'],
    ],
    项目: [
      ['中心编码', '年度', '项目名称', '预算单位', '年度目标'],
      [...P, '广元市公共资源交易中心', '预计完成2020年度土地出让10余宗，完成年度非税征收任务700万元。'],
      ['CX', '2020', '土地出让工作经费', '', ''],
    ],
    预算: [
      ['中心编码', '年度', '项目名称', '类型', '金额', '日期', '文号', '说明'],
      [...P, '年初预算', '600000.00', '2020-01-10', '广财预〔2020〕12号', '年初预算批复'],
      [...P, '追加', '400,000', '2020/9/8', '广财预〔2020〕87号', '土地出让宗数增加'],
      ['CX', '2020', '土地出让工作经费', '年初预算', '100000', '2020-01-15', '', ''],
    ],
    资金到位: [
      ['中心编码', '年度', '项目名称', '金额', '到位日期', '来源'],
      [...P, '600000.00', '2020-02-14', '财政拨款'],
      [...P, '400000.00', '2020-10-13', ''],
    ],
    支付: [
      ['中心编码', '年度', '项目名称', '凭证号', '类别', '收款方', '金额', '支付日期', '标的编号', '公告编号', '摘要', '冲销凭证号'],
      [...P, '记-2020-04-001', '拍卖机构劳务费', '广元市嘉陵拍卖有限责任公司', '12000.00', '2020-04-10', 'GY2020-01', '', 'GY2020-01 拍卖劳务费', ''],
      [...P, '记-2020-03-002', '公告费', '广元日报社', '9600', '2020-03-05', '', 'GG-2020-01', '', ''],
      [...P, '记-2020-06-009', '其他', '广元市华信档案服务部', '-600.00', '2020-06-29', '', '', '多付冲回', '记-2020-06-003'],
      [...P, '记-2020-06-003', '其他', '广元市华信档案服务部', '8,600.00', '2020-06-18', '', '', '档案整理', ''],
      [...P, '记-2020-07-001', '拍卖机构劳务费', '四川凤凰山拍卖有限公司', '1000', '2020-07-01', 'GY2020-02', '', '', ''],
      ['CX', '2020', '土地出让工作经费', '记-2020-05-001', '拍卖机构劳务费', '广元市嘉陵拍卖有限责任公司', '12000', '2020-05-10', 'CX2020-01', '', '', ''],
    ],
    非税收入: [
      ['中心编码', '缴款书号', '收入类型', '标的编号', '金额', '上缴日期'],
      ['GY', 'FS-01', '土地出让收入', 'GY2020-01', '2707200.00', '2020-04-20'],
      ['GY', 'FS-02', '交易服务费', '', '225600', '2020-04-10'],
      ['GY', 'FS-03', '其他', 'GY2020-02', '100', '2020-08-01'],
      ['CX', 'FS-01', '土地出让收入', 'CX2020-01', '186000', '2020-05-20'],
    ],
    非税任务: [
      ['中心编码', '年度', '任务金额'],
      ['GY', '2020', '7000000.00'],
      ['CX', '2020', '500000'],
    ],
  };
}

/**
 * fundsLedger plus the performance sheets: satisfaction responses of GY's and CX's agencies (one
 * credit code in lower case), GY's indicator rows — computed rules and a 手工 one — and one of CX,
 * and deductions of both projects.
 */
export function performanceLedger(): Ledger {
  const P = ['GY', '2020', '土地出让工作经费'];
  const CX = ['CX', '2020', '土地出让工作经费'];
  return {
    ...fundsLedger(),
    满意度: [
      ['中心编码', '年度', '拍卖机构信用代码', '总体评价', '意见'],
      ['GY', '2020', AGENCY_A, '非常满意', '出让流程规范，劳务费结算及时。'],
      ['GY', '2020', AGENCY_B.toLowerCase(), '基本满意', ''],
      ['CX', '2020', AGENCY_A, '满意', ''],
    ],
    绩效指标: [
      ['中心编码', '年度', '项目名称', '一级指标', '二级指标', '三级指标', '预期指标值', '计算规则', '目标数值', '单位', '实际完成值', '得分', '权重'],
      [...P, '项目完成指标', '数量指标', '预计完成年度土地（或矿权）出让数', '10余宗', '出让宗数', '10', '宗', '', '', '20'],
      [...P, '项目完成指标', '成本指标', '年度土地（矿权）出让工作经费', '不超过全年预算数', '工作经费', '', '元', '', '', '15'],
      [...P, '效益指标', '社会效益指标', '促进房地产市场的发展', '加大全市土地出让力度', '手工', '', '', '加大了全市土地出让力度', '14.5', '15'],
      [...P, '满意度指标', '满意度指标', '拍卖机构满意度', '100%', '拍卖机构满意度', '100', '%', '', '', '10'],
      [...CX, '项目完成指标', '时效指标', '按时完成年度非税征收任务并上交财政', '2020年12月31日之前', '按时上缴', '', '', '', '', '50'],
    ],
    扣分: [
      ['中心编码', '年度', '项目名称', '扣分', '原因'],
      [...P, '1.00', '绩效目标还需要进一步细化、量化。'],
      [...P, '2.15', '预算执行进度较慢，存在年末集中支付情况。'],
      [...CX, '0.5', '年初预算与实际支出金额有差异。'],
    ],
  };
}

export const PERFORMANCE_COUNTS = { satisfaction_responses: 3, indicators: 5, deductions: 3 };

export async function performanceCounts(db: Db) {
  const [row] = await db.execute<Record<string, number>>(sql`select
    (select count(*)::int from satisfaction_responses) as satisfaction_responses, (select count(*)::int from indicators) as indicators,
    (select count(*)::int from deductions) as deductions, (select count(*)::int from projects) as projects,
    (select count(*)::int from audit_events) as audit_events`);
  return { ...row! };
}

export const FUNDS_COUNTS = {
  fee_agreements: 3, projects: 2, budget_entries: 3, fund_arrivals: 2, payments: 6, remittances: 4, revenue_targets: 2,
};

export async function fundsCounts(db: Db) {
  const [row] = await db.execute<Record<string, number>>(sql`select
    (select count(*)::int from fee_agreements) as fee_agreements, (select count(*)::int from projects) as projects,
    (select count(*)::int from budget_entries) as budget_entries, (select count(*)::int from fund_arrivals) as fund_arrivals,
    (select count(*)::int from payments) as payments, (select count(*)::int from remittances) as remittances,
    (select count(*)::int from revenue_targets) as revenue_targets, (select count(*)::int from audit_events) as audit_events`);
  return { ...row! };
}

export const SMALL_COUNTS = { centers: 3, agencies: 2, parcels: 4, announcements: 3, announcement_parcels: 5, transfers: 5 };

export function copyLedger(l: Ledger): Ledger {
  return Object.fromEntries(Object.entries(l).map(([k, rows]) => [k, rows.map((r) => [...r])]));
}

/** Sets one cell, addressed as Excel shows it (header = row 1). */
export function setCell(l: Ledger, sheet: string, row: number, header: string, value: string): Ledger {
  const rows = l[sheet]!;
  const col = rows[0]!.indexOf(header);
  if (col < 0) throw new Error(`no column ${header} in ${sheet}`);
  rows[row - 1]![col] = value;
  return l;
}

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function toCsvFiles(l: Ledger, opts: { bom?: boolean } = {}): ImportFile[] {
  return Object.entries(l).map(([sheet, rows]) => ({
    name: `${sheet}.csv`,
    data: Buffer.from((opts.bom ? '\uFEFF' : '') + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n', 'utf8'),
  }));
}

const DATE_HEADERS = new Set(['发布日期', '有效期', '公告开始日期', '公告截止日期', '报名截止日期', '竞价日期', '成交日期', '日期', '到位日期', '支付日期', '上缴日期']);
const NUMBER_HEADERS = new Set([
  '面积', '容积率', '出让年限', '起始价', '保证金', '费用', '场次', '成交价', '年度', '固定金额', '费率', '封顶金额', '金额', '任务金额',
  '目标数值', '得分', '权重', '扣分',
]);

/** An .xlsx as Excel would hold it: dates as date cells, plain numbers as number cells. */
export async function toXlsxFile(l: Ledger, name = 'ledger.xlsx'): Promise<ImportFile> {
  const wb = new ExcelJS.Workbook();
  for (const [sheet, rows] of Object.entries(l)) {
    const ws = wb.addWorksheet(sheet);
    const headers = rows[0]!;
    for (const row of rows) {
      ws.addRow(row.map((cell, i) => {
        if (row === headers || cell === '') return cell === '' ? null : cell;
        const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(cell);
        if (DATE_HEADERS.has(headers[i]!) && m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
        if (NUMBER_HEADERS.has(headers[i]!) && /^\d+(\.\d+)?$/.test(cell)) return Number(cell);
        return cell;
      }));
    }
  }
  return { name, data: Buffer.from(await wb.xlsx.writeBuffer()) };
}

export async function tableCounts(db: Db) {
  const [row] = await db.execute<Record<string, number>>(sql`select
    (select count(*)::int from centers) as centers, (select count(*)::int from agencies) as agencies,
    (select count(*)::int from parcels) as parcels, (select count(*)::int from announcements) as announcements,
    (select count(*)::int from announcement_parcels) as announcement_parcels, (select count(*)::int from transfers) as transfers,
    (select count(*)::int from audit_events) as audit_events`);
  return { ...row! };
}

/** An import that must have succeeded: per sheet, [rows, created, updated, unchanged]. */
export function countsOf(result: ImportResult) {
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.errors, null, 1)}`);
  return Object.fromEntries(result.counts.map((c) => [c.sheet, [c.rows, c.created, c.updated, c.unchanged]]));
}

/** An import that must have succeeded: its warnings, as [sheet, row, column, kind, message]. */
export function warningsOf(result: ImportResult) {
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.errors, null, 1)}`);
  return result.warnings.map((w) => [w.sheet, w.row, w.column, w.kind, w.message]);
}

/** An import that must have failed: its errors. */
export function errorsOf(result: ImportResult) {
  if (result.ok) throw new Error('import succeeded but errors were expected');
  return result.errors;
}
