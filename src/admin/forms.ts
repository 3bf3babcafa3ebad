import { z } from 'zod';
import { roles } from '../../db/schema';
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
};

type Profile = { role: string; agency_id?: number | undefined };

// The database's users_agency_role check, told beside the field: agency users belong to one agency, nobody else does.
function agencyRule(v: Profile, ctx: z.RefinementCtx) {
  if (v.role === 'agency' && v.agency_id === undefined) ctx.addIssue({ code: 'custom', path: ['agency_id'], message: '拍卖机构用户请选择所属拍卖机构' });
  if (v.role !== 'agency' && v.agency_id !== undefined) ctx.addIssue({ code: 'custom', path: ['agency_id'], message: '只有“拍卖机构”角色的用户才能关联拍卖机构' });
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
}).superRefine((v, ctx) => { agencyRule(v, ctx); confirmRule(v, ctx); });

export const editUserForm = z.object({ ...profile, active: checkbox }).superRefine(agencyRule);

export const passwordForm = z.object({ password, password_confirm: passwordConfirm }).superRefine(confirmRule);

export type NewUserInput = z.output<typeof newUserForm>;
export type EditUserInput = z.output<typeof editUserForm>;
