// 满意度调查: staff create, open and close a center's yearly survey; agencies answer it.
// An agency sees only its own center's open or closed surveys, only its own answer, and, after
// closing, the anonymous summary; the staff view (every agency's answer) is never rendered for it.
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AgencySurveyPage } from '../../views/surveys/answer';
import { AgencySurveyListPage, SurveyListPage } from '../../views/surveys/list';
import { SurveyForm } from '../../views/surveys/new';
import { SurveyPage } from '../../views/surveys/survey';
import { actor, allow, assertInScope, STAFF_READ, STAFF_WRITE, who } from '../auth/access';
import { isYearClosed } from '../funds/queries';
import { fieldProblemErrors, formValues, parseForm, type Errors, type Values } from '../lib/forms';
import { idParam } from '../lib/query';
import { page, redirectWithFlash } from '../lib/render';
import type { AppEnv, CurrentUser } from '../types';
import { answerForm, questionForm, surveyForm } from './forms';
import {
  addQuestion, closeSurvey, createSurvey, deleteQuestion, findSurvey, listSurveys, openSurvey, questionsOf, responsesOf, saveResponse,
  surveySummary, type ResponseRow, type Survey,
} from './queries';
import { answerField, MIN_RESPONSES_FOR_AGENCIES } from './rules';

export const surveyRoutes = new Hono<AppEnv>();

const EVERYONE = [...STAFF_READ, 'agency'] as const;
const canWrite = (u: CurrentUser) => STAFF_WRITE.includes(u.role);

surveyRoutes.get('/', allow(...EVERYONE), async (c) => {
  const { user, scope } = who(c);
  const db = c.get('db');
  if (user.role === 'agency') {
    const rows = await listSurveys(db, [user.centerId], { statuses: ['进行中', '已结束'], agencyId: user.agencyId ?? -1 });
    return page(c, '满意度调查', <AgencySurveyListPage rows={rows} />);
  }
  return page(c, '满意度调查', <SurveyListPage rows={await listSurveys(db, scope.centerIds)} canWrite={canWrite(user)} />);
});

surveyRoutes.get('/new', allow(...STAFF_WRITE), (c) => {
  const { scope } = who(c);
  return page(c, '新建满意度调查', <SurveyForm values={{ year: String(scope.year), mode: '匿名' }} errors={{}} />);
});

surveyRoutes.post('/', allow(...STAFF_WRITE), async (c) => {
  const { user, scope } = who(c);
  const values = await formValues(c);
  const render = (errors: Errors) => page(c, '新建满意度调查', <SurveyForm values={values} errors={errors} />, 422);
  const form = parseForm(surveyForm, values);
  if (!form.ok) return render(form.errors);
  try {
    const row = await createSurvey(c.get('db'), actor(user), scope.centerId, form.data);
    return redirectWithFlash(c, `/surveys/${row.id}`, `已新建满意度调查 ${row.title}（${row.year}年），请添加问题后开启`);
  } catch (e) {
    return render(fieldProblemErrors(e));
  }
});

/**
 * The survey as the user may see it. Staff: a survey of a center in scope. Agency: a survey of its
 * own center that is open or closed; a draft or another center's survey does not exist for it.
 */
async function loadSurvey(c: Context<AppEnv>): Promise<Survey> {
  const { user, scope } = who(c);
  const id = idParam(c.req.param('id') ?? '');
  const survey = id === null ? null : await findSurvey(c.get('db'), id);
  if (!survey) throw new HTTPException(404, { message: '记录不存在' });
  if (user.role === 'agency') {
    if (survey.centerId !== user.centerId || survey.status === '草稿' || user.agencyId === null) throw new HTTPException(404, { message: '记录不存在' });
  } else {
    assertInScope(scope, survey.centerId);
  }
  return survey;
}

async function staffPage(c: Context<AppEnv>, survey: Survey, questionValues: Values = { kind: '评分', scale: '5' }, questionErrors: Errors = {}, status: 200 | 422 = 200) {
  const { user } = who(c);
  const db = c.get('db');
  const [questions, responses, summary] = await Promise.all([questionsOf(db, survey.id), responsesOf(db, survey), surveySummary(db, survey)]);
  return page(c, survey.title, <SurveyPage survey={survey} questions={questions} responses={responses} summary={summary} canWrite={canWrite(user)} questionValues={questionValues} questionErrors={questionErrors} />, status);
}

/** The values that prefill the answer form with the agency's previous answer. */
function valuesOf(mine: ResponseRow | null): Values {
  if (!mine) return {};
  const v: Values = { rating: mine.rating, comment: mine.comment ?? '' };
  for (const a of mine.answers) v[answerField(a.questionId)] = a.rating !== null ? String(a.rating) : a.text ?? '';
  return v;
}

async function agencyPage(c: Context<AppEnv>, survey: Survey, values?: Values, errors: Errors = {}, status: 200 | 409 | 422 = 200) {
  const { user } = who(c);
  const db = c.get('db');
  const [questions, mineRows, yearClosed] = await Promise.all([
    questionsOf(db, survey.id), responsesOf(db, survey, user.agencyId!), isYearClosed(db, survey.centerId, survey.year),
  ]);
  const mine = mineRows[0] ?? null;
  const closed = survey.status === '已结束' ? await surveySummary(db, survey) : null;
  // An agency sees the anonymous summary only among enough answers that no one else's can be read off it.
  const summary = closed && closed.figures.responses >= MIN_RESPONSES_FOR_AGENCIES ? closed : null;
  const withheld = closed !== null && summary === null;
  return page(c, survey.title, <AgencySurveyPage survey={survey} questions={questions} mine={mine} summary={summary} withheld={withheld} yearClosed={yearClosed} values={values ?? valuesOf(mine)} errors={errors} />, status);
}

surveyRoutes.get('/:id', allow(...EVERYONE), async (c) => {
  const { user } = who(c);
  const survey = await loadSurvey(c);
  return user.role === 'agency' ? agencyPage(c, survey) : staffPage(c, survey);
});

surveyRoutes.post('/:id/questions', allow(...STAFF_WRITE), async (c) => {
  const { user } = who(c);
  const survey = await loadSurvey(c);
  if (survey.status !== '草稿') throw new HTTPException(409, { message: '调查已开启，不能再修改问题' });
  const values = await formValues(c);
  const form = parseForm(questionForm, values);
  if (!form.ok) return staffPage(c, survey, values, form.errors, 422);
  await addQuestion(c.get('db'), actor(user), survey, form.data);
  return redirectWithFlash(c, `/surveys/${survey.id}#question-form`, '已添加问题');
});

surveyRoutes.post('/:id/questions/:questionId/delete', allow(...STAFF_WRITE), async (c) => {
  const { user } = who(c);
  const survey = await loadSurvey(c);
  const questionId = idParam(c.req.param('questionId'));
  if (questionId === null) throw new HTTPException(404, { message: '问题不存在' });
  await deleteQuestion(c.get('db'), actor(user), survey, questionId);
  return redirectWithFlash(c, `/surveys/${survey.id}`, '已删除问题');
});

surveyRoutes.post('/:id/open', allow(...STAFF_WRITE), async (c) => {
  const { user } = who(c);
  const survey = await loadSurvey(c);
  // Nothing could be answered in a closed year: such a survey is not opened.
  if (await isYearClosed(c.get('db'), survey.centerId, survey.year)) throw new HTTPException(409, { message: `${survey.year}年度已结账，不能再开启该年度的满意度调查` });
  await openSurvey(c.get('db'), actor(user), survey);
  return redirectWithFlash(c, `/surveys/${survey.id}`, '调查已开启，拍卖机构现在可以作答');
});

surveyRoutes.post('/:id/close', allow(...STAFF_WRITE), async (c) => {
  const { user } = who(c);
  const survey = await loadSurvey(c);
  await closeSurvey(c.get('db'), actor(user), survey);
  return redirectWithFlash(c, `/surveys/${survey.id}`, '调查已结束，答卷不能再修改');
});

surveyRoutes.post('/:id/response', allow('agency'), async (c) => {
  const { user } = who(c);
  const survey = await loadSurvey(c);
  if (survey.status !== '进行中') throw new HTTPException(409, { message: '调查已结束，不能再提交或修改答卷' });
  const values = await formValues(c);
  const questions = await questionsOf(c.get('db'), survey.id);
  const form = parseForm(answerForm(questions), values);
  if (!form.ok) return agencyPage(c, survey, values, form.errors, 422);
  const { created } = await saveResponse(c.get('db'), actor(user), survey, user.agencyId!, form.data);
  return redirectWithFlash(c, `/surveys/${survey.id}`, created ? '已提交答卷，谢谢' : '已保存对答卷的修改');
});
