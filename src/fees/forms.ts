import { z } from 'zod';
import { feeMethods } from '../../db/schema';
import { f } from '../lib/forms';
import { parseRate, parseTiers, TIERS_EXAMPLE } from './rules';

/**
 * What is wrong with an agreement's 封顶金额, or null: the one rule of the web form and of the ledger
 * import (src/ledger/sheets/fee-agreements.ts). A cap limits a fee that grows with the deal price; a
 * 按宗固定 fee is a fixed amount already, so a cap on it means nothing and is refused rather than
 * kept unnoticed. A cap of 0 would make every fee 0: no cap is written as an empty cell.
 */
export function capProblem(method: string, cap: bigint | null | undefined): string | null {
  if (cap === null || cap === undefined) return null;
  if (method === '按宗固定') return '计费方式为按宗固定时不填封顶金额（固定金额无需封顶）';
  if (cap === 0n) return '封顶金额应大于 0；不封顶请留空';
  return null;
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** A percentage field (rate units), empty for none: shared with the 交易服务费 standards. */
export const rate = z.preprocess(blankToUndefined, z.string().trim().transform((v, ctx) => {
  const r = parseRate(v);
  if (!r.ok) { ctx.addIssue({ code: 'custom', message: r.error }); return z.NEVER; }
  return r.value;
}).optional());

/** A 分档 field (`0-1000000:1;…`), empty for none: shared with the 交易服务费 standards. */
export const tiers = z.preprocess(blankToUndefined, z.string().trim().max(2000, '分档不能超过2000个字符').transform((v, ctx) => {
  const r = parseTiers(v);
  if (!r.ok) { ctx.addIssue({ code: 'custom', message: r.error }); return z.NEVER; }
  return r.value;
}).optional());


/**
 * Only the fields of the chosen method may be filled, and its own must be: the rule of the agency fee
 * agreements and of the 交易服务费 standards alike, with the cap's rule (capProblem).
 */
export function methodFields(v: { method: string; fixed_amount?: bigint; rate?: bigint; tiers?: unknown; cap?: bigint }, ctx: z.RefinementCtx) {
  const needs = { 按宗固定: ['fixed_amount', '固定金额'], 按成交价比例: ['rate', '费率'], 分档累进: ['tiers', '分档'] } as const;
  for (const [method, [key, label]] of Object.entries(needs) as [keyof typeof needs, (typeof needs)[keyof typeof needs]][]) {
    if (v.method === method && v[key] === undefined) {
      ctx.addIssue({ code: 'custom', path: [key], message: `${method}须填写${label}${key === 'tiers' ? `，如 ${TIERS_EXAMPLE}` : ''}` });
    }
    if (v.method !== method && v[key] !== undefined) {
      ctx.addIssue({ code: 'custom', path: [key], message: `计费方式为“${v.method}”时不填${label}` });
    }
  }
  const cap = capProblem(v.method, v.cap);
  if (cap) ctx.addIssue({ code: 'custom', path: ['cap'], message: cap });
}

// Mirrors the <input name>s of views/fees/agreement-form.tsx. Only the fields of the chosen
// method may be filled, so a stale rate never sits unnoticed beside a fixed-amount agreement.
export const agreementForm = z.object({
  agency_id: f.id('拍卖机构'),
  year: f.int('年度', 1990, 2200),
  method: f.choice('计费方式', feeMethods),
  fixed_amount: f.optionalMoney('固定金额'),
  rate,
  tiers,
  cap: f.optionalMoney('封顶金额'),
  pay_failed: f.checkbox(),
}).superRefine(methodFields);

export type AgreementInput = z.output<typeof agreementForm>;
