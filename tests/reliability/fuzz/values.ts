// Value generators for the fuzzers: plausible values of the kind a field (or a ledger cell) takes,
// and hostile ones. All built from fast-check's own arbitraries so a failure shrinks.
import fc from 'fast-check';
import { creditCodeCheckChar } from '../../../src/lib/credit-code';

/** A raw, already percent-encoded piece of a urlencoded body (invalid UTF-8, broken escapes). */
export interface Raw { raw: string }
export type Value = string | Raw;

const CJK = [...'广元市利州区昭化朝天旺苍青川剑阁苍溪国有建设用地使用权出让拍卖挂牌地块公司有限责任测试砂岩页岩矿业权工作经费交易中心满意度'];
export const cjkText = (max = 12) => fc.string({ unit: fc.constantFrom(...CJK), minLength: 1, maxLength: max });

export const creditCode = fc.tuple(fc.constantFrom('91', '92', '12', '51'), fc.integer({ min: 510000, max: 519999 }),
  fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXY'), minLength: 9, maxLength: 9 }))
  .map(([a, b, c]) => { const s = `${a}${b}${c}`; return s + creditCodeCheckChar(s)!; });

/** Money as people type it: 12,345.67, 1234, 0.5, ¥100, 1.2万 (some of these the app refuses, correctly). */
export const money = fc.oneof(
  { weight: 6, arbitrary: fc.bigInt({ min: 0n, max: 99_999_999_99n }).map((f) => `${f / 100n}.${String(f % 100n).padStart(2, '0')}`) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 9_999_999 }).map((n) => n.toLocaleString('en-US') + '.00') },
  { weight: 1, arbitrary: fc.constantFrom('12,345.67', '0', '0.01', '1.005', '-1.00', '¥100', '1.2万', ' 100 ', '1e3', '１２３') },
);

const pad = (n: number) => String(n).padStart(2, '0');
/** Dates mostly in the fixture's years, as ISO, with slashes, in Chinese, or impossible. */
export const date = (year: number) => fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.integer({ min: year - 2, max: year }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
    .map(([y, m, d]) => `${y}-${pad(m)}-${pad(d)}`) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1900, max: 2200 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
    .chain(([y, m, d]) => fc.constantFrom(`${y}-${pad(m)}-${pad(d)}`, `${y}/${m}/${d}`, `${y}年${m}月${d}日`, `${y}${pad(m)}${pad(d)}`)) },
  { weight: 1, arbitrary: fc.constantFrom('2020-02-30', '2019-02-29', '0000-00-00', '9999-12-31', '2020-13-01', '20-1-1', '2020-06-30T00:00:00Z', '45000') },
);

const integerish = fc.oneof(
  fc.integer({ min: 0, max: 20 }).map(String),
  fc.integer({ min: -1000, max: 1_000_000 }).map(String),
  fc.constantFrom('1.5', '0', '-0', '100', '101', '2147483648', '1e2', '0x10', '00012'),
);

/** Inputs nobody types but anybody can send. */
export const hostile: fc.Arbitrary<Value> = fc.oneof(
  fc.constantFrom<Value>(
    '', ' ', '\t\n', '\u3000', '\u0000', 'a\u0000b', '%00', '\u0007', '\u202e反转', '\ufeff', '\ud800', 'x\udfffy', '😀🏯',
    "' or 1=1 --", "'; drop table users; --", '"', '\\', '$1', 'null', 'undefined', 'NaN', 'Infinity', '-Infinity',
    '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '{{7*7}}', '${7*7}', '../../etc/passwd', 'C:\\windows',
    '1e309', '-1e309', '99999999999999999999', '-99999999999999999999', '9223372036854775808', '-1', '0.001', '1,2,3', '1..2',
    '2020-02-30', '2020-00-00', '[object Object]', '__proto__', 'constructor', 'true', 'on',
    { raw: '%ff%fe' }, { raw: '%ed%a0%80' }, { raw: '%c0%af' }, { raw: '%' }, { raw: '%zz' }, { raw: '%e4%b8' }, { raw: '+' },
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.tuple(fc.constantFrom('x', '中', '9', '😀', ' '), fc.integer({ min: 10_001, max: 12_000 })).map(([c, n]) => c.repeat(n)),
  // SQL in lower or mixed case only: the leak check looks for upper-case SQL in answers.
  fc.tuple(fc.constantFrom('select * from users where ', 'Insert into users values(', 'union Select null,', '<b>', '%00', '0'), fc.string({ maxLength: 10 })).map(([a, b]) => a + b),
);

/** Plausible values for a form field, chosen by its type and name. */
export function plausible(name: string, type: string, year: number): fc.Arbitrary<string> {
  const n = name.toLowerCase();
  if (type === 'date' || /date|_on$|deadline|until|notice_(start|end)/.test(n)) return date(year);
  if (n.includes('credit')) return creditCode;
  if (/amount|price|cost|fixed|cap|deposit|budget|from|to$|tier/.test(n)) return money;
  if (/year/.test(n)) return fc.oneof(fc.constant(String(year)), fc.integer({ min: 1989, max: 2201 }).map(String));
  if (type === 'number' || /position|scale|round|term|rating|points|weight|rate|ratio|area|value|actual|score/.test(n)) {
    return fc.oneof(integerish, fc.double({ min: 0, max: 1000, noNaN: true }).map((x) => x.toFixed(2)));
  }
  if (n === 'password' || n.includes('password')) return fc.oneof(fc.constant('test-password-123'), fc.string({ minLength: 0, maxLength: 80 }));
  if (n.includes('username')) return fc.oneof(fc.constantFrom('admin', 'staff', 'nobody'), fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/));
  if (n.includes('phone')) return fc.stringMatching(/^1[3-9]\d{9}$/);
  return cjkText(type === 'textarea' ? 200 : 30);
}
