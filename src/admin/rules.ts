import type { CurrentUser } from '../types';
import type { EditUserInput } from './forms';

/**
 * An admin may not lock themselves out: not deactivate their own account, not drop their own
 * admin role, and not move themselves to another center (which would shrink what they administer).
 */
export function selfEditProblems(me: CurrentUser, targetId: number, v: EditUserInput): Record<string, string> {
  if (me.id !== targetId) return {};
  const out: Record<string, string> = {};
  if (v.role !== 'admin') out.role = '不能取消自己的系统管理员角色';
  if (!v.active) out.active = '不能停用自己的账号';
  if (v.center_id !== me.centerId) out.center_id = '不能更改自己的所属交易中心';
  return out;
}

// Columns that change on every write or repeat the event's own time: they would only clutter a diff.
const NOISE = new Set(['createdAt', 'updatedAt']);
// Never shown, even if an older event carried it.
const SECRET = new Set(['passwordHash', 'password_hash', 'password']);

export interface Change { key: string; before?: string; after?: string }

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function showValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * What an audit event changed, for reading: for an update only the keys whose values differ;
 * for a create every value it was created with; for a removal every value it had.
 */
export function auditChanges(before: unknown, after: unknown): Change[] {
  const keep = (k: string) => !NOISE.has(k) && !SECRET.has(k);
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(keep);
    return keys.filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
      .map((k) => ({ key: k, before: showValue(before[k]), after: showValue(after[k]) }));
  }
  if (isRecord(after)) return Object.keys(after).filter(keep).map((k) => ({ key: k, after: showValue(after[k]) }));
  if (isRecord(before)) return Object.keys(before).filter(keep).map((k) => ({ key: k, before: showValue(before[k]) }));
  return [];
}

export const ENTITY_LABELS: Record<string, string> = {
  center: '交易中心', user: '用户', parcel: '标的', transfer: '出让活动', announcement: '出让公告', agency: '拍卖机构',
  project: '项目', budget_entry: '预算', fund_arrival: '资金到位', payment: '支付', closed_year: '年度结账',
  fee_agreement: '收费协议', remittance: '非税收入', revenue_target: '非税任务', demo: '演示数据',
  indicator: '绩效指标', deduction: '扣分', satisfaction_response: '满意度评价', api_token: 'API令牌',
  survey: '满意度调查', survey_question: '调查问题', import_mapping: '导入列映射',
  calendar_day: '工作日历', setting: '系统设置', bidder: '竞买人', 'bid-application': '报名', 'deposit-receipt': '保证金到账',
  'deposit-disposition': '保证金处置', 'bank-statement': '银行流水', center_setting: '中心设置', 'land-contract': '出让合同', 'price-collection': '出让价款缴款', 'service-fee-schedule': '交易服务费标准', 'service-fee-receipt': '交易服务费收款', balance_disposition: '结余处置',
};

export const ACTION_LABELS: Record<string, string> = {
  create: '新增', update: '修改', delete: '删除', 'sign-in': '登录', 'password-reset': '重置密码', 'record-result': '登记结果',
  'import-create': '导入新增', 'import-update': '导入更新',
  submit: '提交审批', approve: '审批通过', return: '退回', withdraw: '撤销', disburse: '支付', reverse: '冲销', 'close-year': '结账',
  issue: '签发', review: '资格审查', import: '导入', suspend: '中止', resume: '恢复', annul: '认定无效', correct: '更正', publish: '结果公示', revoke: '吊销', open: '开启', close: '结束', answer: '作答',
  'set-reserve': '设定底价', 'reset-reserve': '重新设定底价', 'refused-below-reserve': '低于底价的成交被拒绝',
};
