// The records of some centers written back in the ledger format (LEDGER-FORMAT.md): importing the
// file into an empty database gives the same records. The rows are built as text in the format's own
// notation (ledgerSheets, what tests compare); the workbook then writes money as number cells and
// dates as date cells (src/lib/xlsx-cells.ts), which the importer reads back to the same values.
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { formatRate, formatTiers, parseRate, tiersFromStored, type StoredTier } from '../fees/rules';
import { fenToYuan } from '../lib/money';
import { trimDecimal } from '../parcels/rules';
import { dateValue, DATE_FORMAT, exactNumber, YUAN_FORMAT } from '../lib/xlsx-cells';
import { canonicalDecimal, date, type CellParser } from './cells';
import type { Columns } from './sheet';
import { sheetRegistry } from './sheets';
import { DEFAULT_ROUND_ORDER } from './funds';

type Cell = string | number | null;
interface SheetData { name: string; headers: string[]; rows: Cell[][] }

const money = (v: string | null) => (v === null ? null : fenToYuan(BigInt(v)));
/** A NUMERIC of the performance tables (目标数值, 得分, 权重, 扣分) as typed: `20.00` → `20`. */
const decimal = (v: string | null) => (v === null ? null : canonicalDecimal(v));
const rate = (v: string | null) => {
  if (v === null) return null;
  const r = parseRate(v);
  return r.ok ? formatRate(r.value) : trimDecimal(v);
};

export async function ledgerSheets(db: DbOrTx, centerIds: number[]): Promise<SheetData[]> {
  const ids = centerIds.length ? centerIds : [-1];
  const [centers, agencies, parcels, announcements, transfers, finance, performance] = await Promise.all([
    db.execute<Record<string, string | null>>(sql`
      select c.code, c.name, c.level, case when p.id in ${ids} then p.code end as parent
      from centers c left join centers p on p.id = c.parent_id where c.id in ${ids} order by c.id`),
    db.execute<Record<string, string | null>>(sql`select credit_code, name, contact_person, contact_phone from agencies order by credit_code`),
    db.execute<Record<string, string | null>>(sql`
      select c.code as center, p.code, p.kind, p.name, p.location, p.district, p.land_use, p.area::text, p.plot_ratio::text,
             p.term_years::text, p.mineral, p.starting_price::text, p.deposit::text, p.resources, p.valid_until::text
      from parcels p join centers c on c.id = p.center_id where p.center_id in ${ids} order by c.code, p.code`),
    db.execute<Record<string, string | null>>(sql`
      select c.code as center, a.code, a.title, a.medium, a.published_on::text, a.cost::text,
             (select string_agg(p.code, '、' order by p.code) from announcement_parcels x join parcels p on p.id = x.parcel_id where x.announcement_id = a.id) as parcels
      from announcements a join centers c on c.id = a.center_id where a.center_id in ${ids} order by c.code, a.code`),
    db.execute<Record<string, string | null>>(sql`
      select c.code as center, p.code, t.round::text, t.mode, g.credit_code, n.code as announcement, t.notice_start::text, t.notice_end::text,
             t.registration_deadline::text, t.auction_date::text, t.result, t.deal_price::text, t.winner, t.deal_date::text, t.confirmation_no, t.failure_reason, t.document_no
      from transfers t join parcels p on p.id = t.parcel_id join centers c on c.id = t.center_id
        left join agencies g on g.id = t.agency_id left join announcements n on n.id = t.announcement_id
      where t.center_id in ${ids} order by c.code, p.code, t.round`),
    financeSheets(db, ids),
    performanceSheets(db, ids),
  ]);
  return [
    { name: '交易中心', headers: ['编码', '名称', '级别', '上级编码'], rows: centers.map((r) => [r.code, r.name, r.level, r.parent]) },
    { name: '拍卖机构', headers: ['统一社会信用代码', '名称', '联系人', '联系电话'], rows: agencies.map((r) => [r.credit_code, r.name, r.contact_person, r.contact_phone]) },
    {
      name: '标的',
      headers: ['中心编码', '标的编号', '类型', '名称', '位置', '区县', '用途', '面积', '容积率', '出让年限', '矿种', '起始价', '保证金', '资源量', '有效期'],
      rows: parcels.map((r) => [r.center, r.code, r.kind, r.name, r.location, r.district, r.land_use, r.area && trimDecimal(r.area),
        r.plot_ratio && trimDecimal(r.plot_ratio), r.term_years, r.mineral, money(r.starting_price), money(r.deposit), r.resources, r.valid_until]),
    },
    {
      name: '出让公告', headers: ['中心编码', '公告编号', '标题', '媒体', '发布日期', '费用', '标的编号'],
      rows: announcements.map((r) => [r.center, r.code, r.title, r.medium, r.published_on, money(r.cost), r.parcels]),
    },
    {
      name: '出让活动',
      headers: ['中心编码', '标的编号', '场次', '方式', '拍卖机构信用代码', '公告编号', '公告开始日期', '公告截止日期', '报名截止日期', '竞价日期', '结果', '成交价', '竞得人', '成交日期', '成交确认书编号', '流拍原因', '文号'],
      rows: transfers.map((r) => [r.center, r.code, r.round, r.mode, r.credit_code, r.announcement, r.notice_start, r.notice_end,
        r.registration_deadline, r.auction_date, r.result, money(r.deal_price), r.winner, r.deal_date, r.confirmation_no, r.failure_reason, r.document_no]),
    },
    ...finance,
    ...performance,
  ].sort((a, b) => SHEET_ORDER.indexOf(a.name) - SHEET_ORDER.indexOf(b.name));
}

/** The order of LEDGER-FORMAT.md's table (收费协议 comes right after 拍卖机构). */
const SHEET_ORDER = [
  '交易中心', '拍卖机构', '收费协议', '标的', '出让公告', '出让活动', '项目', '预算', '资金到位', '支付', '非税收入', '非税任务', '满意度', '绩效指标', '扣分',
];

type Rows = Record<string, string | null>[];

/**
 * 收费协议 (agreements of every agency, as agencies are shared), 项目, 预算, 资金到位, 支付 (paid ones:
 * only they have a 凭证号), 非税收入 and 非税任务 of the centers.
 */
async function financeSheets(db: DbOrTx, ids: number[]): Promise<SheetData[]> {
  const [agreements, projects, budget, arrivals, payments, remittances, targets] = await Promise.all([
    db.execute<Record<string, unknown>>(sql`
      select g.credit_code, f.year::text, f.method, f.fixed_amount::text, f.rate::text, f.tiers, f.cap::text, f.pay_failed
      from fee_agreements f join agencies g on g.id = f.agency_id order by g.credit_code, f.year`),
    db.execute(sql`
      select c.code as center, p.year::text, p.name, p.budget_unit, p.target, p.actual_goal
      from projects p join centers c on c.id = p.center_id where p.center_id in ${ids} order by c.code, p.year, p.name`) as Promise<Rows>,
    db.execute(sql`
      select c.code as center, p.year::text, p.name, b.kind, b.amount::text, b.entry_date::text, b.doc_no, b.reason
      from budget_entries b join projects p on p.id = b.project_id join centers c on c.id = p.center_id
      where p.center_id in ${ids} order by c.code, p.year, p.name, b.entry_date, b.id`) as Promise<Rows>,
    db.execute(sql`
      select c.code as center, p.year::text, p.name, a.amount::text, a.arrived_on::text, a.source
      from fund_arrivals a join projects p on p.id = a.project_id join centers c on c.id = p.center_id
      where p.center_id in ${ids} order by c.code, p.year, p.name, a.arrived_on, a.id`) as Promise<Rows>,
    db.execute(sql`
      select c.code as center, p.year::text, p.name, x.voucher_no, x.category, x.payee, x.amount::text, x.paid_on::text,
             pc.code as parcel, an.code as announcement, x.summary, rv.voucher_no as reverses,
             -- 场次: an agency fee for one round of an agency's always (without it, the import reads a fee for all
             -- the parcel's rounds of that agency, payments.all_rounds); any other link where it is not the
             -- round 标的编号 alone names.
             case when x.category = '拍卖机构劳务费' and t.agency_id is not null then case when not x.all_rounds then t.round::text end
               when t.id <> (select d.id from transfers d where d.parcel_id = t.parcel_id order by ${DEFAULT_ROUND_ORDER} limit 1)
               then t.round::text end as round
      from payments x join projects p on p.id = x.project_id join centers c on c.id = x.center_id
        left join transfers t on t.id = x.transfer_id left join parcels pc on pc.id = t.parcel_id
        left join announcements an on an.id = x.announcement_id left join payments rv on rv.id = x.reverses_id
      where x.center_id in ${ids} and x.status = '已支付' order by c.code, x.paid_on, x.voucher_no`) as Promise<Rows>,
    db.execute(sql`
      select c.code as center, r.receipt_no, r.revenue_type, pc.code as parcel, r.amount::text, r.remitted_on::text
      from remittances r join centers c on c.id = r.center_id
        left join transfers t on t.id = r.transfer_id left join parcels pc on pc.id = t.parcel_id
      where r.center_id in ${ids} order by c.code, r.remitted_on, r.receipt_no`) as Promise<Rows>,
    db.execute(sql`
      select c.code as center, t.year::text, t.amount::text from revenue_targets t join centers c on c.id = t.center_id
      where t.center_id in ${ids} order by c.code, t.year`) as Promise<Rows>,
  ]);
  return [
    {
      name: '收费协议', headers: ['统一社会信用代码', '年度', '计费方式', '固定金额', '费率', '分档', '封顶金额', '流拍计费'],
      rows: agreements.map((r) => {
        const tiers = r.tiers as StoredTier[] | null;
        return [r.credit_code as string, r.year as string, r.method as string, money(r.fixed_amount as string | null), rate(r.rate as string | null),
          tiers === null ? null : formatTiers(tiersFromStored(tiers)), money(r.cap as string | null), r.pay_failed ? '是' : '否'];
      }),
    },
    {
      name: '项目', headers: ['中心编码', '年度', '项目名称', '预算单位', '年度目标', '实际完成目标'],
      rows: projects.map((r) => [r.center, r.year, r.name, r.budget_unit, r.target, r.actual_goal]),
    },
    {
      name: '预算', headers: ['中心编码', '年度', '项目名称', '类型', '金额', '日期', '文号', '说明'],
      rows: budget.map((r) => [r.center, r.year, r.name, r.kind, money(r.amount), r.entry_date, r.doc_no, r.reason]),
    },
    {
      name: '资金到位', headers: ['中心编码', '年度', '项目名称', '金额', '到位日期', '来源'],
      rows: arrivals.map((r) => [r.center, r.year, r.name, money(r.amount), r.arrived_on, r.source]),
    },
    {
      name: '支付', headers: ['中心编码', '年度', '项目名称', '凭证号', '类别', '收款方', '金额', '支付日期', '标的编号', '公告编号', '摘要', '冲销凭证号', '场次'],
      rows: payments.map((r) => [r.center, r.year, r.name, r.voucher_no, r.category, r.payee, money(r.amount), r.paid_on, r.parcel, r.announcement, r.summary, r.reverses, r.round]),
    },
    {
      name: '非税收入', headers: ['中心编码', '缴款书号', '收入类型', '标的编号', '金额', '上缴日期'],
      rows: remittances.map((r) => [r.center, r.receipt_no, r.revenue_type, r.parcel, money(r.amount), r.remitted_on]),
    },
    { name: '非税任务', headers: ['中心编码', '年度', '任务金额'], rows: targets.map((r) => [r.center, r.year, money(r.amount)]) },
  ];
}

/**
 * 满意度 (the responses to the centers), 绩效指标 (in each project's order, which the import gives back
 * by the order of the rows) and 扣分 of the centers.
 */
async function performanceSheets(db: DbOrTx, ids: number[]): Promise<SheetData[]> {
  const [responses, indicators, deductions] = await Promise.all([
    db.execute(sql`
      select c.code as center, r.year::text, g.credit_code, r.rating, r.comment
      from satisfaction_responses r join centers c on c.id = r.center_id join agencies g on g.id = r.agency_id
      where r.center_id in ${ids} order by c.code, r.year, g.credit_code`) as Promise<Rows>,
    db.execute(sql`
      select c.code as center, p.year::text, p.name, i.level1, i.level2, i.level3, i.expected, i.rule, i.target_value::text,
             i.unit, i.manual_actual, i.manual_points::text, i.weight::text, array_to_string(i.revenue_types, '、') as revenue_types
      from indicators i join projects p on p.id = i.project_id join centers c on c.id = p.center_id
      where p.center_id in ${ids} order by c.code, p.year, p.name, i.position, i.id`) as Promise<Rows>,
    db.execute(sql`
      select c.code as center, p.year::text, p.name, d.points::text, d.reason
      from deductions d join projects p on p.id = d.project_id join centers c on c.id = p.center_id
      where p.center_id in ${ids} order by c.code, p.year, p.name, d.id`) as Promise<Rows>,
  ]);
  return [
    {
      name: '满意度', headers: ['中心编码', '年度', '拍卖机构信用代码', '总体评价', '意见'],
      rows: responses.map((r) => [r.center, r.year, r.credit_code, r.rating, r.comment]),
    },
    {
      name: '绩效指标',
      headers: ['中心编码', '年度', '项目名称', '一级指标', '二级指标', '三级指标', '预期指标值', '计算规则', '目标数值', '单位', '实际完成值', '得分', '权重', '计入收入类型'],
      rows: indicators.map((r) => [r.center, r.year, r.name, r.level1, r.level2, r.level3, r.expected, r.rule, decimal(r.target_value),
        r.unit, r.manual_actual, decimal(r.manual_points), decimal(r.weight), r.revenue_types]),
    },
    {
      name: '扣分', headers: ['中心编码', '年度', '项目名称', '扣分', '原因'],
      rows: deductions.map((r) => [r.center, r.year, r.name, decimal(r.points), r.reason]),
    },
  ];
}

export async function exportLedger(db: DbOrTx, centerIds: number[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '出让台账';
  for (const s of await ledgerSheets(db, centerIds)) {
    const ws = wb.addWorksheet(s.name);
    ws.addRow(s.headers).font = { bold: true };
    const kinds = s.headers.map((h) => columnKind(s.name, h));
    for (const r of s.rows) {
      const row = ws.addRow(r.map((v, i) => {
        if (v === null || typeof v !== 'string') return v ?? null;
        if (kinds[i] === 'money') return exactNumber(v) ?? v;
        if (kinds[i] === 'date') return dateValue(v) ?? v;
        return v;
      }));
      kinds.forEach((k, i) => {
        if (k === 'money') row.getCell(i + 1).numFmt = YUAN_FORMAT;
        else if (k === 'date') row.getCell(i + 1).numFmt = DATE_FORMAT;
      });
    }
    ws.columns.forEach((col) => { col.width = 16; });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Whether a column of a sheet is money (an amount column) or a date, by the import's own column parsers. */
function columnKind(sheet: string, header: string): 'money' | 'date' | null {
  const column = Object.values((sheetRegistry.find((d) => d.name === sheet)?.columns ?? {}) as Columns).find((c) => c.header === header);
  if (!column) return null;
  return column.parse.amount ? 'money' : column.parse === (date as CellParser<unknown>) ? 'date' : null;
}
