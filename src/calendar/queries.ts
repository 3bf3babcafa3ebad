// The working-day calendar (calendar_days) and the 保证金 refund period setting: read by the deposit
// worklist, kept by the admin with an audit event per change.
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import { calendarDays, settings } from '../../db/schema';
import { recordAudit, type Actor } from '../audit/queries';
import type { Db, DbOrTx } from '../db';
import type { CalendarOverrides } from '../lib/working-days';
import type { CalendarDayInput } from './forms';

/** The calendar's overrides in [from, to]. */
export async function calendarOverrides(db: DbOrTx, from: string, to: string): Promise<CalendarOverrides> {
  const rows = await db.select({ day: calendarDays.day, working: calendarDays.working }).from(calendarDays)
    .where(and(gte(calendarDays.day, from), lte(calendarDays.day, to)));
  return new Map(rows.map((r) => [r.day, r.working]));
}

export async function calendarYear(db: DbOrTx, year: number) {
  return db.select().from(calendarDays)
    .where(and(gte(calendarDays.day, `${year}-01-01`), lte(calendarDays.day, `${year}-12-31`))).orderBy(asc(calendarDays.day));
}

/** The years the calendar holds, newest first. */
export async function calendarYears(db: DbOrTx): Promise<number[]> {
  const rows = await db.execute<{ y: number }>(sql`select distinct extract(year from day)::int as y from calendar_days order by y desc`);
  return [...rows].map((r) => Number(r.y));
}

/** Enters or replaces one day of the calendar. */
export async function setCalendarDay(db: Db, actor: Actor, v: CalendarDayInput) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(calendarDays).where(eq(calendarDays.day, v.day)).for('update');
    const values = { day: v.day, working: v.working === '上班', note: v.note, updatedBy: actor.userId, updatedAt: new Date() };
    const [row] = await tx.insert(calendarDays).values(values)
      .onConflictDoUpdate({ target: calendarDays.day, set: { working: values.working, note: values.note, updatedBy: values.updatedBy, updatedAt: values.updatedAt } })
      .returning();
    await recordAudit(tx, actor, { action: before ? 'update' : 'create', entity: 'calendar_day', entityId: v.day, before: before ?? null, after: row });
    return row!;
  });
}

/** Removes a day from the calendar: it counts by the weekday again. */
export async function removeCalendarDay(db: Db, actor: Actor, day: string) {
  return db.transaction(async (tx) => {
    const [before] = await tx.delete(calendarDays).where(eq(calendarDays.day, day)).returning();
    if (before) await recordAudit(tx, actor, { action: 'delete', entity: 'calendar_day', entityId: day, before });
    return before ?? null;
  });
}

/**
 * The notice periods of a mineral-right 出让, in working days. Provinces set their own: the issue's
 * example is Sichuan's — 出让公告 at least 20 working days before the 拍卖/挂牌 start and a 挂牌 of at
 * least 10 working days (we could not find the Sichuan text in our corpus); the national 矿业权交易规则
 * (试行, 国土资发〔2011〕242号) says 20 days before a 拍卖 or 挂牌. A setting, defaults 20 and 10.
 */
export const MINERAL_NOTICE_KEY = 'mineral_notice_working_days';
export const MINERAL_LISTING_KEY = 'mineral_listing_working_days';
export const DEFAULT_MINERAL_NOTICE = { noticeDays: 20, listingDays: 10 };

async function intSetting(db: DbOrTx, key: string, fallback: number) {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  const n = Number(row?.value);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

export async function mineralNoticeDays(db: DbOrTx) {
  return {
    noticeDays: await intSetting(db, MINERAL_NOTICE_KEY, DEFAULT_MINERAL_NOTICE.noticeDays),
    listingDays: await intSetting(db, MINERAL_LISTING_KEY, DEFAULT_MINERAL_NOTICE.listingDays),
  };
}

export async function setMineralNoticeDays(db: Db, actor: Actor, v: { noticeDays: number; listingDays: number }) {
  return db.transaction(async (tx) => {
    for (const [key, value] of [[MINERAL_NOTICE_KEY, v.noticeDays], [MINERAL_LISTING_KEY, v.listingDays]] as const) {
      const [before] = await tx.select().from(settings).where(eq(settings.key, key)).for('update');
      await tx.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } });
      await recordAudit(tx, actor, { action: before ? 'update' : 'create', entity: 'setting', entityId: key, before: before?.value ?? null, after: value });
    }
  });
}

export const REFUND_DAYS_KEY = 'deposit_refund_working_days';
/** 国土资源部令第39号: refunds within 5 working days after the activity (the migration's default). */
export const DEFAULT_REFUND_DAYS = 5;

export async function refundWorkingDays(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, REFUND_DAYS_KEY));
  const n = Number(row?.value);
  return Number.isInteger(n) && n >= 0 ? n : DEFAULT_REFUND_DAYS;
}

export async function setRefundWorkingDays(db: Db, actor: Actor, days: number) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(settings).where(eq(settings.key, REFUND_DAYS_KEY)).for('update');
    await tx.insert(settings).values({ key: REFUND_DAYS_KEY, value: days })
      .onConflictDoUpdate({ target: settings.key, set: { value: days } });
    await recordAudit(tx, actor, { action: before ? 'update' : 'create', entity: 'setting', entityId: REFUND_DAYS_KEY, before: before?.value ?? null, after: days });
  });
}
