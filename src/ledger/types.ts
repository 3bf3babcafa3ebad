// Shared shapes of the ledger import. import.ts re-exports the public ones.

export interface ImportFile { name: string; data: Buffer }

/**
 * One problem in the file. `row` is the row number as Excel shows it (header = row 1);
 * 0 when the error is about a whole file or sheet. `column` is the header name, or ''
 * when the error is about the whole row, sheet or file.
 */
export interface ImportError { sheet: string; row: number; column: string; value: string; message: string }

export interface SheetCount { sheet: string; rows: number; created: number; updated: number; unchanged: number }

export type ImportResult = { ok: true; counts: SheetCount[] } | { ok: false; errors: ImportError[] };

/** Cell texts of one row by header; trimmed, '' for an empty cell. */
export type Cells = Record<string, string>;

/** `unreadable`: headers whose cell could not be read (already reported as an error). */
export interface TableRow { rowNumber: number; cells: Cells; unreadable?: string[] }

/** One sheet as read from a workbook or a CSV file, before any meaning is given to it. */
export interface Table { sheet: string; file: string; headers: string[]; rows: TableRow[] }
