import { z } from 'zod';
import { transferModes, transferResults } from '../../db/schema';
import { f } from '../lib/forms';
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

// The result of a round: a deal (成交) needs its price, winner, date and confirmation number; nothing else carries them.
export const resultForm = z.object({
  result: f.choice('结果', transferResults),
  deal_price: f.optionalMoney('成交价'),
  winner: f.optionalText('竞得人', 200),
  deal_date: f.optionalDate('成交日期'),
  confirmation_no: f.optionalText('成交确认书编号', 100),
}).superRefine((v, ctx) => {
  const deal = { deal_price: '成交价', winner: '竞得人', deal_date: '成交日期', confirmation_no: '成交确认书编号' } as const;
  for (const [key, label] of Object.entries(deal) as [keyof typeof deal, string][]) {
    if (v.result === '成交' && (v[key] === undefined || v[key] === '')) ctx.addIssue({ code: 'custom', path: [key], message: `成交须填写${label}` });
    if (v.result !== '成交' && v[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `结果为“${v.result}”时不填${label}` });
  }
});
export type ResultInput = z.output<typeof resultForm>;
