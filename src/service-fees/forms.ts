import { z } from 'zod';
import { parcelKinds, serviceFeeMethods, serviceFeePayers } from '../../db/schema';
import { methodFields, rate, tiers } from '../fees/forms';
import { f } from '../lib/forms';

// Mirrors views/service-fees/page.tsx's schedule form: only the chosen method's fields may be filled.
export const scheduleForm = z.object({
  parcel_kind: f.choice('标的类型', parcelKinds),
  effective_from: f.date('执行日期').refine((d) => d >= '1990-01-01' && d <= `${new Date().getUTCFullYear() + 1}-12-31`, '执行日期应在1990年至明年之间'),
  document_no: f.text('收费文号', 100),
  method: f.choice('计费方式', serviceFeeMethods),
  fixed_amount: f.optionalMoney('固定金额'),
  rate,
  tiers,
  cap: f.optionalMoney('封顶金额'),
  payer: f.choice('缴费方', serviceFeePayers),
}).superRefine(methodFields);
export type ScheduleInput = z.output<typeof scheduleForm>;
