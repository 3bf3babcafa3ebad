import { z } from 'zod';
import { parcelKinds, serviceFeeMethods, serviceFeePayers, serviceFeeRemitRules } from '../../db/schema';
import { methodFields, rate, tiers } from '../fees/forms';
import { blankToUndefined, f } from '../lib/forms';

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
  remit_rule: z.preprocess(blankToUndefined, f.choice('上缴时限', serviceFeeRemitRules).optional()),
  remit_days: f.optionalInt('上缴时限天数', 1, 366),
  // A 更正: the standard it replaces (same kind and day) and why.
  supersedes: f.optionalId('更正的标准'),
  reason: f.optionalText('更正原因', 500),
}).superRefine(methodFields).superRefine((v, ctx) => {
  // The 时限 of the 同级财政部门 (schema: service_fee_schedules.remit_rule): both parts, or neither.
  if (v.remit_rule && v.remit_days === undefined) ctx.addIssue({ code: 'custom', path: ['remit_days'], message: '请填写上缴时限的天数' });
  if (!v.remit_rule && v.remit_days !== undefined) ctx.addIssue({ code: 'custom', path: ['remit_rule'], message: '请选择上缴时限的算法，或清空天数' });
  if (v.supersedes !== undefined && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: '更正收费标准须填写更正原因' });
  if (v.supersedes === undefined && v.reason) ctx.addIssue({ code: 'custom', path: ['supersedes'], message: '填写了更正原因：请选择要更正的标准，或清空原因' });
  if (v.remit_rule === '按季' && v.remit_days !== undefined && v.remit_days > 31) ctx.addIssue({ code: 'custom', path: ['remit_days'], message: '按季上缴的日子应在1–31日之间（季度后第一个月的第几日）' });
});
export type ScheduleInput = z.output<typeof scheduleForm>;

// One 票据 of 交易服务费 collected against a deal of the center (src/service-fees/receipts.ts addReceipt).
export const receiptForm = z.object({
  transfer_id: f.id('成交'),
  invoice_no: f.text('票据号', 100),
  amount: f.money('金额'),
  invoiced_on: f.date('开票日期'),
  collected_on: f.date('收款日期'),
}).superRefine((v, ctx) => {
  if (v.amount <= 0n) ctx.addIssue({ code: 'custom', path: ['amount'], message: '金额应大于0' });
});
export type ReceiptInput = z.output<typeof receiptForm>;
