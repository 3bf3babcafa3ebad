// The finance sheets of the ledger import (收费协议, 项目, 预算, 资金到位, 支付, 非税收入, 非税任务)
// against a real PostgreSQL: records and links, idempotence, and every error a sheet reports.
import { and, eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agencies, auditEvents, budgetEntries, centers, closedYears, feeAgreements, parcels, payments, projects, recordWarnings, remittances, transfers } from '../../db/schema';
import { createTestDb, type TestDb } from '../../tests/helpers/db';
import { agreementForm } from '../fees/forms';
import { transferFees } from '../fees/queries';
import { feeOverpayment } from '../fees/rules';
import { closedYearMessage } from '../funds/db-errors';
import { projectFunds } from '../funds/figures';
import { committedAmount, lockProject, reductionProblem, totalBudget } from '../funds/queries';
import { todayShanghai } from '../lib/dates';
import { parseForm } from '../lib/forms';
import { text } from './cells';
import { runImport } from './engine';
import { ledgerSheets } from './export';
import { importLedger, type ImportResult } from './import';
import { defineSheet, req } from './sheet';
import { creditCodeCheckChar } from '../lib/credit-code';
import { IMPORTED_PAID_NOTE } from './sheets/payments';
import { AS_HISTORY } from './funds';
import { AGENCY_A, AGENCY_B, copyLedger, FUNDS_COUNTS, fundsCounts, fundsLedger, setCell, toCsvFiles, toXlsxFile, type Ledger, countsOf, errorsOf, warningsOf } from './testing';
import type { ImportFile } from './types';

const actor = { userId: null, name: 'test' };
let database: TestDb;
beforeEach(async () => { database = await createTestDb(); });
afterEach(async () => { await database.close(); });

const run = (files: ImportFile[], opts: { dryRun?: boolean } = {}) =>
  importLedger(database.db, files, { actor, dryRun: opts.dryRun ?? false, source: 'test.xlsx' });

const counts = countsOf;
const errors = errorsOf;

const FINANCE_CREATED = {
  收费协议: [3, 3, 0, 0], 项目: [2, 2, 0, 0], 预算: [3, 3, 0, 0], 资金到位: [2, 2, 0, 0], 支付: [6, 6, 0, 0], 非税收入: [4, 4, 0, 0], 非税任务: [2, 2, 0, 0],
};
const FINANCE_UNCHANGED = {
  收费协议: [3, 0, 0, 3], 项目: [2, 0, 0, 2], 预算: [3, 0, 0, 3], 资金到位: [2, 0, 0, 2], 支付: [6, 0, 0, 6], 非税收入: [4, 0, 0, 4], 非税任务: [2, 0, 0, 2],
};
const pick = (c: Record<string, number[]>, sheets: object) => Object.fromEntries(Object.keys(sheets).map((s) => [s, c[s]]));

/** Only some sheets of a ledger (the rest is in the database already). */
const only = (l: Ledger, ...sheets: string[]): Ledger => Object.fromEntries(sheets.map((s) => [s, l[s]!]));

async function centerId(code: string) {
  return (await database.db.select({ id: centers.id }).from(centers).where(eq(centers.code, code)))[0]!.id;
}

async function transferId(parcelCode: string, round: number) {
  const [t] = await database.db.select({ id: transfers.id }).from(transfers).innerJoin(parcels, eq(parcels.id, transfers.parcelId))
    .where(and(eq(parcels.code, parcelCode), eq(transfers.round, round)));
  return t!.id;
}

describe('finance sheets: a valid ledger', () => {
  it('imports the seven sheets with their links, every payment paid and audited as imported', async () => {
    const c = counts(await run(toCsvFiles(fundsLedger(), { bom: true })));
    expect(pick(c, FINANCE_CREATED)).toEqual(FINANCE_CREATED);
    const { audit_events: audits, ...tables } = await fundsCounts(database.db);
    expect(tables).toEqual(FUNDS_COUNTS);
    expect(audits).toBe(17 + 22);

    const [a] = await database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.creditCode, AGENCY_A));
    const [b] = await database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.creditCode, AGENCY_B));
    const agreements = await database.db.select().from(feeAgreements).orderBy(feeAgreements.agencyId, feeAgreements.year);
    expect(agreements.find((f) => f.agencyId === a!.id)).toMatchObject({ year: 2020, method: '按宗固定', fixedAmount: 1200000n, rate: null, tiers: null, cap: null, payFailed: true });
    expect(agreements.find((f) => f.agencyId === b!.id && f.year === 2020)).toMatchObject({
      method: '分档累进', fixedAmount: null, cap: 5000000n, payFailed: false,
      tiers: [{ from: '0', to: '100000000', rate: '1' }, { from: '100000000', to: '500000000', rate: '0.5' }, { from: '500000000', to: null, rate: '0.25' }],
    });
    expect(agreements.find((f) => f.agencyId === b!.id && f.year === 2021)).toMatchObject({ method: '按成交价比例', rate: '0.1500', tiers: null });

    const gy = await centerId('GY');
    const [project] = await database.db.select().from(projects).where(and(eq(projects.centerId, gy), eq(projects.year, 2020)));
    expect(project!.budgetUnit).toBe('广元市公共资源交易中心');
    expect(await projectFunds(database.db, project!.id)).toMatchObject({
      initial: 60000000n, adjustments: 40000000n, total: 100000000n, arrived: 100000000n, arrivedFiscal: 100000000n,
      spent: 1200000n + 960000n + 860000n - 60000n + 100000n, executionRate: '3.06',
    });

    const paid = await database.db.select().from(payments).orderBy(payments.voucherNo);
    expect(paid.every((p) => p.status === '已支付' && p.imported && p.createdBy === null)).toBe(true);
    const byVoucher = (v: string) => paid.find((p) => p.voucherNo === v && p.centerId === gy)!;
    expect(byVoucher('记-2020-04-001')).toMatchObject({
      category: '拍卖机构劳务费', amount: 1200000n, paidOn: '2020-04-10', transferId: await transferId('GY2020-01', 1), agencyId: a!.id, reversesId: null,
    });
    // The reversal comes before its original in the file and still points at it.
    expect(byVoucher('记-2020-06-009')).toMatchObject({ amount: -60000n, reversesId: byVoucher('记-2020-06-003').id, paidOn: '2020-06-29' });
    expect(byVoucher('记-2020-03-002').announcementId).not.toBeNull();
    // GY2020-02 has not sold: the latest round (2, 进行中, no agency) is the one linked.
    expect(byVoucher('记-2020-07-001')).toMatchObject({ transferId: await transferId('GY2020-02', 2), agencyId: null });
    expect(paid.find((p) => p.voucherNo === '记-2020-05-001')).toMatchObject({ centerId: await centerId('CX'), agencyId: a!.id });

    const notes = await database.db.select({ note: auditEvents.note, action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.entity, 'payment'));
    expect(notes).toHaveLength(6);
    expect(notes.every((n) => n.action === 'import-create' && n.note === `${IMPORTED_PAID_NOTE}（test.xlsx）`)).toBe(true);
    const others = await database.db.select({ note: auditEvents.note }).from(auditEvents).where(eq(auditEvents.entity, 'remittance'));
    expect(others.every((n) => n.note === 'test.xlsx')).toBe(true);

    const rem = await database.db.select().from(remittances).orderBy(remittances.centerId, remittances.receiptNo);
    expect(rem.map((r) => [r.receiptNo, r.revenueType, r.amount, r.transferId])).toEqual([
      ['FS-01', '土地出让收入', 270720000n, await transferId('GY2020-01', 1)],
      ['FS-02', '交易服务费', 22560000n, null],
      ['FS-03', '其他', 10000n, await transferId('GY2020-02', 2)],
      ['FS-01', '土地出让收入', 18600000n, await transferId('CX2020-01', 1)],
    ]);
  });

  it('a second import changes nothing, and the .xlsx form reads the same values', async () => {
    expect(pick(counts(await run([await toXlsxFile(fundsLedger())])), FINANCE_CREATED)).toEqual(FINANCE_CREATED);
    const before = await fundsCounts(database.db);
    expect(pick(counts(await run(toCsvFiles(fundsLedger()))), FINANCE_UNCHANGED)).toEqual(FINANCE_UNCHANGED);
    expect(pick(counts(await run([await toXlsxFile(fundsLedger())])), FINANCE_UNCHANGED)).toEqual(FINANCE_UNCHANGED);
    expect(await fundsCounts(database.db)).toEqual(before);
  });

  it('a dry run reports the counts and writes nothing', async () => {
    const empty = await fundsCounts(database.db);
    expect(pick(counts(await run(toCsvFiles(fundsLedger()), { dryRun: true })), FINANCE_CREATED)).toEqual(FINANCE_CREATED);
    expect(await fundsCounts(database.db)).toEqual(empty);
  });

  it('empty cells are "not given": a spelling of the same value and an omitted optional cell stay unchanged', async () => {
    counts(await run(toCsvFiles(fundsLedger())));
    const l = copyLedger(fundsLedger());
    setCell(l, '收费协议', 3, '分档', '0-1,000,000.00:1.0;1000000-5000000：0.50；5000000-:0.2500');
    setCell(l, '收费协议', 2, '流拍计费', '');
    setCell(l, '预算', 2, '说明', '');
    setCell(l, '资金到位', 2, '来源', '');
    setCell(l, '支付', 2, '摘要', '');
    setCell(l, '支付', 4, '金额', '-600');
    expect(pick(counts(await run(toCsvFiles(l))), FINANCE_UNCHANGED)).toEqual(FINANCE_UNCHANGED);
  });
});

describe('finance sheets: existing records are never overwritten', () => {
  beforeEach(async () => { counts(await run(toCsvFiles(fundsLedger()))); });

  it('a different value of a financial record is an error naming the column; nothing changes', async () => {
    const before = await fundsCounts(database.db);
    const l = copyLedger(fundsLedger());
    setCell(l, '收费协议', 3, '分档', '0-2000000:1;2000000-:0.5');
    setCell(l, '项目', 2, '年度目标', '另一个目标');
    setCell(l, '预算', 2, '金额', '600000.01');
    setCell(l, '资金到位', 2, '来源', '其他');
    setCell(l, '支付', 2, '收款方', '另一家拍卖公司');
    setCell(l, '支付', 3, '支付日期', '2020-03-06');
    setCell(l, '非税收入', 2, '标的编号', 'GY2020-02');
    setCell(l, '非税任务', 2, '任务金额', '8000000');
    const errs = errors(await run(toCsvFiles(l)));
    expect(errs.map((e) => [e.sheet, e.row, e.column])).toEqual([
      ['收费协议', 3, '分档'], ['项目', 2, '年度目标'], ['预算', 2, '金额'], ['资金到位', 2, '来源'],
      ['支付', 2, '收款方'], ['支付', 3, '支付日期'], ['非税收入', 2, '标的编号'], ['非税任务', 2, '任务金额'],
    ]);
    expect(errs[0]!.message).toBe('与已有记录不一致：已有记录的分档为“0-1000000:1;1000000-5000000:0.5;5000000-:0.25”，文件中为“0-2000000:1;2000000-:0.5”；分档不能通过导入修改');
    expect(errs[4]!.message).toBe('与已有记录不一致：已有记录的收款方为“广元市嘉陵拍卖有限责任公司”，文件中为“另一家拍卖公司”；收款方不能通过导入修改');
    expect(errs[6]!.message).toContain('已有记录的标的编号为“GY2020-01”');
    expect(await fundsCounts(database.db)).toEqual(before);
  });

  it('reverses a payment of the database once, by at most its amount', async () => {
    const head = fundsLedger()['支付']![0]!;
    const P = ['GY', '2020', '土地出让工作经费'];
    const reversal = (voucher: string, amount: string, of = '记-2020-04-001'): Ledger => ({
      支付: [head, [...P, voucher, '拍卖机构劳务费', '广元市嘉陵拍卖有限责任公司', amount, '2020-12-20', '', '', '冲销', of]],
    });
    const tooMuch = errors(await run(toCsvFiles(reversal('记-2020-12-001', '-12000.01'))));
    expect(tooMuch.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [2, '金额', '-12000.01', '冲销金额 12000.01 元超过了原支付（凭证号 记-2020-04-001）的金额 12000.00 元'],
    ]);
    const positive = errors(await run(toCsvFiles(reversal('记-2020-12-001', '100'))));
    expect(positive.map((e) => [e.column, e.message])).toEqual([['金额', '冲销的金额应为负数，如 -600.00']]);

    counts(await run(toCsvFiles(reversal('记-2020-12-001', '-12000'))));
    const gy = await centerId('GY');
    const [original] = await database.db.select().from(payments).where(and(eq(payments.centerId, gy), eq(payments.voucherNo, '记-2020-04-001')));
    const [rev] = await database.db.select().from(payments).where(and(eq(payments.centerId, gy), eq(payments.voucherNo, '记-2020-12-001')));
    // Links left empty are the original's, so the reversal nets out per transfer and agency too.
    expect(rev).toMatchObject({ reversesId: original!.id, amount: -1200000n, transferId: original!.transferId, agencyId: original!.agencyId, status: '已支付' });
    // The same file again: unchanged (its empty 标的编号 is not compared with the inherited link).
    expect(counts(await run(toCsvFiles(reversal('记-2020-12-001', '-12000'))))['支付']).toEqual([1, 0, 0, 1]);

    const twice = errors(await run(toCsvFiles(reversal('记-2020-12-002', '-1'))));
    expect(twice.map((e) => [e.column, e.message])).toEqual([['冲销凭证号', '凭证号 记-2020-04-001 已被凭证号 记-2020-12-001 冲销，一笔支付只能冲销一次']]);
    const ofReversal = errors(await run(toCsvFiles(reversal('记-2020-12-003', '-1', '记-2020-06-009'))));
    expect(ofReversal.map((e) => e.message)).toEqual(['凭证号 记-2020-06-009 本身是一笔冲销，不能再冲销']);
  });

  it('refuses records dated into a closed year, as row errors', async () => {
    const gy = await centerId('GY');
    await database.db.insert(closedYears).values({ centerId: gy, year: 2020 });
    const before = await fundsCounts(database.db);
    const l = only(copyLedger(fundsLedger()), '预算', '资金到位', '支付', '非税收入');
    l['预算']!.push(['GY', '2020', '土地出让工作经费', '调减', '1000', '2020-12-01', '广财预〔2020〕99号', '']);
    l['资金到位']!.push(['GY', '2020', '土地出让工作经费', '1000', '2020-12-01', '']);
    l['支付']!.push(['GY', '2020', '土地出让工作经费', '记-2020-12-099', '其他', '某公司', '100', '2020-12-30', '', '', '', '']);
    l['非税收入']!.push(['GY', 'FS-99', '其他', '', '100', '2020-12-30']);
    // CX's year is open: its rows are fine; and the rows already imported are unchanged.
    l['非税收入']!.push(['CX', 'FS-99', '其他', '', '100', '2020-12-30']);
    const errs = errors(await run(toCsvFiles(l)));
    expect(errs.map((e) => [e.sheet, e.row, e.column, e.message])).toEqual([
      ['预算', 5, '日期', closedYearMessage(2020)],
      ['资金到位', 4, '到位日期', closedYearMessage(2020)],
      ['支付', 8, '支付日期', closedYearMessage(2020)],
      ['非税收入', 6, '上缴日期', closedYearMessage(2020)],
    ]);
    expect(await fundsCounts(database.db)).toEqual(before);
  });

  it('refuses a new fee agreement for a year a center has closed with that agency\'s transfers in it', async () => {
    // The ledger of this block is imported already; start again without its agreements.
    await database.db.delete(feeAgreements);
    await database.db.insert(closedYears).values({ centerId: await centerId('GY'), year: 2020 });
    const [withWork] = await database.db.execute<{ code: string }>(sql`
      select distinct a.credit_code as code from transfers t join agencies a on a.id = t.agency_id
      where extract(year from coalesce(t.deal_date, t.auction_date)) = 2020 order by 1 limit 1`);
    const errs = errors(await run(toCsvFiles(only(fundsLedger(), '收费协议'))));
    const rows = fundsLedger()['收费协议']!;
    const blocked = rows.findIndex((r) => r[0] === withWork!.code && r[1] === '2020') + 1;
    expect(errs.find((e) => e.row === blocked)).toMatchObject({ sheet: '收费协议', column: '年度' });
    expect(errs.find((e) => e.row === blocked)!.message).toMatch(/^2020年度已结账：.*导入该年度的收费协议会改变已结账年度的应付劳务费$/);
    expect(errs.every((e) => rows[e.row - 1]![1] === '2020')).toBe(true); // the 2021 agreement is fine
    const [n] = await database.db.execute<{ n: number }>(sql`select count(*)::int as n from fee_agreements`);
    expect(n!.n).toBe(0);
  });

  it('imports a payment beyond the total budget as history, with a warning on 金额 that the payment keeps', async () => {
    const head = fundsLedger()['支付']![0]!;
    const l: Ledger = {
      支付: [head,
        ['GY', '2020', '土地出让工作经费', '记-2020-12-010', '其他', '某公司', '960000.00', '2020-12-10', '', '', '', ''],
        ['GY', '2020', '土地出让工作经费', '记-2020-12-011', '其他', '某公司', '9400.01', '2020-12-11', '', '', '', ''],
      ],
    };
    // Refused as new work (--strict), nothing written…
    const before = await fundsCounts(database.db);
    const strict = await importLedger(database.db, toCsvFiles(l), { actor, dryRun: false, source: 'test.xlsx', warnings: 'refuse' });
    expect(errors(strict).map((e) => e.message)).toEqual(['文件含 1 条预警，按严格模式（--strict）未导入；不加 --strict 时，只有预警的文件按历史记录导入并保留预警']);
    expect(strict.warnings.map((w) => [w.row, w.column, w.kind])).toEqual([[3, '金额', 'over-budget']]);
    expect(await fundsCounts(database.db)).toEqual(before);
    // …imported as history otherwise, the warning kept on the payment.
    const result = await run(toCsvFiles(l));
    expect(warningsOf(result)).toEqual([
      ['支付', 3, '金额', 'over-budget', `超出项目预算：项目“2020年 土地出让工作经费”全年预算 1000000.00 元，已占用 990600.00 元（已支付与待支付），尚可安排 9400.00 元，本笔 9400.01 元${AS_HISTORY}`],
    ]);
    expect(counts(result)['支付']).toEqual([2, 2, 0, 0]);
    const [paid] = await database.db.select().from(payments).where(eq(payments.voucherNo, '记-2020-12-011'));
    expect(await database.db.select({ entity: recordWarnings.entity, kind: recordWarnings.kind, column: recordWarnings.column, source: recordWarnings.source })
      .from(recordWarnings).where(eq(recordWarnings.entityId, paid!.id))).toEqual([{ entity: 'payment', kind: 'over-budget', column: '金额', source: 'test.xlsx' }]);
    // Imported again, the same file changes nothing and warns of nothing new.
    expect(warningsOf(await run(toCsvFiles(l)))).toEqual([]);
  });
});

describe('finance sheets: errors', () => {
  it('reports every error of every finance sheet at once and changes nothing', async () => {
    const l = copyLedger(fundsLedger());
    const P = ['GY', '2020', '土地出让工作经费'];
    const unknownAgency = `91510100MA61R0XX4${creditCodeCheckChar('91510100MA61R0XX4')}`;
    // 收费协议
    l['收费协议']!.push([unknownAgency, '2020', '按宗固定', '1000', '', '', '', '']);
    l['收费协议']!.push([AGENCY_A, '2021', '分档累进', '', '', '0-1000000:1;2000000-:0.5', '', '']);
    l['收费协议']!.push([AGENCY_A, '2022', '按宗固定', '1000', '1.5', '', '', '也许']);
    l['收费协议']!.push([AGENCY_A, '2023', '分档累进', '', '', '', '', '']);
    // 预算, 资金到位
    l['预算']!.push(['GY', '2020', '不存在的项目', '追加', '1000', '2020-05-01', '', '']);
    l['预算']!.push([...P, '调减', '0', '2020-05-01', '', '']);
    l['资金到位']!.push([...P, '-5', '2020-05-01', '']);
    // 支付
    l['支付']!.push([...P, '记-2020-08-001', '拍卖机构劳务费', '某公司', '100', '2020-08-01', 'GY2020-99', '', '', '']);
    l['支付']!.push([...P, '记-2020-08-002', '公告费', '某报社', '100', '2020-08-01', '', 'GG-2020-99', '', '']);
    l['支付']!.push([...P, '记-2020-08-003', '拍卖机构劳务费', '某公司', '-12000.01', '2020-08-01', '', '', '', '记-2020-04-001']);
    l['支付']!.push([...P, '记-2020-08-004', '公告费', '广元日报社', '100', '2020-08-01', '', '', '', '记-2020-03-002']);
    l['支付']!.push([...P, '记-2020-08-005', '其他', '某公司', '-100', '2020-08-01', '', '', '', '']);
    l['支付']!.push([...P, '记-2020-04-001', '其他', '某公司', '100', '2020-08-01', '', '', '', '']);
    l['支付']!.push([...P, '记-2020-08-006', '其他', '某公司', '-1', '2020-08-01', '', '', '', '记-2020-99-999']);
    l['支付']!.push([...P, '记-2020-08-007', '公告费', '广元日报社', '-1', '2020-03-01', '', '', '', '记-2020-03-002']);
    l['支付']!.push([...P, '记-2020-08-008', '公告费', '广元日报社', '-1', '2020-08-01', '', '', '', '记-2020-03-002']);
    l['支付']!.push([...P, '记-2020-08-009', '公告费', '广元日报社', '-1', '2020-08-02', '', '', '', '记-2020-03-002']);
    // 非税收入, 非税任务
    l['非税收入']!.push(['GY', 'FS-04', '土地出让收入', 'GY2020-99', '100', '2020-08-01']);
    l['非税收入']!.push(['GY', 'FS-05', '罚没收入', '', '100', '2020-08-01']);
    l['标的']!.push(['GY', 'GY2020-50', '土地', '未出让的地块', '', '', '', '', '', '', '', '100', '', '', '']);
    l['非税收入']!.push(['GY', 'FS-06', '土地出让收入', 'GY2020-50', '100', '2020-08-01']);
    l['非税任务']!.push(['GY', '2021', '0']);
    const before = await fundsCounts(database.db);
    const errs = errors(await run(toCsvFiles(l)));
    expect(errs.map(({ sheet, row, column, value }) => ({ sheet, row, column, value }))).toEqual([
      { sheet: '收费协议', row: 5, column: '统一社会信用代码', value: unknownAgency },
      { sheet: '收费协议', row: 6, column: '分档', value: '0-1000000:1;2000000-:0.5' },
      { sheet: '收费协议', row: 7, column: '流拍计费', value: '也许' },
      { sheet: '收费协议', row: 7, column: '费率', value: '1.5' },
      { sheet: '收费协议', row: 8, column: '分档', value: '' },
      { sheet: '预算', row: 5, column: '项目名称', value: '不存在的项目' },
      { sheet: '预算', row: 6, column: '金额', value: '0' },
      { sheet: '资金到位', row: 4, column: '金额', value: '-5' },
      { sheet: '支付', row: 8, column: '标的编号', value: 'GY2020-99' },
      { sheet: '支付', row: 9, column: '公告编号', value: 'GG-2020-99' },
      { sheet: '支付', row: 10, column: '金额', value: '-12000.01' },
      { sheet: '支付', row: 11, column: '金额', value: '100' },
      { sheet: '支付', row: 12, column: '金额', value: '-100' },
      { sheet: '支付', row: 13, column: '', value: 'GY + 记-2020-04-001' },
      { sheet: '支付', row: 14, column: '冲销凭证号', value: '记-2020-99-999' },
      { sheet: '支付', row: 15, column: '支付日期', value: '2020-03-01' },
      { sheet: '支付', row: 17, column: '冲销凭证号', value: '记-2020-03-002' },
      { sheet: '非税收入', row: 6, column: '标的编号', value: 'GY2020-99' },
      { sheet: '非税收入', row: 7, column: '收入类型', value: '罚没收入' },
      { sheet: '非税收入', row: 8, column: '标的编号', value: 'GY2020-50' },
      { sheet: '非税任务', row: 4, column: '任务金额', value: '0' },
    ]);
    const msg = (sheet: string, row: number, column?: string) => errs.find((e) => e.sheet === sheet && e.row === row && (column === undefined || e.column === column))!.message;
    expect(msg('收费协议', 5)).toBe(`拍卖机构 ${unknownAgency} 在文件和数据库中都不存在`);
    expect(msg('收费协议', 6)).toBe('分档第2档与第1档之间有空档：1000000 元至 2000000 元没有费率');
    expect(msg('收费协议', 7, '费率')).toBe('计费方式为按宗固定时不应填写费率');
    expect(msg('收费协议', 8)).toBe('计费方式为分档累进时必须填写分档');
    expect(msg('预算', 5)).toBe('项目“2020年 不存在的项目” 在文件和数据库中都不存在');
    expect(msg('预算', 6)).toBe('金额应大于 0');
    expect(msg('资金到位', 4)).toBe('金额不能为负数');
    expect(msg('支付', 8)).toBe('标的编号 GY2020-99 在文件和数据库中都不存在');
    expect(msg('非税收入', 8)).toBe('标的 GY2020-50 还没有出让活动，无法关联');
    expect(msg('支付', 9)).toBe('公告编号 GG-2020-99 在文件和数据库中都不存在');
    expect(msg('支付', 10)).toBe('冲销金额 12000.01 元超过了原支付（凭证号 记-2020-04-001）的金额 12000.00 元');
    expect(msg('支付', 11)).toBe('冲销的金额应为负数，如 -600.00');
    expect(msg('支付', 12)).toBe('金额为负数的是冲销，须填写冲销凭证号（被冲销的支付的凭证号）');
    expect(msg('支付', 13)).toBe('与第 2 行重复：中心编码 + 凭证号 相同的记录只能有一行');
    expect(msg('支付', 14)).toBe('凭证号 记-2020-99-999 在文件和数据库中都不存在');
    expect(msg('支付', 15)).toBe('冲销日期不能早于原支付的支付日期 2020-03-05');
    expect(msg('支付', 17)).toBe('凭证号 记-2020-03-002 已被凭证号 记-2020-08-008 冲销，一笔支付只能冲销一次');
    expect(await fundsCounts(database.db)).toEqual(before);
  });

  it('stays quiet about rows that refer to a row which failed itself', async () => {
    const l = copyLedger(fundsLedger());
    // CX's project has an unreadable 年度: its budget and payment say nothing more.
    setCell(l, '项目', 3, '年度', '二〇二〇');
    // GY2020-01 fails: the transfers, announcement, payment and remittance naming it stay quiet,
    // and so does the reversal of that payment.
    setCell(l, '标的', 2, '起始价', 'abc');
    l['支付']!.push(['GY', '2020', '土地出让工作经费', '记-2020-12-001', '拍卖机构劳务费', '广元市嘉陵拍卖有限责任公司', '-100', '2020-12-01', '', '', '', '记-2020-04-001']);
    const errs = errors(await run(toCsvFiles(l)));
    expect(errs.map((e) => [e.sheet, e.row, e.column])).toEqual([['标的', 2, '起始价'], ['项目', 3, '年度']]);
  });

  it('refuses 分档 that do not start at 0, overlap, are out of order or leave the last tier closed', async () => {
    const cases: [string, string][] = [
      ['100-1000:1;1000-:0.5', '分档第1档应从 0 元开始，使成交价的每一元都有费率'],
      ['0-2000:1;1000-:0.5', '分档第2档与第1档重叠：第1档到 2000 元为止，第2档却从 1000 元开始'],
      ['1000-:0.5;0-1000:1', '分档应按下限从小到大排列（第2档的下限小于第1档）'],
      ['0-1000:1;1000-5000:0.5', '分档最后一档应不填上限（如 5000000-:0.25），使超出部分也有费率'],
      ['0-1000:1;1000-:abc', '分档第2档费率：费率应为百分数（不带%），最多四位小数，如 1.5 表示 1.5%'],
      ['0-:101', '分档第1档费率：费率不能超过 100%'],
    ];
    for (const [tiers, message] of cases) {
      const l: Ledger = { 收费协议: [fundsLedger()['收费协议']![0]!, [AGENCY_A, '2020', '分档累进', '', '', tiers, '', '']] };
      expect(errors(await run(toCsvFiles(l))).map((e) => e.message), tiers).toEqual([message]);
    }
  });
});

describe('the database as the backstop', () => {
  it('reports a year closed by someone else between the check and the write, instead of crashing', async () => {
    counts(await run(toCsvFiles(fundsLedger())));
    const [project] = await database.db.select().from(projects).where(eq(projects.centerId, await centerId('GY')));
    // A sheet that writes after the year was closed behind its back, as a race would.
    const racer = defineSheet({
      name: '预算', entity: 'budget_entry', columns: { code: req('中心编码', text) }, key: ['code'],
      async apply(r) {
        await r.tx.insert(closedYears).values({ centerId: project!.centerId, year: 2020 });
        await r.tx.insert(budgetEntries).values({ projectId: project!.id, kind: '追加', amount: 100n, entryDate: '2020-12-01' });
      },
    });
    const before = await fundsCounts(database.db);
    const result = await runImport(database.db, [racer], toCsvFiles({ 预算: [['中心编码'], ['GY']] }), { actor, dryRun: false });
    expect(errors(result).map((e) => [e.row, e.message])).toEqual([[0, '写入数据库时发现该年度已结账（可能刚被他人结账），该年度不能再记入新的记录；文件未导入']]);
    expect(await fundsCounts(database.db)).toEqual(before);
  });
});

// ─── The web's rules, in the import too ─────────────────────────────────────────────────────────

const P = ['GY', '2020', '土地出让工作经费'];
const head = (sheet: string) => fundsLedger()[sheet]![0]!;

async function gyProject() {
  const [p] = await database.db.select().from(projects).where(and(eq(projects.centerId, await centerId('GY')), eq(projects.year, 2020)));
  return p!;
}

/** A payment approved on the web and reserved (待支付), not paid yet: it counts as committed. */
async function reserve(project: { id: number; centerId: number }, amount: bigint, db: Pick<TestDb['db'], 'insert'> = database.db) {
  await db.insert(payments).values({ centerId: project.centerId, projectId: project.id, category: '其他', payee: '某公司', amount, status: '待支付' });
}

describe('finance sheets: the budget guard of the web', () => {
  // fundsLedger: GY's total budget is 1000000.00 and 30600.00 of it is paid.
  beforeEach(async () => { counts(await run(toCsvFiles(fundsLedger()))); });

  it('warns of a 调减 that takes the total below what is committed, a 待支付 reservation included', async () => {
    const project = await gyProject();
    await reserve(project, 90000000n); // committed: 30600.00 paid + 900000.00 reserved
    const l: Ledger = { 预算: [head('预算'), [...P, '调减', '69400.01', '2020-12-01', '广财预〔2020〕120号', '']] };
    const dry = await run(toCsvFiles(l), { dryRun: true });
    expect(warningsOf(dry)).toEqual([
      ['预算', 2, '金额', 'below-committed', `调减后全年预算为 930,599.99 元，低于已占用的 930,600.00 元（已支付与待支付），最多可调减 69,400.00 元${AS_HISTORY}`],
    ]);
    // The very message of the web's addBudgetEntry, from the same function.
    expect(dry.warnings[0]!.message).toBe(reductionProblem(100000000n, 6940001n, 93060000n) + AS_HISTORY);

    // The 年初预算 and 追加 of the same file count first; the 调减 may then take exactly what is left.
    l['预算']!.push([...P, '追加', '0.01', '2020-12-02', '广财预〔2020〕121号', '']);
    const result = await run(toCsvFiles(l));
    expect(warningsOf(result)).toEqual([]);
    expect(counts(result)['预算']).toEqual([2, 2, 0, 0]);
    expect((await projectFunds(database.db, project.id)).total).toBe(93060000n);
  });

  it('warns of a paid payment beyond the budget when a 待支付 reservation holds the rest', async () => {
    await reserve(await gyProject(), 90000000n);
    const l: Ledger = { 支付: [head('支付'), [...P, '记-2020-12-050', '其他', '某公司', '69400.01', '2020-12-10', '', '', '', '']] };
    expect(warningsOf(await run(toCsvFiles(l), { dryRun: true })).map((w) => [w[1], w[2], w[4]])).toEqual([
      [2, '金额', `超出项目预算：项目“2020年 土地出让工作经费”全年预算 1000000.00 元，已占用 930600.00 元（已支付与待支付），尚可安排 69400.00 元，本笔 69400.01 元${AS_HISTORY}`],
    ]);
    setCell(l, '支付', 2, '金额', '69400.00');
    expect(warningsOf(await run(toCsvFiles(l)))).toEqual([]);
  });

  it('waits for a web approval that holds the project, then counts what it reserved', async () => {
    const project = await gyProject();
    const files: Record<string, Ledger> = {
      支付: { 支付: [head('支付'), [...P, '记-2020-12-051', '其他', '某公司', '100.00', '2020-12-10', '', '', '', '']] },
      预算: { 预算: [head('预算'), [...P, '调减', '100.00', '2020-12-10', '广财预〔2020〕122号', '']] },
    };
    for (const [sheet, ledger] of Object.entries(files)) {
      let settled = false;
      let importing!: Promise<ImportResult>;
      await database.db.transaction(async (tx) => {
        // What the web's final approval does: lock the project, check, reserve — here all that is left.
        await lockProject(tx, project.id);
        let total = await totalBudget(tx, project.id);
        const committed = await committedAmount(tx, project.id);
        if (total === committed) {
          await tx.insert(budgetEntries).values({ projectId: project.id, kind: '追加', amount: 10000n, entryDate: '2020-12-09' });
          total += 10000n;
        }
        await reserve(project, total - committed, tx);
        importing = run(toCsvFiles(ledger), { dryRun: true }).finally(() => { settled = true; });
        await new Promise((r) => setTimeout(r, 400));
        expect(settled, `${sheet}: the import must wait for the project lock`).toBe(false);
      });
      const warned = warningsOf(await importing);
      expect(warned.map((w) => [w[0], w[2]]), sheet).toEqual([[sheet, '金额']]);
      // Counted after the lock: the reservation committed meanwhile is in what is occupied.
      expect(warned[0]![4]).toMatch(sheet === '支付' ? /已占用 1000000\.00 元/ : /低于已占用的 1,000,100\.00 元/);
    }
  });
});

describe('finance sheets: the fee guard of the web', () => {
  // fundsLedger: GY2020-01 was sold by agency A (按宗固定 12000.00), whose 12000.00 is paid (记-2020-04-001).
  beforeEach(async () => { counts(await run(toCsvFiles(fundsLedger()))); });
  const fee = (voucher: string, amount: string, paidOn: string, reverses = '') =>
    [...P, voucher, '拍卖机构劳务费', '广元市嘉陵拍卖有限责任公司', amount, paidOn, reverses ? '' : 'GY2020-01', '', '', reverses];

  it('warns of an agency fee beyond the fee due on 金额, counting what is paid and the earlier rows of the file', async () => {
    const l: Ledger = {
      支付: [head('支付'),
        fee('记-2020-11-060', '0.01', '2020-11-30'), // nothing is left
        fee('记-2020-12-061', '-5000.00', '2020-12-01', '记-2020-04-001'), // a reversal gives 5000.00 back
        fee('记-2020-12-062', '3000.00', '2020-12-02'),
        fee('记-2020-12-063', '2000.01', '2020-12-03'), // one 分 more than is left after the row before
      ],
    };
    const result = await run(toCsvFiles(l));
    expect(warningsOf(result)).toEqual([
      ['支付', 2, '金额', 'fee-overpaid', `超过该场次应付的劳务费：应付 12,000.00 元，已支付与待支付 12,000.00 元，尚可支付 0.00 元，本笔 0.01 元${AS_HISTORY}`],
      // The row before counts: its 0.01 is paid history too.
      ['支付', 5, '金额', 'fee-overpaid', `超过该场次应付的劳务费：应付 12,000.00 元，已支付与待支付 10,000.01 元，尚可支付 1,999.99 元，本笔 2,000.01 元${AS_HISTORY}`],
    ]);
    // The very message of the web's payment form and final approval, from the same function.
    expect(result.warnings[1]!.message).toBe(feeOverpayment({ due: 1200000n, agreementId: 1 }, 1000001n, 200001n) + AS_HISTORY);
    expect(counts(result)['支付']).toEqual([4, 4, 0, 0]);
    // The statement shows the history as it was: paid two 分 beyond the fee.
    const gy = await centerId('GY');
    const [row] = await transferFees(database.db, { centerIds: [gy], transferId: await transferId('GY2020-01', 1) });
    expect(row).toMatchObject({ due: 1200000n, paid: 1200002n, outstanding: -2n });
  });

  it('counts a fee reserved on the web (待支付), and caps nothing while the agency has no agreement', async () => {
    const gy = await centerId('GY');
    const project = await gyProject();
    const [a] = await database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.creditCode, AGENCY_A));
    const gy01 = await transferId('GY2020-01', 1);
    // The web reserved 1000.00 of the fee after a 1000.00 reversal (both as the web leaves them).
    const [original] = await database.db.select().from(payments).where(and(eq(payments.centerId, gy), eq(payments.voucherNo, '记-2020-04-001')));
    await database.db.insert(payments).values({
      centerId: gy, projectId: project.id, category: '拍卖机构劳务费', payee: '广元市嘉陵拍卖有限责任公司', amount: -100000n, transferId: gy01,
      agencyId: a!.id, status: '已支付', paidOn: '2020-11-01', voucherNo: '记-2020-11-001', reversesId: original!.id,
    });
    await database.db.insert(payments).values({
      centerId: gy, projectId: project.id, category: '拍卖机构劳务费', payee: '广元市嘉陵拍卖有限责任公司', amount: 100000n, transferId: gy01,
      agencyId: a!.id, status: '待支付',
    });
    expect(warningsOf(await run(toCsvFiles({ 支付: [head('支付'), fee('记-2020-12-064', '0.01', '2020-12-04')] }), { dryRun: true }))).toEqual([
      ['支付', 2, '金额', 'fee-overpaid', `超过该场次应付的劳务费：应付 12,000.00 元，已支付与待支付 12,000.00 元，尚可支付 0.00 元，本笔 0.01 元${AS_HISTORY}`],
    ]);

    // Without an agreement for the transfer's year the fee is not known: nothing is capped.
    await database.db.delete(feeAgreements).where(and(eq(feeAgreements.agencyId, a!.id), eq(feeAgreements.year, 2020)));
    expect(warningsOf(await run(toCsvFiles({ 支付: [head('支付'), fee('记-2020-12-064', '0.01', '2020-12-04')] })))).toEqual([]);
  });
});

describe('finance sheets: a fee for all the rounds of a parcel', () => {
  // GY2020-03: agency A (按宗固定 12000.00, 流拍计费 是) ran round 1, which failed, and round 2, which sold.
  const twoRounds = (): Ledger => {
    const l = copyLedger(fundsLedger());
    l['标的']!.push(['GY', 'GY2020-03', '土地', '经开区两场地块', '', '', '工业', '', '', '50', '', '500000', '', '', '']);
    l['出让活动']!.push(
      ['GY', 'GY2020-03', '1', '拍卖', AGENCY_A, '', '', '', '', '2020-05-10', '流拍', '', '', '', ''],
      ['GY', 'GY2020-03', '2', '挂牌', AGENCY_A, '', '', '', '', '2020-06-20', '成交', '500000', '某公司', '2020-06-20', '广公资交确〔2020〕33号'],
    );
    return l;
  };
  const fee = (voucher: string, amount: string, round = '') =>
    [...P, voucher, '拍卖机构劳务费', '广元市嘉陵拍卖有限责任公司', amount, '2020-07-01', 'GY2020-03', '', '挂牌劳务费（两场）', '', round];
  const withFees = (...rows: string[][]) => {
    const l = twoRounds();
    l['支付']![0]!.push('场次');
    for (const r of l['支付']!.slice(1)) r.push('');
    l['支付']!.push(...rows);
    return l;
  };

  it('holds a payment naming the parcel without 场次 against both rounds, and shares it between them on the statement', async () => {
    const result = await run(toCsvFiles(withFees(fee('记-2020-07-100', '24000.00'))));
    expect(warningsOf(result)).toEqual([]);
    const gy = await centerId('GY');
    const rows = await transferFees(database.db, { centerIds: [gy], transferIds: [await transferId('GY2020-03', 1), await transferId('GY2020-03', 2)] });
    expect(rows.map((r) => [r.round, r.due, r.paid, r.outstanding])).toEqual([[1, 1200000n, 1200000n, 0n], [2, 1200000n, 1200000n, 0n]]);
    const [paid] = await database.db.select().from(payments).where(eq(payments.voucherNo, '记-2020-07-100'));
    expect(paid).toMatchObject({ allRounds: true, transferId: await transferId('GY2020-03', 2) });
    // The export writes it without 场次, and so gives it back as it is.
    const sheet = (await ledgerSheets(database.db, [gy])).find((x) => x.name === '支付')!;
    expect(sheet.rows.find((r) => r[3] === '记-2020-07-100')![12]).toBeNull();
  });

  it('warns, with the fee of each round, beyond the fee of both; a payment for one round is held against that round', async () => {
    const result = await run(toCsvFiles(withFees(fee('记-2020-07-101', '12000.00', '1'), fee('记-2020-07-102', '12000.01'), fee('记-2020-07-103', '0.01', '1'))));
    expect(warningsOf(result)).toEqual([
      ['支付', 9, '金额', 'fee-overpaid', `超过该标的各场次应付的劳务费：应付 24,000.00 元（第1场流拍 12,000.00、第2场成交 12,000.00），已支付与待支付 12,000.00 元，尚可支付 12,000.00 元，本笔 12,000.01 元${AS_HISTORY}`],
      ['支付', 10, '金额', 'fee-overpaid', `超过该场次应付的劳务费：应付 12,000.00 元，已支付与待支付 12,000.00 元，尚可支付 0.00 元，本笔 0.01 元${AS_HISTORY}`],
    ]);
    // Shared on the statement: round 1 has its own 12000.01, the all-round 12000.01 goes to round 2.
    const gy = await centerId('GY');
    const rows = await transferFees(database.db, { centerIds: [gy], agencyId: (await database.db.select().from(agencies).where(eq(agencies.creditCode, AGENCY_A)))[0]!.id });
    expect(rows.filter((r) => r.parcelCode === 'GY2020-03').map((r) => [r.round, r.paid, r.outstanding])).toEqual([[1, 1200001n, -1n], [2, 1200001n, -1n]]);
  });
});

describe('finance sheets: the dates of the web', () => {
  beforeEach(async () => { counts(await run(toCsvFiles(fundsLedger()))); });

  it('refuses payments and remittances dated after today; warns of dates outside the project\'s year, and imports them', async () => {
    const next = Number(todayShanghai().slice(0, 4)) + 1;
    const N = ['GY', String(next), '明年的项目'];
    const future: Ledger = {
      项目: [head('项目'), [...N, '', '']],
      支付: [head('支付'), [...N, '记-N-001', '其他', '某公司', '1.00', `${next}-01-02`, '', '', '', '']],
      非税收入: [head('非税收入'), ['GY', 'FS-99', '其他', '', '1.00', `${next}-01-02`]],
    };
    const before = await fundsCounts(database.db);
    expect(errors(await run(toCsvFiles(future))).map((e) => [e.sheet, e.row, e.column, e.value, e.message])).toEqual([
      ['支付', 2, '支付日期', `${next}-01-02`, '支付日期不能晚于今天'],
      ['非税收入', 2, '上缴日期', `${next}-01-02`, '上缴日期不能晚于今天'],
    ]);
    expect(await fundsCounts(database.db)).toEqual(before);

    const l: Ledger = {
      预算: [head('预算'),
        [...P, '年初预算', '1.00', '2019-12-20', '广财预〔2019〕200号', ''], // the December before: allowed for 年初预算
        [...P, '年初预算', '1.00', '2019-11-30', '广财预〔2019〕201号', ''],
        [...P, '追加', '1.00', '2021-01-05', '广财预〔2021〕1号', ''],
        [...P, '追加', '1.00', '2019-12-20', '广财预〔2019〕202号', ''],
      ],
      资金到位: [head('资金到位'), [...P, '1.00', '2021-01-01', ''], [...P, '2.00', '2019-12-31', '']],
      支付: [head('支付'),
        [...P, '记-2021-01-001', '其他', '某公司', '1.00', '2021-01-10', '', '', '', ''],
        [...P, '记-2019-12-001', '其他', '某公司', '1.00', '2019-12-30', '', '', '', ''],
        // A reversal follows the same rules (the web's reversal takes the payment's date checks).
        [...P, '记-2021-01-002', '公告费', '广元日报社', '-1.00', '2021-01-10', '', '', '', '记-2020-03-002'],
      ],
    };
    const result = await run(toCsvFiles(l));
    expect(warningsOf(result)).toEqual([
      ['预算', 3, '日期', 'dated-outside-year', `年初预算日期 2019-11-30：日期应在2020年内，或2019年12月（年初预算）${AS_HISTORY}`],
      ['预算', 4, '日期', 'dated-outside-year', `追加日期 2021-01-05：日期应在项目年度2020年内${AS_HISTORY}`],
      ['预算', 5, '日期', 'dated-outside-year', `追加日期 2019-12-20：日期应在项目年度2020年内${AS_HISTORY}`],
      ['资金到位', 2, '到位日期', 'dated-outside-year', `到位日期 2021-01-01：到位日期应在项目年度2020年内${AS_HISTORY}`],
      ['资金到位', 3, '到位日期', 'dated-outside-year', `到位日期 2019-12-31：到位日期应在项目年度2020年内${AS_HISTORY}`],
      ['支付', 2, '支付日期', 'paid-after-year', '跨年支付：支付日期 2021-01-10 在项目年度2020年之后，不计入2020年的执行数与月度执行'],
      ['支付', 3, '支付日期', 'paid-before-year', `支付日期 2019-12-30 早于项目年度2020年，不计入任何年度的执行数${AS_HISTORY}`],
      ['支付', 4, '支付日期', 'paid-after-year', '跨年支付：支付日期 2021-01-10 在项目年度2020年之后，不计入2020年的执行数与月度执行'],
    ]);
    expect(countsOf(result)).toMatchObject({ 预算: [4, 4, 0, 0], 资金到位: [2, 2, 0, 0], 支付: [3, 3, 0, 0] });
    // Counted as REPORTING.md says: 执行数 only by 支付日期 in the year; arrivals and the budget whatever their dates.
    const funds = await projectFunds(database.db, (await gyProject()).id);
    expect(funds).toMatchObject({ spent: 3060000n, arrived: 100000300n, total: 100000400n });
  });
});

describe('收费协议: a 封顶金额 on a 按宗固定 fee', () => {
  const message = '计费方式为按宗固定时不填封顶金额（固定金额无需封顶）';

  it('is refused by the web form, beside 封顶金额, as by the import', async () => {
    const form = (v: Record<string, string>) => parseForm(agreementForm, { agency_id: '1', year: '2020', ...v });
    expect(form({ method: '按宗固定', fixed_amount: '20000', cap: '30000' })).toEqual({ ok: false, errors: { cap: message } });
    expect(form({ method: '按成交价比例', rate: '1', cap: '0' })).toEqual({ ok: false, errors: { cap: '封顶金额应大于 0；不封顶请留空' } });
    expect(form({ method: '按宗固定', fixed_amount: '20000', cap: '' }).ok).toBe(true);
    expect(form({ method: '按成交价比例', rate: '1', cap: '30000' }).ok).toBe(true);

    const l: Ledger = {
      拍卖机构: fundsLedger()['拍卖机构']!,
      收费协议: [head('收费协议'),
        [AGENCY_A, '2020', '按宗固定', '12000.00', '', '', '30000', '是'],
        [AGENCY_B, '2020', '按成交价比例', '', '0.15', '', '0', '否'],
        [AGENCY_B, '2021', '按成交价比例', '', '0.15', '', '30000', '否'],
      ],
    };
    const errs = errors(await run(toCsvFiles(l)));
    expect(errs.map((e) => [e.sheet, e.row, e.column, e.message])).toEqual([
      ['收费协议', 2, '封顶金额', message],
      ['收费协议', 3, '封顶金额', '封顶金额应大于 0；不封顶请留空'],
    ]);
  });
});

describe('支付: 场次 links a round other than the default', () => {
  /** fundsLedger with GY2020-02's 流拍 round 1 run by agency A (按宗固定 12000.00, 流拍计费 是) and a 场次 column in 支付. */
  function ledger(...payments: string[][]): Ledger {
    const l = copyLedger(fundsLedger());
    setCell(l, '出让活动', 4, '拍卖机构信用代码', AGENCY_A);
    l['支付'] = [...l['支付']!.map((r, i) => [...r, i === 0 ? '场次' : '']), ...payments];
    return l;
  }
  const failedFee = [...P, '记-2020-09-001', '拍卖机构劳务费', '广元市嘉陵拍卖有限责任公司', '12000.00', '2020-09-01', 'GY2020-02', '', 'GY2020-02 第1场流拍劳务费', '', '1'];

  it('pays the fee of a 流拍 round, which then shows as paid; the export writes 场次 for that link only', async () => {
    counts(await run(toCsvFiles(ledger(failedFee))));
    const gy = await centerId('GY');
    const [p] = await database.db.select().from(payments).where(and(eq(payments.centerId, gy), eq(payments.voucherNo, '记-2020-09-001')));
    const [a] = await database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.creditCode, AGENCY_A));
    expect(p).toMatchObject({ transferId: await transferId('GY2020-02', 1), agencyId: a!.id, amount: 1200000n });

    const fees = await transferFees(database.db, { centerIds: [gy], year: 2020 });
    expect(fees.find((f) => f.parcelCode === 'GY2020-02' && f.round === 1)).toMatchObject({ result: '流拍', due: 1200000n, paid: 1200000n, outstanding: 0n });

    // The same file again changes nothing; another 场次 for the same voucher is a conflict.
    expect(counts(await run(toCsvFiles(ledger(failedFee))))['支付']).toEqual([7, 0, 0, 7]);
    const other = [...failedFee.slice(0, -1), '2'];
    expect(errors(await run(toCsvFiles(ledger(other)))).map((e) => [e.column, e.message])).toEqual([
      ['场次', '与已有记录不一致：已有记录的场次为“1”，文件中为“2”；场次不能通过导入修改'],
    ]);

    const sheet = (await ledgerSheets(database.db, [gy, await centerId('CX')])).find((x) => x.name === '支付')!;
    const at = (h: string) => sheet.headers.indexOf(h);
    expect(sheet.rows.filter((r) => r[at('场次')] !== null).map((r) => [r[at('凭证号')], r[at('标的编号')], r[at('场次')]])).toEqual([
      ['记-2020-09-001', 'GY2020-02', '1'],
    ]);
  });

  it('reports a round that does not exist, 场次 without 标的编号, and a reversal naming another round', async () => {
    counts(await run(toCsvFiles(ledger(failedFee))));
    const errs = errors(await run(toCsvFiles(ledger(
      [...P, '记-2020-09-002', '拍卖机构劳务费', '某公司', '1.00', '2020-09-02', 'GY2020-02', '', '', '', '5'],
      [...P, '记-2020-09-003', '其他', '某公司', '1.00', '2020-09-02', '', '', '', '', '1'],
      [...P, '记-2020-09-004', '拍卖机构劳务费', '广元市嘉陵拍卖有限责任公司', '-1.00', '2020-09-03', 'GY2020-02', '', '', '记-2020-09-001', '2'],
    ))));
    expect(errs.map((e) => [e.row, e.column, e.message])).toEqual([
      [8, '场次', '标的 GY2020-02 的第 5 场出让活动 在文件和数据库中都不存在'],
      [9, '场次', '填写场次时须同时填写标的编号（场次是该标的的第几场出让活动）'],
      [10, '场次', '冲销应关联原支付的场次（标的 GY2020-02 第 1 场）'],
    ]);
  });
});
