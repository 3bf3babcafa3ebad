// Reading the values people type into a ledger: dates and amounts as they are spelled in real
// workbooks (2022年3月15日, 2022.3.15, ３０００００, 320.5万元, ¥12,345.67), exactly, without a
// JavaScript number in between. Pure; the cell parsers of cells.ts call these.
import { isValidDate } from '../lib/dates';
import type { Parsed } from '../lib/money';

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Full-width digits and punctuation (Chinese input methods type them: ３，０００．５０), the
 * full-width yen sign and the minus sign become their ASCII forms (NFKC), so one grammar reads
 * both. Only for numbers, dates, codes and fixed values: a text keeps what was typed.
 */
export function asciiForm(s: string): string {
  if (!NON_ASCII.test(s)) return s;
  return s.normalize('NFKC').replace(/[\u2212\u2012\u2013\uFE63]/g, '-').replace(/\u3002/g, '.');
}

// ─── Dates ───────────────────────────────────────────────────────────────────────────────────

const SEPARATED = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/;
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
/** A time of day after the date, as a CSV saved from Excel writes a date cell: `2022/3/15 0:00`. */
const TIME_OF_DAY = /\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const SERIAL = /^(\d{5,6})(\.\d+)?$/;

/** Excel's serial day numbers of the years a ledger may hold (1990-01-01 … 2200-12-31). */
export const FIRST_SERIAL = 32874;
export const LAST_SERIAL = 109_939;

/**
 * `2022-03-15`, `2022/3/15`, `2022.3.15`, `2022年3月15日`, `20220315`, with a time of day or not, and
 * an Excel serial day number (a date cell saved without its date format: 44635 = 2022-03-15,
 * within FIRST_SERIAL … LAST_SERIAL only, so a stray small number is never taken for a date).
 * Returns `YYYY-MM-DD` of a real calendar date, or null.
 */
export function parseDateText(input: string): string | null {
  const s = asciiForm(input.trim()).replace(TIME_OF_DAY, '');
  const m = SEPARATED.exec(s);
  if (m) return calendarDate(m[1]!, m[3]!, m[4]!);
  const c = CHINESE.exec(s) ?? COMPACT.exec(s);
  if (c) return calendarDate(c[1]!, c[2]!, c[3]!);
  const serial = SERIAL.exec(s);
  if (serial) return serialDate(Number(serial[1]));
  return null;
}

function calendarDate(y: string, m: string, d: string): string | null {
  const s = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isValidDate(s) ? s : null;
}

/**
 * The calendar date of an Excel serial day number (1900 date system). Day 1 is 1900-01-01 and Excel
 * counts a 1900-02-29 that never was (day 60), so from day 61 on the date is day 0 = 1899-12-30 + n.
 */
export function serialDate(serial: number): string | null {
  if (!Number.isInteger(serial) || serial < FIRST_SERIAL || serial > LAST_SERIAL) return null;
  const d = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);
  return d.toISOString().slice(0, 10);
}

// ─── Amounts ─────────────────────────────────────────────────────────────────────────────────

/** The units an amount is typed in, as 分 per unit. */
export const AMOUNT_UNITS = { 元: 100n, 万元: 1_000_000n } as const;
export type AmountUnit = keyof typeof AMOUNT_UNITS;

/** Decimals each unit may carry so that the amount is exact to the 分. */
const MAX_DECIMALS: Record<AmountUnit, number> = { 元: 2, 万元: 6 };

const PLAIN = /^(\d+)(?:\.(\d+))?$/;
const GROUPED = /^(\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/;
const SUFFIX = /\s*(万元|万|元)$/;

export const AMOUNT_EXAMPLE = '12345.67、12,345.67、¥12,345.67、320万元';

/**
 * An amount as people type it, in 分: `12345.67`, `12,345.67`, `¥12,345.67`, `３０００００`, `320元`,
 * `320.5万元` (= 3,205,000.00 元, converted exactly), `-600.00` where negatives are allowed. A unit
 * written in the cell wins; otherwise the amount is in `unit` (the column's: 元 unless its header
 * says （万元）). At most two decimals in 元 and six in 万元 — a 分 is the smallest amount there is.
 */
export function parseAmountText(input: string, opts: { unit?: AmountUnit; allowNegative?: boolean } = {}): Parsed<bigint> {
  let s = asciiForm(input.trim());
  let negative = false;
  if (s.startsWith('-')) { negative = true; s = s.slice(1).trim(); }
  s = s.replace(/^¥\s*/, '');
  let unit: AmountUnit = opts.unit ?? '元';
  const suffix = SUFFIX.exec(s);
  if (suffix) {
    unit = suffix[1] === '元' ? '元' : '万元';
    s = s.slice(0, suffix.index);
  }
  const m = PLAIN.exec(s) ?? GROUPED.exec(s);
  if (!m) return { ok: false, error: `金额格式不正确，应为金额数字，如 ${AMOUNT_EXAMPLE}` };
  const whole = m[1]!.replace(/,/g, '');
  const frac = m[2] ?? '';
  if (frac.length > MAX_DECIMALS[unit]) {
    return { ok: false, error: unit === '元' ? '金额最多两位小数（精确到分）' : '以万元为单位的金额最多六位小数（精确到分）' };
  }
  const perUnit = AMOUNT_UNITS[unit];
  const scale = 10n ** BigInt(MAX_DECIMALS[unit]);
  const fen = (BigInt(whole) * scale + BigInt(frac.padEnd(MAX_DECIMALS[unit], '0') || '0')) * perUnit / scale;
  // 15 digits of 元 before the point: what the database's bigint of 分 and every report holds with room.
  if (fen >= 10n ** 17n) return { ok: false, error: '金额过大' };
  if (negative && !opts.allowNegative) return { ok: false, error: '金额不能为负数' };
  return { ok: true, value: negative ? -fen : fen };
}

/** Whole numbers as typed: `2022`, `２０２２`, `2022年`, `第2场`, `2次`. */
export function parseIntegerText(input: string): number | null {
  const m = /^第?\s*(\d{1,9})\s*(?:年度|年|场|次|宗)?$/.exec(asciiForm(input.trim()));
  return m ? Number(m[1]) : null;
}

/** A non-negative decimal as typed (`8,000.50`, `８０００．５`), without separators; null when it is not one. */
export function decimalText(input: string): string | null {
  const s = asciiForm(input.trim());
  const m = PLAIN.exec(s) ?? GROUPED.exec(s);
  if (!m) return null;
  return m[2] === undefined ? m[1]!.replace(/,/g, '') : `${m[1]!.replace(/,/g, '')}.${m[2]}`;
}
