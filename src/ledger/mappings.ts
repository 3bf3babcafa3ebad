// Column mappings: what the user told the preview (or the CLI's --mapping FILE) about sheets and
// headers the format does not know, remembered per center and sheet shape so that next year's
// ledger of the same shape is read the same way without asking again.
import { isDeepStrictEqual } from 'node:util';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { importMappings } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import type { DbOrTx } from '../db';
import type { AnySheet, Columns } from './sheet';
import type { LedgerMapping, SheetLayout, SheetMapping } from './types';

/** The mappings a center remembers, by sheet shape. */
export async function rememberedMappings(db: DbOrTx, centerId: number): Promise<Map<string, SheetMapping>> {
  const rows = await db.select({ shape: importMappings.shape, mapping: importMappings.mapping }).from(importMappings).where(eq(importMappings.centerId, centerId));
  return new Map(rows.map((r) => [r.shape, r.mapping as SheetMapping]));
}

/**
 * Remembers, for the center, how each sheet of the mapping was read: the sheet it is (or that it is
 * not imported) and its columns, by the shape of its headers (a later mapping of the same shape
 * replaces it), with an audit event each, in the caller's transaction. The values typed for absent
 * columns are not remembered: a 年度 typed for this year's file is wrong for next year's.
 */
export async function rememberMappings(tx: DbOrTx, actor: Actor, centerId: number, mapping: LedgerMapping, layouts: readonly SheetLayout[]) {
  for (const layout of layouts) {
    const entry = sheetMappingOf(mapping, layout.fileSheet);
    if (!entry || layout.shape === '') continue;
    const chosen: SheetMapping = {};
    if (entry.sheet !== undefined) chosen.sheet = entry.sheet;
    else if (layout.sheet) chosen.sheet = layout.sheet;
    if (entry.columns && Object.keys(entry.columns).length > 0) chosen.columns = entry.columns;
    if (!chosen.columns && chosen.sheet === layout.fileSheet) continue;
    const key = and(eq(importMappings.centerId, centerId), eq(importMappings.shape, layout.shape));
    const [before] = await tx.select({ mapping: importMappings.mapping }).from(importMappings).where(key).for('update');
    // What was remembered and not chosen again stays (the sheet was read with it).
    const kept = before ? mergeSheetMapping(before.mapping as SheetMapping, chosen) : chosen;
    if (before && isDeepStrictEqual(before.mapping, JSON.parse(JSON.stringify(kept)))) continue;
    await tx.insert(importMappings).values({ centerId, shape: layout.shape, mapping: kept, updatedBy: actor.userId })
      .onConflictDoUpdate({ target: [importMappings.centerId, importMappings.shape], set: { mapping: kept, updatedBy: actor.userId, updatedAt: sql`now()` } });
    await recordAudit(tx, actor, {
      action: before ? 'update' : 'create', entity: 'import_mapping', entityId: layout.shape, centerId,
      before: before?.mapping, after: kept, note: `工作表“${layout.fileSheet}”（${layout.file}）`,
    });
  }
}

/**
 * The mapping's entry for a sheet of the file, by own key only: a sheet may be called `constructor`
 * or `toString`, and that is no entry.
 */
export function sheetMappingOf(mapping: LedgerMapping | undefined, sheet: string): SheetMapping | undefined {
  return mapping && Object.hasOwn(mapping, sheet) ? mapping[sheet] : undefined;
}

/**
 * A later choice of the preview's form over the earlier ones: the form shows only the sheets that
 * still need something, so what it does not say (a sheet left out, values typed for a sheet that no
 * longer needs asking) stays as it was.
 */
export function mergeMappings(base: LedgerMapping, next: LedgerMapping): LedgerMapping {
  const out: LedgerMapping = bare();
  for (const [sheet, entry] of [...Object.entries(base), ...Object.entries(next)]) out[sheet] = mergeSheetMapping(out[sheet], entry);
  return out;
}

/** A sheet's later mapping over its earlier one (the user's over the remembered): each choice it makes wins. */
export function mergeSheetMapping(was: SheetMapping | undefined, entry: SheetMapping): SheetMapping {
  if (!was) return entry;
  const merged: SheetMapping = { ...was, ...(entry.sheet !== undefined ? { sheet: entry.sheet } : {}) };
  if (was.columns || entry.columns) merged.columns = Object.assign(bare<string | null>(), was.columns, entry.columns);
  if (was.values || entry.values) merged.values = Object.assign(bare<string>(), was.values, entry.values);
  return merged;
}

/** A record without a prototype: keys typed by users (`__proto__`, `constructor`) are only keys. */
function bare<T = SheetMapping>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

const sheetMapping = z.strictObject({
  sheet: z.string().min(1).nullable().optional(),
  columns: z.record(z.string(), z.string().min(1).nullable()).optional(),
  values: z.record(z.string(), z.string()).optional(),
});

/** Mapping files and forms name sheets and columns of the format only; anything else is a message, not a crash. */
export function parseMapping(input: unknown, registry: readonly AnySheet[]): { ok: true; mapping: LedgerMapping } | { ok: false; error: string } {
  const shape = z.record(z.string(), sheetMapping).safeParse(input);
  if (!shape.success) {
    return { ok: false, error: '列映射格式不正确，应为 {"工作表名": {"sheet": "支付", "columns": {"文件中的列": "台账的列" 或 null}, "values": {"列": "值"}}}' };
  }
  for (const [fileSheet, entry] of Object.entries(shape.data)) {
    const target = entry.sheet === undefined ? registry.find((d) => d.name === fileSheet) : entry.sheet === null ? null : registry.find((d) => d.name === entry.sheet);
    if (entry.sheet !== undefined && entry.sheet !== null && !target) return { ok: false, error: `列映射中“${fileSheet}”对应的工作表“${entry.sheet}”不存在` };
    if (!target) continue;
    const columns = new Set(Object.values(target.columns as Columns).map((c) => c.header));
    for (const [header, column] of Object.entries({ ...entry.columns })) {
      if (column !== null && !columns.has(column)) return { ok: false, error: `列映射中“${fileSheet}”的列“${header}”对应的“${column}”不是工作表“${target.name}”的列` };
    }
    for (const column of Object.keys({ ...entry.values })) {
      if (!columns.has(column)) return { ok: false, error: `列映射中“${fileSheet}”给出取值的“${column}”不是工作表“${target.name}”的列` };
    }
  }
  return { ok: true, mapping: shape.data };
}

/**
 * The mapping an import used, as a mapping file writes it: for each sheet whose headers were not all
 * the format's own, what each header was read as (null: left out), and the values given for absent
 * columns. What the CLI prints and what the preview's form starts from.
 */
export function mappingUsed(layouts: readonly SheetLayout[]): LedgerMapping {
  const out: LedgerMapping = bare();
  for (const l of layouts) {
    if (l.skipped) { out[l.fileSheet] = { sheet: null }; continue; }
    const columns: Record<string, string | null> = bare();
    for (const c of l.columns) {
      if (c.how === 'alias' || c.how === 'mapped') columns[c.text] = c.column;
      else if (c.how === 'ignored' || c.how === 'serial') columns[c.text] = null;
    }
    const entry: SheetMapping = {};
    if (l.sheet && l.sheet !== l.fileSheet) entry.sheet = l.sheet;
    if (Object.keys(columns).length > 0) entry.columns = columns;
    if (Object.keys(l.values).length > 0) entry.values = l.values;
    if (Object.keys(entry).length > 0) out[l.fileSheet] = entry;
  }
  return out;
}

/** The form's rows (kind, file sheet, header or column, value): sheet | col | val, `-` for 不导入 / 忽略. */
export interface MappingRow { kind: string; sheet: string; key: string; value: string }

/** What the preview's mapping form says, as a mapping; empty choices say nothing. */
export function mappingFromRows(rows: readonly MappingRow[]): LedgerMapping {
  const out: LedgerMapping = bare();
  const entry = (sheet: string) => (out[sheet] ??= {});
  for (const r of rows) {
    const value = r.value.trim();
    if (value === '') continue;
    if (r.kind === 'sheet') entry(r.sheet).sheet = value === '-' ? null : value;
    else if (r.kind === 'col') (entry(r.sheet).columns ??= bare())[r.key] = value === '-' ? null : value;
    else if (r.kind === 'val') (entry(r.sheet).values ??= bare())[r.key] = value;
  }
  return out;
}
