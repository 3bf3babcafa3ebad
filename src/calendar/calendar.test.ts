import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, calendarDays } from '../../db/schema';
import { besideField, createTestApp, type TestApp } from '../../tests/helpers/app';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../lib/working-days';
import { calendarOverrides, centerSettings, REFUND_DAYS_KEY, refundWorkingDays } from './queries';

let t: TestApp;
let admin: string;
let staff: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
  staff = await t.signIn('staff');
});
afterAll(() => t.close());

describe('working days', () => {
  const none = new Map<string, boolean>();

  it('counts Monday to Friday without a calendar, the day itself not counted', () => {
    // 2026-12-04 is a Friday: five working days after it is the next Friday.
    expect(addWorkingDays('2026-12-04', 5, none)).toBe('2026-12-11');
    expect(addWorkingDays('2026-12-04', 1, none)).toBe('2026-12-07');
    expect(addWorkingDays('2026-12-04', 0, none)).toBe('2026-12-04');
    expect(workingDaysBetween('2026-12-04', '2026-12-11', none)).toBe(5);
    expect(workingDaysBetween('2026-12-11', '2026-12-04', none)).toBe(0);
  });

  it('follows the seeded 节假日安排: 2020 国庆 and its 调休 Saturday', async () => {
    const cal = await calendarOverrides(t.db, '2020-09-01', '2020-10-31');
    // 国办发明电〔2019〕16号: 10月1日至8日放假, 9月27日（星期日）、10月10日（星期六）上班.
    expect(isWorkingDay('2020-10-05', cal)).toBe(false);
    expect(isWorkingDay('2020-10-10', cal)).toBe(true);
    expect(isWorkingDay('2020-09-27', cal)).toBe(true);
    // An activity on 2020-09-30 (Wednesday): 10-09 (Fri), 10-10 (Sat, 上班), 10-12, 10-13, 10-14.
    expect(addWorkingDays('2020-09-30', 5, cal)).toBe('2020-10-14');
    expect(addWorkingDays('2020-09-30', 5, new Map())).toBe('2020-10-07');
  });

  it('follows the 2026 春节', async () => {
    const cal = await calendarOverrides(t.db, '2026-02-01', '2026-03-31');
    // 2026: 2月15日至23日放假，2月14日（星期六）、2月28日（星期六）上班.
    expect(isWorkingDay('2026-02-16', cal)).toBe(false);
    expect(isWorkingDay('2026-02-23', cal)).toBe(false);
    expect(isWorkingDay('2026-02-14', cal)).toBe(true);
    expect(isWorkingDay('2026-02-28', cal)).toBe(true);
    // From Friday 02-13: 02-14 (Sat, 上班), then 02-24, 02-25, 02-26, 02-27.
    expect(addWorkingDays('2026-02-13', 5, cal)).toBe('2026-02-27');
  });
});

describe('工作日历 (admin)', () => {
  it('is the admin\'s alone', async () => {
    expect((await t.get('/admin/calendar', staff)).status).toBe(403);
    expect((await t.post('/admin/calendar/days', { day: '2027-01-01', working: '放假', note: '元旦' }, staff)).status).toBe(403);
    expect((await t.post('/admin/calendar/refund-days', { days: '3' }, staff)).status).toBe(403);
    expect((await t.post('/admin/calendar/days/2026-10-01/removal', {}, staff)).status).toBe(403);
    const [still] = await t.db.select().from(calendarDays).where(eq(calendarDays.day, '2026-10-01'));
    expect(still?.working).toBe(false);
  });

  it('shows a seeded year with its 放假 and 调休 days', async () => {
    const html = await (await t.get('/admin/calendar?year=2020', admin)).text();
    expect(html).toContain('2020-10-10');
    expect(html).toContain('2020-01-24');
    expect(html).toMatch(/2026/); // the year links
  });

  it('adds, replaces and removes a day, each audited, and the calendar follows', async () => {
    let res = await t.post('/admin/calendar/days', { day: '2027/1/1', working: '放假', note: '元旦' }, admin);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/calendar?year=2027');
    expect(isWorkingDay('2027-01-01', await calendarOverrides(t.db, '2027-01-01', '2027-01-31'))).toBe(false);

    res = await t.post('/admin/calendar/days', { day: '2027-01-01', working: '上班', note: '改为上班' }, admin);
    expect(res.status).toBe(303);
    const [row] = await t.db.select().from(calendarDays).where(eq(calendarDays.day, '2027-01-01'));
    expect(row).toMatchObject({ working: true, note: '改为上班' });

    res = await t.post('/admin/calendar/days/2027-01-01/removal', {}, admin);
    expect(res.status).toBe(303);
    expect(await t.db.select().from(calendarDays).where(eq(calendarDays.day, '2027-01-01'))).toHaveLength(0);
    // 2027-01-01 is a Friday: a working day again by its weekday.
    expect(isWorkingDay('2027-01-01', await calendarOverrides(t.db, '2027-01-01', '2027-01-31'))).toBe(true);

    const events = await t.db.select({ action: auditEvents.action }).from(auditEvents)
      .where(and(eq(auditEvents.entity, 'calendar_day'), eq(auditEvents.entityId, '2027-01-01'))).orderBy(auditEvents.id);
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
  });

  it('refuses a bad day beside its field and changes nothing; an unknown day is a 404', async () => {
    const before = await t.db.select().from(calendarDays);
    let res = await t.post('/admin/calendar/days', { day: '2027-02-30', working: '放假', note: '' }, admin);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(besideField(html, 'day')).toBeTruthy();
    expect(besideField(html, 'note')).toBeTruthy();
    res = await t.post('/admin/calendar/days', { day: '2027-03-01', working: '补休', note: '说明' }, admin);
    expect(res.status).toBe(422);
    expect(await t.db.select().from(calendarDays)).toHaveLength(before.length);
    expect((await t.post('/admin/calendar/days/2027-03-05/removal', {}, admin)).status).toBe(404);
    expect((await t.post('/admin/calendar/days/not-a-day/removal', {}, admin)).status).toBe(404);
  });

  it('keeps the refund period as a setting of the admin\'s center and those below it, 5 by default, within 1–30', async () => {
    const { city, county, other } = t.fixture.centers;
    expect(await refundWorkingDays(t.db, city)).toBe(5);
    // Migration 0011 put the deployment's 5 in \`settings\`; the city has no value of its own yet.
    expect(await (await t.get('/admin/calendar', admin)).text()).toContain('（国土资源部令第39号规定为5个工作日）。当前：沿用系统设置');
    let res = await t.post('/admin/calendar/refund-days', { days: '0' }, admin);
    expect(res.status).toBe(422);
    expect(besideField(await res.text(), 'days')).toBeTruthy();
    res = await t.post('/admin/calendar/refund-days', { days: '3' }, admin);
    expect(res.status).toBe(303);
    expect(await refundWorkingDays(t.db, city)).toBe(3);
    // The county below the city follows it; an unrelated center keeps its own (here the default).
    expect(await refundWorkingDays(t.db, county)).toBe(3);
    expect(await refundWorkingDays(t.db, other)).toBe(5);
    expect(await (await t.get('/admin/calendar', admin)).text()).toContain('（国土资源部令第39号规定为5个工作日）。当前：本中心设置');
    const resolved = await centerSettings(t.db, [county], [REFUND_DAYS_KEY]);
    expect(resolved.get(county)![REFUND_DAYS_KEY]).toEqual({ value: 3, from: 'parent', center: '测试市公共资源交易中心' });
    const [ev] = await t.db.select().from(auditEvents).where(eq(auditEvents.entity, 'center_setting'));
    expect(ev).toMatchObject({ action: 'create', entityId: `${city}:deposit_refund_working_days`, centerId: city, after: 3 });
    await t.post('/admin/calendar/refund-days', { days: '5' }, admin);
  });
});
