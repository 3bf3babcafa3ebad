// Public pages without sign-in: published announcements and deal results (成交公示).
// They render in their own layout (no staff navigation, whoever asks) and read only public columns.
import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import { PublicCenterPage, PublicIndexPage, PublicLayout, PublicNotFound, type CenterResultsProps } from '../../views/public/public';
import { allowPublic } from '../auth/access';
import { todayShanghai } from '../lib/dates';
import { intParam, textParam } from '../lib/query';
import type { AppEnv } from '../types';
import { ocdsPackage, UNREGISTERED_PREFIX } from './ocds';
import { dealResults, publicCenters, publishedAnnouncements, type PublicCenter } from './queries';

export const publicRoutes = new Hono<AppEnv>();

// Published records change rarely: a short shared cache is fine. The app turns it into no-store
// for a signed-in visitor; nothing here ever sets a cookie.
const CACHE = 'public, max-age=300';

function render(c: Context<AppEnv>, title: string, body: Child, status: 200 | 404 = 200) {
  c.header('Cache-Control', CACHE);
  return c.html(<PublicLayout title={title}>{body}</PublicLayout>, status);
}

/** The year asked for, else the center's latest year with a deal, else this year. */
async function centerResults(c: Context<AppEnv>, center: PublicCenter): Promise<CenterResultsProps> {
  const db = c.get('db');
  const today = todayShanghai();
  const thisYear = Number(today.slice(0, 4));
  const year = intParam(c.req.query('year'), 1990, 2200) ?? center.last_year ?? thisYear;
  const [announcements, deals] = await Promise.all([
    publishedAnnouncements(db, center.id, year, today),
    dealResults(db, center.id, year),
  ]);
  const years: number[] = [];
  for (let y = thisYear; y >= Math.min(2015, year); y--) years.push(y);
  if (!years.includes(year)) years.unshift(year);
  return { center, year, years, announcements, deals };
}

const notFound = (c: Context<AppEnv>) => render(c, '未找到', <PublicNotFound message="没有这个交易中心。" />, 404);

// /public lists the centers and shows the results of one: ?center=CODE, else the center with the
// latest deal, so the front page is never empty when something was sold.
publicRoutes.get('/', allowPublic, async (c) => {
  const centers = await publicCenters(c.get('db'));
  const code = textParam(c.req.query('center'), 50);
  let center: PublicCenter | undefined;
  if (code !== undefined) {
    center = centers.find((x) => x.code === code);
    if (!center) return notFound(c);
  } else {
    center = [...centers].filter((x) => x.last_year !== null).sort((a, b) => b.last_year! - a.last_year! || b.deals - a.deals)[0];
  }
  const selected = center ? await centerResults(c, center) : null;
  return render(c, '出让信息公开', <PublicIndexPage centers={centers} selected={selected} />);
});

// The same records as data: an OCDS 1.1 release package of a center's year (docs/OCDS.md).
publicRoutes.get('/feed.json', allowPublic, async (c) => {
  const centers = await publicCenters(c.get('db'));
  const center = centers.find((x) => x.code === textParam(c.req.query('center'), 50));
  if (!center) return c.json({ error: '没有这个交易中心：请以 ?center=中心编码 指定' }, 404);
  const today = todayShanghai();
  const year = intParam(c.req.query('year'), 1990, 2200) ?? center.last_year ?? Number(today.slice(0, 4));
  c.header('Cache-Control', CACHE);
  return c.json(await ocdsPackage(c.get('db'), {
    center, year, today, prefix: c.get('options').ocdsPrefix ?? UNREGISTERED_PREFIX, uri: new URL(c.req.url).href, now: new Date().toISOString(),
  }));
});

publicRoutes.get('/centers/:code', allowPublic, async (c) => {
  const centers = await publicCenters(c.get('db'));
  const center = centers.find((x) => x.code === c.req.param('code'));
  if (!center) return notFound(c);
  const props = await centerResults(c, center);
  return render(c, `${center.name} 成交公示`, <PublicCenterPage {...props} />);
});
