// 系统管理 → 工作日历: the admin keeps the national 节假日安排 and the 保证金 refund period.
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { CalendarPage, type CalendarPageProps } from '../../views/calendar/page';
import { actor, allow, who } from '../auth/access';
import { normalizeDate, todayShanghai } from '../lib/dates';
import { formValues, parseForm } from '../lib/forms';
import { intParam } from '../lib/query';
import { page, redirectWithFlash } from '../lib/render';
import type { AppEnv } from '../types';
import { calendarDayForm, mineralNoticeForm, refundDaysForm } from './forms';
import {
  calendarYear, calendarYears, mineralNoticeDays, refundWorkingDays, removeCalendarDay, setCalendarDay, setMineralNoticeDays, setRefundWorkingDays,
} from './queries';

export const calendarRoutes = new Hono<AppEnv>();

async function render(c: Context<AppEnv>, year: number, rest: Partial<CalendarPageProps> = {}, status: 200 | 422 = 200) {
  const db = c.get('db');
  const [days, years, refundDays, mineral] = await Promise.all([calendarYear(db, year), calendarYears(db), refundWorkingDays(db), mineralNoticeDays(db)]);
  const props: CalendarPageProps = {
    year, years, days, refundDays, mineral, dayValues: {}, dayErrors: {}, refundValues: {}, refundErrors: {}, mineralValues: {}, mineralErrors: {}, ...rest,
  };
  return page(c, '工作日历', <CalendarPage {...props} />, status);
}

const thisYear = () => Number(todayShanghai().slice(0, 4));

calendarRoutes.get('/', allow('admin'), (c) => render(c, intParam(c.req.query('year'), 1900, 2200) ?? thisYear()));

calendarRoutes.post('/days', allow('admin'), async (c) => {
  const { user } = who(c);
  const values = await formValues(c);
  const form = parseForm(calendarDayForm, values);
  if (!form.ok) {
    const day = typeof values.day === 'string' ? normalizeDate(values.day) : null;
    return render(c, day ? Number(day.slice(0, 4)) : thisYear(), { dayValues: values, dayErrors: form.errors }, 422);
  }
  const row = await setCalendarDay(c.get('db'), actor(user), form.data);
  return redirectWithFlash(c, `/admin/calendar?year=${row.day.slice(0, 4)}`, `已保存 ${row.day}（${row.working ? '上班' : '放假'}）`);
});

calendarRoutes.post('/days/:day/removal', allow('admin'), async (c) => {
  const { user } = who(c);
  const day = normalizeDate(c.req.param('day'));
  if (!day) throw new HTTPException(404, { message: '记录不存在' });
  const removed = await removeCalendarDay(c.get('db'), actor(user), day);
  if (!removed) throw new HTTPException(404, { message: '记录不存在' });
  return redirectWithFlash(c, `/admin/calendar?year=${day.slice(0, 4)}`, `已删除 ${day}，该日按星期计算`);
});

calendarRoutes.post('/mineral-notice', allow('admin'), async (c) => {
  const { user } = who(c);
  const values = await formValues(c);
  const form = parseForm(mineralNoticeForm, values);
  if (!form.ok) return render(c, thisYear(), { mineralValues: values, mineralErrors: form.errors }, 422);
  await setMineralNoticeDays(c.get('db'), actor(user), { noticeDays: form.data.notice_days, listingDays: form.data.listing_days });
  return redirectWithFlash(c, '/admin/calendar', `矿业权出让公告期已设为 ${form.data.notice_days} 个工作日，挂牌期 ${form.data.listing_days} 个工作日`);
});

calendarRoutes.post('/refund-days', allow('admin'), async (c) => {
  const { user } = who(c);
  const values = await formValues(c);
  const form = parseForm(refundDaysForm, values);
  if (!form.ok) return render(c, thisYear(), { refundValues: values, refundErrors: form.errors }, 422);
  await setRefundWorkingDays(c.get('db'), actor(user), form.data.days);
  return redirectWithFlash(c, '/admin/calendar', `保证金退还期限已设为活动结束后 ${form.data.days} 个工作日`);
});
