// Shared shapes of the ledger import. import.ts re-exports the public ones.
import type { AmountUnit } from './values';

export interface ImportFile { name: string; data: Buffer }

/**
 * One problem in the file. `row` is the row number as Excel shows it (the first row = 1); 0 when
 * the error is about a whole file or sheet. `column` is the format's name of the column (LEDGER-FORMAT.md),
 * or '' when the error is about the whole row, sheet or file; `fileColumn` is the header as the file
 * writes it, where that differs (`成交价款（万元）` for 成交价).
 */
export interface ImportError { sheet: string; row: number; column: string; value: string; message: string; fileColumn?: string }

/**
 * What the system refuses in new work but a true historical record may well be (a fee paid beyond the
 * fee due, a payment dated outside its project's year, a 合计 row that does not add up): the import
 * lists it apart from the errors, imports it only when told to, and keeps it on the record.
 */
export type WarningKind = 'fee-overpaid' | 'paid-after-year' | 'paid-before-year' | 'over-budget' | 'below-committed' | 'dated-outside-year' | 'total-mismatch'
  | 'below-starting-price' | 'notice-too-short' | 'deposit-too-low' | 'term-too-long';

export interface ImportWarning extends ImportError { kind: WarningKind }

/** Something the reader did that the user should know (rows skipped as titles or signatures, the encoding read). */
export interface ImportNotice { sheet: string; message: string }

export interface SheetCount { sheet: string; rows: number; created: number; updated: number; unchanged: number }

/** How one sheet of the files was read: the header row found and what each header was taken for. */
export interface SheetLayout {
  /** The sheet's name in the file (a CSV file's name without .csv). */
  fileSheet: string;
  file: string;
  /** The format's sheet it was read as; null when unknown (then `suggested` is the best guess by its headers). */
  sheet: string | null;
  suggested?: string | null;
  /** The header row as Excel numbers it; 0 when none was found. */
  headerRow: number;
  /** The shape the mapping is remembered by: the file's headers, normalized and sorted. */
  shape: string;
  columns: LayoutColumn[];
  /** Required columns the file does not have (and no value was given for). */
  missing: string[];
  /** Columns given one value for every row (the mapping's values, or the importer's center). */
  values: Record<string, string>;
  /** Left out by the mapping (不导入这张表): laid out only so that the choice is shown and remembered. */
  skipped?: boolean;
}

export interface LayoutColumn {
  /** The header as the file writes it. */
  text: string;
  /** The format's column it was read as; null when left out. */
  column: string | null;
  how: 'exact' | 'alias' | 'mapped' | 'serial' | 'ignored' | 'unknown' | 'bad-unit' | 'duplicate';
  /** The unit its cells are read in, when the header names one. */
  unit: string | null;
}

/**
 * A mapping for one sheet of the files, given by the user in the preview or as the CLI's
 * `--mapping FILE`: what a sheet with an unknown name is, what headers the format does not know are
 * (or null: leave the column out), and values for columns the file does not have.
 */
export interface SheetMapping {
  sheet?: string | null;
  columns?: Record<string, string | null>;
  values?: Record<string, string>;
}

/** By the sheet's name in the file (a CSV file's name without .csv). */
export type LedgerMapping = Record<string, SheetMapping>;

interface ResultBase { warnings: ImportWarning[]; notices: ImportNotice[]; layouts: SheetLayout[] }
export type ImportResult = (ResultBase & { ok: true; counts: SheetCount[] }) | (ResultBase & { ok: false; errors: ImportError[] });

/** Cell texts of one row by column (the format's header); trimmed, '' for an empty cell. */
export type Cells = Record<string, string>;

/**
 * `unreadable`: columns whose cell could not be read (already reported as an error).
 * `total`: a 合计/小计 row, checked against the rows it sums, not imported.
 */
export interface TableRow { rowNumber: number; cells: Cells; unreadable?: string[]; total?: 'all' | 'sub' | 'running' }

/**
 * One sheet laid out for its sheet definition: its data rows by the format's column names.
 * `units` gives the amount unit a column's header names; `fileColumns` the header as the file wrote it.
 */
export interface Table {
  sheet: string; file: string; headers: string[]; rows: TableRow[];
  units: Record<string, AmountUnit>; fileColumns: Record<string, string>;
}
