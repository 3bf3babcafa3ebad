// Issue 11's "done when": a workbook kept the way county centers keep theirs — a title merged over the
// columns, a blank row, 序号, other names for the columns, amounts in 万元, dates as 2020年3月25日 and
// 2020.3.25, full-width digits, a 合计 row and the signatures under it — imports, through the web
// preview and through the CLI, to exactly the records of its canonical twin; an unreadable file
// changes nothing and lists every error once; a ledger whose only problems are an overpaid agency fee
// and a 跨年支付 imports with those two warnings, and its report is what REPORTING.md gives by hand.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centers, recordWarnings } from '../db/schema';
import { ledgerSheets } from '../src/ledger/export';
import { columnFor, ALIASES } from '../src/ledger/headers';
import { importLedger, sheetRegistry } from '../src/ledger/import';
import { date as dateParser, type CellParser } from '../src/ledger/cells';
import type { Columns } from '../src/ledger/sheet';
import { AGENCY_A, AGENCY_B, countsOf, errorsOf, performanceLedger, toCsvFiles, type Ledger } from '../src/ledger/testing';
import { parseAmountText } from '../src/ledger/values';
import { performanceReport, findProjectByKey, reportJson } from '../src/performance/report';
import type { Db } from '../src/db';
import { createTestApp, ORIGIN, type TestApp } from './helpers/app';
import { createTestDb, type TestDb } from './helpers/db';

const run = promisify(execFile);
const actor = { userId: null, name: 'test' };

/**
 * The canonical ledger of src/ledger/testing.ts with its centers put under the test app's CITY (a
 * city admin imports only below their center): GY and CX are 县 of CITY, and SC is gone.
 */
function canonical(): Ledger {
  const l = performanceLedger();
  l['交易中心'] = [['编码', '名称', '级别', '上级编码'], ['CX', '苍溪县公共资源交易中心', '县', 'GY'], ['GY', '广元县公共资源交易中心', '县', 'CITY']];
  return l;
}

const FULL_WIDTH = (s: string) => s.replace(/[0-9.,]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** A header the way a center might write it: an alias the format knows for it in this sheet, if any. */
function aliasOf(header: string, columns: Set<string>): string {
  return Object.keys(ALIASES).find((alias) => alias !== header && !columns.has(alias) && columnFor(alias, columns) === header) ?? header;
}

const wan = (fen: bigint) => {
  const neg = fen < 0n;
  const a = neg ? -fen : fen;
  const frac = (a % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${a / 1_000_000n}${frac ? `.${frac}` : ''}`;
};

/** The messy twin of a ledger, as an .xlsx a center keeps. */
async function messyTwin(l: Ledger): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  let n = 0;
  for (const [sheet, rows] of Object.entries(l)) {
    const def = sheetRegistry.find((d) => d.name === sheet)!;
    const cols = Object.values(def.columns as Columns);
    const names = new Set(cols.map((c) => c.header));
    const colOf = (h: string) => cols.find((c) => c.header === h)!;
    const [headers, ...data] = rows as [string[], ...string[][]];
    const isAmount = (h: string) => !!colOf(h).parse.amount;
    const isDate = (h: string) => colOf(h).parse === (dateParser as CellParser<unknown>);
    const ws = wb.addWorksheet(sheet);
    const width = headers.length + 1;
    ws.addRow([`测试县2020年${sheet}台账`]);
    ws.mergeCells(1, 1, 1, width);
    ws.addRow([]);
    ws.addRow(['序号', ...headers.map((h) => `${aliasOf(h, names)}${isAmount(h) ? '（万元）' : ''}`)]);
    const totals = new Map<string, bigint>();
    data.forEach((row, i) => {
      n++;
      ws.addRow([i + 1, ...row.map((cell, j) => {
        const h = headers[j]!;
        if (cell === '') return null;
        if (isAmount(h)) {
          const fen = parseAmountText(cell, { allowNegative: true });
          if (!fen.ok) return cell;
          totals.set(h, (totals.get(h) ?? 0n) + fen.value);
          // Numbers as people keep them: a number cell, or text with its unit, or full-width.
          return n % 3 === 0 ? Number(wan(fen.value)) : n % 3 === 1 ? `${wan(fen.value)}万元` : FULL_WIDTH(wan(fen.value));
        }
        if (isDate(h)) {
          const [y, m, d] = cell.replace(/\//g, '-').split('-').map(Number);
          const real = new Date(Date.UTC(y!, m! - 1, d!)).getUTCDate() === d;
          if (!real) return `${y}年${m}月${d}日`;
          return n % 3 === 0 ? new Date(Date.UTC(y!, m! - 1, d!)) : n % 3 === 1 ? `${y}年${m}月${d}日` : `${y}.${m}.${d}`;
        }
        if (/^\d+$/.test(cell) && n % 2 === 0 && (h === '年度' || h === '场次')) return FULL_WIDTH(cell);
        return `${cell}${n % 4 === 0 ? '\u3000' : ''}`;
      })]);
    });
    if (totals.size > 0) ws.addRow(['合  计', ...headers.map((h) => (totals.has(h) ? wan(totals.get(h)!) : null))]);
    ws.addRow(['填表人：王五', null, null, '审核人：赵六']);
    ws.addRow([null, null, null, '2021年1月5日']);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Every record of the ledger's centers as the export writes them (the agencies' sheets: those of the ledger). */
async function records(db: Db) {
  const ids = (await db.select({ id: centers.id, code: centers.code }).from(centers)).filter((c) => ['CITY', 'GY', 'CX'].includes(c.code)).map((c) => c.id);
  const ours = new Set([AGENCY_A, AGENCY_B]);
  return (await ledgerSheets(db, ids)).map((s) => (s.name === '拍卖机构' || s.name === '收费协议'
    ? { ...s, rows: s.rows.filter((r) => ours.has(String(r[0]))) } : s));
}

let t: TestApp;
let admin: string;
let twin: TestDb;
let cliDb: TestDb;
let dir: string;
beforeAll(async () => {
  [t, twin, cliDb] = await Promise.all([createTestApp(), createTestDb(), createTestDb()]);
  admin = await t.signIn('admin');
  for (const db of [twin.db, cliDb.db]) await db.insert(centers).values({ code: 'CITY', name: '测试市公共资源交易中心', level: '市' });
  dir = await mkdtemp(join(tmpdir(), 'real-ledger-'));
});
afterAll(async () => {
  await Promise.all([t.close(), twin.close(), cliDb.close()]);
  await rm(dir, { recursive: true, force: true });
});

describe('a ledger kept the way centers keep it', () => {
  it('imports through the web preview and the CLI to exactly the records of its canonical twin', async () => {
    const xlsx = await messyTwin(canonical());
    // The canonical twin, imported as it is.
    const plain = await importLedger(twin.db, toCsvFiles(canonical()), { actor, dryRun: false });
    expect(plain.ok && plain.warnings, JSON.stringify(!plain.ok && plain.errors.slice(0, 3))).toEqual([]);

    // The web: upload → preview (every sheet read, nothing to map) → confirm.
    const form = new FormData();
    form.append('files', new File([new Uint8Array(xlsx)], '测试县2020年台账.xlsx'));
    const res = await t.app.request(`${ORIGIN}/ledger/import`, { method: 'POST', body: form, headers: { Origin: ORIGIN, Cookie: admin } });
    const html = await res.text();
    expect(res.status, html.match(/<table class="data import-errors"[\s\S]*?<\/table>/)?.[0].slice(0, 3000)).toBe(200);
    expect(html).toContain('已跳过标题行 1');
    expect(html).toContain('已忽略“序号”列');
    expect(html).toContain('合计行');
    expect(html).not.toContain('import-warnings');
    const id = /\/ledger\/import\/([0-9a-f-]{36})\/confirm/.exec(html)![1]!;
    expect((await t.post(`/ledger/import/${id}/confirm`, { warnings: '0' }, admin)).status).toBe(303);

    // The CLI, on the same file.
    const file = join(dir, '测试县2020年台账.xlsx');
    await writeFile(file, xlsx);
    const cli = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'import', file], { env: { ...process.env, DATABASE_URL: cliDb.url } });
    expect(cli.stdout).toContain('导入完成');
    // It prints the mapping it used: aliases, 序号 left out.
    expect(cli.stdout).toContain('使用的列映射');
    expect(cli.stdout).toContain('"宗地编号": "标的编号"');

    const expected = await records(twin.db);
    expect(expected.find((s) => s.name === '支付')!.rows.length).toBeGreaterThan(5);
    expect(await records(t.db)).toEqual(expected);
    expect(await records(cliDb.db)).toEqual(expected);
    // A second upload of the same workbook changes nothing.
    const again = await importLedger(cliDb.db, [{ name: 'x.xlsx', data: xlsx }], { actor, dryRun: true });
    expect(Object.values(countsOf(again)).every(([rows, created, updated, unchanged]) => created === 0 && updated === 0 && unchanged === rows)).toBe(true);
  }, 120_000);

  it('changes nothing for an unreadable file and lists every error once, by sheet, row and column', async () => {
    const l = canonical();
    l['标的']![2]![11] = '三百万'; // 起始价
    l['支付']![1]![7] = '2020-02-30'; // 支付日期
    l['出让活动']![1]![4] = '91510802MA62A3K770'; // a bad check digit
    const before = await records(cliDb.db);
    const errors = errorsOf(await importLedger(cliDb.db, [{ name: 'bad.xlsx', data: await messyTwin(l) }], { actor, dryRun: false }));
    expect(errors.map((e) => [e.sheet, e.row, e.column])).toEqual([
      ['标的', 5, '起始价'], ['出让活动', 4, '拍卖机构信用代码'], ['支付', 4, '支付日期'],
    ]);
    expect(errors[0]).toMatchObject({ fileColumn: '起拍价（万元）' });
    expect(await records(cliDb.db)).toEqual(before);
  });
});

describe('a ledger whose only problems are true history', () => {
  it('imports an overpaid agency fee and a 跨年支付 with two warnings, and reports as REPORTING.md gives by hand', async () => {
    const d = await createTestDb();
    try {
      await d.db.insert(centers).values({ code: 'CITY', name: '测试市公共资源交易中心', level: '市' });
      const l = canonical();
      // 记-2020-04-001 pays agency A 12000.00 for GY2020-01, all its fee: 500.00 more is beyond the fee due.
      l['支付']!.push(['GY', '2020', '土地出让工作经费', '记-2020-12-090', '拍卖机构劳务费', '广元市嘉陵拍卖有限责任公司', '500.00', '2020-12-20', 'GY2020-01', '', '补付劳务费', '']);
      // Paid on 2021-01-10 for the 2020 project: a 跨年支付, in no year's 执行数.
      l['支付']!.push(['GY', '2020', '土地出让工作经费', '记-2021-01-003', '公告费', '广元日报社', '2400.00', '2021-01-10', '', 'GG-2020-02', '跨年支付的公告费', '']);
      const result = await importLedger(d.db, toCsvFiles(l), { actor, dryRun: false, source: 'history.xlsx' });
      expect(countsOf(result)['支付']).toEqual([8, 8, 0, 0]);
      expect(result.warnings.map((w) => [w.sheet, w.column, w.kind])).toEqual([['支付', '金额', 'fee-overpaid'], ['支付', '支付日期', 'paid-after-year']]);
      expect((await d.db.select().from(recordWarnings)).map((w) => w.kind).sort()).toEqual(['fee-overpaid', 'paid-after-year']);

      // By hand, from REPORTING.md and the ledger: budget 600000.00 + 400000.00; arrived the same;
      // spent = paid with 支付日期 in 2020 = 12000 + 9600 − 600 + 8600 + 1000 + 500 = 31100.00 (the 2400.00 of 2021 not);
      // sold: GY2020-01 (45120000.00) → 1; failed: GY2020-02 round 1 → 1; organised: + GYKQ2020-01 终止 (no 竞价日期: not counted) → 2;
      // remitted in 2020: 2707200.00 + 225600.00 + 100.00 = 2932900.00 against 7000000.00, never reached.
      const project = await findProjectByKey(d.db, 'GY', 2020, '土地出让工作经费');
      const json = reportJson((await performanceReport(d.db, project!.id))!);
      expect(json.funds).toEqual({
        initial: '600000.00', carriedOver: '0.00', adjustments: '400000.00', total: '1000000.00', arrived: '1000000.00', spent: '31100.00', executionRate: '3.11', arrivalRate: '100.00',
      });
      expect(json.transfers).toMatchObject({ sold: 1, failed: 1, dealValue: '45120000.00' });
      expect(json.revenue).toMatchObject({ target: '7000000.00', remitted: '2932900.00', targetReachedOn: null });
      // The monthly execution of December does not hold the 跨年支付 either.
      const [dec] = await d.db.execute<{ spent: string }>(sql`select coalesce(sum(amount), 0)::text as spent from payments
        where project_id = ${project!.id} and status = '已支付' and paid_on >= '2020-01-01' and paid_on < '2021-01-01'`);
      expect(dec!.spent).toBe('3110000');
    } finally {
      await d.close();
    }
  });
});
