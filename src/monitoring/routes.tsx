import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { paymentCategories } from '../../db/schema';
import { DashboardPage, type ProjectWatch } from '../../views/monitoring/dashboard';
import { PaymentsBehindPage } from '../../views/monitoring/payments';
import { ProjectMonitoringPage } from '../../views/monitoring/project';
import { allow, assertInScope, who } from '../auth/access';
import { monthlyExecution, projectFunds } from '../funds/figures';
import { todayShanghai } from '../lib/dates';
import { idParam, oneOf } from '../lib/query';
import { page } from '../lib/render';
import type { AppEnv } from '../types';
import {
  categoryFigures, findProject, paymentsBehind, projectsOfYear, unpaidFeeTransfers, waitingPayments,
  type PaymentState,
} from './queries';
import { CONTRACT_SIGNING_WORKING_DAYS } from '../contracts/queries';
import { contractStandings, overdueInstalments, unsignedDeals } from '../contracts/standing';
import { receiptStatuses } from '../service-fees/receipts';
import { endedMonths, monthInProgress, parseMargin, scheduleOf } from './rules';

export const monitoringRoutes = new Hono<AppEnv>();

// Monitoring reads money and approvals: finance, their leaders and admin; staff and agencies do not.
const MONITOR = ['admin', 'finance', 'leader'] as const;

monitoringRoutes.get('/', allow(...MONITOR), async (c) => {
  const { scope } = who(c);
  const db = c.get('db');
  const margin = parseMargin(c.req.query('margin'));
  const today = todayShanghai();
  // 成交未缴 by due dates: the instalments past due on the day (of any year: a debt stays overdue), and
  // the year's land deals past their signing day without a contract — not the mere absence of a remittance.
  const [waiting, projects, standings, unsigned, unpaidFees, receipts] = await Promise.all([
    waitingPayments(db, scope.centerId, scope.year),
    projectsOfYear(db, scope.centerId, scope.year),
    contractStandings(db, [scope.centerId], today),
    unsignedDeals(db, [scope.centerId], scope.year, today, CONTRACT_SIGNING_WORKING_DAYS),
    unpaidFeeTransfers(db, scope.centerId, scope.year),
    receiptStatuses(db, [scope.centerId], today),
  ]);
  // One statement per project of the year (a center has a handful): monthlyExecution is the single
  // definition of monthly[m], so it is called rather than restated in a batched query here.
  const ended = endedMonths(scope.year, today);
  const watched: ProjectWatch[] = await Promise.all(projects.map(async (p) => {
    const months = await monthlyExecution(db, p.id);
    const schedule = scheduleOf(months, ended, margin);
    return { ...p, schedule, latest: months.find((m) => m.month === schedule.latestMonth) };
  }));
  const centerName = scope.centers.find((x) => x.id === scope.centerId)?.name ?? '';
  return page(c, '执行监控', <DashboardPage centerName={centerName} year={scope.year} margin={margin} waiting={waiting}
    projects={watched} overdue={overdueInstalments(standings)} unsigned={unsigned} today={today}
    overdueFees={receipts.filter((x) => x.overdueDays > 0).sort((a, b) => b.overdueDays - a.overdueDays || a.receipt.id - b.receipt.id)} unpaidFees={unpaidFees} />);
});

async function loadProject(c: Context<AppEnv>) {
  const { scope } = who(c);
  const id = idParam(c.req.param('id') ?? '');
  const project = id === null ? null : await findProject(c.get('db'), id);
  if (!project) throw new HTTPException(404, { message: '项目不存在' });
  assertInScope(scope, project.centerId);
  return project;
}

monitoringRoutes.get('/projects/:id', allow(...MONITOR), async (c) => {
  const project = await loadProject(c);
  const db = c.get('db');
  const margin = parseMargin(c.req.query('margin'));
  const today = todayShanghai();
  const [funds, months, categories] = await Promise.all([
    projectFunds(db, project.id), monthlyExecution(db, project.id), categoryFigures(db, project.id, project.year),
  ]);
  const schedule = scheduleOf(months, endedMonths(project.year, today), margin);
  return page(c, `${project.name} 执行监控`, <ProjectMonitoringPage project={project} funds={funds} months={months}
    schedule={schedule} inProgress={monthInProgress(project.year, today)} margin={margin} categories={categories} />);
});

monitoringRoutes.get('/projects/:id/payments', allow(...MONITOR), async (c) => {
  const project = await loadProject(c);
  const category = oneOf(c.req.query('category'), paymentCategories);
  const state: PaymentState = c.req.query('state') === 'pending' ? 'pending' : 'paid';
  const rows = await paymentsBehind(c.get('db'), project.id, project.year, { category, state });
  return page(c, `${project.name} 款项`, <PaymentsBehindPage project={project} category={category} state={state} rows={rows} />);
});
