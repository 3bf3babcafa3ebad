// A bank statement of the deposit account, imported as CSV (what 网银 exports: a title row or two, a
// header row, one line per transaction, maybe a 合计 row; UTF-8 or GBK). Every credit line is kept
// (bank_statement_lines); a line whose payer is the bidder of exactly one open application, whose amount
// is exactly what that application still owes, and whose account is the one it paid from before (if it
// paid before) becomes that application's receipt. The rest stay 未匹配 for staff to match by hand —
// through the same addReceipt, so the payer-is-the-bidder rule holds either way.
// Unreadable input is an error and imports nothing; a re-import of the same statement is a no-op.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { bankStatementLines, bidApplications, depositReceipts } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import type { Db, DbOrTx } from '../db';
import { todayShanghai } from '../lib/dates';
import { FieldProblem } from '../lib/forms';
import { formatYuan } from '../lib/money';
import { CsvError, parseCsv } from '../ledger/csv';
import { decodeCsv } from '../ledger/files';
import { parseAmountText, parseDateText } from '../ledger/values';
import { addReceipt } from './deposits';
import { intArray } from '../lib/query';

export interface StatementLine {
  row: number; bankSerial: string; payerName: string; payerAccount: string; payerBank: string | null;
  amount: bigint; receivedOn: string; receivedTime: string | null; summary: string | null;
}

export type ParsedStatement = { ok: true; lines: StatementLine[]; debits: number } | { ok: false; errors: string[] };

// The names banks give the columns (工行, 农行, 建行, 中行 and the rural credit cooperatives' 网银 exports).
const COLUMNS = {
  serial: ['交易流水号', '流水号', '银行流水号', '交易参考号', '业务流水号', '凭证号', '交易序号'],
  time: ['交易时间', '到账时间', '入账时间', '交易日期', '记账日期', '入账日期', '日期'],
  payerName: ['对方户名', '付款人名称', '付款人户名', '付款人', '对方账户名称', '对方单位名称', '汇款人'],
  payerAccount: ['对方账号', '付款人账号', '付款账号', '对方账户', '汇款人账号'],
  payerBank: ['对方开户行', '对方开户行名', '付款行', '付款人开户行', '对方行名'],
  credit: ['贷方金额', '贷方发生额', '收入金额', '收入', '到账金额', '金额'],
  debit: ['借方金额', '借方发生额', '支出金额', '支出'],
  summary: ['摘要', '附言', '用途', '备注'],
  // Exports with one 金额 column say which way each line went in a column of its own.
  direction: ['借贷标志', '借贷方向', '收支方向', '收支标志', '借贷', '收/支', '收支', '方向'],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ['serial', 'time', 'payerName', 'payerAccount', 'credit'];
const LABEL: Record<Column, string> = {
  serial: '交易流水号', time: '交易时间', payerName: '对方户名', payerAccount: '对方账号', payerBank: '对方开户行',
  credit: '贷方金额', debit: '借方金额', summary: '摘要', direction: '借贷标志',
};
// A 借贷标志's words: 贷/收 is money in (a deposit may be one), 借/支/付 money out.
const CREDIT_MARK = /^(贷|贷方|收|收入|入账|C|CR|CREDIT)$/i;
const DEBIT_MARK = /^(借|借方|支|支出|付|付出|D|DR|DEBIT)$/i;

const headerKey = (s: string) => s.replace(/\s+/g, '').replace(/[（(](元|人民币)[)）]$/, '');
const TIME = /(\d{1,2}):(\d{2})(?::\d{2})?\s*$/;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Lines per INSERT: far below PostgreSQL's 65,535 parameters at 11 columns a line. */
const CHUNK = 1000;
const CONTROL_ALL = /[\u0000-\u001f\u007f]/g;

/** The credit lines of a statement file, or every reason it cannot be read. */
export function parseStatement(data: Buffer): ParsedStatement {
  const decoded = decodeCsv(data);
  if (!decoded) return { ok: false, errors: ['文件编码无法识别（既不是 UTF-8 也不是 GB18030/GBK），请从网银重新导出 CSV'] };
  let records: string[][];
  try {
    records = parseCsv(decoded.text);
  } catch (e) {
    if (e instanceof CsvError) return { ok: false, errors: [e.message] };
    throw e;
  }
  // The header row: the first of the first ten rows that names a serial and an amount column.
  // A column is the cell with the first of its names (most specific first) that the row has.
  const find = (cells: string[], col: Column) => {
    const keys = cells.map(headerKey);
    for (const name of COLUMNS[col]) { const i = keys.indexOf(name); if (i >= 0) return i; }
    return -1;
  };
  const headerAt = records.slice(0, 10).findIndex((r) => find(r, 'serial') >= 0 && find(r, 'credit') >= 0);
  if (headerAt < 0) return { ok: false, errors: ['找不到表头行：前 10 行中没有同时含“交易流水号”和“贷方金额”（或“收入金额”）的行'] };
  const header = records[headerAt]!;
  const at = Object.fromEntries((Object.keys(COLUMNS) as Column[]).map((c) => [c, find(header, c)])) as Record<Column, number>;
  // One 金额 column for both ways (no 借方 column): its lines say their way in a 借贷标志, or by their sign.
  // With separate 贷方/借方 columns a 标志 column is not read.
  const single = at.debit < 0 && headerKey(header[at.credit] ?? '') === '金额';
  const missing = REQUIRED.filter((c) => at[c] < 0);
  if (missing.length) return { ok: false, errors: [`表头缺少列：${missing.map((c) => LABEL[c]).join('、')}`] };

  const errors: string[] = [];
  const lines: StatementLine[] = [];
  const seen = new Map<string, number>();
  let debits = 0;
  const today = todayShanghai();
  records.slice(headerAt + 1).forEach((r, i) => {
    const row = headerAt + i + 2;
    const cell = (c: Column) => (at[c] >= 0 ? (r[at[c]] ?? '').trim() : '');
    if (r.every((v) => v.trim() === '')) return;
    if (r.some((v) => /^(本页|本日|本月)?(合计|总计|小计)/.test(v.trim()))) return;
    // PostgreSQL text cannot hold NUL; other control characters are damage too.
    if (r.some((v) => CONTROL.test(v))) { errors.push(`第 ${row} 行：含有不可见的控制字符，请从网银重新导出`); return; }
    // A line without a credit amount (or with 0), marked 借/支 in a 借贷标志 column, or with a negative
    // amount in a single 金额 column is money out: not a deposit, skipped and counted.
    const credit = cell('credit');
    if (credit === '') { debits++; return; }
    if (single) {
      const mark = cell('direction');
      const negative = /^[-−－]/.test(credit);
      if (at.direction >= 0 && DEBIT_MARK.test(mark)) { debits++; return; }
      if (at.direction >= 0 && !CREDIT_MARK.test(mark)) { errors.push(`第 ${row} 行：借贷标志“${mark}”无法识别（应为“借”或“贷”、“收”或“支”）`); return; }
      // Without a 标志 a bank prints money out as a negative amount; marked 贷, a negative one is a 冲正 (an error below).
      if (at.direction < 0 && negative) { debits++; return; }
    }
    const amount = parseAmountText(credit);
    if (credit === '' || (amount.ok && amount.value === 0n)) { debits++; return; }
    const problems: string[] = [];
    if (!amount.ok) problems.push(`贷方金额：${amount.error}`);
    const serial = cell('serial');
    if (!serial) problems.push('交易流水号为空');
    const name = cell('payerName');
    if (!name) problems.push('对方户名为空');
    const account = cell('payerAccount').replace(/[\s-]/g, '');
    if (!/^\d{6,32}$/.test(account)) problems.push('对方账号应为6至32位数字');
    const time = cell('time');
    const day = parseDateText(time);
    if (!day) problems.push(`交易时间“${time}”不是有效日期`);
    else if (day > today) problems.push(`交易时间 ${day} 晚于今天`);
    const hm = TIME.exec(time);
    const clock = hm && Number(hm[1]) < 24 ? `${hm[1]!.padStart(2, '0')}:${hm[2]}` : null;
    if (serial && seen.has(serial)) problems.push(`交易流水号 ${serial} 与第 ${seen.get(serial)} 行重复`);
    if (problems.length) { errors.push(`第 ${row} 行：${problems.join('；')}`); return; }
    seen.set(serial, row);
    lines.push({
      row, bankSerial: serial, payerName: name, payerAccount: account, payerBank: cell('payerBank') || null, amount: (amount as { value: bigint }).value,
      receivedOn: day!, receivedTime: clock, summary: cell('summary') || null,
    });
  });
  if (errors.length) return { ok: false, errors };
  if (!lines.length) return { ok: false, errors: ['文件中没有收入（贷方）记录'] };
  return { ok: true, lines, debits };
}

export interface StatementResult { imported: number; matched: number; unmatched: number; already: number; debits: number }

/** The one open application a line pays for, if exactly one fits. */
async function candidateFor(tx: DbOrTx, centerId: number, line: StatementLine) {
  const rows = [...await tx.execute<{ application_id: number; transfer_id: number }>(sql`
    select a.id as application_id, a.transfer_id
    from bid_applications a join transfers t on t.id = a.transfer_id join parcels p on p.id = t.parcel_id
    where a.center_id = ${centerId} and t.result = '进行中' and t.suspended_on is null and p.deposit > 0
      and exists (select 1 from bid_application_members m join bidders b on b.id = m.bidder_id
                  where m.application_id = a.id and b.name = ${line.payerName})
      and p.deposit - (select coalesce(sum(r.amount), 0) from deposit_receipts r where r.application_id = a.id) = ${line.amount}
      and (not exists (select 1 from deposit_receipts r where r.application_id = a.id)
           or exists (select 1 from deposit_receipts r where r.application_id = a.id and r.payer_account = ${line.payerAccount}))`)];
  return rows.length === 1 ? rows[0]! : null;
}

/**
 * Keeps the statement's new lines and matches what can be matched. The lines are written in one
 * transaction (all or none); each match is then a receipt through addReceipt, which locks its
 * application and checks the rules again — a match that fails them leaves its line unmatched.
 */
export async function importStatement(db: Db, actor: Actor, centerId: number, filename: string, lines: StatementLine[], debits: number): Promise<StatementResult> {
  const fresh = await db.transaction(async (tx) => {
    const rows: { id: number; bankSerial: string }[] = [];
    for (let i = 0; i < lines.length; i += CHUNK) {
      rows.push(...await tx.insert(bankStatementLines).values(lines.slice(i, i + CHUNK).map((l) => ({
        centerId, bankSerial: l.bankSerial, payerName: l.payerName, payerAccount: l.payerAccount, payerBank: l.payerBank, amount: l.amount,
        receivedAt: sql`${`${l.receivedOn} ${l.receivedTime ?? '00:00'}`}::timestamp`, summary: l.summary, filename: filename.replace(CONTROL_ALL, ''), importedBy: actor.userId,
      }))).onConflictDoNothing().returning({ id: bankStatementLines.id, bankSerial: bankStatementLines.bankSerial }));
    }
    if (rows.length) {
      await recordAudit(tx, actor, {
        action: 'import', entity: 'bank-statement', entityId: rows[0]!.id, centerId,
        after: { filename, lines: rows.length, ids: rows.map((r) => r.id) },
      });
    }
    return new Set(rows.map((r) => r.bankSerial));
  });
  let matched = 0;
  for (const line of lines.filter((l) => fresh.has(l.bankSerial))) {
    // Already entered by hand under the same 银行流水号: matched by that receipt if it is the same money
    // (same amount from the same account); a receipt that differs leaves the line unmatched, to be looked at.
    const [known] = await db.select({ amount: depositReceipts.amount, account: depositReceipts.payerAccount }).from(depositReceipts)
      .where(and(eq(depositReceipts.centerId, centerId), eq(depositReceipts.bankSerial, line.bankSerial)));
    if (known) { if (known.amount === line.amount && known.account === line.payerAccount) matched++; continue; }
    const cand = await candidateFor(db, centerId, line);
    if (!cand) continue;
    try {
      await addReceipt(db, actor, cand.transfer_id, {
        application: cand.application_id, bank_serial: line.bankSerial, payer_name: line.payerName, payer_account: line.payerAccount,
        payer_bank: line.payerBank ?? undefined, amount: line.amount, received_on: line.receivedOn, received_time: line.receivedTime ?? undefined,
      });
      matched++;
    } catch (e) {
      // Another writer got there first, or the rules refuse it now: the line stays for a person to match.
      if (!(e instanceof FieldProblem)) throw e;
    }
  }
  return { imported: fresh.size, matched, unmatched: fresh.size - matched, already: lines.length - fresh.size, debits };
}

export interface UnmatchedLine extends Record<string, unknown> {
  id: number; center: string; center_id: number; bank_serial: string; payer_name: string; payer_account: string; payer_bank: string | null;
  amount: string; received_at: string; summary: string | null; filename: string;
}

/** The statement lines of the centers that no receipt carries, oldest first. */
export async function unmatchedLines(db: DbOrTx, centerIds: number[]) {
  return [...await db.execute<UnmatchedLine>(sql`
    select l.id, c.name as center, l.center_id, l.bank_serial, l.payer_name, l.payer_account, l.payer_bank, l.amount::text,
           to_char(l.received_at, 'YYYY-MM-DD HH24:MI') as received_at, l.summary, l.filename
    from bank_statement_lines l join centers c on c.id = l.center_id
    where l.center_id = any(${intArray(centerIds)})
      and not exists (select 1 from deposit_receipts r where r.center_id = l.center_id and r.bank_serial = l.bank_serial
                      and r.amount = l.amount and r.payer_account = l.payer_account)
    order by l.received_at, l.id`)];
}

export interface ApplicationChoice extends Record<string, unknown> { id: number; center_id: number; label: string }

/** The applications of the centers' open rounds, for matching a line by hand. */
export async function openApplications(db: DbOrTx, centerIds: number[]) {
  return [...await db.execute<ApplicationChoice>(sql`
    select a.id, a.center_id, p.code || ' 第' || t.round || '场 · ' ||
           (select string_agg(b.name, '、' order by m.share desc, b.id) from bid_application_members m join bidders b on b.id = m.bidder_id
             where m.application_id = a.id) as label
    from bid_applications a join transfers t on t.id = a.transfer_id join parcels p on p.id = t.parcel_id
    where a.center_id = any(${intArray(centerIds)}) and t.result = '进行中'
    order by p.code, t.round, a.id`)];
}

export async function lineInScope(db: DbOrTx, centerIds: number[], lineId: number) {
  const [line] = await db.select({ id: bankStatementLines.id }).from(bankStatementLines)
    .where(and(eq(bankStatementLines.id, lineId), inArray(bankStatementLines.centerId, centerIds)));
  return !!line;
}

/** Matches one unmatched line to an application by hand: a receipt under the line's 银行流水号. */
export async function matchLine(db: Db, actor: Actor, centerIds: number[], lineId: number, applicationId: number) {
  const [line] = await db.select({
    centerId: bankStatementLines.centerId, bankSerial: bankStatementLines.bankSerial, payerName: bankStatementLines.payerName,
    payerAccount: bankStatementLines.payerAccount, payerBank: bankStatementLines.payerBank, amount: bankStatementLines.amount,
    on: sql<string>`to_char(${bankStatementLines.receivedAt}, 'YYYY-MM-DD')`, time: sql<string>`to_char(${bankStatementLines.receivedAt}, 'HH24:MI')`,
  }).from(bankStatementLines).where(and(eq(bankStatementLines.id, lineId), inArray(bankStatementLines.centerId, centerIds)));
  if (!line) return null;
  const [known] = await db.select({ id: depositReceipts.id }).from(depositReceipts)
    .where(and(eq(depositReceipts.centerId, line.centerId), eq(depositReceipts.bankSerial, line.bankSerial)));
  if (known) throw new FieldProblem('application', `流水 ${line.bankSerial} 已登记为保证金到账，不能再匹配`);
  const [app] = await db.select({ transferId: bidApplications.transferId }).from(bidApplications)
    .where(and(eq(bidApplications.id, applicationId), eq(bidApplications.centerId, line.centerId)));
  if (app) {
    const [owed] = await db.execute<{ due: string; paid: string }>(sql`
      select coalesce(p.deposit, 0)::text as due, (select coalesce(sum(r.amount), 0) from deposit_receipts r where r.application_id = ${applicationId})::text as paid
      from transfers t join parcels p on p.id = t.parcel_id where t.id = ${app.transferId}`);
    if (owed && BigInt(owed.due) > 0n && BigInt(owed.paid) >= BigInt(owed.due)) {
      throw new FieldProblem('application', `该报名的保证金 ${formatYuan(BigInt(owed.due))} 元已全额到账，这笔到账不应再计入；如为重复缴款，请核对后退还`);
    }
  }
  return addReceipt(db, actor, app?.transferId ?? 0, {
    application: applicationId, bank_serial: line.bankSerial, payer_name: line.payerName, payer_account: line.payerAccount,
    payer_bank: line.payerBank ?? undefined, amount: line.amount, received_on: line.on, received_time: line.time,
  });
}
