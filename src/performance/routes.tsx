// The report page of a project and the records behind each figure. Every figure comes from
// performanceReport; every list from the *Behind query that shares the figure's WHERE clause, so
// a list always adds up to the figure it is linked from.
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ReportPage } from '../../views/performance/report';
import {
  ReportPaymentsPage, ReportRemittancesPage, ReportResponsesPage, ReportTransfersPage,
} from '../../views/performance/report-records';
import { allow, assertInScope, who } from '../auth/access';
import { canWriteFunds, FUNDS_READ } from '../funds/access';
import { idParam } from '../lib/query';
import { page } from '../lib/render';
import type { AppEnv } from '../types';
import { paymentsBehind, remittancesBehind, responsesBehind, transfersBehind } from './figures';
import { performanceReport } from './report';
import { reportFindings } from './findings';

export const performanceRoutes = new Hono<AppEnv>();

/** The report of the project in the path; "not found" when there is none or it is not the user's. */
export async function loadReport(c: Context<AppEnv>) {
  const { scope } = who(c);
  const id = idParam(c.req.param('id') ?? '');
  const report = id === null ? null : await performanceReport(c.get('db'), id);
  if (!report) throw new HTTPException(404, { message: '项目不存在' });
  assertInScope(scope, report.center.id);
  return report;
}

performanceRoutes.get('/:id/performance', allow(...FUNDS_READ), async (c) => {
  const { user } = who(c);
  const r = await loadReport(c);
  const found = await reportFindings(c.get('db'), r);
  return page(c, `${r.project.name} 绩效目标完成情况表（${r.project.year}年度）`, <ReportPage report={r} canEdit={canWriteFunds(user)} findings={found} />);
});

// One route per list, so each shows in the route table with its own roles.
for (const which of ['sold', 'failed', 'terminated'] as const) {
  performanceRoutes.get(`/:id/performance/${which}`, allow(...FUNDS_READ), async (c) => {
    const r = await loadReport(c);
    const rows = await transfersBehind(c.get('db'), which, r.center.id, r.project.year);
    return page(c, `${r.project.name} · 出让活动明细`, <ReportTransfersPage report={r} which={which} rows={rows} />);
  });
}

performanceRoutes.get('/:id/performance/remitted', allow(...FUNDS_READ), async (c) => {
  const r = await loadReport(c);
  const rows = await remittancesBehind(c.get('db'), r.center.id, r.project.year);
  return page(c, `${r.project.name} · 上缴非税收入明细`, <ReportRemittancesPage report={r} rows={rows} />);
});

performanceRoutes.get('/:id/performance/spent', allow(...FUNDS_READ), async (c) => {
  const r = await loadReport(c);
  const rows = await paymentsBehind(c.get('db'), r.project.id);
  return page(c, `${r.project.name} · 执行数明细`, <ReportPaymentsPage report={r} rows={rows} />);
});

performanceRoutes.get('/:id/performance/satisfaction', allow(...FUNDS_READ), async (c) => {
  const r = await loadReport(c);
  const rows = await responsesBehind(c.get('db'), r.center.id, r.project.year);
  return page(c, `${r.project.name} · 满意度评价明细`, <ReportResponsesPage report={r} rows={rows} />);
});
