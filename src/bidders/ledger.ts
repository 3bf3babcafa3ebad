// The 保证金管理科's two reports over the center's rounds: the 保证金台账 (every receipt and disposition
// in a period) and the 在途余额表 (per application, what is held on a day: receipts − dispositions up to
// and including it). Both read the same records as a round's tab; money in 分, summed in SQL.
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { fenToYuan } from '../lib/money';
import { dateValue, DATE_FORMAT, exactNumber, YUAN_FORMAT } from '../lib/xlsx-cells';
import { intArray } from '../lib/query';

export interface BalanceRow extends Record<string, unknown> {
  application_id: number; transfer_id: number; center: string; code: string; round: number; mode: string; result: string;
  paddle_no: number | null; bidders: string; received: string; disposed: string; balance: string; first_received: string;
}

/** Every application holding 保证金 at the end of `asOf` (YYYY-MM-DD), oldest first. */
export async function depositBalances(db: DbOrTx, centerIds: number[], asOf: string) {
  return [...await db.execute<BalanceRow>(sql`
    with r as (
      select application_id, sum(amount) as received, min(received_at)::date as first_received
      from deposit_receipts where center_id = any(${intArray(centerIds)}) and received_at::date <= ${asOf}::date group by application_id),
    d as (
      select application_id, sum(amount) as disposed
      from deposit_dispositions where center_id = any(${intArray(centerIds)}) and disposed_on <= ${asOf}::date group by application_id)
    select a.id as application_id, t.id as transfer_id, c.name as center, p.code, t.round, t.mode, t.result, a.paddle_no,
           (select string_agg(b.name, '、' order by m.share desc, b.id) from bid_application_members m join bidders b on b.id = m.bidder_id
             where m.application_id = a.id) as bidders,
           r.received::text, coalesce(d.disposed, 0)::text as disposed, (r.received - coalesce(d.disposed, 0))::text as balance,
           r.first_received::text
    from r join bid_applications a on a.id = r.application_id left join d on d.application_id = r.application_id
      join transfers t on t.id = a.transfer_id join parcels p on p.id = t.parcel_id join centers c on c.id = a.center_id
    where r.received - coalesce(d.disposed, 0) <> 0
    order by r.first_received, a.id`)];
}

export interface LedgerLine extends Record<string, unknown> {
  on_date: string; kind: string; center: string; code: string; round: number; paddle_no: number | null; bidders: string;
  payer_name: string | null; payer_account: string; amount: string; bank_serial: string | null; document_no: string | null;
}

/** Every receipt (到账, +) and disposition (−) dated in [from, to], in time order. */
export async function depositLedger(db: DbOrTx, centerIds: number[], from: string, to: string) {
  return [...await db.execute<LedgerLine>(sql`
    with lines as (
      select to_char(received_at, 'YYYY-MM-DD') as on_date, '到账' as kind, application_id, payer_name, payer_account, amount, bank_serial,
             null::text as document_no, id, 0 as ord
      from deposit_receipts where center_id = any(${intArray(centerIds)}) and received_at::date between ${from}::date and ${to}::date
      union all
      select disposed_on::text, kind, application_id, null, payer_account, -amount, bank_serial, document_no, id, 1
      from deposit_dispositions where center_id = any(${intArray(centerIds)}) and disposed_on between ${from}::date and ${to}::date)
    select l.on_date, l.kind, c.name as center, p.code, t.round, a.paddle_no,
           (select string_agg(b.name, '、' order by m.share desc, b.id) from bid_application_members m join bidders b on b.id = m.bidder_id
             where m.application_id = a.id) as bidders,
           l.payer_name, l.payer_account, l.amount::text, l.bank_serial, l.document_no
    from lines l join bid_applications a on a.id = l.application_id join transfers t on t.id = a.transfer_id
      join parcels p on p.id = t.parcel_id join centers c on c.id = a.center_id
    order by l.on_date, l.ord, l.id`)];
}

export const BALANCE_HEADERS = ['交易中心', '标的编号', '场次', '出让方式', '结果', '号牌', '竞买人', '首笔到账日期', '到账（元）', '已处置（元）', '在途余额（元）'];
export const balanceCells = (r: BalanceRow) => [r.center, r.code, r.round, r.mode, r.result, r.paddle_no, r.bidders, r.first_received,
  fenToYuan(BigInt(r.received)), fenToYuan(BigInt(r.disposed)), fenToYuan(BigInt(r.balance))];
export const LEDGER_HEADERS = ['日期', '类别', '交易中心', '标的编号', '场次', '号牌', '竞买人', '缴款人', '账号', '金额（元）', '银行流水号', '文号'];
export const ledgerCells = (l: LedgerLine) => [l.on_date, l.kind, l.center, l.code, l.round, l.paddle_no, l.bidders, l.payer_name, l.payer_account,
  fenToYuan(BigInt(l.amount)), l.bank_serial, l.document_no];

/**
 * One sheet: a title row, the headers, the rows and a 合计 row. Money columns (by header, `（元）`)
 * are number cells where exact, dates (`YYYY-MM-DD` under a 日期 header) date cells.
 */
export async function tableXlsx(title: string, headers: string[], rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(title.slice(0, 31));
  ws.addRow([title]).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, headers.length);
  ws.addRow(headers).font = { bold: true };
  const money = headers.map((h) => h.endsWith('（元）'));
  const dates = headers.map((h) => h.includes('日期'));
  for (const r of rows) {
    ws.addRow(r.map((v, i) => {
      if (typeof v !== 'string') return v;
      if (money[i]) return exactNumber(v) ?? v;
      if (dates[i]) return dateValue(v) ?? v;
      return v;
    }));
  }
  const total = ws.addRow(headers.map((_, i) => (i === 0 ? '合计' : null)));
  total.font = { bold: true };
  money.forEach((isMoney, i) => {
    if (!isMoney) return;
    const col = ws.getColumn(i + 1);
    col.numFmt = YUAN_FORMAT;
    col.width = 16;
    const letter = col.letter;
    if (rows.length) total.getCell(i + 1).value = { formula: `SUM(${letter}3:${letter}${rows.length + 2})` };
  });
  dates.forEach((isDate, i) => { if (isDate) { ws.getColumn(i + 1).numFmt = DATE_FORMAT; ws.getColumn(i + 1).width = 12; } });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
