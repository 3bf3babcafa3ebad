// Pure money arithmetic of the funds figures (REPORTING.md). bigint 分 throughout.

/**
 * `part / whole × 100`, rounded half-up to two decimals, as a string ("91.50"); null when the whole
 * is 0. Rounding happens here, once, at the end (REPORTING.md: never in between).
 */
export function percent(part: bigint, whole: bigint): string | null {
  if (whole === 0n) return null;
  const neg = (part < 0n) !== (whole < 0n) && part !== 0n;
  const p = part < 0n ? -part : part;
  const w = whole < 0n ? -whole : whole;
  const hundredths = (p * 10000n * 2n + w) / (2n * w); // round half-up of p × 10000 / w
  const s = `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`;
  return neg ? `-${s}` : s;
}

/** 序时进度: the share of the year's budget that should be spent by the end of month m (1–12). */
export function theoreticalByMonth(totalAtMonthEnd: bigint, month: number): bigint {
  // total × m / 12, rounded half-up to the 分.
  const n = totalAtMonthEnd * BigInt(month);
  return n >= 0n ? (n * 2n + 12n) / 24n : -((-n * 2n + 12n) / 24n);
}
