import { eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { agencies } from '../../db/schema';
import { AgencyHomePage, HomePage } from '../../views/home/home';
import { allow, allowPublic, who } from '../auth/access';
import { page } from '../lib/render';
import type { AppEnv } from '../types';
import { recentTransfers, yearSummary } from './queries';

export const homeRoutes = new Hono<AppEnv>();

homeRoutes.get('/', allow('admin', 'staff', 'finance', 'leader', 'agency'), async (c) => {
  const { user, scope } = who(c);
  const db = c.get('db');
  if (user.role === 'agency') {
    const [agency] = await db.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, user.agencyId!));
    const recent = await recentTransfers(db, { centerIds: scope.centerIds, agencyId: user.agencyId! }, 100);
    return page(c, '本机构', <AgencyHomePage agencyName={agency?.name ?? ''} recent={recent} />);
  }
  const [summary, recent] = await Promise.all([
    yearSummary(db, scope.centerId, scope.year),
    recentTransfers(db, { centerIds: [scope.centerId] }),
  ]);
  const centerName = scope.centers.find((x) => x.id === scope.centerId)?.name ?? '';
  return page(c, '首页', <HomePage user={user} centerName={centerName} year={scope.year} summary={summary} recent={recent} />);
});

homeRoutes.get('/healthz', allowPublic, async (c) => {
  await c.get('db').execute(sql`select 1`);
  return c.text('ok');
});
