import { z } from 'zod';
import { f } from '../lib/forms';

// Mirrors the <input name>s of views/announcements/form.tsx; `parcels` is the checkbox group.
export const announcementForm = z.object({
  code: f.text('公告编号', 50),
  title: f.text('标题', 200),
  medium: f.optionalText('媒体', 50),
  published_on: f.date('发布日期'),
  cost: f.money('费用'),
  // A repeated tick of the same box (or a replayed form) must not link a parcel twice.
  parcels: f.ids('标的').transform((ids) => [...new Set(ids)])
    .refine((ids) => ids.length > 0, '请至少选择一宗本公告覆盖的标的'),
});

export type AnnouncementInput = z.output<typeof announcementForm>;
