import { z } from 'zod';
import { failureReasons, transferModes } from '../../db/schema';
import { f } from '../lib/forms';
import { confirmationDateProblem } from './law';
import { scheduleProblems } from './rules';

// The schedule of one round (场次): mirrors views/transfers/form.tsx.
export const transferForm = z.object({
  mode: f.choice('出让方式', transferModes),
  agency: f.optionalId('拍卖机构'),
  announcement: f.optionalId('出让公告'),
  notice_start: f.optionalDate('公告开始日期'),
  notice_end: f.optionalDate('公告截止日期'),
  registration_deadline: f.optionalDate('报名截止日期'),
  auction_date: f.optionalDate('竞价日期'),
}).superRefine((v, ctx) => {
  const problems = scheduleProblems({
    mode: v.mode, hasAgency: !!v.agency, noticeStart: v.notice_start, noticeEnd: v.notice_end,
    registrationDeadline: v.registration_deadline, auctionDate: v.auction_date,
  });
  for (const p of problems) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
});
export type TransferInput = z.output<typeof transferForm>;

// The results the result form records; 无效 only comes from declaring a deal void (annulForm).
export const recordableResults = ['进行中', '成交', '流拍', '终止'] as const;

// The result of a round: a deal (成交) needs its price, winner, date and confirmation number; nothing else
// carries them. A 流拍 states its reason; a 终止 its 文号 and date.
export const resultForm = z.object({
  result: f.choice('结果', recordableResults),
  deal_price: f.optionalMoney('成交价'),
  winner: f.optionalText('竞得人', 200),
  deal_date: f.optionalDate('成交日期'),
  confirmation_no: f.optionalText('成交确认书编号', 100),
  confirmation_date: f.optionalDate('成交确认书日期'),
  failure_reason: z.preprocess((v) => (v === '' ? undefined : v), f.choice('流拍原因', failureReasons).optional()),
  document_no: f.optionalText('终止文号', 100),
  decided_on: f.optionalDate('终止日期'),
}).superRefine((v, ctx) => {
  const deal = { deal_price: '成交价', winner: '竞得人', deal_date: '成交日期', confirmation_no: '成交确认书编号', confirmation_date: '成交确认书日期' } as const;
  for (const [key, label] of Object.entries(deal) as [keyof typeof deal, string][]) {
    if (v.result === '成交' && (v[key] === undefined || v[key] === '')) ctx.addIssue({ code: 'custom', path: [key], message: `成交须填写${label}` });
    if (v.result !== '成交' && v[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `结果为“${v.result}”时不填${label}` });
  }
  const signed = confirmationDateProblem(v.confirmation_date, v.deal_date);
  if (signed) ctx.addIssue({ code: 'custom', path: ['confirmation_date'], message: signed });
  if (v.result === '流拍' && !v.failure_reason) ctx.addIssue({ code: 'custom', path: ['failure_reason'], message: '流拍须选择流拍原因' });
  if (v.result !== '流拍' && v.failure_reason) ctx.addIssue({ code: 'custom', path: ['failure_reason'], message: `结果为“${v.result}”时不选流拍原因` });
  if (v.result === '终止' && !v.document_no) ctx.addIssue({ code: 'custom', path: ['document_no'], message: '终止须填写终止决定的文号' });
  if (v.result === '终止' && !v.decided_on) ctx.addIssue({ code: 'custom', path: ['decided_on'], message: '终止须填写终止日期' });
  for (const key of ['document_no', 'decided_on'] as const) {
    if (v.result !== '终止' && v[key]) ctx.addIssue({ code: 'custom', path: [key], message: `结果为“${v.result}”时不填${key === 'document_no' ? '终止文号' : '终止日期'}` });
  }
});
export type ResultInput = z.output<typeof resultForm>;

// 中止 (suspension) of a running round and its 恢复; a deal declared 无效 (void) by a documented decision.
export const suspendForm = z.object({
  on: f.date('中止日期'),
  reason: f.text('中止原因', 500),
  document_no: f.optionalText('文号', 100),
});
export type SuspendInput = z.output<typeof suspendForm>;

export const resumeForm = z.object({
  on: f.date('恢复日期'),
  reason: f.optionalText('说明', 500),
});
export type ResumeInput = z.output<typeof resumeForm>;

export const annulForm = z.object({
  on: f.date('认定无效日期'),
  document_no: f.text('文号', 100),
  reason: f.text('无效原因', 500),
});
export type AnnulInput = z.output<typeof annulForm>;

// The day the result was published (结果公示).
export const publicationForm = z.object({ on: f.date('结果公示日期') });
export type PublicationInput = z.output<typeof publicationForm>;
