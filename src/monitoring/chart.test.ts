import { describe, expect, it } from 'vitest';
import { percent, theoreticalByMonth } from '../funds/rules';
import { ExecutionChart, niceScale, type ChartMonth } from './chart';

/** Well-formed XML, checked without a parser dependency: every tag closes in order, attributes are quoted. */
function assertWellFormed(xml: string) {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    expect(xml.slice(last, m.index), 'text between tags').not.toMatch(/[<>]/);
    last = tag.lastIndex;
    const [, close, name, , selfClose] = m;
    if (selfClose) continue;
    if (close) expect(stack.pop(), `closing </${name}>`).toBe(name);
    else stack.push(name!);
  }
  expect(xml.slice(last)).toBe('');
  expect(stack).toEqual([]);
}

const total = 100_000_000n; // 100万元
const spentByMonth = (m: number) => (m === 11 ? 30_000_000n : m === 12 ? 91_500_000n : 0n);
const months: ChartMonth[] = Array.from({ length: 12 }, (_, i) => {
  const month = i + 1;
  const theoretical = theoreticalByMonth(total, month);
  const spent = spentByMonth(month);
  return { month, spent, theoretical, rate: percent(spent, total), theoreticalRate: percent(theoretical, total) };
});

const render = (over: Partial<Parameters<typeof ExecutionChart>[0]> = {}) =>
  String(ExecutionChart({ id: 'c1', title: '测试项目各月执行', months, ended: 12, behindMonths: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11], marginLabel: '10', ...over }));

describe('ExecutionChart', () => {
  it('renders well-formed, labelled SVG without inline style', () => {
    const svg = render();
    assertWellFormed(svg);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="c1-title c1-desc"');
    expect(svg).toContain('<title id="c1-title">测试项目各月执行</title>');
    expect(svg).not.toMatch(/style=|<style/);
  });

  it('has the twelve months, a bar per ended month and the 序时进度 line through twelve points', () => {
    const svg = render();
    for (let m = 1; m <= 12; m++) expect(svg).toContain(`>${m}月</text>`);
    expect(svg.match(/<rect class="bar[ "]/g)).toHaveLength(12);
    const line = /<polyline class="line-theoretical" points="([^"]+)"/.exec(svg);
    expect(line).not.toBeNull();
    const points = line![1]!.split(' ').map((p) => p.split(',').map(Number));
    expect(points).toHaveLength(12);
    // The line rises month by month (SVG y grows downwards).
    for (let i = 1; i < 12; i++) expect(points[i]![1]!).toBeLessThan(points[i - 1]![1]!);
    expect(svg).toContain('序时进度（全年预算×月份/12）');
    expect(svg).toContain('累计执行');
  });

  it('marks the behind months and names them in the description', () => {
    const svg = render();
    const marked = [...svg.matchAll(/class="marker-behind" data-month="(\d+)"/g)].map((m) => Number(m[1]));
    expect(marked).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(svg).toContain('<text class="month behind"');
    expect(svg).toContain('滞后月份：2月、3月');
    expect(svg).toContain('11月滞后：执行率 30.00%，序时进度 91.67%');
    expect(render({ behindMonths: [] })).not.toContain('data-month=');
  });

  it('labels amounts in 万元 from the exact figures', () => {
    const svg = render();
    expect(svg).toContain('>100.00</text>'); // top of the 0–100万 axis
    expect(svg).toContain('>0.00</text>');
    expect(svg).toContain('12月末累计执行 91.50万元（执行率 91.50%）');
    expect(svg).toContain('>万元</text>');
  });

  it('draws only ended months, and the month in progress lighter', () => {
    const svg = render({ ended: 3, inProgress: 4, behindMonths: [2, 3] });
    expect(svg.match(/<rect class="bar[ "]/g)).toHaveLength(4);
    expect(svg.match(/<rect class="bar in-progress"/g)).toHaveLength(1);
    expect(render({ ended: 0, inProgress: null, behindMonths: [] }).match(/<rect class="bar[ "]/g)).toBeNull();
  });
});

describe('niceScale', () => {
  it('steps by 1, 2 or 5 × 10ⁿ and covers the maximum', () => {
    expect(niceScale(100_000_000n)).toEqual({ step: 20_000_000n, top: 100_000_000n });
    expect(niceScale(91_500_000n)).toEqual({ step: 20_000_000n, top: 100_000_000n });
    expect(niceScale(0n)).toEqual({ step: 10_000n, top: 10_000n });
    expect(niceScale(2_236_480_000n)).toEqual({ step: 500_000_000n, top: 2_500_000_000n });
  });
});
