import { z } from 'zod';
import { transferModes, transferResults } from '../../db/schema';
import { f } from '../lib/forms';

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
  if (v.notice_start && v.notice_end && v.notice_end < v.notice_start) {
    ctx.addIssue({ code: 'custom', path: ['notice_end'], message: '公告截止日期不能早于公告开始日期' });
  }
  if (v.registration_deadline && v.auction_date && v.registration_deadline > v.auction_date) {
    ctx.addIssue({ code: 'custom', path: ['registration_deadline'], message: '报名截止日期不能晚于竞价日期' });
  }
  if (v.mode === '拍卖' && !v.agency) ctx.addIssue({ code: 'custom', path: ['agency'], message: '拍卖出让须选择承办的拍卖机构' });
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
