import { z } from 'zod';
import { duties, roles } from '../../db/schema';
import { passwordProblem } from '../auth/passwords';
import { f } from '../lib/forms';

// Mirror the <input name>s of views/admin/user-form.tsx and views/admin/password.tsx.

const password = z.string({ error: '请填写密码' }).min(1, '请填写密码').superRefine((v, ctx) => {
  const problem = passwordProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const passwordConfirm = z.string({ error: '请再次输入密码' }).min(1, '请再次输入密码');

// An unchecked checkbox sends nothing, so absence means "off".
const checkbox = z.preprocess((v) => v !== undefined && v !== '', z.boolean());

const profile = {
  display_name: f.text('姓名', 50),
  role: f.choice('角色', roles),
  center_id: f.id('所属交易中心'),
  agency_id: f.optionalId('拍卖机构'),
  // A checkbox group: nothing checked sends nothing, one box a string, several an array.
  duties: z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(duties, { error: '请选择有效的审批职责' })).transform((list) => [...new Set(list)])),
};

type Profile = { role: string; agency_id?: number | undefined; duties: string[] };

// The database's users_agency_role check, told beside the field: agency users belong to one agency, nobody else does.
function agencyRule(v: Profile, ctx: z.RefinementCtx) {
  if (v.role === 'agency' && v.agency_id === undefined) ctx.addIssue({ code: 'custom', path: ['agency_id'], message: '拍卖机构用户请选择所属拍卖机构' });
  if (v.role !== 'agency' && v.agency_id !== undefined) ctx.addIssue({ code: 'custom', path: ['agency_id'], message: '只有“拍卖机构”角色的用户才能关联拍卖机构' });
}

// Payments are signed by finance staff (科室负责人) and leaders (分管领导); nobody else signs a step.
function dutyRule(v: Profile, ctx: z.RefinementCtx) {
  if (v.duties.length && v.role !== 'finance' && v.role !== 'leader') {
    ctx.addIssue({ code: 'custom', path: ['duties'], message: '只有“财务科”或“分管领导”角色的用户才能担任审批职责' });
  }
}

function confirmRule(v: { password: string; password_confirm: string }, ctx: z.RefinementCtx) {
  if (v.password !== v.password_confirm) ctx.addIssue({ code: 'custom', path: ['password_confirm'], message: '两次输入的密码不一致' });
}

export const newUserForm = z.object({
  username: z.string({ error: '请填写用户名' }).trim().min(1, '请填写用户名')
    .regex(/^[a-z0-9._-]{3,50}$/, '用户名应为3–50位小写字母、数字、“.”、“_”或“-”'),
  ...profile,
  password,
  password_confirm: passwordConfirm,
}).superRefine((v, ctx) => { agencyRule(v, ctx); dutyRule(v, ctx); confirmRule(v, ctx); });

export const editUserForm = z.object({ ...profile, active: checkbox }).superRefine((v, ctx) => { agencyRule(v, ctx); dutyRule(v, ctx); });

export const passwordForm = z.object({ password, password_confirm: passwordConfirm }).superRefine(confirmRule);

export type NewUserInput = z.output<typeof newUserForm>;
export type EditUserInput = z.output<typeof editUserForm>;
