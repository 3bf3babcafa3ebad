// Cell parsers: each takes a non-empty trimmed cell text and returns the value or a Chinese
// message. Empty cells never reach them (empty = not given, handled by the engine).
import { creditCodeError, normalizeCreditCode } from '../lib/credit-code';
import { normalizeDate } from '../lib/dates';
import { parseYuan, type Parsed } from '../lib/money';

export type CellParser<T> = (text: string, header: string) => Parsed<T>;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (error: string): Parsed<never> => ({ ok: false, error });

export const text: CellParser<string> = (s) => ok(s);

/** 元 as typed (`12,345.67`, `¥12,345.67`) → 分. */
export const money: CellParser<bigint> = (s) => parseYuan(s);

/** An amount that must be more than 0 (budget entries, arrivals, remittances, targets). */
export const positiveMoney: CellParser<bigint> = (s, header) => {
  const parsed = parseYuan(s);
  if (parsed.ok && parsed.value === 0n) return fail(`${header}应大于 0`);
  return parsed;
};

/** An amount that may be negative (`-600.00`, a reversal); whether it must be is the sheet's rule. */
export const signedMoney: CellParser<bigint> = (s) => parseYuan(s, { allowNegative: true });

// A ledger of 100,000 rows names a few thousand dates, each many times: remember the verdicts
// (bounded, so a file of odd texts cannot grow it without end). Only texts of a date's length:
// a longer cell text is a slice that would keep its whole file's text alive in the map.
const dates = new Map<string, string | null>();

export const date: CellParser<string> = (s, header) => {
  let d = s.length <= 10 ? dates.get(s) : normalizeDate(s);
  if (d === undefined) {
    if (dates.size >= 20_000) dates.clear();
    d = normalizeDate(s);
    dates.set(s, d);
  }
  return d ? ok(d) : fail(`${header}日期格式不正确，应为 YYYY-MM-DD 或 YYYY/M/D，如 2024-03-15`);
};

export function integer(min: number, max: number): CellParser<number> {
  return (s, header) => {
    if (!/^\d{1,9}$/.test(s)) return fail(`${header}应为整数`);
    const n = Number(s);
    if (n < min || n > max) return fail(`${header}应在 ${min} 到 ${max} 之间`);
    return ok(n);
  };
}

/** Non-negative decimal stored in a NUMERIC column; returns the canonical text (see canonicalDecimal). */
export function decimal(opts: { scale: number; intDigits: number }): CellParser<string> {
  return (input, header) => {
    const s = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(input) ? input.replace(/,/g, '') : input;
    const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
    if (!m) return fail(`${header}应为不小于 0 的数字，如 1234.5`);
    const canonical = canonicalDecimal(s);
    const [whole, frac = ''] = canonical.split('.');
    if (frac.length > opts.scale) return fail(`${header}最多 ${opts.scale} 位小数`);
    if (whole!.length > opts.intDigits) return fail(`${header}数值过大（整数部分最多 ${opts.intDigits} 位）`);
    return ok(canonical);
  };
}

/**
 * One spelling per number, so a file's `8000` equals the database's `8000.0000`:
 * no leading zeros, no trailing fractional zeros, no bare point.
 */
export function canonicalDecimal(s: string): string {
  const [rawWhole, rawFrac = ''] = s.split('.');
  const whole = rawWhole!.replace(/^0+(?=\d)/, '') || '0';
  const frac = rawFrac.replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
}

export function oneOf<T extends string>(values: readonly T[]): CellParser<T> {
  return (s, header) => (values as readonly string[]).includes(s)
    ? ok(s as T)
    : fail(`${header}只能是 ${values.join('、')} 之一`);
}

/** Items separated by `、` or `;` (the full-width `；` too: Chinese input methods type it). */
export function splitList(s: string): string[] {
  return s.split(/[、;；]/).map((x) => x.trim()).filter((x) => x !== '');
}

export const list: CellParser<string[]> = (s, header) => {
  const items = splitList(s);
  if (items.length === 0) return fail(`${header}至少应有一项，多项用“、”或“;”分隔`);
  const dup = items.find((x, i) => items.indexOf(x) !== i);
  if (dup !== undefined) return fail(`${header}中 ${dup} 重复出现`);
  return ok(items);
};

export const creditCode: CellParser<string> = (s) => {
  const error = creditCodeError(s);
  return error ? fail(error) : ok(normalizeCreditCode(s));
};
