// Rules of a transfer round, shared by the forms and the ledger import (one source of truth).

/** Why no next round may follow this one, or null when it may (only after a 流拍 or 终止). */
export function nextRoundProblem(previous: { round: number; result: string } | undefined): string | null {
  if (!previous) return null;
  if (previous.result === '成交') return `已在第${previous.round}场成交，不能再组织出让`;
  if (previous.result === '进行中') return `第${previous.round}场尚未结束，请先登记其结果`;
  return null;
}

export interface Schedule {
  mode?: string;
  hasAgency: boolean;
  noticeStart?: string | null;
  noticeEnd?: string | null;
  registrationDeadline?: string | null;
  auctionDate?: string | null;
}

export type ScheduleField = 'agency' | 'notice_end' | 'registration_deadline';

/** Problems of a round's schedule, each with the form field it belongs beside. */
export function scheduleProblems(v: Schedule): { field: ScheduleField; message: string }[] {
  const out: { field: ScheduleField; message: string }[] = [];
  if (v.mode === '拍卖' && !v.hasAgency) out.push({ field: 'agency', message: '拍卖出让须选择承办的拍卖机构' });
  if (v.noticeStart && v.noticeEnd && v.noticeEnd < v.noticeStart) out.push({ field: 'notice_end', message: '公告截止日期不能早于公告开始日期' });
  if (v.registrationDeadline && v.auctionDate && v.registrationDeadline > v.auctionDate) {
    out.push({ field: 'registration_deadline', message: '报名截止日期不能晚于竞价日期' });
  }
  return out;
}

/** A deal cannot be closed before the auction it came from. */
export function dealDateProblem(dealDate: string | null | undefined, auctionDate: string | null | undefined): string | null {
  return dealDate && auctionDate && dealDate < auctionDate ? `成交日期不能早于竞价日期 ${auctionDate}` : null;
}
