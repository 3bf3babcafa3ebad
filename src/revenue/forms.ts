import { z } from 'zod';
import { revenueTypes } from '../../db/schema';
import { todayShanghai } from '../lib/dates';
import { f } from '../lib/forms';

// Mirrors the <input name>s of views/revenue/form.tsx.
export const remittanceForm = z.object({
  receipt_no: f.text('缴款书号', 100),
  revenue_type: f.choice('收入类型', revenueTypes),
  transfer_id: f.optionalId('出让活动'),
  amount: f.money('金额'),
  remitted_on: f.date('上缴日期'),
}).superRefine((v, ctx) => {
  if (v.amount <= 0n) ctx.addIssue({ code: 'custom', path: ['amount'], message: '金额应大于 0' });
  // A remittance is recorded after the money went to the treasury: a future date is a typing mistake.
  if (v.remitted_on > todayShanghai()) ctx.addIssue({ code: 'custom', path: ['remitted_on'], message: '上缴日期不能晚于今天' });
});
export type RemittanceInput = z.output<typeof remittanceForm>;

// Mirrors views/revenue/target.tsx.
export const targetForm = z.object({
  amount: f.money('任务金额'),
}).superRefine((v, ctx) => {
  if (v.amount <= 0n) ctx.addIssue({ code: 'custom', path: ['amount'], message: '任务金额应大于 0' });
});
export type TargetInput = z.output<typeof targetForm>;
