import { z } from 'zod';
import { f } from '../lib/forms';

// Mirrors views/calendar/page.tsx.
export const calendarDayForm = z.object({
  day: f.date('日期'),
  working: f.choice('类型', ['上班', '放假'] as const),
  note: f.text('说明', 100),
});
export type CalendarDayInput = z.output<typeof calendarDayForm>;

// The law's 5 working days is the default; a province or 出让文件 may set fewer, none sets more than a month.
export const mineralNoticeForm = z.object({ notice_days: f.int('公告期', 1, 60), listing_days: f.int('挂牌期', 1, 60) });

export const refundDaysForm = z.object({ days: f.int('退还期限', 1, 30) });

/** 目标可能设定偏低: the percent by which an actual may pass its target before the report flags it. */
export const targetMarginForm = z.object({ target_margin: f.int('超出目标比例', 0, 1000) });
