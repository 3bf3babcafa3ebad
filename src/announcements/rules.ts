// Pure rules of announcements. The cost of one announcement is paid once but serves every
// parcel it covers; reports of a parcel's cost (and the 公告费 of the work-funds project)
// need each parcel's part, exact to the 分, and summing back to the announcement's cost.

/** 标的编号 order used wherever "first parcels" matters: plain code-unit order, the same on every machine (no locale collation). */
export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Splits an announcement's cost (integer 分) among the parcels it covers.
 *
 * Each parcel gets ⌊cost / n⌋ 分; the remainder r = cost mod n goes 1 分 each to the first r
 * parcels in ascending 标的编号 order. So the shares sum exactly to the cost and differ by at
 * most 1 分, and the result depends only on the set of parcels, never on the order they were
 * picked in. Returns the parcels in ascending 标的编号 order with their share; an empty list
 * when there are no parcels (an announcement always covers at least one, see forms.ts).
 * Money stays bigint throughout: a float would lose 分 on large amounts.
 */
export function shareCost<T extends { code: string }>(cost: bigint, parcels: readonly T[]): { parcel: T; share: bigint }[] {
  if (cost < 0n) throw new RangeError('announcement cost must not be negative');
  const sorted = [...parcels].sort((a, b) => compareCodes(a.code, b.code));
  if (sorted.length === 0) return [];
  const n = BigInt(sorted.length);
  const base = cost / n;
  const remainder = cost % n;
  return sorted.map((parcel, i) => ({ parcel, share: base + (BigInt(i) < remainder ? 1n : 0n) }));
}
