import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AnnouncementDetailPage } from '../../views/announcements/detail';
import { AnnouncementForm } from '../../views/announcements/form';
import { AnnouncementListPage, AnnouncementResults } from '../../views/announcements/list';
import { FieldError } from '../../views/components/form';
import { actor, allow, assertInScope, can, STAFF_READ, STAFF_WRITE, who } from '../auth/access';
import { csvResponseHeaders, toCsv } from '../lib/csv';
import { fieldError, formValues, parseForm, type Errors, type Values, fieldProblemErrors } from '../lib/forms';
import { fenToYuan } from '../lib/money';
import { idParam, intParam, oneOf, textParam } from '../lib/query';
import { page, redirectWithFlash, wantsFragment } from '../lib/render';
import type { AppEnv } from '../types';
import { announcementForm } from './forms';
import {
  announcementDetail, announcementSorts, createAnnouncement, findAnnouncement, listAnnouncements,
  mediaOf, PAGE_SIZE, parcelChoices, updateAnnouncement, type AnnouncementFilter, type AnnouncementSort,
} from './queries';
import { shareCost } from './rules';

export const announcementRoutes = new Hono<AppEnv>();

function readFilter(q: Record<string, string>): AnnouncementFilter {
  const sort = oneOf(q.sort, Object.keys(announcementSorts) as AnnouncementSort[]);
  return {
    year: intParam(q.year, 1990, 2100),
    medium: textParam(q.medium, 50),
    q: textParam(q.q),
    // Unsorted, the newest announcements come first: that is what staff look for.
    sort: sort ?? 'date',
    dir: q.dir === 'desc' || (!sort && q.dir !== 'asc') ? 'desc' : 'asc',
    page: intParam(q.page, 1, 100000) ?? 1,
  };
}

const filterParams = (f: AnnouncementFilter) => ({ year: f.year, medium: f.medium, q: f.q, sort: f.sort, dir: f.dir });

announcementRoutes.get('/', allow(...STAFF_READ), async (c) => {
  const { user, scope } = who(c);
  const db = c.get('db');
  const f = readFilter(c.req.query());
  const [{ rows, total }, media] = await Promise.all([listAnnouncements(db, scope.centerId, f), mediaOf(db, scope.centerId)]);
  const props = { rows, total, params: filterParams(f), sort: f.sort, dir: f.dir, page: f.page, pageSize: PAGE_SIZE, media, canEdit: can.editTrading(user) };
  if (wantsFragment(c, 'announcement-results')) return c.html(<AnnouncementResults {...props} />);
  return page(c, '出让公告', <AnnouncementListPage {...props} />);
});

announcementRoutes.get('/export.csv', allow(...STAFF_READ), async (c) => {
  const { scope } = who(c);
  const { rows } = await listAnnouncements(c.get('db'), scope.centerId, { ...readFilter(c.req.query()), page: 1, pageSize: null });
  const csv = toCsv(
    ['公告编号', '标题', '媒体', '发布日期', '费用（元）', '覆盖标的数', '标的编号'],
    rows.map((r) => [r.code, r.title, r.medium, r.published_on, fenToYuan(BigInt(r.cost)), r.parcel_count, r.parcel_codes]),
  );
  return c.body(csv, 200, csvResponseHeaders('出让公告.csv'));
});

/** The form page, for the first display and for every re-display with errors (422). */
async function renderForm(c: Context<AppEnv>, o: { centerId: number; id: number | null; title: string; values: Values; errors: Errors }, status: 200 | 422 = 200) {
  const choices = await parcelChoices(c.get('db'), o.centerId, o.id);
  const action = o.id === null ? '/announcements' : `/announcements/${o.id}`;
  const cancel = o.id === null ? '/announcements' : `/announcements/${o.id}`;
  return page(c, o.title, <AnnouncementForm action={action} title={o.title} values={o.values} errors={o.errors} choices={choices} cancel={cancel} />, status);
}


announcementRoutes.get('/new', allow(...STAFF_WRITE), (c) =>
  renderForm(c, { centerId: who(c).scope.centerId, id: null, title: '登记出让公告', values: {}, errors: {} }));

announcementRoutes.post('/validate', allow(...STAFF_WRITE), async (c) => {
  const field = c.req.query('field') ?? '';
  return c.html(<FieldError name={field} error={fieldError(announcementForm, await formValues(c), field)} />);
});

announcementRoutes.post('/', allow(...STAFF_WRITE), async (c) => {
  const { user, scope } = who(c);
  const values = await formValues(c);
  const form = parseForm(announcementForm, values);
  const retry = (errors: Errors) => renderForm(c, { centerId: scope.centerId, id: null, title: '登记出让公告', values, errors }, 422);
  if (!form.ok) return retry(form.errors);
  try {
    const row = await createAnnouncement(c.get('db'), actor(user), scope.centerId, form.data);
    return redirectWithFlash(c, `/announcements/${row.id}`, `已登记公告 ${row.code}`);
  } catch (e) {
    return retry(fieldProblemErrors(e));
  }
});

async function loadAnnouncement(c: Context<AppEnv>, rawId: string) {
  const { scope } = who(c);
  const id = idParam(rawId);
  const a = id === null ? null : await findAnnouncement(c.get('db'), id);
  if (!a) throw new HTTPException(404, { message: '公告不存在' });
  assertInScope(scope, a.centerId);
  return a;
}

announcementRoutes.get('/:id', allow(...STAFF_READ), async (c) => {
  const { user } = who(c);
  const a = await loadAnnouncement(c, c.req.param('id'));
  const { covered, rounds } = await announcementDetail(c.get('db'), a.id);
  return page(c, `${a.code} ${a.title}`,
    <AnnouncementDetailPage a={a} shares={shareCost(a.cost, covered)} rounds={rounds} canEdit={can.editTrading(user)} />);
});

announcementRoutes.get('/:id/edit', allow(...STAFF_WRITE), async (c) => {
  const a = await loadAnnouncement(c, c.req.param('id'));
  const choices = await parcelChoices(c.get('db'), a.centerId, a.id);
  const values: Values = {
    code: a.code, title: a.title, medium: a.medium ?? '', published_on: a.publishedOn, cost: fenToYuan(a.cost),
    parcels: choices.filter((p) => p.linked).map((p) => String(p.id)),
  };
  return page(c, `修改 ${a.code}`, <AnnouncementForm action={`/announcements/${a.id}`} title={`修改公告 ${a.code}`} values={values} errors={{}} choices={choices} cancel={`/announcements/${a.id}`} />);
});

announcementRoutes.post('/:id', allow(...STAFF_WRITE), async (c) => {
  const { user } = who(c);
  const a = await loadAnnouncement(c, c.req.param('id'));
  const values = await formValues(c);
  const form = parseForm(announcementForm, values);
  const retry = (errors: Errors) => renderForm(c, { centerId: a.centerId, id: a.id, title: `修改公告 ${a.code}`, values, errors }, 422);
  if (!form.ok) return retry(form.errors);
  try {
    await updateAnnouncement(c.get('db'), actor(user), a.id, form.data);
  } catch (e) {
    return retry(fieldProblemErrors(e));
  }
  return redirectWithFlash(c, `/announcements/${a.id}`, `已保存公告 ${form.data.code}`);
});
