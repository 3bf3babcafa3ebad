// The monthly execution chart as inline SVG, drawn on the server: the page needs no script, and
// the CSP (no inline style) is met with presentation attributes and classes from static/app.css.
// Amounts arrive as bigint 分 and every amount label is formatted from the bigint (formatWan);
// only pixel positions go through Number, and those are not money.
import { formatWan } from '../lib/money';

export interface ChartMonth {
  month: number;
  /** Spent up to the end of the month, 分. */
  spent: bigint;
  /** 序时进度 at the end of the month, 分. */
  theoretical: bigint;
  rate: string | null;
  theoreticalRate: string | null;
}

export interface ExecutionChartProps {
  /** Prefix of the element ids (title, desc), unique on the page. */
  id: string;
  title: string;
  months: readonly ChartMonth[];
  /** Months that have ended: only these get a bar, since a later month has no figure yet. */
  ended: number;
  /** The month in progress (current year only): drawn lighter, as it is not final. */
  inProgress?: number | null;
  behindMonths: readonly number[];
  /** The margin as shown in the legend, e.g. "10". */
  marginLabel: string;
}

const W = 760;
const H = 360;
const LEFT = 84;
const RIGHT = 16;
const TOP = 56;
const BOTTOM = 40;
const PLOT_W = W - LEFT - RIGHT;
const PLOT_H = H - TOP - BOTTOM;
const SLOT = PLOT_W / 12;
const BAR_W = 30;

/** A step of 1, 2 or 5 × 10ⁿ 分 (at least 0.01万元) giving about five grid lines up to `max`. */
export function niceScale(max: bigint): { step: bigint; top: bigint } {
  const positive = max > 0n ? max : 1n;
  const raw = (positive + 4n) / 5n;
  let step = 10000n;
  for (let base = 10000n; ; base *= 10n) {
    const found = [1n, 2n, 5n].map((k) => k * base).find((s) => s >= raw);
    if (found !== undefined) { step = found; break; }
  }
  const top = ((positive + step - 1n) / step) * step;
  return { step, top };
}

const px = (n: number) => Math.round(n * 10) / 10;
const slotX = (month: number) => px(LEFT + SLOT * (month - 0.5));

/** A pixel height for an amount: the ratio is taken in bigint (parts per million) before it becomes a Number. */
function yOf(v: bigint, top: bigint): number {
  const clamped = v < 0n ? 0n : v > top ? top : v;
  const ppm = Number((clamped * 1_000_000n) / top);
  return px(TOP + PLOT_H - (PLOT_H * ppm) / 1_000_000);
}

export function ExecutionChart(p: ExecutionChartProps) {
  let max = 0n;
  for (const m of p.months) for (const v of [m.spent, m.theoretical]) if (v > max) max = v;
  const { step, top } = niceScale(max);
  const ticks: bigint[] = [];
  for (let t = 0n; t <= top; t += step) ticks.push(t);
  const behind = new Set(p.behindMonths);
  const baseY = TOP + PLOT_H;
  const shown = p.months.filter((m) => m.month <= p.ended || m.month === p.inProgress);
  const linePoints = p.months.map((m) => `${slotX(m.month)},${yOf(m.theoretical, top)}`).join(' ');
  const behindText = p.behindMonths.length ? `滞后月份：${p.behindMonths.map((m) => `${m}月`).join('、')}。` : '没有滞后月份。';
  const desc = `柱为各月末累计执行数，折线为序时进度（全年预算×月份/12），单位万元。已结束${p.ended}个月；${behindText}`;

  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${W} ${H}`} class="chart" role="img"
      aria-labelledby={`${p.id}-title ${p.id}-desc`}>
      <title id={`${p.id}-title`}>{p.title}</title>
      <desc id={`${p.id}-desc`}>{desc}</desc>

      <g class="legend" transform={`translate(${LEFT},14)`}>
        <rect class="legend-bar" x="0" y="0" width="14" height="14" fill="#1d4f91" />
        <text class="legend-label" x="20" y="12">累计执行</text>
        <line class="line-theoretical" x1="110" y1="7" x2="140" y2="7" stroke="#b45309" stroke-width="2.5" />
        <text class="legend-label" x="146" y="12">序时进度（全年预算×月份/12）</text>
        <path class="marker-behind" d="M380,2 l12,0 l-6,11 z" fill="#b42318" />
        <text class="legend-label" x="398" y="12">{`滞后（低于序时进度超过${p.marginLabel}个百分点）`}</text>
      </g>

      <g class="grid">
        {ticks.map((t) => {
          const y = yOf(t, top);
          return (
            <>
              <line class="grid-line" x1={LEFT} x2={W - RIGHT} y1={y} y2={y} stroke="#d9e2ec" stroke-width="1" />
              <text class="tick" x={LEFT - 8} y={px(y + 4)} text-anchor="end">{formatWan(t)}</text>
            </>
          );
        })}
        <text class="axis-title" x={LEFT - 8} y={TOP - 14} text-anchor="end">万元</text>
      </g>

      <g class="bars">
        {shown.map((m) => {
          const y = yOf(m.spent, top);
          const cls = ['bar', m.month === p.inProgress && m.month > p.ended ? 'in-progress' : '', behind.has(m.month) ? 'behind' : '']
            .filter(Boolean).join(' ');
          return (
            <rect class={cls} x={px(slotX(m.month) - BAR_W / 2)} y={y} width={BAR_W} height={px(baseY - y)} fill="#1d4f91">
              <title>{`${m.month}月末累计执行 ${formatWan(m.spent)}万元（执行率 ${m.rate ?? '—'}%）${m.month > p.ended ? '，本月未结束' : ''}`}</title>
            </rect>
          );
        })}
      </g>

      <g class="theoretical">
        <polyline class="line-theoretical" points={linePoints} fill="none" stroke="#b45309" stroke-width="2.5" />
        {p.months.map((m) => (
          <circle class="point-theoretical" cx={slotX(m.month)} cy={yOf(m.theoretical, top)} r="3.5" fill="#b45309">
            <title>{`${m.month}月末序时进度 ${formatWan(m.theoretical)}万元（${m.theoreticalRate ?? '—'}%）`}</title>
          </circle>
        ))}
      </g>

      <g class="markers">
        {p.months.filter((m) => behind.has(m.month)).map((m) => {
          const y = Math.min(yOf(m.spent, top), yOf(m.theoretical, top)) - 8;
          const x = slotX(m.month);
          return (
            <path class="marker-behind" data-month={String(m.month)} d={`M${px(x - 7)},${px(y - 12)} l14,0 l-7,12 z`} fill="#b42318">
              <title>{`${m.month}月滞后：执行率 ${m.rate ?? '—'}%，序时进度 ${m.theoreticalRate ?? '—'}%`}</title>
            </path>
          );
        })}
      </g>

      <g class="axis">
        <line class="axis-line" x1={LEFT} x2={W - RIGHT} y1={baseY} y2={baseY} stroke="#616e7c" stroke-width="1" />
        <line class="axis-line" x1={LEFT} x2={LEFT} y1={TOP} y2={baseY} stroke="#616e7c" stroke-width="1" />
        {p.months.map((m) => (
          <text class={behind.has(m.month) ? 'month behind' : 'month'} x={slotX(m.month)} y={baseY + 20} text-anchor="middle">{`${m.month}月`}</text>
        ))}
      </g>
    </svg>
  );
}
