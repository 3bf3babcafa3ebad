// Generated ledgers for the import fuzzing: rows taken from the demo ledger (db/demo, well-formed,
// all fifteen sheets), a few sheets at a time, with random corruption — cells, headers, columns,
// duplicated natural keys with other values — written as CSV (BOM, CRLF, quoting) or as .xlsx,
// and now and then a file that is no ledger at all.
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../../../src/ledger/csv';
import type { ImportFile } from '../../../src/ledger/import';
import { cjkText, creditCode, date, hostile, money } from './values';

export interface BaseSheet { name: string; headers: string[]; rows: string[][] }

const DEMO = join(import.meta.dirname, '../../../db/demo');

/** The demo ledger, sheet by sheet. */
export function demoSheets(): BaseSheet[] {
  return readdirSync(DEMO).filter((f) => f.endsWith('.csv')).sort().map((f) => {
    const [headers, ...rows] = parseCsv(readFileSync(join(DEMO, f), 'utf8').replace(/^\ufeff/, ''));
    return { name: f.slice(0, -4), headers: headers!, rows: rows.filter((r) => r.some((c) => c !== '')) };
  });
}

type Op =
  | { op: 'cell'; s: number; r: number; c: number; v: string }
  | { op: 'header'; s: number; c: number; v: string }
  | { op: 'dropColumn'; s: number; c: number }
  | { op: 'extraColumn'; s: number; v: string }
  | { op: 'dupRow'; s: number; r: number; c: number; v: string };

export interface LedgerCase {
  sheets: { sheet: number; rows: number[] }[];
  ops: Op[];
  format: 'csv' | 'xlsx';
  bom: boolean;
  crlf: boolean;
  quoteAll: boolean;
  damage: 'none' | 'binary' | 'truncate' | 'latin1' | 'unknownName' | 'emptyFile';
  garbage: Uint8Array;
  cut: number;
}

/** A cell as a ledger might hold it: plausible for its column, or anything at all. */
function cellValue(year: number): fc.Arbitrary<string> {
  const text = hostile.map((v) => (typeof v === 'string' ? v : v.raw));
  return fc.oneof(
    { weight: 3, arbitrary: fc.oneof(date(year), money, creditCode, cjkText(20), fc.constantFrom('成交', '流拍', '拍卖', '土地', '是', '否', '草稿', '0', '')) },
    { weight: 3, arbitrary: text },
    { weight: 1, arbitrary: fc.constantFrom('"', '""', 'a,b', '行一\n行二', '行一\r\n行二', ' "引号" ', '=1+1', "'=SUM(A1)", '#N/A', 'GYJY', 'GY2020-01', '91510802MA62A3K77Q') },
  );
}

export function ledgerCases(base: BaseSheet[], year: number): fc.Arbitrary<LedgerCase> {
  const idx = fc.nat({ max: 10_000 });
  const v = cellValue(year);
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('cell' as const), s: idx, r: idx, c: idx, v }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('header' as const), s: idx, c: idx, v: fc.oneof(v, fc.constantFrom('名称', '金额', '中心编码', ' 名称 ')) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('dropColumn' as const), s: idx, c: idx }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('extraColumn' as const), s: idx, v }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('dupRow' as const), s: idx, r: idx, c: idx, v }) },
  );
  const sheet = fc.record({ sheet: fc.nat({ max: base.length - 1 }), rows: fc.uniqueArray(fc.nat({ max: 60 }), { minLength: 1, maxLength: 4 }) });
  return fc.record({
    sheets: fc.uniqueArray(sheet, { minLength: 1, maxLength: 4, selector: (s) => s.sheet }),
    // A third of the ledgers are left whole, so that some are accepted.
    ops: fc.oneof({ weight: 1, arbitrary: fc.constant<Op[]>([]) }, { weight: 2, arbitrary: fc.array(op, { minLength: 1, maxLength: 3 }) }),
    format: fc.oneof({ weight: 4, arbitrary: fc.constant('csv' as const) }, { weight: 1, arbitrary: fc.constant('xlsx' as const) }),
    bom: fc.boolean(), crlf: fc.boolean(), quoteAll: fc.boolean(),
    damage: fc.oneof(
      { weight: 20, arbitrary: fc.constant('none' as const) },
      { weight: 1, arbitrary: fc.constantFrom('binary' as const, 'truncate' as const, 'latin1' as const, 'unknownName' as const, 'emptyFile' as const) },
    ),
    garbage: fc.uint8Array({ maxLength: 200 }),
    cut: fc.double({ min: 0, max: 1, noNaN: true }),
  });
}

/** The sheets of a case, corruption applied. */
export function tablesOf(base: BaseSheet[], c: LedgerCase): BaseSheet[] {
  const out = c.sheets.map(({ sheet, rows }) => {
    const b = base[sheet]!;
    const picked = [...new Set(rows.map((r) => r % Math.max(1, b.rows.length)))].sort((x, y) => x - y);
    return { name: b.name, headers: [...b.headers], rows: picked.map((r) => [...(b.rows[r] ?? [])]) };
  });
  for (const o of c.ops) {
    const t = out[o.s % out.length]!;
    const col = (n: number) => n % Math.max(1, t.headers.length);
    if (o.op === 'cell' && t.rows.length) t.rows[o.r % t.rows.length]![col(o.c)] = o.v;
    else if (o.op === 'header') t.headers[col(o.c)] = o.v;
    else if (o.op === 'dropColumn') { const i = col(o.c); t.headers.splice(i, 1); for (const r of t.rows) r.splice(i, 1); }
    else if (o.op === 'extraColumn') { t.headers.push(o.v || '备注'); for (const r of t.rows) r.push('多余'); }
    else if (o.op === 'dupRow' && t.rows.length) { const r = [...t.rows[o.r % t.rows.length]!]; r[col(o.c)] = o.v; t.rows.push(r); }
  }
  return out;
}

const quote = (s: string, all: boolean) => (all || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function csvOf(t: BaseSheet, c: LedgerCase): Buffer {
  const nl = c.crlf ? '\r\n' : '\n';
  const text = [t.headers, ...t.rows].map((r) => r.map((x) => quote(x, c.quoteAll)).join(',')).join(nl) + nl;
  return Buffer.from((c.bom ? '\ufeff' : '') + text, 'utf8');
}

async function xlsxOf(tables: BaseSheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const t of tables) {
    // Excel allows no duplicate sheet names; the case's sheets are unique already.
    const ws = wb.addWorksheet(t.name);
    ws.addRow(t.headers);
    for (const r of t.rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The files of a case, as an upload or the CLI would hand them to importLedger. */
export async function filesOf(base: BaseSheet[], c: LedgerCase): Promise<ImportFile[]> {
  const tables = tablesOf(base, c);
  let files: ImportFile[];
  if (c.format === 'xlsx') files = [{ name: '台账.xlsx', data: await xlsxOf(tables) }];
  else files = tables.map((t) => ({ name: `${t.name}.csv`, data: csvOf(t, c) }));
  const f = files[0]!;
  switch (c.damage) {
    case 'binary': f.data = Buffer.from(c.garbage); break;
    case 'truncate': f.data = f.data.subarray(0, Math.floor(f.data.length * c.cut)); break;
    case 'latin1': f.data = Buffer.from(f.data.toString('utf8'), 'latin1'); break;
    case 'unknownName': f.name = f.name.replace(/\.(csv|xlsx)$/, '.txt'); break;
    case 'emptyFile': f.data = Buffer.alloc(0); break;
    case 'none': break;
  }
  return files;
}
