// Pure rules of the funds: money arithmetic of the figures (REPORTING.md, bigint 分 throughout),
// the approval chain of a payment, and the dates a project's records may carry.
import type { Duty, PaymentStatus } from '../../db/schema';

/**
 * `part / whole × 100`, rounded half-up to two decimals, as a string ("91.50"); null when the whole
 * is 0. Rounding happens here, once, at the end (REPORTING.md: never in between).
 */
export function percent(part: bigint, whole: bigint): string | null {
  if (whole === 0n) return null;
  const neg = (part < 0n) !== (whole < 0n) && part !== 0n;
  const p = part < 0n ? -part : part;
  const w = whole < 0n ? -whole : whole;
  const hundredths = (p * 10000n * 2n + w) / (2n * w); // round half-up of p × 10000 / w
  const s = `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`;
  // A negative share too small to show is 0.00, not -0.00.
  return neg && hundredths !== 0n ? `-${s}` : s;
}

/** 序时进度: the share of the year's budget that should be spent by the end of month m (1–12). */
export function theoreticalByMonth(totalAtMonthEnd: bigint, month: number): bigint {
  // total × m / 12, rounded half-up to the 分.
  const n = totalAtMonthEnd * BigInt(month);
  return n >= 0n ? (n * 2n + 12n) / 24n : -((-n * 2n + 12n) / 24n);
}

// ─── The approval chain (资金支付审批) ───────────────────────────────────────────────────────────
// 经办人签字 → 科室负责人 → 业务分管领导 → 财务分管领导 → 支付 (the seed's 财务管理情况).

/** For each status that waits for a signature: whose duty signs it, and where the signature takes it. */
export const approvalSteps: Partial<Record<PaymentStatus, { duty: Duty; next: PaymentStatus }>> = {
  待科室负责人审核: { duty: '科室负责人', next: '待业务分管领导审批' },
  待业务分管领导审批: { duty: '业务分管领导', next: '待财务分管领导审批' },
  // The last signature reserves the money: this is where the budget guard runs.
  待财务分管领导审批: { duty: '财务分管领导', next: '待支付' },
};

export const stepOf = (status: PaymentStatus) => approvalSteps[status] ?? null;

/** Statuses in which the money is reserved or spent: what counts against the total budget. */
export const committedStatuses: readonly PaymentStatus[] = ['待支付', '已支付'];

/**
 * A payment still being handled: neither paid (已支付) nor withdrawn (已撤销). Closing its project's
 * year does not strand it: it goes on, and is paid in a later year as a 跨年支付 (closeYear counts them).
 */
export const unfinishedStatuses: readonly PaymentStatus[] = ['草稿', '待科室负责人审核', '待业务分管领导审批', '待财务分管领导审批', '待支付', '已退回'];

/** A payment is still the 经办人's to change (or withdraw, or submit) only before anyone signs it, or after it is sent back. */
export const isWithDrafter = (status: PaymentStatus) => status === '草稿' || status === '已退回';

/** The signatures a payment carries so far (payment_steps), as the approval rule reads them. */
export interface Signature { userId: number | null; duty: string | null; toStatus: string }

export type Refusal = { status: 403 | 409; message: string };

/**
 * Why this user may not sign the payment's current step, or null when they may. One rule for the
 * route and for the page that shows (or hides) the 同意 button.
 */
export function approvalRefusal(
  payment: { status: PaymentStatus; createdBy: number | null },
  user: { id: number; duties: readonly string[] },
  signatures: readonly Signature[],
): Refusal | null {
  const step = stepOf(payment.status);
  if (!step) return { status: 409, message: `该支付当前状态为“${payment.status}”，不在审批中（可能已被他人处理）` };
  if (!user.duties.includes(step.duty)) return { status: 403, message: `此步骤须由${step.duty}审批，您没有该职责` };
  if (payment.createdBy === user.id) return { status: 403, message: '经办人不能审批自己起草的支付' };
  // Four different people sign a payment: the same person may not sign two of its steps.
  const signedOther = signatures.some((s) => s.userId === user.id && s.duty !== null && s.duty !== step.duty && s.toStatus !== '已退回');
  if (signedOther) return { status: 403, message: '同一人不能在同一笔支付上签署两个审批步骤' };
  return null;
}

/** Who may send the current step back: whoever holds its duty. */
export function returnRefusal(payment: { status: PaymentStatus }, user: { duties: readonly string[] }): Refusal | null {
  const step = stepOf(payment.status);
  if (!step) return { status: 409, message: `该支付当前状态为“${payment.status}”，不在审批中（可能已被他人处理）` };
  if (!user.duties.includes(step.duty)) return { status: 403, message: `此步骤须由${step.duty}退回，您没有该职责` };
  return null;
}

/** The 经办人 is the one who drafted it; a payment without a recorded drafter (imported) is any finance user's. */
export const isDrafter = (payment: { createdBy: number | null }, userId: number) => payment.createdBy === null || payment.createdBy === userId;

/** The money is reserved only while the project's total budget covers everything reserved or spent. */
export const fitsBudget = (committed: bigint, amount: bigint, total: bigint) => committed + amount <= total;

// ─── Dates of the project's year ──────────────────────────────────────────────────────────────

export const yearOf = (date: string) => Number(date.slice(0, 4));

/**
 * A budget entry is dated in the project's year; the 年初预算 may also be approved in the December
 * before it (budgets are passed before the year opens).
 */
export function budgetDateProblem(kind: string, date: string, year: number): string | null {
  if (yearOf(date) === year) return null;
  if (kind === '年初预算' && date >= `${year - 1}-12-01` && date <= `${year - 1}-12-31`) return null;
  return kind === '年初预算' ? `日期应在${year}年内，或${year - 1}年12月（年初预算）` : `日期应在项目年度${year}年内`;
}

/** Arrivals and payments count towards the project's figures only when dated in its year (REPORTING.md). */
export function inYearProblem(label: string, date: string, year: number): string | null {
  return yearOf(date) === year ? null : `${label}应在项目年度${year}年内`;
}

/**
 * Where a paid payment's 支付日期 falls against its project's year. 'after' is a 跨年支付: the
 * project's money paid once its year is over (an agency fee of December settled in January). It is a
 * real payment and is recorded, but REPORTING.md counts 执行数 by 支付日期 in the year, so it counts in
 * no year's 执行数 or monthly execution. 'before' the year is never a payment of the project: the web
 * refuses it.
 */
export function paidOnYear(paidOn: string, year: number): 'in' | 'after' | 'before' {
  const y = yearOf(paidOn);
  return y === year ? 'in' : y > year ? 'after' : 'before';
}

export const paidBeforeYearMessage = (year: number) => `支付日期不能早于项目年度${year}年`;

/** How a 跨年支付 is shown wherever it is listed. */
export const crossYearNote = (year: number) => `跨年支付：不计入${year}年的执行数与月度执行`;
