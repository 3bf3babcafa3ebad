// The import engine: read → lay each sheet out (header row, columns, 合计 and signature rows:
// layout.ts) → parse every row of every sheet → apply the sheets in registry order inside ONE
// transaction → commit only when there is no error, the warnings are accepted and this is not a
// dry run. Sheets know nothing of each other; they meet through the database, because a sheet
// applied earlier in the transaction is visible to the ones after it.
import { sql } from 'drizzle-orm';
import type { Actor } from '../audit/queries';
import type { DbOrTx } from '../db';
import { readSources, type Grid, type SheetSource } from './files';
import { headerShape, headerVocabulary, layOut } from './layout';
import { mergeSheetMapping, sheetMappingOf } from './mappings';
import { ImportContext, partialKey, SheetRun, taintKey } from './run';
import { keyOf, type AnySheet, type Columns, type ParsedRow } from './sheet';
import type {
  ImportError, ImportFile, ImportNotice, ImportResult, ImportWarning, LedgerMapping, SheetCount, SheetLayout, SheetMapping, Table,
} from './types';

export interface ImportOptions {
  actor: Actor;
  dryRun: boolean;
  centerScope?: number[];
  /** Where the records come from (the file's name): in their audit events and warnings. */
  source?: string;
  /** The user's mapping, by the file's sheet names (the preview's choices, or the CLI's --mapping FILE). */
  mapping?: LedgerMapping;
  /** Mappings remembered for the importer's center, by sheet shape (layout.ts shapeOf). */
  remembered?: ReadonlyMap<string, SheetMapping>;
  /** Values for columns every sheet may leave out: 中心编码 → the importer's center. */
  defaults?: Readonly<Record<string, string>>;
  /**
   * What warnings do: 'accept' imports with them (the CLI), 'refuse' does not (`--strict`), and a
   * number imports only when there are exactly that many — the count the user read in the preview
   * and confirmed. A dry run only reports them.
   */
  warnings?: 'accept' | 'refuse' | number;
}

/** Thrown to roll the transaction back; never escapes runImport. */
class Rollback extends Error {}

type Row = ParsedRow<Record<string, unknown>>;
/**
 * A sheet to apply. Its file is read and parsed when its turn comes and its rows are let go once
 * applied: a ledger may hold 100,000 rows, and no sheet needs another's rows (they meet through
 * the database and the taint set, and a sheet refers only to sheets before it).
 */
interface Job { def: AnySheet; source: SheetSource; grid: Grid | null; rows: Row[]; size: number; prepared: boolean; fileColumns?: Record<string, string> }

export async function runImport(db: DbOrTx, registry: readonly AnySheet[], files: ImportFile[], opts: ImportOptions): Promise<ImportResult> {
  const errors: ImportError[] = [];
  const warnings: ImportWarning[] = [];
  const notices: ImportNotice[] = [];
  const layouts: SheetLayout[] = [];
  if (files.length === 0) errors.push({ sheet: '', row: 0, column: '', value: '', message: '没有选择要导入的文件' });
  const read = await readSources(files);
  errors.push(...read.errors);
  const vocabulary = headerVocabulary(registry);
  /**
   * The mapping the center remembers for a sheet of the grid's shape. A mapping that names headers
   * the format does not know was remembered by the header row those headers found, so each such
   * mapping is tried with its own headers too (the first rows only, never the whole sheet).
   */
  const rememberedFor = (grid: Grid): SheetMapping | undefined => {
    if (!opts.remembered?.size) return undefined;
    const plain = opts.remembered.get(headerShape(grid, vocabulary));
    if (plain) return plain;
    for (const [shape, m] of opts.remembered) if (m.columns && headerShape(grid, vocabulary, m) === shape) return m;
    return undefined;
  };
  // The one the center remembers for a sheet of its shape, with the user's mapping of the sheet over it.
  const mappingOf = (grid: Grid): SheetMapping | undefined => {
    const given = sheetMappingOf(opts.mapping, grid.sheet);
    const kept = rememberedFor(grid);
    return kept && given ? mergeSheetMapping(kept, given) : given ?? kept;
  };

  /**
   * Lays a sheet out for its definition (def null: unknown, laid out for the preview only) and
   * keeps what it says; the table, or null when it gives none.
   */
  const lay = (grid: Grid, def: AnySheet | null, mapping: SheetMapping | undefined): Table | null => {
    const laid = layOut({ grid, def, defs: registry, vocabulary, mapping, defaults: opts.defaults });
    errors.push(...laid.errors);
    notices.push(...laid.notices);
    layouts.push(laid.layout);
    return laid.table;
  };

  const jobs: Job[] = [];
  const byName = (name: string | null | undefined) => (name ? registry.find((d) => d.name === name) : undefined);
  const named = (sheet: string) => read.sources.filter((s) => s.sheet === sheet).length;
  for (const source of read.sources) {
    const given = sheetMappingOf(opts.mapping, source.sheet);
    if (given?.sheet === null) {
      notices.push({ sheet: source.sheet, message: `按列映射未导入工作表“${source.sheet}”（${source.file}）` });
      // Laid out only so that the choice is shown and remembered; what is wrong in it is not the import's.
      const grid = source.read([]);
      if (grid) layouts.push({ ...layOut({ grid, def: null, defs: registry, vocabulary, mapping: given }).layout, skipped: true });
      continue;
    }
    const def = byName(given?.sheet) ?? byName(source.sheet);
    if (def && named(source.sheet) === 1 && !jobs.some((j) => j.def === def)) {
      jobs.push({ def, source, grid: null, rows: [], size: 0, prepared: false });
      continue;
    }
    // A sheet that is not applied as it stands (unknown, or given twice) is read now: its file's
    // problems are reported with it, a remembered mapping of its shape may say what it is, and a
    // file that gives no sheet is no sheet at all.
    const grid = source.read(errors);
    if (!grid) continue;
    if (def) {
      if (jobs.some((j) => j.def === def)) errors.push(sheetError(def.name, `工作表“${def.name}”出现了不止一次（${grid.file}）`));
      else jobs.push({ def, source, grid, rows: [], size: 0, prepared: false });
      continue;
    }
    const probe = layOut({ grid, def: null, defs: registry, vocabulary, mapping: given });
    const remembered = rememberedFor(grid);
    const rememberedDef = remembered?.sheet === null ? null : byName(remembered?.sheet);
    if (remembered?.sheet === null) {
      notices.push({ sheet: grid.sheet, message: `按本中心保存的列映射未导入工作表“${grid.sheet}”` });
    } else if (rememberedDef && !jobs.some((j) => j.def === rememberedDef)) {
      notices.push({ sheet: rememberedDef.name, message: `工作表“${grid.sheet}”按本中心保存的列映射作为“${rememberedDef.name}”导入` });
      jobs.push({ def: rememberedDef, source, grid, rows: [], size: 0, prepared: false });
    } else if (grid.rows.length > 0) {
      errors.push({ ...sheetError(grid.sheet, unknownSheetMessage(grid.sheet, registry, probe.layout.suggested ?? null)), value: grid.sheet });
      notices.push(...probe.notices);
      layouts.push(probe.layout);
    }
  }
  if (jobs.length === 0 && errors.length === 0) errors.push(sheetError('', '文件中没有可导入的工作表'));
  jobs.sort((a, b) => registry.indexOf(a.def) - registry.indexOf(b.def));

  const tainted = new Set<string>();
  const broken = new Set<string>();
  /** Reads, lays out and parses a job's sheet; false when it gives no table (that error is reported). */
  const prepare = (job: Job): boolean => {
    job.prepared = true;
    const grid = job.grid ?? job.source.read(errors);
    job.grid = null;
    if (!grid) return false;
    const table = lay(grid, job.def, mappingOf(grid));
    if (!table) {
      // Without a required column no row can stand; keep quiet about references to this sheet.
      broken.add(job.def.entity);
      return false;
    }
    job.size = table.rows.filter((r) => !r.total).length;
    job.fileColumns = table.fileColumns;
    job.rows = parseSheet(job.def, table, errors, warnings, tainted);
    return true;
  };

  const counts: SheetCount[] = [];
  const policy = opts.warnings ?? 'accept';
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
        const ctx = new ImportContext(tx, opts.actor, opts.source, scope, errors, warnings, tainted, broken);
        await ctx.loadCenters();
        for (const job of jobs) {
          if (!prepare(job)) continue;
          const run = new SheetRun(ctx, job.def, job.fileColumns);
          await job.def.apply(run, job.rows);
          await run.flush();
          counts.push({ sheet: job.def.name, rows: job.size, created: run.created, updated: run.updated, unchanged: run.unchanged });
          job.rows = [];
        }
        if (errors.length > 0 || opts.dryRun || warningsRefused(policy, warnings.length)) throw new Rollback();
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
  const said = { warnings: sortErrors(warnings, registry), notices, layouts };
  if (errors.length > 0) return { ok: false, errors: sortErrors(errors, registry), ...said };
  if (!opts.dryRun && warningsRefused(policy, warnings.length)) {
    return { ok: false, errors: [sheetError('', refusalMessage(policy, warnings.length))], ...said };
  }
  return { ok: true, counts, ...said };
}

function warningsRefused(policy: ImportOptions['warnings'] & {}, n: number): boolean {
  if (policy === 'accept') return false;
  if (policy === 'refuse') return n > 0;
  return n !== policy;
}

function refusalMessage(policy: ImportOptions['warnings'] & {}, n: number): string {
  if (policy === 'refuse') return `文件含 ${n} 条预警，按严格模式（--strict）未导入；不加 --strict 时，只有预警的文件按历史记录导入并保留预警`;
  return `预警与确认时不同：确认的是 ${String(policy)} 条，现在为 ${n} 条（文件或数据库已有变化）。文件未导入，请重新预检后再确认`;
}

function sheetError(sheet: string, message: string): ImportError {
  return { sheet, row: 0, column: '', value: sheet, message };
}

function unknownSheetMessage(sheet: string, registry: readonly AnySheet[], suggested: string | null): string {
  const known = registry.map((d) => d.name).join('、');
  const guess = suggested ? `按列标题看像是“${suggested}”，` : '';
  return `未知的工作表“${sheet}”；工作表（或 CSV 文件名）应为：${known}。${guess}可在预览中指定它是哪一张表或不导入`;
}

/**
 * Every row parsed on its own; returns the rows that parsed cleanly. A 合计 row is not a record: each
 * column it totals is checked against the sum of the rows it closes (a 小计 the rows since the last
 * 合计 or 小计, a 合计 every row since the last 合计), and a difference is a warning naming both.
 */
function parseSheet(def: AnySheet, table: Table, errors: ImportError[], warnings: ImportWarning[], tainted: Set<string>): Row[] {
  const columns = Object.entries(def.columns as Columns);
  const fileColumn = (column: string) => table.fileColumns[column];
  const err = (row: number, column: string, value: string, message: string) => {
    const file = fileColumn(column);
    errors.push({ sheet: def.name, row, column, value, message, ...(file ? { fileColumn: file } : {}) });
  };
  const parse = (col: Columns[string], text: string) => col.parse(text, col.header, { unit: table.units[col.header] });

  // Running sums of the columns a 合计 row may total: since the last 合计, since the last 小计, and
  // since the table's start (本年累计).
  const summed = columns.filter(([, c]) => c.parse.total);
  const sums = { all: new Map<string, bigint | null>(), sub: new Map<string, bigint | null>(), running: new Map<string, bigint | null>() };
  const add = (header: string, v: bigint | null) => {
    for (const m of [sums.all, sums.sub, sums.running]) {
      const was = m.get(header) ?? 0n;
      m.set(header, was === null || v === null ? null : was + v);
    }
  };

  const keyHeaders = def.key.map((k) => def.columns[k]!.header);
  const firstRowOfKey = new Map<string, number>();
  const out: Row[] = [];
  for (const { rowNumber, cells, unreadable, total } of table.rows) {
    if (total) {
      checkTotal(def.name, rowNumber, cells, unreadable, summed.map(([, c]) => c), sums[total], parse, fileColumn, warnings);
      // A 本年累计 closes nothing: the 本月合计 before it closed the month.
      if (total !== 'running') sums.sub.clear();
      if (total === 'all') sums.all.clear();
      continue;
    }
    let ok = true;
    const bad = (column: string, message: string) => { ok = false; err(rowNumber, column, cells[column] ?? '', message); };
    const value: Record<string, unknown> = {};
    for (const [field, col] of columns) {
      const text = cells[col.header] ?? '';
      if (unreadable?.includes(col.header)) { ok = false; if (col.parse.total) add(col.header, null); continue; }
      if (text === '') {
        if (col.required) bad(col.header, `${col.header}不能为空`);
        else value[field] = null;
        continue;
      }
      const parsed = parse(col, text);
      if (parsed.ok) value[field] = parsed.value;
      else bad(col.header, parsed.error);
      if (col.parse.total) add(col.header, parsed.ok ? col.parse.total.of(parsed.value) : null);
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

/** A 合计 row's figures against the sums of its rows: a warning for each that differs, naming both. */
function checkTotal(
  sheet: string, rowNumber: number, cells: Record<string, string>, unreadable: string[] | undefined,
  summed: Columns[string][], sums: Map<string, bigint | null>,
  parse: (col: Columns[string], text: string) => ReturnType<Columns[string]['parse']>,
  fileColumn: (column: string) => string | undefined, warnings: ImportWarning[],
) {
  for (const col of summed) {
    const text = cells[col.header] ?? '';
    if (text === '' || unreadable?.includes(col.header)) continue;
    const parsed = parse(col, text);
    const sum = sums.get(col.header) ?? 0n;
    // A row above that could not be read has its error already; its sum is not known.
    if (sum === null) continue;
    const total = col.parse.total!;
    if (!parsed.ok) {
      warnings.push({ sheet, row: rowNumber, column: col.header, value: text, kind: 'total-mismatch', message: `合计行的${col.header}无法读取（${parsed.error}），未能与上方各行之和 ${total.show(sum)} 核对` });
      continue;
    }
    const figure = total.of(parsed.value);
    if (figure === sum) continue;
    const file = fileColumn(col.header);
    warnings.push({
      sheet, row: rowNumber, column: col.header, value: text, kind: 'total-mismatch', ...(file ? { fileColumn: file } : {}),
      message: `合计行的${col.header}为 ${total.show(figure)}，上方各行之和为 ${total.show(sum)}，两者不一致（相差 ${total.show(figure > sum ? figure - sum : sum - figure)}）`,
    });
  }
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

function sortErrors<E extends ImportError>(errors: E[], registry: readonly AnySheet[]): E[] {
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
