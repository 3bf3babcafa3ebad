// What a sheet is to the engine: its columns (header, required, parser), its natural key and
// how its rows are applied. Adding a sheet = one file in sheets/ defining one of these, plus
// its place in the registry (sheets/index.ts).
import type { CellParser } from './cells';
import type { SheetRun } from './run';
import type { Cells } from './types';

export interface Column<T, Required extends boolean> {
  header: string; required: Required; parse: CellParser<T>;
  /**
   * Units a header may name that change nothing (`面积（平方米）`, `出让年限（年）`): the column is in
   * them already. An amount column takes 元 and 万元 (its parser's `amount`) and converts.
   */
  labels?: readonly string[];
}
export type Columns = Record<string, Column<unknown, boolean>>;

export const req = <T>(header: string, parse: CellParser<T>, o: { labels?: readonly string[] } = {}): Column<T, true> =>
  ({ header, required: true, parse, ...o });
export const opt = <T>(header: string, parse: CellParser<T>, o: { labels?: readonly string[] } = {}): Column<T, false> =>
  ({ header, required: false, parse, ...o });

/** A parsed row: required columns hold a value, optional ones a value or null (not given). */
export type RowOf<C extends Columns> = {
  [K in keyof C]: C[K] extends Column<infer T, true> ? T : C[K] extends Column<infer T, false> ? T | null : never
};

export interface ParsedRow<R> {
  rowNumber: number;
  cells: Cells;
  /** Natural key (see keyOf); what duplicates and references are matched on. */
  key: string;
  value: R;
}

export interface SheetDef<C extends Columns> {
  /** Sheet name as in LEDGER-FORMAT.md. */
  name: string;
  /** Audit entity, and the namespace other sheets use to refer to this sheet's keys. */
  entity: string;
  columns: C;
  /** Fields making the natural key, in order. */
  key: readonly (keyof C & string)[];
  /**
   * Checks across columns. Runs on every row, even one with bad cells: a field whose cell did
   * not parse is undefined, so report only what the parsed fields prove.
   */
  check?(row: Partial<RowOf<C>>, bad: (header: string, message: string) => void): void;
  /** Resolves references and writes, in the import's transaction. Rows here parsed cleanly. */
  apply(run: SheetRun, rows: ParsedRow<RowOf<C>>[]): Promise<void>;
}

// The registry holds sheets of different column sets.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySheet = SheetDef<any>;

export function defineSheet<C extends Columns>(def: SheetDef<C>): SheetDef<C> {
  return def;
}

/** Joins key parts the way every sheet does, so a reference matches the key of the row it names. */
export function keyOf(...parts: (string | number)[]): string {
  return parts.map(String).join('\u0001');
}
