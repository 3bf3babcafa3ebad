import { z } from 'zod';
import { balanceDispositionKinds, enteredBudgetKinds, fundSources, paymentCategories } from '../../db/schema';
import { f } from '../lib/forms';

// Each schema mirrors the <input name>s of one form in views/funds/.

/** An amount in 元 that must be more than nothing: every record here moves real money. */
const positiveMoney = (label: string) => f.money(label).refine((v) => v > 0n, `${label}应大于0`);

export const projectForm = z.object({
  name: f.text('项目名称', 100),
  year: f.int('年度', 1990, 2200),
  budget_unit: f.optionalText('预算单位', 100),
  target: f.optionalText('年度目标', 1000),
  /** 实际完成目标: shown for a project whose sentence is not written from the figures (REPORTING.md "Narrative"). */
  actual_goal: f.optionalText('实际完成目标', 1000),
});
export type ProjectInput = z.output<typeof projectForm>;

export const budgetForm = z.object({
  kind: f.choice('类型', enteredBudgetKinds),
  amount: positiveMoney('金额'),
  entry_date: f.date('日期'),
  doc_no: f.optionalText('文号', 100),
  reason: f.optionalText('说明', 500),
});
export type BudgetInput = z.output<typeof budgetForm>;

export const arrivalForm = z.object({
  amount: positiveMoney('金额'),
  arrived_on: f.date('到位日期'),
  source: f.choice('来源渠道', fundSources),
  note: f.optionalText('说明', 500),
});
export type ArrivalInput = z.output<typeof arrivalForm>;

const paymentFields = {
  category: f.choice('支付类别', paymentCategories),
  payee: f.optionalText('收款人', 200),
  amount: positiveMoney('金额'),
  transfer_id: f.optionalId('出让活动'),
  /** An agency fee for every round of the transfer's parcel its agency ran (`挂牌劳务费（两场）`). */
  all_rounds: f.checkbox(),
  announcement_id: f.optionalId('出让公告'),
  summary: f.optionalText('摘要', 500),
  attachment: f.optionalText('原始凭证', 500),
};

type PaymentShape = { category: string; payee?: string | undefined; transfer_id?: number | undefined; all_rounds: boolean; announcement_id?: number | undefined };

// What each category must point at: an agency fee pays for one transfer (its agency is the payee),
// an announcement fee for one announcement.
function paymentLinks(v: PaymentShape, ctx: z.RefinementCtx) {
  if (v.category === '拍卖机构劳务费' && v.transfer_id === undefined) ctx.addIssue({ code: 'custom', path: ['transfer_id'], message: '拍卖机构劳务费请选择对应的出让活动' });
  if (v.category === '公告费' && v.announcement_id === undefined) ctx.addIssue({ code: 'custom', path: ['announcement_id'], message: '公告费请选择对应的出让公告' });
  if (v.category !== '拍卖机构劳务费' && !v.payee) ctx.addIssue({ code: 'custom', path: ['payee'], message: '请填写收款人' });
  if (v.all_rounds && v.category !== '拍卖机构劳务费') ctx.addIssue({ code: 'custom', path: ['all_rounds'], message: '只有拍卖机构劳务费可以按标的全部场次支付' });
}

/** Editing a draft: the project stays the one it was drafted under. */
export const paymentForm = z.object(paymentFields).superRefine(paymentLinks);
export const newPaymentForm = z.object({ project_id: f.id('项目'), ...paymentFields }).superRefine(paymentLinks);
export type PaymentInput = z.output<typeof paymentForm>;
export type NewPaymentInput = z.output<typeof newPaymentForm>;

export const returnForm = z.object({ reason: f.text('退回原因', 500) });

export const disbursementForm = z.object({
  paid_on: f.date('支付日期'),
  voucher_no: f.text('凭证号', 50),
});
export type DisbursementInput = z.output<typeof disbursementForm>;

export const reversalForm = z.object({
  amount: positiveMoney('冲销金额'),
  paid_on: f.date('冲销日期'),
  voucher_no: f.text('凭证号', 50),
  reason: f.text('冲销原因', 500),
});
export type ReversalInput = z.output<typeof reversalForm>;

export const closeYearForm = z.object({ year: f.int('年度', 1990, 2200) });

/** 年末结余处置 of a closed project (src/funds/balances.ts checks what depends on the records). */
export const dispositionForm = z.object({
  kind: f.choice('处置方式', balanceDispositionKinds),
  amount: positiveMoney('金额'),
  decided_on: f.date('处置日期'),
  target_project: f.optionalId('结转到项目'),
  doc_no: f.optionalText('文号', 100),
  reason: f.optionalText('说明', 500),
});
export type DispositionInput = z.output<typeof dispositionForm>;
