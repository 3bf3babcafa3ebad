// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I, O, S, V, Z);
// the last is a check character computed from the first 17.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Returns a Chinese message for what is wrong with the code, or null when it is valid. */
export function creditCodeError(input: string): string | null {
  const code = input.trim().toUpperCase();
  if (code.length !== 18) return `统一社会信用代码应为18位，当前为${code.length}位`;
  const bad = [...code].find((ch) => !ALPHABET.includes(ch));
  if (bad) return `统一社会信用代码含有不允许的字符“${bad}”（不使用 I、O、S、V、Z）`;
  if (!/^\d{6}$/.test(code.slice(2, 8))) return '统一社会信用代码第3至8位应为行政区划码（数字）';
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (expected !== code[17]) return `统一社会信用代码校验位不符（应为 ${expected}），请核对`;
  return null;
}

export function normalizeCreditCode(input: string): string {
  return input.trim().toUpperCase();
}
