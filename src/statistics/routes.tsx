// 成交统计表: /statistics/deals for the current center (or with its counties) and year, and its .xlsx.
import { Hono, type Context } from 'hono';
import { sql } from 'drizzle-orm';
import { StatisticsPage } from '../../views/statistics/deals';
import { allow, STAFF_READ, who } from '../auth/access';
import { oneOf } from '../lib/query';
import { page } from '../lib/render';
import type { AppEnv } from '../types';
import { centersCovered, dealStatistics, DIMENSIONS, PERIODS, statRounds, type Dimension } from './deals';
import { statisticsXlsx } from './xlsx';

export const statisticsRoutes = new Hono<AppEnv>();

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The table the query asks for: a bad period or dimension is dropped (the defaults stand), never an error. */
async function table(c: Context<AppEnv>) {
  const { scope } = who(c);
  const db = c.get('db');
  const period = oneOf(c.req.query('period'), PERIODS) ?? 'month';
  const asked = c.req.queries('by') ?? [];
  const by = DIMENSIONS.filter((d) => asked.includes(d)) as Dimension[];
  const [below] = await db.execute<{ n: number }>(sql`select count(*)::int as n from centers where parent_id = ${scope.centerId}`);
  const hasChildren = below!.n > 0;
  const children = hasChildren && c.req.query('children') === '1';
  const centerIds = await centersCovered(db, scope.centerId, scope.centerIds, children);
  const rounds = await statRounds(db, centerIds, scope.year);
  const center = scope.centers.find((x) => x.id === scope.centerId)?.name ?? '';
  const title = `${center}${children ? '（含下级中心）' : ''}${scope.year}年国有建设用地使用权出让成交统计表`;
  const query = new URLSearchParams([['period', period], ...by.map((d) => ['by', d]), ...(children ? [['children', '1']] : [])]).toString();
  return { year: scope.year, period, by, children, hasChildren, rounds, title, query };
}

statisticsRoutes.get('/deals', allow(...STAFF_READ), async (c) => {
  const t = await table(c);
  return page(c, '成交统计表', <StatisticsPage title={t.title} year={t.year} period={t.period} by={t.by} children={t.children} hasChildren={t.hasChildren}
    rows={dealStatistics(t.rounds, t.period, t.by)} months={dealStatistics(t.rounds, 'month', []).slice(0, -1)} query={t.query} />);
});

statisticsRoutes.get('/deals.xlsx', allow(...STAFF_READ), async (c) => {
  const t = await table(c);
  const buf = await statisticsXlsx(t.title, t.by, dealStatistics(t.rounds, t.period, t.by));
  return c.body(new Uint8Array(buf), 200, {
    'Content-Type': XLSX,
    'Content-Disposition': `attachment; filename="deal-statistics-${t.year}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${t.title}.xlsx`)}`,
  });
});
