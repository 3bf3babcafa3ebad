// The status of a parcel follows from its transfers; it is never stored.
export const parcelStatuses = ['未出让', '出让中', '已成交', '流拍', '已终止', '成交无效'] as const;
export type ParcelStatus = (typeof parcelStatuses)[number];

export function parcelStatus(results: { round: number; result: string }[]): ParcelStatus {
  if (results.some((r) => r.result === '成交')) return '已成交';
  const last = [...results].sort((a, b) => b.round - a.round)[0];
  if (!last) return '未出让';
  return last.result === '进行中' ? '出让中' : last.result === '流拍' ? '流拍' : last.result === '无效' ? '成交无效' : '已终止';
}

/** A land parcel has no 矿种; a mineral right must name one. Null when consistent. */
export function mineralProblem(kind: string | undefined, mineral: string | null | undefined): string | null {
  if (kind === '土地' && mineral) return '土地标的不填矿种';
  if (kind !== undefined && kind !== '土地' && !mineral) return '矿业权标的请填写矿种';
  return null;
}

/** A parcel may be offered again (next 场次) unless it is sold or an attempt is still running. */
export function canOfferAgain(status: ParcelStatus) {
  return status !== '已成交' && status !== '出让中';
}

/** m² → 亩 (1 亩 = 2000/3 m²), as an exact decimal string with two places, rounded half-up. */
export function squareMetresToMu(area: string): string {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(area);
  if (!m) return '';
  const frac = (m[2] ?? '').padEnd(4, '0').slice(0, 4);
  const tenThousandths = BigInt(m[1]!) * 10000n + BigInt(frac); // area × 10⁴
  // mu × 100 = area × 3 / 2000 × 100 = tenThousandths × 3 / 200000, rounded half-up
  const hundredths = (tenThousandths * 3n + 100000n) / 200000n;
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`;
}

/** Trims trailing zeros of a numeric string from the database: "8000.0000" → "8000". */
export function trimDecimal(v: string | null): string {
  if (v === null) return '';
  return v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v;
}

export const GUANGYUAN_DISTRICTS = ['利州区', '昭化区', '朝天区', '旺苍县', '青川县', '剑阁县', '苍溪县', '广元经济技术开发区'];
export const LAND_USES = ['住宅', '商服', '住宅兼容商服', '工业', '仓储', '公共管理与公共服务', '其他'];
