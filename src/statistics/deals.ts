// 成交统计表: the land rounds of a year grouped by period (month, quarter, year) and by any of 供地方式,
// 用途 and 区县, with 宗数, 面积 (m², 公顷, 亩), 起始价, 成交价, 溢价额, 溢价率, 流拍率, 平均合格竞买人 and
// 楼面价. One statement reads the rounds; every figure is computed here, exactly (bigint), from them.
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { percent } from '../funds/rules';
import { intArray } from '../lib/query';

export const PERIODS = ['month', 'quarter', 'year'] as const;
export type Period = (typeof PERIODS)[number];
export const DIMENSIONS = ['mode', 'use', 'district'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const DIMENSION_LABELS: Record<Dimension, string> = { mode: '供地方式', use: '用途', district: '区县' };
export const PERIOD_LABELS: Record<Period, string> = { month: '按月', quarter: '按季度', year: '按年' };

/** One land round counted by the table: a 成交 (by its 成交日期) or a 流拍 (by its 竞价日期) in the year. */
export interface StatRound {
  transferId: number; centerId: number; code: string; result: '成交' | '流拍'; on: string; mode: string; use: string | null; district: string | null;
  /** 面积 in ten-thousandths of a m² (numeric(18,4) exactly); null when not recorded. */
  area: bigint | null;
  /** 容积率 in hundredths; null when not recorded. */
  plotRatio: bigint | null;
  startingPrice: bigint; dealPrice: bigint | null;
  /** 资格审查通过 applications; null when the round was recorded without its applications (history). */
  qualified: number | null;
}

/** A decimal string as a bigint scaled by 10^scale, exactly ("12000.5" at 4 → 120005000n). */
export function scaled(v: string, scale: number): bigint {
  const [whole, frac = ''] = v.split('.');
  const neg = whole!.startsWith('-');
  const n = BigInt(`${whole!.replace('-', '')}${frac.padEnd(scale, '0').slice(0, scale)}`);
  return neg ? -n : n;
}

/** The centers a table covers: the current one, and with `children` every center below it the user may see. */
export async function centersCovered(db: DbOrTx, centerId: number, visible: readonly number[], children: boolean): Promise<number[]> {
  if (!children) return [centerId];
  const rows = await db.execute<{ id: number }>(sql`
    with recursive below as (select id from centers where id = ${centerId}
      union select c.id from centers c join below b on c.parent_id = b.id)
    select id from below where id = any(${intArray(visible)}) order by id`);
  return rows.map((r) => r.id);
}

type RoundRow = {
  id: number; center_id: number; code: string; result: '成交' | '流拍'; on_date: string; mode: string; land_use: string | null; district: string | null;
  area: string | null; plot_ratio: string | null; starting_price: string; deal_price: string | null; applications: number; qualified: number;
};

/** The rounds a (center, year) counts, as conditions on t (transfers) and p (parcels): the one definition. */
const counted = (center: SQL, year: SQL) => sql`t.center_id = ${center} and p.kind = '土地'
  and ((t.result = '成交' and t.deal_date >= make_date(${year}, 1, 1) and t.deal_date < make_date(${year} + 1, 1, 1))
    or (t.result = '流拍' and t.auction_date >= make_date(${year}, 1, 1) and t.auction_date < make_date(${year} + 1, 1, 1)))`;

const columns = sql`t.id, t.center_id, p.code, t.result, (case when t.result = '成交' then t.deal_date else t.auction_date end)::text as on_date,
  t.mode, p.land_use, p.district, p.area::text, p.plot_ratio::text, p.starting_price::text, t.deal_price::text,
  (select count(*) from bid_applications a where a.transfer_id = t.id)::int as applications,
  (select count(*) from bid_applications a where a.transfer_id = t.id and a.review = '通过')::int as qualified`;

const toRound = (r: RoundRow): StatRound => ({
  transferId: r.id, centerId: r.center_id, code: r.code, result: r.result, on: r.on_date, mode: r.mode, use: r.land_use, district: r.district,
  area: r.area === null ? null : scaled(r.area, 4), plotRatio: r.plot_ratio === null ? null : scaled(r.plot_ratio, 2),
  startingPrice: BigInt(r.starting_price), dealPrice: r.deal_price === null ? null : BigInt(r.deal_price),
  qualified: r.applications > 0 ? r.qualified : null,
});

/** The land rounds of the centers counted in the year's table. */
export async function statRounds(db: DbOrTx, centerIds: readonly number[], year: number): Promise<StatRound[]> {
  if (centerIds.length === 0) return [];
  const rows = await db.execute<RoundRow>(sql`
    select ${columns} from transfers t join parcels p on p.id = t.parcel_id
    where ${counted(sql`any(${intArray(centerIds)})`, sql`${year}`)}
    order by on_date, t.id`);
  return rows.map(toRound);
}

/** The same rounds for many (center, year) pairs in one statement, keyed `centerId:year` (the report's indicators). */
export async function statRoundsFor(db: DbOrTx, pairs: { centerId: number; year: number }[]): Promise<Map<string, StatRound[]>> {
  const out = new Map<string, StatRound[]>(pairs.map((p) => [`${p.centerId}:${p.year}`, []]));
  if (pairs.length === 0) return out;
  const rows = await db.execute<RoundRow & { y: number }>(sql`
    with pairs as (select distinct * from json_to_recordset(${JSON.stringify(pairs.map((p) => ({ c: p.centerId, y: p.year })))}::text::json) as x(c int, y int))
    select pairs.y, d.* from pairs cross join lateral (
      select ${columns} from transfers t join parcels p on p.id = t.parcel_id where ${counted(sql`pairs.c`, sql`pairs.y`)}) d
    order by d.on_date, d.id`);
  for (const r of rows) out.get(`${r.center_id}:${r.y}`)!.push(toRound(r));
  return out;
}

export interface StatRow {
  /** The period and the chosen dimensions' values, in order; '合计' for the total row. */
  period: string; keys: string[];
  sold: number; failed: number;
  /** Σ 面积 of the sold rounds, ten-thousandths of a m². */
  area: bigint;
  /** Σ 起始价 and Σ 成交价 of the sold rounds, 分; 溢价额 the difference. */
  starting: bigint; deal: bigint; premium: bigint;
  premiumRate: string | null; failureRate: string | null;
  /** Mean 资格审查通过 per sold round among those recorded with applications, two decimals; null without any. */
  avgQualified: string | null;
  /** Σ 成交价 ÷ Σ (面积 × 容积率) over the sold rounds with both known, 元/m² with two decimals; null without any. */
  floorPrice: string | null;
}

const roundDiv = (n: bigint, d: bigint) => (n * 2n + d) / (2n * d);
const twoDecimals = (hundredths: bigint) => `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`;

/** The period a round falls in: "3月", "第1季度" or "2020年". */
export function periodOf(on: string, period: Period): string {
  const month = Number(on.slice(5, 7));
  return period === 'month' ? `${month}月` : period === 'quarter' ? `第${Math.ceil(month / 3)}季度` : `${on.slice(0, 4)}年`;
}

const keyOf = (r: StatRound, d: Dimension) => (d === 'mode' ? r.mode : d === 'use' ? (r.use ?? '未填用途') : (r.district ?? '未填区县'));

export type DealFigures = Omit<StatRow, 'period' | 'keys'>;

/** The figures of one group of rounds. */
export function figuresOf(rounds: StatRound[]): DealFigures {
  const sold = rounds.filter((r) => r.result === '成交');
  const failed = rounds.length - sold.length;
  const sum = (f: (r: StatRound) => bigint) => sold.reduce((s, r) => s + f(r), 0n);
  const starting = sum((r) => r.startingPrice);
  const deal = sum((r) => r.dealPrice ?? 0n);
  const withApps = sold.filter((r) => r.qualified !== null);
  const built = sold.filter((r) => r.area !== null && r.plotRatio !== null && r.area > 0n && r.plotRatio > 0n);
  // 建筑面积 in millionths of a m² (area × 10^4, ratio × 10^2); 元/m² × 100 = 分 × 10^6 / it.
  const floorArea = built.reduce((s, r) => s + r.area! * r.plotRatio!, 0n);
  const floorDeal = built.reduce((s, r) => s + (r.dealPrice ?? 0n), 0n);
  return {
    sold: sold.length, failed, area: sum((r) => r.area ?? 0n), starting, deal, premium: deal - starting,
    premiumRate: percent(deal - starting, starting), failureRate: percent(BigInt(failed), BigInt(rounds.length)),
    avgQualified: withApps.length ? twoDecimals(roundDiv(BigInt(withApps.reduce((s, r) => s + r.qualified!, 0)) * 100n, BigInt(withApps.length))) : null,
    floorPrice: floorArea > 0n ? twoDecimals(roundDiv(floorDeal * 1_000_000n, floorArea)) : null,
  };
}

/** The table: a row per period and combination of the chosen dimensions that has rounds, in order, then 合计. */
export function dealStatistics(rounds: StatRound[], period: Period, by: readonly Dimension[]): StatRow[] {
  const groups = new Map<string, { period: string; keys: string[]; order: string; rounds: StatRound[] }>();
  for (const r of rounds) {
    const p = periodOf(r.on, period);
    const keys = by.map((d) => keyOf(r, d));
    const id = JSON.stringify([p, ...keys]);
    const order = period === 'year' ? r.on.slice(0, 4) : period === 'quarter' ? String(Math.ceil(Number(r.on.slice(5, 7)) / 3)) : r.on.slice(5, 7);
    const g = groups.get(id) ?? { period: p, keys, order, rounds: [] };
    g.rounds.push(r);
    groups.set(id, g);
  }
  const rows = [...groups.values()]
    .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.keys.join('\u0000').localeCompare(b.keys.join('\u0000'), 'zh-CN')))
    .map((g) => ({ period: g.period, keys: g.keys, ...figuresOf(g.rounds) }));
  return [...rows, { period: '合计', keys: by.map(() => ''), ...figuresOf(rounds) }];
}

/** 面积 (ten-thousandths of a m²) as m², 公顷 and 亩 (1 亩 = 2000/3 m²), rounded half-up: m² and 亩 to 2 decimals, 公顷 to 4. */
export function areaUnits(area: bigint) {
  const fixed = (v: bigint, decimals: number) => `${v / 10n ** BigInt(decimals)}.${String(v % 10n ** BigInt(decimals)).padStart(decimals, '0')}`;
  return {
    m2: fixed(roundDiv(area, 100n), 2),
    hectare: fixed(roundDiv(area, 10_000n), 4),
    mu: fixed(roundDiv(area * 3n, 200_000n), 2),
  };
}
