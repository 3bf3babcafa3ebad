import { z } from 'zod';
import { applicationDocuments, applicationKinds, bidderKinds, dispositionKinds } from '../../db/schema';
import { creditCodeError, normalizeCreditCode } from '../lib/credit-code';
import { f } from '../lib/forms';
import { idNumberError, normalizeIdNumber } from '../lib/id-number';

const checked = (error: (v: string) => string | null, normalize: (v: string) => string, label: string) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(40, `${label}过长`).transform((v, ctx) => {
    const problem = error(v);
    if (problem) { ctx.addIssue({ code: 'custom', message: problem }); return z.NEVER; }
    return normalize(v);
  }).optional());

// Mirrors views/bidders/form.tsx. A 法人 is known by its 统一社会信用代码 and has a 法定代表人; a 自然人 by the 身份证号码.
export const bidderForm = z.object({
  kind: f.choice('竞买人类型', bidderKinds),
  name: f.text('名称或姓名', 200),
  credit_code: checked(creditCodeError, normalizeCreditCode, '统一社会信用代码'),
  id_number: checked(idNumberError, normalizeIdNumber, '身份证号码'),
  legal_rep: f.optionalText('法定代表人', 50),
  phone: f.optionalText('联系电话', 100),
  address: f.optionalText('住所', 300),
}).superRefine((v, ctx) => {
  const company = v.kind === '法人';
  if (company && !v.credit_code) ctx.addIssue({ code: 'custom', path: ['credit_code'], message: '法人竞买人须填写统一社会信用代码' });
  if (company && !v.legal_rep) ctx.addIssue({ code: 'custom', path: ['legal_rep'], message: '法人竞买人须填写法定代表人' });
  if (company && v.id_number) ctx.addIssue({ code: 'custom', path: ['id_number'], message: '法人竞买人不填身份证号码（法定代表人的证件随报名材料提交）' });
  if (!company && !v.id_number) ctx.addIssue({ code: 'custom', path: ['id_number'], message: '自然人竞买人须填写身份证号码' });
  if (!company && v.credit_code) ctx.addIssue({ code: 'custom', path: ['credit_code'], message: '自然人竞买人不填统一社会信用代码' });
});
export type BidderInput = z.output<typeof bidderForm>;

/** The member rows of the application form. */
export const MEMBER_ROWS = [1, 2, 3] as const;
const SHARE = /^\d{1,3}(\.\d{1,2})?$/;
/** A share in hundredths of a percent, exact (no float sums). */
const hundredths = (v: string) => { const [i, d = ''] = v.split('.'); return Number(i) * 100 + Number(d.padEnd(2, '0')); };

// Mirrors views/bidders/applications.tsx: 单独 names one bidder; 联合竞买 two or three with 出资比例 summing to 100%.
export const applicationForm = z.object({
  kind: f.choice('竞买方式', applicationKinds),
  applied_on: f.date('报名日期'),
  bidder_1: f.optionalId('竞买人'), share_1: f.optionalText('出资比例', 10),
  bidder_2: f.optionalId('竞买人'), share_2: f.optionalText('出资比例', 10),
  bidder_3: f.optionalId('竞买人'), share_3: f.optionalText('出资比例', 10),
  agent_name: f.optionalText('委托代理人', 50),
  agent_id_number: checked(idNumberError, normalizeIdNumber, '委托代理人身份证号码'),
  documents: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(applicationDocuments, { error: '报名材料无效' }))),
}).superRefine((v, ctx) => {
  const rows = MEMBER_ROWS.map((n) => ({ n, bidder: v[`bidder_${n}`], share: v[`share_${n}`] }));
  const members = rows.filter((r) => r.bidder !== undefined);
  for (const r of rows) if (r.bidder === undefined && r.share) ctx.addIssue({ code: 'custom', path: [`bidder_${r.n}`], message: '已填写出资比例，请选择竞买人' });
  if (members.length === 0) { ctx.addIssue({ code: 'custom', path: ['bidder_1'], message: '请选择竞买人' }); return; }
  const seen = new Set<number>();
  for (const m of members) {
    if (seen.has(m.bidder!)) ctx.addIssue({ code: 'custom', path: [`bidder_${m.n}`], message: '同一竞买人不能重复列出' });
    seen.add(m.bidder!);
  }
  if (v.kind === '单独') {
    if (members.length > 1) ctx.addIssue({ code: 'custom', path: ['kind'], message: '单独竞买只列一个竞买人；两个以上请选择联合竞买' });
    const share = members[0]!.share;
    if (share && (!SHARE.test(share) || hundredths(share) !== 10000)) ctx.addIssue({ code: 'custom', path: [`share_${members[0]!.n}`], message: '单独竞买的出资比例为100%' });
    return;
  }
  if (members.length < 2) { ctx.addIssue({ code: 'custom', path: ['bidder_2'], message: '联合竞买须至少两个竞买人' }); return; }
  let sum = 0;
  for (const m of members) {
    if (!m.share) { ctx.addIssue({ code: 'custom', path: [`share_${m.n}`], message: '请填写出资比例' }); return; }
    if (!SHARE.test(m.share) || hundredths(m.share) === 0 || hundredths(m.share) > 10000) {
      ctx.addIssue({ code: 'custom', path: [`share_${m.n}`], message: '出资比例应为大于0、不超过100的数，最多两位小数' }); return;
    }
    sum += hundredths(m.share);
  }
  if (sum !== 10000) ctx.addIssue({ code: 'custom', path: ['share_1'], message: `联合竞买各方出资比例合计应为100%，现为${(sum / 100).toFixed(2)}%` });
  if (!v.documents.includes('联合竞买协议')) ctx.addIssue({ code: 'custom', path: ['documents'], message: '联合竞买须提交联合竞买协议' });
});
export type ApplicationInput = z.output<typeof applicationForm>;

/** The members of a valid application, with their shares as numeric text (单独: 100). */
export function membersOf(v: ApplicationInput): { bidderId: number; share: string }[] {
  return MEMBER_ROWS.flatMap((n) => {
    const bidder = v[`bidder_${n}`];
    return bidder === undefined ? [] : [{ bidderId: bidder, share: v.kind === '单独' ? '100' : v[`share_${n}`]! }];
  });
}

export const reviewForm = z.object({
  review: f.choice('审查结果', ['通过', '不通过'] as const),
  review_reason: f.optionalText('不通过的理由', 500),
}).superRefine((v, ctx) => {
  if (v.review === '不通过' && !v.review_reason) ctx.addIssue({ code: 'custom', path: ['review_reason'], message: '资格审查不通过须写明理由' });
});
export type ReviewInput = z.output<typeof reviewForm>;

const positiveMoney = (label: string) => f.money(label).refine((v) => v > 0n, `${label}应大于0`);
/** A bank account number as banks print it, spaces and dashes dropped. */
const account = (label: string) => f.text(label, 60).transform((v) => v.replace(/[\s-]/g, '')).refine((v) => /^\d{6,32}$/.test(v), `${label}应为6至32位数字`);

// Mirrors views/bidders/deposits.tsx: one line of the bank statement, for one application.
export const receiptForm = z.object({
  application: f.id('报名'),
  bank_serial: f.text('银行流水号', 60),
  payer_name: f.text('缴款人户名', 200),
  payer_account: account('缴款账号'),
  payer_bank: f.optionalText('开户行', 100),
  amount: positiveMoney('到账金额'),
  received_on: f.date('到账日期'),
  received_time: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '到账时间应为 时:分，如 10:30').optional()),
});
export type ReceiptInput = z.output<typeof receiptForm>;

export const dispositionForm = z.object({
  application: f.id('报名'),
  payer_account: account('原缴款账号'),
  kind: f.choice('处置方式', dispositionKinds),
  amount: positiveMoney('处置金额'),
  disposed_on: f.date('处置日期'),
  bank_serial: f.optionalText('退款银行流水号', 60),
  document_no: f.optionalText('文号', 100),
  note: f.optionalText('说明', 500),
}).superRefine((v, ctx) => {
  if (v.kind === '没收' && !v.document_no) ctx.addIssue({ code: 'custom', path: ['document_no'], message: '没收保证金须填写决定文号' });
});
export type DispositionInput = z.output<typeof dispositionForm>;
