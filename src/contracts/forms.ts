import { z } from 'zod';
import { f } from '../lib/forms';
import { instalmentProblems, MAX_INSTALMENTS, type Instalment } from './rules';

// The 出让合同 form: mirrors views/contracts/form.tsx. The schedule is up to MAX_INSTALMENTS rows
// (inst_amount_N, inst_due_N); blank rows are ignored.
const rows = Array.from({ length: MAX_INSTALMENTS }, (_, i) => i + 1);

// The instalment fields are parsed like the others; their values are read by name (instalmentsOf).
const instalmentShape = Object.fromEntries(rows.flatMap((n) => [
  [`inst_amount_${n}`, f.optionalMoney(`第${n}期金额`)], [`inst_due_${n}`, f.optionalDate(`第${n}期应缴日期`)],
])) as Record<never, never>;

export const contractForm = z.object({
  contract_no: f.text('合同编号', 100),
  supervision_no: f.optionalText('电子监管号', 40),
  signed_on: f.date('签订日期'),
  grantor: f.text('出让人', 200),
  grantee: f.text('受让人', 200),
  area: f.decimal('出让面积', 18, 4),
  land_use: f.optionalText('土地用途', 100),
  plot_ratio_min: f.decimal('容积率下限', 8, 2),
  plot_ratio_max: f.decimal('容积率上限', 8, 2),
  earnest: f.optionalMoney('定金'),
  delivery_on: f.optionalDate('交地日期'),
  start_by: f.optionalDate('约定开工日期'),
  complete_by: f.optionalDate('约定竣工日期'),
  extension_doc_no: f.optionalText('延期缴纳决策文号', 100),
}).extend(instalmentShape).superRefine((v, ctx) => {
  const value = v as Record<string, unknown>;
  if (v.plot_ratio_min && v.plot_ratio_max && Number(v.plot_ratio_min) > Number(v.plot_ratio_max)) {
    ctx.addIssue({ code: 'custom', path: ['plot_ratio_max'], message: '容积率上限不能小于下限' });
  }
  if (v.start_by && v.complete_by && v.complete_by < v.start_by) ctx.addIssue({ code: 'custom', path: ['complete_by'], message: '约定竣工日期不能早于约定开工日期' });
  // Rows in order without gaps: each filled row has both its amount and its date.
  let ended = false;
  for (const n of rows) {
    const amount = value[`inst_amount_${n}`];
    const due = value[`inst_due_${n}`];
    if (amount === undefined && due === undefined) { ended = true; continue; }
    if (ended) ctx.addIssue({ code: 'custom', path: [`inst_amount_${n}`], message: `第${n}期之前有空行：请从第1期起依次填写` });
    if (amount === undefined) ctx.addIssue({ code: 'custom', path: [`inst_amount_${n}`], message: `请填写第${n}期金额` });
    else if ((amount as bigint) <= 0n) ctx.addIssue({ code: 'custom', path: [`inst_amount_${n}`], message: `第${n}期金额应大于0` });
    if (due === undefined) ctx.addIssue({ code: 'custom', path: [`inst_due_${n}`], message: `请填写第${n}期应缴日期` });
  }
});

type Parsed = z.output<typeof contractForm>;
export type ContractInput = Parsed & { instalments: Instalment[] };

/** The filled instalment rows, in order. */
export function instalmentsOf(v: Parsed): Instalment[] {
  const value = v as Record<string, unknown>;
  return rows.flatMap((n) => {
    const amount = value[`inst_amount_${n}`] as bigint | undefined;
    const due = value[`inst_due_${n}`] as string | undefined;
    return amount !== undefined && due !== undefined ? [{ amount, dueOn: due }] : [];
  });
}

/** The schedule's problems against the deal's price, as form errors (the sum goes above the table). */
export function scheduleErrors(v: Parsed, price: bigint): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const p of instalmentProblems({ price, signedOn: v.signed_on, instalments: instalmentsOf(v), extensionDocNo: v.extension_doc_no })) {
    const key = p.row === 0 ? 'instalments' : `inst_${p.field === 'amount' ? 'amount' : 'due'}_${p.row}`;
    errors[key] ??= p.message;
  }
  return errors;
}

// A collection of the price (缴款登记): mirrors the form on views/contracts/page.tsx.
export const collectionForm = z.object({
  collector: f.choice('征收机关', ['国库', '税务'] as const),
  voucher_no: f.text('缴款书号或入库凭证号', 100),
  amount: f.money('金额'),
  collected_on: f.date('缴款日期'),
  pushed_on: f.optionalDate('费源信息推送日期'),
}).superRefine((v, ctx) => {
  if (v.amount <= 0n) ctx.addIssue({ code: 'custom', path: ['amount'], message: '金额应大于0' });
  if (v.collector === '税务' && !v.pushed_on) ctx.addIssue({ code: 'custom', path: ['pushed_on'], message: '税务征收须填写费源信息推送日期' });
  if (v.collector === '国库' && v.pushed_on) ctx.addIssue({ code: 'custom', path: ['pushed_on'], message: '国库缴款书不填费源信息推送日期' });
  if (v.pushed_on && v.pushed_on > v.collected_on) ctx.addIssue({ code: 'custom', path: ['pushed_on'], message: '费源信息推送日期不能晚于缴款日期' });
});
export type CollectionInput = z.output<typeof collectionForm>;

// A 冲销 of a collection recorded by mistake: the day and the reason (the collection itself is kept).
export const reversalForm = z.object({
  reversed_on: f.date('冲销日期'),
  reason: f.text('冲销原因', 500),
});
export type ReversalInput = z.output<typeof reversalForm>;
