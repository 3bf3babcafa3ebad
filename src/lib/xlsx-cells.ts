// Cells of the .xlsx files this system writes, so that Excel's SUM and filters work on them: money
// as number cells with a money format, dates as date cells. An Excel number is a double; it is
// written only when the double holds the decimal exactly — at most 15 significant digits, where the
// shortest decimal form of the double is the text again, so reading the cell back (String(n)) gives
// the very amount. Beyond that (10 万亿元 and more) the cell stays text, exact as ever.

/** 元 with thousands separators and two decimals. */
export const YUAN_FORMAT = '#,##0.00';
/** 万元 as the seed's tables show it: `91.50万元`. */
export const WAN_FORMAT = '#,##0.00"万元"';
export const DATE_FORMAT = 'yyyy-mm-dd';

/** The number an Excel cell should hold for a plain decimal text (`-12345.67`), or null to keep the text. */
export function exactNumber(decimal: string): number | null {
  if (!/^-?\d+(\.\d+)?$/.test(decimal)) return null;
  const digits = decimal.replace(/^-/, '').replace('.', '').replace(/^0+/, '');
  if (digits.length > 15) return null;
  const n = Number(decimal);
  return Number.isFinite(n) ? n : null;
}

/** `YYYY-MM-DD` as the date cell Excel reads it as (midnight UTC, the calendar day exceljs writes). */
export function dateValue(iso: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}
