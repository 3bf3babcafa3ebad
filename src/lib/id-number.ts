// 公民身份号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence, and a
// check character (ISO 7064 MOD 11-2: weights 2^(17-i) mod 11, '10X98765432' by the sum mod 11).
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function normalizeIdNumber(input: string): string {
  return input.trim().toUpperCase();
}

/** A Chinese message for what is wrong with an 18-digit 身份证号码, or null when it is valid. */
export function idNumberError(input: string): string | null {
  const id = normalizeIdNumber(input);
  if (id.length !== 18) return `身份证号码应为18位，当前为${id.length}位`;
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号码前17位应为数字，最后一位为数字或 X';
  const y = Number(id.slice(6, 10)), m = Number(id.slice(10, 12)), d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return `身份证号码第7至14位应为出生日期，${id.slice(6, 14)} 不是有效日期`;
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(id[i]), 0);
  const expected = CHECK[sum % 11]!;
  if (expected !== id[17]) return `身份证号码校验位不符（应为 ${expected}），请核对`;
  return null;
}

/** Shown outside the center that may read it: the region and the last four, nothing of the birth date. */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(14)}`;
}
