// The records of some centers written back in the ledger format (LEDGER-FORMAT.md): importing the
// file into an empty database gives the same records. Dates and amounts are written as text in the
// format's own notation, so nothing depends on a spreadsheet's number or date formats.
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { fenToYuan } from '../lib/money';
import { trimDecimal } from '../parcels/rules';

type Cell = string | number | null;
interface SheetData { name: string; headers: string[]; rows: Cell[][] }

const money = (v: string | null) => (v === null ? null : fenToYuan(BigInt(v)));

export async function ledgerSheets(db: DbOrTx, centerIds: number[]): Promise<SheetData[]> {
  const ids = centerIds.length ? centerIds : [-1];
  const [centers, agencies, parcels, announcements, transfers] = await Promise.all([
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
             t.registration_deadline::text, t.auction_date::text, t.result, t.deal_price::text, t.winner, t.deal_date::text, t.confirmation_no
      from transfers t join parcels p on p.id = t.parcel_id join centers c on c.id = t.center_id
        left join agencies g on g.id = t.agency_id left join announcements n on n.id = t.announcement_id
      where t.center_id in ${ids} order by c.code, p.code, t.round`),
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
      headers: ['中心编码', '标的编号', '场次', '方式', '拍卖机构信用代码', '公告编号', '公告开始日期', '公告截止日期', '报名截止日期', '竞价日期', '结果', '成交价', '竞得人', '成交日期', '成交确认书编号'],
      rows: transfers.map((r) => [r.center, r.code, r.round, r.mode, r.credit_code, r.announcement, r.notice_start, r.notice_end,
        r.registration_deadline, r.auction_date, r.result, money(r.deal_price), r.winner, r.deal_date, r.confirmation_no]),
    },
  ];
}

export async function exportLedger(db: DbOrTx, centerIds: number[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '出让台账';
  for (const s of await ledgerSheets(db, centerIds)) {
    const ws = wb.addWorksheet(s.name);
    ws.addRow(s.headers).font = { bold: true };
    for (const r of s.rows) ws.addRow(r.map((v) => v ?? null));
    ws.columns.forEach((col) => { col.width = 16; });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
