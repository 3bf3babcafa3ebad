import { monthlyExecution } from './figures';
import { DEFAULT_MARGIN, endedMonths, monthInProgress, scheduleOf } from '../monitoring/rules';
import { todayShanghai } from '../lib/dates';
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ProjectPage } from '../../views/funds/project';
import { ArrivalForm, BudgetForm, ProjectForm } from '../../views/funds/project-forms';
import { ProjectListPage, ProjectResults, type ProjectListProps } from '../../views/funds/projects';
import { actor, allow, assertInScope, who } from '../auth/access';
import { fieldProblemErrors, formValues, parseForm, type Errors, type Values } from '../lib/forms';
import { formatYuan } from '../lib/money';
import { idParam, intParam } from '../lib/query';
import { page, redirectWithFlash, wantsFragment } from '../lib/render';
import type { AppEnv } from '../types';
import { projectWarnings } from '../warnings/queries';
import { projectActualGoal } from '../performance/indicator-queries';
import { isTransferProject } from '../performance/rules';
import { canWriteFunds, FUNDS_READ, FUNDS_WRITE } from './access';
import { projectFunds, projectFundsOfCenters } from './figures';
import { performanceReport, performanceReports } from '../performance/report';
import { centerTreeRows } from '../centers/queries';
import { buildTree, flattenTree, subtreeIds } from '../centers/rules';
import { arrivalForm, budgetForm, closeYearForm, dispositionForm, projectForm } from './forms';
import { addDisposition, carryTargets, dispositionsOf, yearEndBalance, yearEndBalances } from './balances';
import { BalancePage, YearBalancesPage } from '../../views/funds/balance';
import {
  addArrival, addBudgetEntry, closedYearsOf, closeYear, committedAmount, createProject, findProject, projectRecords, updateProject,
} from './queries';

export const projectRoutes = new Hono<AppEnv>();

/**
 * The list page's props: the projects of the current center and the centers below it (a department
 * sees its own and its units'), of one year (the session's by default) or of all years, each with
 * its 自评得分 from performanceReports, computed for the whole page at once.
 */
async function listProps(c: Context<AppEnv>, closeValues: Values = {}, closeErrors: Errors = {}): Promise<ProjectListProps> {
  const { user, scope } = who(c);
  const db = c.get('db');
  const raw = c.req.query('year');
  const year = raw === 'all' ? 'all' : intParam(raw, 1990, 2200) ?? scope.year;
  const [tree, closed] = await Promise.all([centerTreeRows(db, scope.centerIds), closedYearsOf(db, scope.centerId)]);
  const centerIds = [...subtreeIds(tree, scope.centerId)];
  const funds = await projectFundsOfCenters(db, centerIds, year === 'all' ? undefined : year);
  const reports = new Map((await performanceReports(db, funds.map((r) => r.id))).map((r) => [r.project.id, r]));
  // Within a year, the department's own projects first, then each center below it in tree order
  // (a stable sort: by name within a center, as the statement orders them).
  const order = new Map(flattenTree(buildTree(tree)).map((x, i) => [x.center.id, i]));
  const centers = new Map(tree.map((x) => [x.id, x]));
  const rows = funds.map((r) => {
    const report = reports.get(r.id);
    return { ...r, center: centers.get(r.centerId)!, score: report ? { ...report.score, weights: report.weights } : null };
  }).sort((a, b) => b.year - a.year || order.get(a.centerId)! - order.get(b.centerId)!);
  const now = new Date().getFullYear();
  const years = new Set<number>([now + 1, now, scope.year, ...(year === 'all' ? [] : [year])]);
  for (let y = now; y >= 2015; y--) years.add(y);
  return {
    rows, year, years: [...years].sort((a, b) => b - a), closedYears: closed, canWrite: canWriteFunds(user),
    closeValues: { year: String(year === 'all' ? scope.year : year), ...closeValues }, closeErrors,
  };
}

projectRoutes.get('/', allow(...FUNDS_READ), async (c) => {
  const props = await listProps(c);
  if (wantsFragment(c, 'project-results')) return c.html(<ProjectResults {...props} />);
  return page(c, '项目经费', <ProjectListPage {...props} />);
});

projectRoutes.get('/new', allow(...FUNDS_WRITE), (c) => {
  const { scope } = who(c);
  return page(c, '新建项目', <ProjectForm action="/projects" title="新建项目" values={{ year: String(scope.year) }} errors={{}} cancel="/projects" />);
});

projectRoutes.post('/', allow(...FUNDS_WRITE), async (c) => {
  const { user, scope } = who(c);
  const values = await formValues(c);
  const render = (errors: Errors) => page(c, '新建项目', <ProjectForm action="/projects" title="新建项目" values={values} errors={errors} cancel="/projects" />, 422);
  const form = parseForm(projectForm, values);
  if (!form.ok) return render(form.errors);
  try {
    const row = await createProject(c.get('db'), actor(user), scope.centerId, form.data);
    const defaults = isTransferProject(row.name) ? '，已套用土地出让默认绩效指标' : '';
    return redirectWithFlash(c, `/projects/${row.id}`, `已新建项目 ${row.name}（${row.year}年）${defaults}`);
  } catch (e) {
    return render(fieldProblemErrors(e));
  }
});

// 年度结账 is its own resource: closing a year is not an edit of any project.
projectRoutes.post('/close-year', allow(...FUNDS_WRITE), async (c) => {
  const { user, scope } = who(c);
  const values = await formValues(c);
  const render = async (errors: Errors) => page(c, '项目经费', <ProjectListPage {...await listProps(c, values, errors)} />, 422);
  const form = parseForm(closeYearForm, values);
  if (!form.ok) return render(form.errors);
  if (form.data.year > new Date().getFullYear()) return render({ year: '不能结账尚未开始的年度' });
  let closed;
  try {
    closed = await closeYear(c.get('db'), actor(user), scope.centerId, form.data.year);
  } catch (e) {
    return render(fieldProblemErrors(e));
  }
  const unfinished = closed.unfinished > 0 ? `；${closed.unfinished} 笔尚未办结的支付可继续审批，只能在以后年度支付（跨年支付）` : '';
  return redirectWithFlash(c, `/projects/balances?year=${form.data.year}`,
    `已结账 ${form.data.year} 年度：该年度不能再记入新的记录${unfinished}。各项目的结余可结转到下一年度项目或登记收回`);
});

// 年末结余 of the year's projects: where closing a year leads, and where each project's 处置 starts.
projectRoutes.get('/balances', allow(...FUNDS_READ), async (c) => {
  const { user, scope } = who(c);
  const db = c.get('db');
  const year = intParam(c.req.query('year'), 1990, 2200) ?? scope.year;
  const [rows, closed] = await Promise.all([yearEndBalances(db, scope.centerId, year), closedYearsOf(db, scope.centerId)]);
  return page(c, `${year}年度年末结余`, <YearBalancesPage year={year} closed={closed.includes(year)} rows={rows} canWrite={canWriteFunds(user)} />);
});

async function loadProject(c: Context<AppEnv>, rawId: string) {
  const { scope } = who(c);
  const id = idParam(rawId);
  const project = id === null ? null : await findProject(c.get('db'), id);
  if (!project) throw new HTTPException(404, { message: '项目不存在' });
  assertInScope(scope, project.centerId);
  return project;
}

projectRoutes.get('/:id', allow(...FUNDS_READ), async (c) => {
  const { user } = who(c);
  const db = c.get('db');
  const project = await loadProject(c, c.req.param('id'));
  const [funds, records, months, performance, warnings, carriedIn, yearEnd] = await Promise.all([
    projectFunds(db, project.id), projectRecords(db, project.id), monthlyExecution(db, project.id), performanceReport(db, project.id),
    projectWarnings(db, project.id), dispositionsOf(db, project.id, 'into'),
    project.closed ? Promise.all([yearEndBalance(db, project.id), dispositionsOf(db, project.id, 'from')]) : null,
  ]);
  const today = todayShanghai();
  const schedule = { months, schedule: scheduleOf(months, endedMonths(project.year, today), DEFAULT_MARGIN), inProgress: monthInProgress(project.year, today), margin: DEFAULT_MARGIN };
  return page(c, `${project.name}（${project.year}）`,
    <ProjectPage project={project} funds={funds} records={records} canWrite={canWriteFunds(user)} schedule={schedule} performance={performance!} warnings={[...warnings]}
      carriedIn={carriedIn} yearEnd={yearEnd && { balance: yearEnd[0], dispositions: yearEnd[1] }} />);
});

projectRoutes.get('/:id/edit', allow(...FUNDS_WRITE), async (c) => {
  const p = await loadProject(c, c.req.param('id'));
  const actualGoal = await projectActualGoal(c.get('db'), p.id);
  const values: Values = { name: p.name, year: String(p.year), budget_unit: p.budgetUnit ?? '', target: p.target ?? '', actual_goal: actualGoal ?? '' };
  return page(c, `修改 ${p.name}`, <ProjectForm action={`/projects/${p.id}`} title={`修改项目 ${p.name}`} values={values} errors={{}} cancel={`/projects/${p.id}`} />);
});

projectRoutes.post('/:id', allow(...FUNDS_WRITE), async (c) => {
  const { user } = who(c);
  const p = await loadProject(c, c.req.param('id'));
  const values = await formValues(c);
  const render = (errors: Errors) =>
    page(c, `修改 ${p.name}`, <ProjectForm action={`/projects/${p.id}`} title={`修改项目 ${p.name}`} values={values} errors={errors} cancel={`/projects/${p.id}`} />, 422);
  const form = parseForm(projectForm, values);
  if (!form.ok) return render(form.errors);
  try {
    await updateProject(c.get('db'), actor(user), p.id, form.data);
  } catch (e) {
    return render(fieldProblemErrors(e));
  }
  return redirectWithFlash(c, `/projects/${p.id}`, `已保存项目 ${form.data.name}`);
});

/** A closed year takes no new records: say so before anyone fills in a form for it. */
function assertOpen(p: { closed: boolean; year: number }) {
  if (p.closed) throw new HTTPException(409, { message: `${p.year}年度已结账，不能再录入该年度的记录` });
}

async function budgetPage(c: Context<AppEnv>, p: Awaited<ReturnType<typeof loadProject>>, values: Values, errors: Errors, status: 200 | 422 = 200) {
  const db = c.get('db');
  const [funds, committed] = await Promise.all([projectFunds(db, p.id), committedAmount(db, p.id)]);
  return page(c, `录入预算 ${p.name}`, <BudgetForm project={p} funds={funds} committed={committed} values={values} errors={errors} />, status);
}

projectRoutes.get('/:id/budget/new', allow(...FUNDS_WRITE), async (c) => {
  const p = await loadProject(c, c.req.param('id'));
  assertOpen(p);
  return budgetPage(c, p, { kind: '年初预算' }, {});
});

projectRoutes.post('/:id/budget', allow(...FUNDS_WRITE), async (c) => {
  const { user } = who(c);
  const p = await loadProject(c, c.req.param('id'));
  assertOpen(p);
  const values = await formValues(c);
  const form = parseForm(budgetForm, values);
  if (!form.ok) return budgetPage(c, p, values, form.errors, 422);
  try {
    await addBudgetEntry(c.get('db'), actor(user), p, form.data);
  } catch (e) {
    return budgetPage(c, p, values, fieldProblemErrors(e), 422);
  }
  return redirectWithFlash(c, `/projects/${p.id}`, `已录入${form.data.kind} ${formatYuan(form.data.amount)} 元`);
});

async function arrivalPage(c: Context<AppEnv>, p: Awaited<ReturnType<typeof loadProject>>, values: Values, errors: Errors, status: 200 | 422 = 200) {
  const funds = await projectFunds(c.get('db'), p.id);
  return page(c, `录入资金到位 ${p.name}`, <ArrivalForm project={p} funds={funds} values={values} errors={errors} />, status);
}

projectRoutes.get('/:id/arrivals/new', allow(...FUNDS_WRITE), async (c) => {
  const p = await loadProject(c, c.req.param('id'));
  assertOpen(p);
  return arrivalPage(c, p, { source: '财政拨款' }, {});
});

projectRoutes.post('/:id/arrivals', allow(...FUNDS_WRITE), async (c) => {
  const { user } = who(c);
  const p = await loadProject(c, c.req.param('id'));
  assertOpen(p);
  const values = await formValues(c);
  const form = parseForm(arrivalForm, values);
  if (!form.ok) return arrivalPage(c, p, values, form.errors, 422);
  try {
    await addArrival(c.get('db'), actor(user), p, form.data);
  } catch (e) {
    return arrivalPage(c, p, values, fieldProblemErrors(e), 422);
  }
  return redirectWithFlash(c, `/projects/${p.id}`, `已录入资金到位 ${formatYuan(form.data.amount)} 元`);
});

async function balancePage(c: Context<AppEnv>, p: Awaited<ReturnType<typeof loadProject>>, values: Values, errors: Errors, status: 200 | 422 = 200) {
  const { user } = who(c);
  const db = c.get('db');
  const [balance, dispositions, targets] = await Promise.all([yearEndBalance(db, p.id), dispositionsOf(db, p.id, 'from'), carryTargets(db, p)]);
  return page(c, `年末结余处置 ${p.name}`,
    <BalancePage project={p} balance={balance} dispositions={dispositions} targets={targets} canWrite={canWriteFunds(user)} values={values} errors={errors} />, status);
}

projectRoutes.get('/:id/balance', allow(...FUNDS_READ), async (c) => {
  const p = await loadProject(c, c.req.param('id'));
  const targets = await carryTargets(c.get('db'), p);
  return balancePage(c, p, { kind: '结转', target_project: targets.length === 1 ? String(targets[0]!.id) : '', decided_on: `${p.year + 1}-01-01` }, {});
});

projectRoutes.post('/:id/balance', allow(...FUNDS_WRITE), async (c) => {
  const { user } = who(c);
  const p = await loadProject(c, c.req.param('id'));
  const values = await formValues(c);
  const form = parseForm(dispositionForm, values);
  if (!form.ok) return balancePage(c, p, values, form.errors, 422);
  try {
    await addDisposition(c.get('db'), actor(user), p, form.data);
  } catch (e) {
    return balancePage(c, p, values, fieldProblemErrors(e), 422);
  }
  return redirectWithFlash(c, `/projects/${p.id}#year-end-balance`, `已登记结余${form.data.kind} ${formatYuan(form.data.amount)} 元`);
});
