// Money is integer 分 in a bigint from the database to the page; it never passes through a
// JavaScript number. Amounts are typed and shown in 元.

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const PLAIN = /^(\d+)(?:\.(\d{1,2}))?$/;
const GROUPED = /^\d{1,3}(,\d{3})+(\.\d{1,2})?$/;
const BAD = '金额格式不正确，应为元，最多两位小数，如 12345.67';

/** Parses 元 as people type it: `12345.67`, `12,345.67`, `¥12,345.67`, and `-…` where allowed. */
export function parseYuan(input: string, opts: { allowNegative?: boolean } = {}): Parsed<bigint> {
  let s = input.trim();
  const negative = s.startsWith('-');
  if (negative) s = s.slice(1).trim();
  s = s.replace(/^[¥￥]/, '');
  if (s.includes(',')) {
    if (!GROUPED.test(s)) return { ok: false, error: BAD };
    s = s.replace(/,/g, '');
  }
  const m = PLAIN.exec(s);
  if (!m) return { ok: false, error: BAD };
  if (m[1]!.length > 15) return { ok: false, error: '金额过大' };
  if (negative && !opts.allowNegative) return { ok: false, error: '金额不能为负数' };
  const fen = BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
  return { ok: true, value: negative ? -fen : fen };
}

/** 1234567n → "12345.67": the plain form used in forms, exports and JSON. */
export function fenToYuan(fen: bigint): string {
  const neg = fen < 0n;
  const abs = neg ? -fen : fen;
  const s = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return neg ? `-${s}` : s;
}

/** 1234567n → "12,345.67": for tables. */
export function formatYuan(fen: bigint): string {
  const [whole, frac] = fenToYuan(fen).split('.');
  return `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

/** 915000_00n → "91.50": 万元 with two decimals, rounded half-up (away from zero) as reports show it. */
export function formatWan(fen: bigint): string {
  const neg = fen < 0n;
  const abs = neg ? -fen : fen;
  const hundredths = (abs + 5000n) / 10000n; // 0.01 万元 = 100 元 = 10000 分
  const s = `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`;
  return neg ? `-${s}` : s;
}

export function toBigInt(v: string | number | bigint | null | undefined): bigint {
  if (v === null || v === undefined) return 0n;
  return typeof v === 'bigint' ? v : BigInt(v);
}
