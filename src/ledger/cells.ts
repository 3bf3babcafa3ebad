// Cell parsers: each takes a non-empty trimmed cell text and returns the value or a Chinese
// message. Empty cells never reach them (empty = not given, handled by the engine). Numbers,
// dates, codes and fixed values are read as people type them (values.ts); a text is kept as typed.
import { creditCodeError, normalizeCreditCode } from '../lib/credit-code';
import { formatYuan, type Parsed } from '../lib/money';
import { asciiForm, decimalText, parseAmountText, parseDateText, parseIntegerText, type AmountUnit } from './values';

/** What the column's header says of its cells: the amount unit of `起始价（万元）`. */
export interface CellContext { unit?: AmountUnit }

export type CellParser<T> = ((text: string, header: string, ctx?: CellContext) => Parsed<T>) & {
  /** An amount column: its header may name 元 or 万元, and its cells are read in that unit. */
  amount?: true;
  /** How a 合计 row sums the column: each value as a fixed-point integer, and the sum as text. */
  total?: { of(value: T): bigint; show(sum: bigint): string };
};

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (error: string): Parsed<never> => ({ ok: false, error });

export const text: CellParser<string> = (s) => ok(s);

const amountTotal = { of: (fen: bigint) => fen, show: (fen: bigint) => `${formatYuan(fen)} 元` };

function amount(check: (fen: bigint, header: string) => string | null, allowNegative = false): CellParser<bigint> {
  const parse: CellParser<bigint> = (s, header, ctx) => {
    const parsed = parseAmountText(s, { unit: ctx?.unit, allowNegative });
    if (!parsed.ok) return parsed;
    const problem = check(parsed.value, header);
    return problem ? fail(problem) : parsed;
  };
  return Object.assign(parse, { amount: true as const, total: amountTotal });
}

/** 元 as typed (`12,345.67`, `¥12,345.67`, `320.5万元`) → 分. */
export const money = amount(() => null);

/** An amount that must be more than 0 (budget entries, arrivals, remittances, targets). */
export const positiveMoney = amount((fen, header) => (fen === 0n ? `${header}应大于 0` : null));

/** An amount that may be negative (`-600.00`, a reversal); whether it must be is the sheet's rule. */
export const signedMoney = amount(() => null, true);

// A ledger of 100,000 rows names a few thousand dates, each many times: remember the verdicts
// (bounded, so a file of odd texts cannot grow it without end). Only texts of a date's length:
// a longer cell text is a slice that would keep its whole file's text alive in the map.
const dates = new Map<string, string | null>();

export const DATE_EXAMPLE = '2024-03-15、2024/3/15、2024.3.15 或 2024年3月15日';

export const date: CellParser<string> = (s, header) => {
  let d = s.length <= 12 ? dates.get(s) : parseDateText(s);
  if (d === undefined) {
    if (dates.size >= 20_000) dates.clear();
    d = parseDateText(s);
    dates.set(s, d);
  }
  return d ? ok(d) : fail(`${header}日期格式不正确，应为 ${DATE_EXAMPLE}`);
};

export function integer(min: number, max: number): CellParser<number> {
  return (s, header) => {
    const n = parseIntegerText(s);
    if (n === null) return fail(`${header}应为整数`);
    if (n < min || n > max) return fail(`${header}应在 ${min} 到 ${max} 之间`);
    return ok(n);
  };
}

/** Non-negative decimal stored in a NUMERIC column; returns the canonical text (see canonicalDecimal). */
export function decimal(opts: { scale: number; intDigits: number }): CellParser<string> {
  const parse: CellParser<string> = (input, header) => {
    const s = decimalText(input);
    if (s === null) return fail(`${header}应为不小于 0 的数字，如 1234.5`);
    const canonical = canonicalDecimal(s);
    const [whole, frac = ''] = canonical.split('.');
    if (frac.length > opts.scale) return fail(`${header}最多 ${opts.scale} 位小数`);
    if (whole!.length > opts.intDigits) return fail(`${header}数值过大（整数部分最多 ${opts.intDigits} 位）`);
    return ok(canonical);
  };
  const unit = 10n ** BigInt(opts.scale);
  return Object.assign(parse, {
    total: {
      of: (v: string) => { const [w, f = ''] = v.split('.'); return BigInt(w!) * unit + BigInt(f.padEnd(opts.scale, '0') || '0'); },
      show: (sum: bigint) => canonicalDecimal(`${sum / unit}.${(sum % unit).toString().padStart(opts.scale, '0')}`),
    },
  });
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

/**
 * One of a fixed list. `aliases` are the other words ledgers use for a value (挂牌出让 for 挂牌):
 * they are read as the value they name and stored as it.
 */
export function oneOf<T extends string>(values: readonly T[], aliases: Readonly<Record<string, T>> = {}): CellParser<T> {
  return (input, header) => {
    const s = asciiForm(input).replace(/\s+/g, '');
    if ((values as readonly string[]).includes(s)) return ok(s as T);
    const alias = aliases[s];
    return alias !== undefined ? ok(alias) : fail(`${header}只能是 ${values.join('、')} 之一`);
  };
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

export const creditCode: CellParser<string> = (input) => {
  const s = asciiForm(input).replace(/\s+/g, '');
  const error = creditCodeError(s);
  return error ? fail(error) : ok(normalizeCreditCode(s));
};
