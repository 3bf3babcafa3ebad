// 系统管理 → 工作日历: the admin keeps the national 节假日安排, and for the current center (and the centers
// below it) the periods where provinces differ: the 保证金 refund period and a mineral right's notice periods.
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { CalendarPage, type CalendarPageProps } from '../../views/calendar/page';
import { actor, allow, who } from '../auth/access';
import { normalizeDate, todayShanghai } from '../lib/dates';
import { formValues, parseForm } from '../lib/forms';
import { intParam } from '../lib/query';
import { page, redirectWithFlash } from '../lib/render';
import type { AppEnv } from '../types';
import { calendarDayForm, mineralNoticeForm, refundDaysForm, targetMarginForm } from './forms';
import {
  calendarYear, calendarYears, centerSettings, MINERAL_LISTING_KEY, MINERAL_NOTICE_KEY, REFUND_DAYS_KEY, TARGET_LOW_KEY, removeCalendarDay, setCalendarDay, setCenterSettings,
} from './queries';

export const calendarRoutes = new Hono<AppEnv>();

async function render(c: Context<AppEnv>, year: number, rest: Partial<CalendarPageProps> = {}, status: 200 | 422 = 200) {
  const db = c.get('db');
  const { scope } = who(c);
  const [days, years, resolved] = await Promise.all([
    calendarYear(db, year), calendarYears(db), centerSettings(db, [scope.centerId], [REFUND_DAYS_KEY, MINERAL_NOTICE_KEY, MINERAL_LISTING_KEY, TARGET_LOW_KEY]),
  ]);
  const s = resolved.get(scope.centerId)!;
  const center = scope.centers.find((x) => x.id === scope.centerId)!.name;
  const props: CalendarPageProps = {
    year, years, days, center, refund: s[REFUND_DAYS_KEY], mineralNotice: s[MINERAL_NOTICE_KEY], mineralListing: s[MINERAL_LISTING_KEY], targetMargin: s[TARGET_LOW_KEY], dayValues: {}, dayErrors: {}, refundValues: {}, refundErrors: {}, mineralValues: {}, mineralErrors: {}, marginValues: {}, marginErrors: {}, ...rest,
  };
  return page(c, '工作日历', <CalendarPage {...props} />, status);
}

const centerName = (c: Context<AppEnv>) => {
  const { scope } = who(c);
  return scope.centers.find((x) => x.id === scope.centerId)!.name;
};

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
  const { scope } = who(c);
  await setCenterSettings(c.get('db'), actor(user), scope.centerId, [[MINERAL_NOTICE_KEY, form.data.notice_days], [MINERAL_LISTING_KEY, form.data.listing_days]]);
  return redirectWithFlash(c, '/admin/calendar', `${centerName(c)}的矿业权出让公告期已设为 ${form.data.notice_days} 个工作日，挂牌期 ${form.data.listing_days} 个工作日`);
});

calendarRoutes.post('/target-margin', allow('admin'), async (c) => {
  const { user, scope } = who(c);
  const values = await formValues(c);
  const form = parseForm(targetMarginForm, values);
  if (!form.ok) return render(c, thisYear(), { marginValues: values, marginErrors: form.errors }, 422);
  await setCenterSettings(c.get('db'), actor(user), scope.centerId, [[TARGET_LOW_KEY, form.data.target_margin]]);
  return redirectWithFlash(c, '/admin/calendar', `${centerName(c)}的绩效报告将提示实际超出目标 ${form.data.target_margin}% 以上的指标“目标可能设定偏低”`);
});

calendarRoutes.post('/refund-days', allow('admin'), async (c) => {
  const { user } = who(c);
  const values = await formValues(c);
  const form = parseForm(refundDaysForm, values);
  if (!form.ok) return render(c, thisYear(), { refundValues: values, refundErrors: form.errors }, 422);
  const { scope } = who(c);
  await setCenterSettings(c.get('db'), actor(user), scope.centerId, [[REFUND_DAYS_KEY, form.data.days]]);
  return redirectWithFlash(c, '/admin/calendar', `${centerName(c)}的保证金退还期限已设为活动结束后 ${form.data.days} 个工作日`);
});
