// The state of one import inside its transaction, and the per-sheet handle that sheets use to
// report errors, resolve centers, compare with existing records and audit what they write.
import { centers, recordWarnings } from '../../db/schema';
import type { Actor, AuditEntry } from '../audit/queries';
import { recordAudit } from '../audit/queries';
import type { Tx } from '../db';
import { chunks, insertRecords, JSON_CHUNK, pipelined } from './batch';
import { keyOf, type AnySheet, type ParsedRow } from './sheet';
import type { ImportError, ImportWarning, WarningKind } from './types';

export interface CenterInfo { id: number; code: string; name: string; level: string; parentId: number | null }

export class ImportContext {
  readonly centersByCode = new Map<string, CenterInfo>();
  readonly centersById = new Map<number, CenterInfo>();

  constructor(
    readonly tx: Tx,
    readonly actor: Actor,
    readonly note: string | undefined,
    /** Center ids the importer may write to; null = no restriction (CLI). Grows with centers created under it. */
    readonly scope: Set<number> | null,
    readonly errors: ImportError[],
    /** True records that break a control of new work: imported with them, and kept on the record. */
    readonly warnings: ImportWarning[],
    /**
     * Keys of rows that failed, per entity, and entities whose sheet could not be read at all:
     * a reference to them is not reported again, the row's own error already explains it.
     */
    readonly tainted: Set<string>,
    readonly broken: Set<string>,
  ) {}

  /** Centers are few (one per province, city and county) and every sheet needs them: load them once. */
  async loadCenters() {
    const rows = await this.tx.select({
      id: centers.id, code: centers.code, name: centers.name, level: centers.level, parentId: centers.parentId,
    }).from(centers);
    for (const c of rows) this.addCenter(c);
  }

  addCenter(c: CenterInfo) {
    this.centersByCode.set(c.code, c);
    this.centersById.set(c.id, c);
  }

  isTainted(entity: string, key: string): boolean {
    if (this.broken.has(entity) || this.tainted.has(taintKey(entity, key))) return true;
    // A failed row whose key could be read only in part taints every key starting so.
    const parts = key.split('\u0001');
    for (let i = 0; i < parts.length; i++) {
      if (this.tainted.has(taintKey(entity, partialKey(parts.slice(0, i))))) return true;
    }
    return false;
  }

  /** Whether a failed row's key starts with these parts (e.g. any round of a parcel's transfers). */
  isTaintedUnder(entity: string, ...parts: (string | number)[]): boolean {
    if (this.broken.has(entity)) return true;
    const base = taintKey(entity, keyOf(...parts));
    for (const t of this.tainted) {
      if (t === base || t.startsWith(`${base}\u0001`) || t === `${base}\u0003`) return true;
    }
    return this.isTainted(entity, keyOf(...parts));
  }

  taint(entity: string, key: string) {
    this.tainted.add(taintKey(entity, key));
  }
}

export function taintKey(entity: string, key: string): string {
  return `${entity}\u0002${key}`;
}

/** The key of a row whose later key columns could not be read. */
export function partialKey(parts: readonly (string | number)[]): string {
  return `${keyOf(...parts)}\u0003`;
}

export type Verdict = 'unchanged' | 'update' | 'conflict';

/** Comparable texts of a record by header; null = not given (file) or empty (database). */
export type View = Record<string, string | null>;

export class SheetRun {
  created = 0;
  updated = 0;
  unchanged = 0;
  private readonly auditEntries: AuditEntry[] = [];
  /** Warnings of rows not written yet, by row; they go onto the record its audit event names. */
  private readonly pending = new Map<ParsedRow<unknown>, ImportWarning[]>();
  private readonly warningRows: { center_id: number; entity: string; entity_id: number; kind: string; ledger_column: string; message: string; source: string | null }[] = [];

  /** `fileColumns`: the headers as the file writes them, where they differ (Table.fileColumns). */
  constructor(readonly ctx: ImportContext, readonly def: AnySheet, private readonly fileColumns: Readonly<Record<string, string>> = {}) {}

  private where(column: string) {
    const file = this.fileColumns[column];
    return file ? { fileColumn: file } : {};
  }

  get tx(): Tx { return this.ctx.tx; }

  /** Reports an error on a row and marks its key, so rows referring to it stay quiet. */
  fail(row: ParsedRow<unknown>, column: string, message: string, value = row.cells[column] ?? '') {
    this.ctx.errors.push({ sheet: this.def.name, row: row.rowNumber, column, value, message, ...this.where(column) });
    this.ctx.taint(this.def.entity, row.key);
  }

  /**
   * A true record that breaks a control the system applies to new work: it is imported (unless the
   * user refuses warnings) and the warning stays on the record, written when the record is audited.
   */
  warn(row: ParsedRow<unknown>, column: string, kind: WarningKind, message: string, value = row.cells[column] ?? '') {
    const warning: ImportWarning = { sheet: this.def.name, row: row.rowNumber, column, value, message, kind, ...this.where(column) };
    this.ctx.warnings.push(warning);
    this.pending.set(row, [...(this.pending.get(row) ?? []), warning]);
  }

  /** Skips a row whose cause was already reported elsewhere. */
  drop(row: ParsedRow<unknown>) {
    this.ctx.taint(this.def.entity, row.key);
  }

  /**
   * A reference that did not resolve: an error, unless the row it names failed itself.
   * `label` names what was looked for, e.g. `标的编号 GY2020-99`.
   */
  missing(row: ParsedRow<unknown>, column: string, entity: string, key: string, label: string) {
    if (this.ctx.isTainted(entity, key)) this.drop(row);
    else this.fail(row, column, `${label} 在文件和数据库中都不存在`);
  }

  /** The center of a row by its 中心编码, within the importer's scope; null after reporting. */
  /** The rows whose 中心编码 names a known center the import may write to; the others are reported. */
  locate<R extends { centerCode: string }>(rows: ParsedRow<R>[]): { row: ParsedRow<R>; centerId: number }[] {
    return rows.flatMap((row) => {
      const centerId = this.centerId(row, row.value.centerCode);
      return centerId === null ? [] : [{ row, centerId }];
    });
  }

  centerId(row: ParsedRow<unknown>, code: string, column = '中心编码'): number | null {
    const c = this.ctx.centersByCode.get(code);
    if (!c) {
      this.missing(row, column, 'center', keyOf(code), `中心编码 ${code}`);
      return null;
    }
    if (this.ctx.scope && !this.ctx.scope.has(c.id)) {
      this.fail(row, column, '无权导入该交易中心的记录');
      return null;
    }
    return c.id;
  }

  /**
   * Compares a file row with the existing record of the same key. Columns not given in the file
   * are not compared. A difference in a column outside `updatable` is an error naming it: the
   * import never silently overwrites a financial record.
   */
  compare(row: ParsedRow<unknown>, incoming: View, existing: View, updatable: ReadonlySet<string> = NONE): Verdict {
    let verdict: Verdict = 'unchanged';
    for (const [header, value] of Object.entries(incoming)) {
      if (value === null || existing[header] === value) continue;
      if (updatable.has(header)) {
        if (verdict === 'unchanged') verdict = 'update';
        continue;
      }
      const old = existing[header] === null || existing[header] === undefined ? '（空）' : `“${existing[header]}”`;
      this.fail(row, header, `与已有记录不一致：已有记录的${header}为${old}，文件中为“${value}”；${header}不能通过导入修改`);
      verdict = 'conflict';
    }
    return verdict;
  }

  /**
   * Audits a write of this sheet; `note` (e.g. why a record skipped a workflow) goes before the import's
   * source. `row`: the file row the record comes from, whose warnings (warn) the record keeps.
   */
  audit(entry: Omit<AuditEntry, 'entity'>, row?: ParsedRow<unknown>) {
    const source = this.ctx.note;
    const note = entry.note === undefined ? source : source === undefined ? entry.note : `${entry.note}（${source}）`;
    this.auditEntries.push({ ...entry, entity: this.def.entity, note });
    const warnings = row && this.pending.get(row);
    if (warnings && typeof entry.entityId === 'number' && entry.centerId != null) {
      for (const w of warnings) {
        this.warningRows.push({
          center_id: entry.centerId, entity: this.def.entity, entity_id: entry.entityId, kind: w.kind, ledger_column: w.column, message: w.message, source: source ?? null,
        });
      }
      this.pending.delete(row!);
    }
  }

  /** Writes the sheet's audit events and the warnings its records keep, in the import's transaction. */
  async flush() {
    await pipelined(chunks(this.auditEntries, JSON_CHUNK), (part) => recordAudit(this.tx, this.ctx.actor, part));
    this.auditEntries.length = 0;
    await insertRecords(this.tx, recordWarnings, 'center_id int, entity text, entity_id int, kind text, ledger_column text, message text, source text', this.warningRows, 'id');
    this.warningRows.length = 0;
  }
}

const NONE: ReadonlySet<string> = new Set();
