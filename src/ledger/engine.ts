// The import engine: read → check headers → parse every row of every sheet → apply the sheets
// in registry order inside ONE transaction → commit only when there is no error and this is
// not a dry run. Sheets know nothing of each other; they meet through the database, because a
// sheet applied earlier in the transaction is visible to the ones after it.
import { sql } from 'drizzle-orm';
import type { Actor } from '../audit/queries';
import type { DbOrTx } from '../db';
import { readSources, type SheetSource } from './files';
import { ImportContext, partialKey, SheetRun, taintKey } from './run';
import { keyOf, type AnySheet, type Columns, type ParsedRow } from './sheet';
import type { ImportError, ImportFile, ImportResult, SheetCount, Table } from './types';

export interface ImportOptions { actor: Actor; dryRun: boolean; centerScope?: number[]; source?: string }

/** Thrown to roll the transaction back; never escapes runImport. */
class Rollback extends Error {}

type Row = ParsedRow<Record<string, unknown>>;
/**
 * A sheet to apply. Its file is read and parsed when its turn comes and its rows are let go once
 * applied: a ledger may hold 100,000 rows, and no sheet needs another's rows (they meet through
 * the database and the taint set, and a sheet refers only to sheets before it).
 */
interface Job { def: AnySheet; source: SheetSource; table: Table | null; rows: Row[]; size: number; prepared: boolean }

export async function runImport(db: DbOrTx, registry: readonly AnySheet[], files: ImportFile[], opts: ImportOptions): Promise<ImportResult> {
  const errors: ImportError[] = [];
  if (files.length === 0) errors.push({ sheet: '', row: 0, column: '', value: '', message: '没有选择要导入的文件' });
  const read = await readSources(files);
  errors.push(...read.errors);

  const jobs: Job[] = [];
  const named = (sheet: string) => read.sources.filter((s) => s.sheet === sheet).length;
  for (const source of read.sources) {
    const def = registry.find((d) => d.name === source.sheet);
    if (def && named(source.sheet) === 1) {
      jobs.push({ def, source, table: null, rows: [], size: 0, prepared: false });
      continue;
    }
    // A sheet that is not applied (unknown, or given twice) is read now: its file's problems are
    // reported with it, and a file that gives no table is no sheet at all.
    const table = source.read(errors);
    if (!table) continue;
    if (!def) {
      errors.push(sheetError(table.sheet, unknownSheetMessage(table.sheet, registry)));
    } else if (jobs.some((j) => j.def === def)) {
      errors.push(sheetError(table.sheet, `工作表“${table.sheet}”出现了不止一次（${table.file}）`));
    } else {
      jobs.push({ def, source, table, rows: [], size: 0, prepared: false });
    }
  }
  if (jobs.length === 0 && errors.length === 0) errors.push(sheetError('', '文件中没有可导入的工作表'));
  jobs.sort((a, b) => registry.indexOf(a.def) - registry.indexOf(b.def));

  const tainted = new Set<string>();
  const broken = new Set<string>();
  /** Reads and parses a job's sheet; false when its file gives no table (that error is reported). */
  const prepare = (job: Job): boolean => {
    job.prepared = true;
    const table = job.table ?? job.source.read(errors);
    job.table = null;
    if (!table) return false;
    job.size = table.rows.length;
    job.rows = parseSheet(job.def, table, errors, tainted, broken);
    return true;
  };

  const counts: SheetCount[] = [];
  if (jobs.length > 0) {
    try {
      await db.transaction(async (tx) => {
        // Every lookup here joins a table with a key list of up to 100,000 rows. Right after a
        // bulk insert in this transaction — or after a preview's rollback and an autovacuum —
        // the statistics may call a table of 100,000 rows empty, and a planner believing them
        // picks a nested loop that re-reads the whole key list for every table row: minutes
        // instead of seconds. Hash and merge joins stay linear whatever the statistics say.
        await tx.execute(sql`set local enable_nestloop = off`);
        const scope = opts.centerScope ? new Set(opts.centerScope) : null;
        const ctx = new ImportContext(tx, opts.actor, opts.source, scope, errors, tainted, broken);
        await ctx.loadCenters();
        for (const job of jobs) {
          if (!prepare(job)) continue;
          const run = new SheetRun(ctx, job.def);
          await job.def.apply(run, job.rows);
          await run.flushAudit();
          counts.push({ sheet: job.def.name, rows: job.size, created: run.created, updated: run.updated, unchanged: run.unchanged });
          job.rows = [];
        }
        if (errors.length > 0 || opts.dryRun) throw new Rollback();
      });
    } catch (e) {
      if (!(e instanceof Rollback)) {
        const message = constraintMessage(e);
        if (!message) throw e;
        errors.push(sheetError('', message));
        // The sheets not reached still report what is wrong in them.
        for (const job of jobs) if (!job.prepared) prepare(job);
      }
    }
  }
  if (errors.length > 0) return { ok: false, errors: sortErrors(errors, registry) };
  return { ok: true, counts };
}

function sheetError(sheet: string, message: string): ImportError {
  return { sheet, row: 0, column: '', value: sheet, message };
}

function unknownSheetMessage(sheet: string, registry: readonly AnySheet[]): string {
  const known = registry.map((d) => d.name).join('、');
  return `未知的工作表“${sheet}”；工作表（或 CSV 文件名）应为：${known}`;
}

/** Header checks, then every row parsed on its own; returns the rows that parsed cleanly. */
function parseSheet(def: AnySheet, table: Table, errors: ImportError[], tainted: Set<string>, broken: Set<string>): Row[] {
  const columns = Object.entries(def.columns as Columns);
  const headers = new Set(columns.map(([, c]) => c.header));
  const err = (row: number, column: string, value: string, message: string) => errors.push({ sheet: def.name, row, column, value, message });

  for (const h of table.headers) {
    if (!headers.has(h)) err(1, h, h, `未知的列“${h}”；本工作表的列为：${[...headers].join('、')}`);
  }
  const missingColumns = columns.filter(([, c]) => c.required && !table.headers.includes(c.header));
  for (const [, c] of missingColumns) err(1, c.header, '', `缺少必填列“${c.header}”`);
  if (missingColumns.length > 0) {
    // Without a required column no row can stand; keep quiet about references to this sheet.
    broken.add(def.entity);
    return [];
  }

  const keyHeaders = def.key.map((k) => def.columns[k]!.header);
  const firstRowOfKey = new Map<string, number>();
  const out: Row[] = [];
  for (const { rowNumber, cells, unreadable } of table.rows) {
    let ok = true;
    const bad = (column: string, message: string) => { ok = false; err(rowNumber, column, cells[column] ?? '', message); };
    const value: Record<string, unknown> = {};
    for (const [field, col] of columns) {
      const text = cells[col.header] ?? '';
      if (unreadable?.includes(col.header)) { ok = false; continue; }
      if (text === '') {
        if (col.required) bad(col.header, `${col.header}不能为空`);
        else value[field] = null;
        continue;
      }
      const parsed = col.parse(text, col.header);
      if (parsed.ok) value[field] = parsed.value;
      else bad(col.header, parsed.error);
    }
    def.check?.(value, bad);

    const parts = def.key.map((k) => value[k]);
    // An optional key column left empty is part of the key as ''; a cell that failed leaves no key.
    const key = parts.every((p) => p !== undefined) ? keyOf(...parts.map((p) => (p === null ? '' : p as string | number))) : null;
    if (key !== null) {
      const first = firstRowOfKey.get(key);
      if (first !== undefined) {
        err(rowNumber, '', parts.map((p) => (p === null ? '' : String(p))).join(' + '), `与第 ${first} 行重复：${keyHeaders.join(' + ')} 相同的记录只能有一行`);
        continue;
      }
      firstRowOfKey.set(key, rowNumber);
    }
    if (ok && key !== null) out.push({ rowNumber, cells, key, value });
    else if (key !== null) tainted.add(taintKey(def.entity, key));
    else {
      const known = parts.slice(0, parts.indexOf(undefined)).map((p) => (p === null ? '' : p as string | number));
      tainted.add(taintKey(def.entity, partialKey(known)));
    }
  }
  return out;
}

/**
 * Everything is checked before writing, so a constraint violation — or a year closed by someone
 * else meanwhile (migration 0002's trigger, HINT 'year-closed'), or a deadlock on the project rows
 * the finance sheets lock — means another import or edit raced this one: report it rather than crash.
 */
function constraintMessage(e: unknown): string | null {
  // drizzle wraps the driver's error as `cause`.
  for (let x: unknown = e, depth = 0; x && typeof x === 'object' && depth < 5; x = (x as { cause?: unknown }).cause, depth++) {
    const { code, hint, constraint_name: constraint = '' } = x as { code?: unknown; hint?: unknown; constraint_name?: string };
    if (typeof code !== 'string') continue;
    if (hint === 'year-closed') return '写入数据库时发现该年度已结账（可能刚被他人结账），该年度不能再记入新的记录；文件未导入';
    // Two imports that lock the same projects in different sheets may each wait for the other;
    // PostgreSQL breaks the tie by failing one of them, which is this one.
    if (code === '40P01') return '写入数据库时与他人同时进行的导入或审批相互等待，文件未导入，请稍后重试';
    if (!code.startsWith('23')) return null;
    return `写入数据库时违反约束${constraint ? `（${constraint}）` : ''}，可能有其他人同时在导入或修改相同的记录，请稍后重试`;
  }
  return null;
}

function sortErrors(errors: ImportError[], registry: readonly AnySheet[]): ImportError[] {
  const order = (sheet: string) => {
    const i = registry.findIndex((d) => d.name === sheet);
    return i < 0 ? -1 : i;
  };
  // Stable: within a row, errors keep the order they were found in.
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => order(a.e.sheet) - order(b.e.sheet) || a.e.row - b.e.row || a.i - b.i)
    .map(({ e }) => e);
}
