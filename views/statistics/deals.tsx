import { niceScale } from '../../src/monitoring/chart';
import { formatWan } from '../../src/lib/money';
import { DIMENSION_LABELS, DIMENSIONS, PERIOD_LABELS, PERIODS, type Dimension, type Period, type StatRow } from '../../src/statistics/deals';
import { STAT_HEADERS, statCells } from '../../src/statistics/xlsx';

export interface StatisticsProps {
  title: string; year: number; period: Period; by: Dimension[]; children: boolean; hasChildren: boolean;
  rows: StatRow[]; months: StatRow[]; query: string;
}

/** 成交统计表 with its filters, the table (two header rows, as the xlsx) and the monthly chart. */
export function StatisticsPage(p: StatisticsProps) {
  const groupLabels = ['时段', ...p.by.map((d) => DIMENSION_LABELS[d])];
  return (
    <section>
      <div class="page-head">
        <h1>{p.title}</h1>
        <a class="button" href={`/statistics/deals.xlsx?${p.query}`}>导出 Excel</a>
      </div>
      <form method="get" action="/statistics/deals" class="filters">
        <label>时段 <select name="period">{PERIODS.map((x) => <option value={x} selected={x === p.period}>{PERIOD_LABELS[x]}</option>)}</select></label>
        {DIMENSIONS.map((d) => <label><input type="checkbox" name="by" value={d} checked={p.by.includes(d)} /> 按{DIMENSION_LABELS[d]}</label>)}
        {p.hasChildren && <label><input type="checkbox" name="children" value="1" checked={p.children} /> 含下级中心</label>}
        <button type="submit">统计</button>
      </form>
      <p class="hint">
        国有建设用地使用权出让：成交按成交日期、流拍按竞价日期计入{p.year}年。面积、起始价、成交价为成交宗地之和；溢价率 = (成交价 − 起始价) ÷ 起始价；
        流拍率 = 流拍宗次 ÷ (成交 + 流拍)；平均合格竞买人只计登记了报名的成交场次；楼面价 = 成交价 ÷ (面积 × 容积率)，只计有容积率的宗地。1亩 = 2000/3 平方米。
      </p>
      <table class="data" id="deal-statistics">
        <thead>
          <tr>
            {groupLabels.map((l) => <th rowspan={2}>{l}</th>)}
            {STAT_HEADERS.map((h) => (h.children ? <th colspan={h.children.length}>{h.label}</th> : <th rowspan={2} class="num">{h.label}</th>))}
          </tr>
          <tr>{STAT_HEADERS.flatMap((h) => (h.children ?? []).map((c) => <th class="num">{c}</th>))}</tr>
        </thead>
        <tbody>
          {p.rows.length === 1 && <tr><td colspan={groupLabels.length + 12} class="empty">{p.year}年没有成交或流拍的土地出让</td></tr>}
          {p.rows.map((r) => {
            const total = r.period === '合计';
            return (
              <tr class={total ? 'total' : undefined}>
                {total ? <th colspan={groupLabels.length} scope="row">合计</th> : [r.period, ...r.keys].map((k) => <td>{k}</td>)}
                {statCells(r).map((v) => <td class="num">{v}</td>)}
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>各月成交情况</h2>
      <figure class="chart-figure"><MonthlyDealsChart year={p.year} months={p.months} /></figure>
    </section>
  );
}

const W = 760;
const H = 320;
const LEFT = 84;
const RIGHT = 16;
const TOP = 40;
const BOTTOM = 40;
const PLOT_H = H - TOP - BOTTOM;
const SLOT = (W - LEFT - RIGHT) / 12;
const px = (n: number) => Math.round(n * 10) / 10;

/** Bars of each month's 成交价 (万元) with its 宗数 above, drawn on the server (no script; CSP-safe attributes). */
export function MonthlyDealsChart({ year, months }: { year: number; months: StatRow[] }) {
  const byMonth = new Map(months.map((m) => [Number(m.period.replace('月', '')), m]));
  let max = 0n;
  for (const m of months) if (m.deal > max) max = m.deal;
  const { step, top } = niceScale(max);
  const ticks: bigint[] = [];
  for (let t = 0n; t <= top; t += step) ticks.push(t);
  // The ratio is taken in bigint (parts per million) before it becomes a pixel; money never becomes a Number.
  const yOf = (v: bigint) => px(TOP + PLOT_H - (PLOT_H * Number((v * 1_000_000n) / top)) / 1_000_000);
  const desc = Array.from({ length: 12 }, (_, i) => i + 1).map((m) => {
    const r = byMonth.get(m);
    return `${m}月${r ? `成交${r.sold}宗${formatWan(r.deal)}万元` : '无成交'}`;
  }).join('，');
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${W} ${H}`} class="chart" role="img" aria-labelledby="deals-chart-title deals-chart-desc">
      <title id="deals-chart-title">{`${year}年各月土地出让成交价（万元）`}</title>
      <desc id="deals-chart-desc">{desc}</desc>
      <g class="grid">
        {ticks.map((t) => (
          <>
            <line class="grid-line" x1={LEFT} x2={W - RIGHT} y1={yOf(t)} y2={yOf(t)} stroke="#d9e2ec" stroke-width="1" />
            <text class="tick" x={LEFT - 8} y={px(yOf(t) + 4)} text-anchor="end">{formatWan(t)}</text>
          </>
        ))}
        <text class="axis-title" x={LEFT - 8} y={TOP - 14} text-anchor="end">万元</text>
      </g>
      <g class="bars">
        {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => {
          const r = byMonth.get(m);
          const x = px(LEFT + SLOT * (m - 0.5));
          const y = r ? yOf(r.deal) : TOP + PLOT_H;
          return (
            <>
              {r && r.deal > 0n && (
                <rect class="bar" x={px(x - 14)} y={y} width={28} height={px(TOP + PLOT_H - y)} fill="#1d4f91">
                  <title>{`${m}月：成交${r.sold}宗，成交价${formatWan(r.deal)}万元，流拍${r.failed}宗次`}</title>
                </rect>
              )}
              {r && r.sold > 0 && <text class="bar-label" x={x} y={px(y - 6)} text-anchor="middle">{`${r.sold}宗`}</text>}
              <text class="tick" x={x} y={TOP + PLOT_H + 18} text-anchor="middle">{`${m}月`}</text>
            </>
          );
        })}
      </g>
    </svg>
  );
}
