// Column mappings: what the user told the preview (or the CLI's --mapping FILE) about sheets and
// headers the format does not know, remembered per center and sheet shape so that next year's
// ledger of the same shape is read the same way without asking again.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { importMappings } from '../../db/schema';
import type { DbOrTx } from '../db';
import type { AnySheet, Columns } from './sheet';
import type { LedgerMapping, SheetLayout, SheetMapping } from './types';

/** The mappings a center remembers, by sheet shape. */
export async function rememberedMappings(db: DbOrTx, centerId: number): Promise<Map<string, SheetMapping>> {
  const rows = await db.select({ shape: importMappings.shape, mapping: importMappings.mapping }).from(importMappings).where(eq(importMappings.centerId, centerId));
  return new Map(rows.map((r) => [r.shape, r.mapping as SheetMapping]));
}

/**
 * Remembers, for the center, how each sheet of the mapping was read: the sheet it is and its
 * columns, by the shape of its headers (a later mapping of the same shape replaces it). The values
 * typed for absent columns are not remembered: a 年度 typed for this year's file is wrong for next year's.
 */
export async function rememberMappings(db: DbOrTx, centerId: number, userId: number, mapping: LedgerMapping, layouts: readonly SheetLayout[]) {
  for (const layout of layouts) {
    const entry = mapping[layout.fileSheet];
    if (!entry || layout.shape === '') continue;
    const kept: SheetMapping = {};
    if (entry.sheet !== undefined) kept.sheet = entry.sheet;
    else if (layout.sheet) kept.sheet = layout.sheet;
    if (entry.columns && Object.keys(entry.columns).length > 0) kept.columns = entry.columns;
    if (!kept.columns && kept.sheet === layout.fileSheet) continue;
    await db.insert(importMappings).values({ centerId, shape: layout.shape, mapping: kept, updatedBy: userId })
      .onConflictDoUpdate({ target: [importMappings.centerId, importMappings.shape], set: { mapping: kept, updatedBy: userId, updatedAt: sql`now()` } });
  }
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
  const out: LedgerMapping = {};
  for (const l of layouts) {
    const columns: Record<string, string | null> = {};
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
  const out: LedgerMapping = {};
  const entry = (sheet: string) => (out[sheet] ??= {});
  for (const r of rows) {
    const value = r.value.trim();
    if (value === '') continue;
    if (r.kind === 'sheet') entry(r.sheet).sheet = value === '-' ? null : value;
    else if (r.kind === 'col') (entry(r.sheet).columns ??= {})[r.key] = value === '-' ? null : value;
    else if (r.kind === 'val') (entry(r.sheet).values ??= {})[r.key] = value;
  }
  return out;
}
