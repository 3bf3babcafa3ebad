import { z } from 'zod';
import { parcelKinds, serviceFeeMethods, serviceFeePayers } from '../../db/schema';
import { capProblem } from '../fees/forms';
import { parseRate, parseTiers, TIERS_EXAMPLE } from '../fees/rules';
import { f } from '../lib/forms';

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const rate = z.preprocess(blank, z.string().trim().transform((v, ctx) => {
  const r = parseRate(v);
  if (!r.ok) { ctx.addIssue({ code: 'custom', message: r.error }); return z.NEVER; }
  return r.value;
}).optional());
const tiers = z.preprocess(blank, z.string().trim().max(2000, '分档不能超过2000个字符').transform((v, ctx) => {
  const r = parseTiers(v);
  if (!r.ok) { ctx.addIssue({ code: 'custom', message: r.error }); return z.NEVER; }
  return r.value;
}).optional());

// Mirrors views/service-fees/page.tsx's schedule form: only the chosen method's fields may be filled.
export const scheduleForm = z.object({
  parcel_kind: f.choice('标的类型', parcelKinds),
  effective_from: f.date('执行日期'),
  document_no: f.text('收费文号', 100),
  method: f.choice('计费方式', serviceFeeMethods),
  fixed_amount: f.optionalMoney('固定金额'),
  rate,
  tiers,
  cap: f.optionalMoney('封顶金额'),
  payer: f.choice('缴费方', serviceFeePayers),
}).superRefine((v, ctx) => {
  const needs = { 按宗固定: ['fixed_amount', '固定金额'], 按成交价比例: ['rate', '费率'], 分档累进: ['tiers', '分档'] } as const;
  for (const [method, [key, label]] of Object.entries(needs) as [keyof typeof needs, (typeof needs)[keyof typeof needs]][]) {
    if (v.method === method && v[key] === undefined) {
      ctx.addIssue({ code: 'custom', path: [key], message: `${method}须填写${label}${key === 'tiers' ? `，如 ${TIERS_EXAMPLE}` : ''}` });
    }
    if (v.method !== method && v[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `计费方式为“${v.method}”时不填${label}` });
  }
  const cap = capProblem(v.method, v.cap);
  if (cap) ctx.addIssue({ code: 'custom', path: ['cap'], message: cap });
});
export type ScheduleInput = z.output<typeof scheduleForm>;
