import { z } from 'zod';
import { creditCodeError, normalizeCreditCode } from '../lib/credit-code';
import { f } from '../lib/forms';

// People type the code in lower case or with stray spaces; the stored, unique form is upper case.
const creditCode = z.string({ error: '请填写统一社会信用代码' }).trim().min(1, '请填写统一社会信用代码')
  .transform((v, ctx) => {
    const error = creditCodeError(v);
    if (error) { ctx.addIssue({ code: 'custom', message: error }); return z.NEVER; }
    return normalizeCreditCode(v);
  });

// Landlines are written "(0839) 321-2345" or "+86 139…": allow what people write, nothing else.
const PHONE = /^[0-9 ()+-]{7,20}$/;

// Mirrors the <input name>s of views/agencies/form.tsx.
export const agencyForm = z.object({
  credit_code: creditCode,
  name: f.text('名称', 200),
  contact_person: f.optionalText('联系人', 50),
  contact_phone: f.optionalText('联系电话', 100).refine((v) => v === undefined || PHONE.test(v),
    '联系电话只能包含数字、空格、“-”、“+”和括号，长度为7至20位'),
});

export type AgencyInput = z.output<typeof agencyForm>;
