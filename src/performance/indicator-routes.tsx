// A project's indicator rows and deductions, kept by finance and admins; leaders read them.
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { FieldError } from '../../views/components/form';
import { IndicatorEditPage, indicatorValues } from '../../views/performance/indicator-form';
import { IndicatorsPage } from '../../views/performance/indicators';
import { actor, allow, assertInScope, who } from '../auth/access';
import { canWriteFunds, FUNDS_READ, FUNDS_WRITE } from '../funds/access';
import { findProject, type Project } from '../funds/queries';
import { fieldError, fieldProblemErrors, formValues, parseForm, type Errors, type Values } from '../lib/forms';
import { idParam } from '../lib/query';
import { page, redirectWithFlash } from '../lib/render';
import type { AppEnv } from '../types';
import { deductionForm, indicatorForm, indicatorInput, moveForm } from './indicator-forms';
import {
  addDeduction, addIndicator, applyDefaultIndicators, deleteDeduction, deleteIndicator, findIndicator, moveIndicator, updateIndicator,
} from './indicator-queries';
import { performanceReport } from './report';

export const indicatorRoutes = new Hono<AppEnv>();

async function loadProject(c: Context<AppEnv>) {
  const { scope } = who(c);
  const id = idParam(c.req.param('id') ?? '');
  const project = id === null ? null : await findProject(c.get('db'), id);
  if (!project) throw new HTTPException(404, { message: '项目不存在' });
  assertInScope(scope, project.centerId);
  return project;
}

/** A write into a closed year is refused before any form is read (the queries check again under lock). */
async function loadOpenProject(c: Context<AppEnv>) {
  const p = await loadProject(c);
  if (p.closed) throw new HTTPException(409, { message: `${p.year}年度已结账，绩效指标与扣分不能再修改` });
  return p;
}

async function loadIndicator(c: Context<AppEnv>, p: Project) {
  const id = idParam(c.req.param('iid') ?? '');
  const row = id === null ? null : await findIndicator(c.get('db'), p.id, id);
  if (!row) throw new HTTPException(404, { message: '绩效指标不存在' });
  return row;
}

const rowId = (c: Context<AppEnv>, name: string) => {
  const id = idParam(c.req.param(name) ?? '');
  if (id === null) throw new HTTPException(404, { message: '记录不存在' });
  return id;
};

type Forms = { indicator?: { values: Values; errors: Errors }; deduction?: { values: Values; errors: Errors }; notice?: string };

/** The indicators page, with a form's values and errors kept when it is shown again (422). */
async function indicatorsPage(c: Context<AppEnv>, p: Project, forms: Forms = {}, status: 200 | 409 | 422 = 200) {
  const { user } = who(c);
  const report = await performanceReport(c.get('db'), p.id);
  if (!report) throw new HTTPException(404, { message: '项目不存在' });
  return page(c, `绩效指标 ${p.name}（${p.year}）`, <IndicatorsPage project={p} report={report} canWrite={canWriteFunds(user) && !p.closed}
    indicator={forms.indicator ?? { values: {}, errors: {} }} deduction={forms.deduction ?? { values: {}, errors: {} }} notice={forms.notice} />, status);
}

indicatorRoutes.get('/:id/indicators', allow(...FUNDS_READ), async (c) => indicatorsPage(c, await loadProject(c)));

indicatorRoutes.post('/:id/indicators/validate', allow(...FUNDS_WRITE), async (c) => {
  await loadProject(c);
  const field = c.req.query('field') ?? '';
  return c.html(<FieldError name={field} error={fieldError(indicatorForm, await formValues(c), field)} />);
});

indicatorRoutes.post('/:id/indicators', allow(...FUNDS_WRITE), async (c) => {
  const { user } = who(c);
  const p = await loadOpenProject(c);
  const values = await formValues(c);
  const retry = (errors: Errors) => indicatorsPage(c, p, { indicator: { values, errors } }, 422);
  const form = parseForm(indicatorForm, values);
  if (!form.ok) return retry(form.errors);
  try {
    const row = await addIndicator(c.get('db'), actor(user), p, indicatorInput(form.data));
    return redirectWithFlash(c, `/projects/${p.id}/indicators`, `已新增绩效指标 ${row.level3}`);
  } catch (e) {
    return retry(fieldProblemErrors(e));
  }
});

// 套用默认指标 is its own resource: it adds a whole set, and only to a project that has none.
indicatorRoutes.post('/:id/indicators/defaults', allow(...FUNDS_WRITE), async (c) => {
  const { user } = who(c);
  const p = await loadOpenProject(c);
  try {
    const rows = await applyDefaultIndicators(c.get('db'), actor(user), p);
    return redirectWithFlash(c, `/projects/${p.id}/indicators`, `已套用土地出让默认指标 ${rows.length} 项`);
  } catch (e) {
    return indicatorsPage(c, p, { notice: fieldProblemErrors(e)._form }, 409);
  }
});

indicatorRoutes.get('/:id/indicators/:iid/edit', allow(...FUNDS_WRITE), async (c) => {
  const p = await loadOpenProject(c);
  const row = await loadIndicator(c, p);
  return editPage(c, p, row.id, indicatorValues(row), {});
});

async function editPage(c: Context<AppEnv>, p: Project, id: number, values: Values, errors: Errors, status: 200 | 422 = 200) {
  const report = await performanceReport(c.get('db'), p.id);
  const computed = report?.indicators.find((i) => i.id === id) ?? null;
  return page(c, `修改绩效指标 ${p.name}`, <IndicatorEditPage project={p} indicatorId={id} computed={computed} values={values} errors={errors} />, status);
}

indicatorRoutes.post('/:id/indicators/:iid', allow(...FUNDS_WRITE), async (c) => {
  const { user } = who(c);
  const p = await loadOpenProject(c);
  const row = await loadIndicator(c, p);
  const values = await formValues(c);
  const form = parseForm(indicatorForm, values);
  if (!form.ok) return editPage(c, p, row.id, values, form.errors, 422);
  try {
    const after = await updateIndicator(c.get('db'), actor(user), p, row.id, indicatorInput(form.data));
    if (!after) throw new HTTPException(404, { message: '绩效指标不存在' });
    return redirectWithFlash(c, `/projects/${p.id}/indicators`, `已保存绩效指标 ${after.level3}`);
  } catch (e) {
    if (e instanceof HTTPException) throw e;
    return editPage(c, p, row.id, values, fieldProblemErrors(e), 422);
  }
});

indicatorRoutes.post('/:id/indicators/:iid/position', allow(...FUNDS_WRITE), async (c) => {
  const { user } = who(c);
  const p = await loadOpenProject(c);
  // A row of another project is "not found" before anything about the request is judged.
  const id = (await loadIndicator(c, p)).id;
  const form = parseForm(moveForm, await formValues(c));
  if (!form.ok) throw new HTTPException(400, { message: '请选择上移或下移' });
  const moved = await moveIndicator(c.get('db'), actor(user), p, id, form.data.direction);
  if (moved === null) throw new HTTPException(404, { message: '绩效指标不存在' });
  return redirectWithFlash(c, `/projects/${p.id}/indicators`, moved ? '已调整指标顺序' : '该指标已在最前或最后');
});

indicatorRoutes.post('/:id/indicators/:iid/delete', allow(...FUNDS_WRITE), async (c) => {
  const { user } = who(c);
  const p = await loadOpenProject(c);
  const row = await deleteIndicator(c.get('db'), actor(user), p, rowId(c, 'iid'));
  if (!row) throw new HTTPException(404, { message: '绩效指标不存在' });
  return redirectWithFlash(c, `/projects/${p.id}/indicators`, `已删除绩效指标 ${row.level3}`);
});

indicatorRoutes.post('/:id/deductions/validate', allow(...FUNDS_WRITE), async (c) => {
  await loadProject(c);
  const field = c.req.query('field') ?? '';
  return c.html(<FieldError name={field} error={fieldError(deductionForm, await formValues(c), field)} />);
});

indicatorRoutes.post('/:id/deductions', allow(...FUNDS_WRITE), async (c) => {
  const { user } = who(c);
  const p = await loadOpenProject(c);
  const values = await formValues(c);
  const retry = (errors: Errors) => indicatorsPage(c, p, { deduction: { values, errors } }, 422);
  const form = parseForm(deductionForm, values);
  if (!form.ok) return retry(form.errors);
  try {
    await addDeduction(c.get('db'), actor(user), p, form.data);
    return redirectWithFlash(c, `/projects/${p.id}/indicators`, `已录入扣分 ${form.data.points} 分`);
  } catch (e) {
    return retry(fieldProblemErrors(e));
  }
});

indicatorRoutes.post('/:id/deductions/:did/delete', allow(...FUNDS_WRITE), async (c) => {
  const { user } = who(c);
  const p = await loadOpenProject(c);
  const row = await deleteDeduction(c.get('db'), actor(user), p, rowId(c, 'did'));
  if (!row) throw new HTTPException(404, { message: '扣分不存在' });
  return redirectWithFlash(c, `/projects/${p.id}/indicators`, `已删除扣分：${row.reason}`);
});
