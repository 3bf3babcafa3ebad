// The 保证金管理科's worklist on a day: what arrived that day, the deposits of unsuccessful bidders still
// held after their round ended (refund due, or overdue past the refund period in working days), and the
// refunds of the year that were made late; apart, the deposits of winners whose deal was declared 无效. Balances are the same receipts − dispositions as the
// 在途余额表 (src/bidders/ledger.ts), so the two agree to the 分.
import { sql } from 'drizzle-orm';
import { calendarOverrides, refundDaysByCenter } from '../calendar/queries';
import type { DbOrTx } from '../db';
import { addWorkingDays, calendarWindow, workingDaysBetween } from '../lib/working-days';
import { intArray } from '../lib/query';

// The day a round's activity ended: its 成交 date — for a deal later declared 无效, the voided deal's date
// (the losers were due their refunds from it; the round's history keeps it) — else the day its 终止 was
// decided, else its 竞价/拍卖 date, else the end of its 挂牌. 国土资源部令第39号 counts the refund period from
// the end of the activity.
const ACTIVITY_END = sql.raw(`coalesce(t.deal_date, (select (e.detail -> 'voided' ->> 'dealDate')::date from transfer_events e
  where e.transfer_id = t.id and e.kind = '无效' order by e.id desc limit 1), t.closed_on, t.auction_date, t.notice_end)`);
const NAMES = sql.raw(`(select string_agg(b.name, '、' order by m.share desc, b.id) from bid_application_members m
  join bidders b on b.id = m.bidder_id where m.application_id = a.id)`);

// The winner of a 成交 is recorded by name: a 联合竞买's names joined as NAMES joins them (the larger
// share first, as qualifiedBidders offers them), so the winner's application is the one whose names equal it.
const IS_WINNER = sql`(t.result = '成交' and t.winner = ${NAMES})`;

// The winner of a deal later declared 无效 (the round's history keeps the voided deal): its deposit is not
// an unsuccessful bidder's to refund in 5 working days — it waits for the decision, usually 没收 with the
// 文号 of the 无效 (the winner refused the contract), so the worklist lists it apart as 待处置.
const WAS_WINNER = sql`(t.result = '无效' and exists (select 1 from transfer_events e where e.transfer_id = t.id and e.kind = '无效'
  and e.detail -> 'voided' ->> 'winner' = ${NAMES}))`;

export interface ArrivalRow extends Record<string, unknown> {
  id: number; transfer_id: number; center: string; code: string; round: number; paddle_no: number | null; bidders: string;
  payer_name: string; payer_account: string; amount: string; received_at: string; bank_serial: string;
}

export interface RefundRow {
  applicationId: number; transferId: number; center: string; code: string; round: number; mode: string; result: string;
  paddleNo: number | null; bidders: string; balance: bigint;
  /** The activity's last day; null when the round records none (a 终止 without dates). */
  activityEnd: string | null;
  /** The last day the refund is on time; null with activityEnd. */
  due: string | null;
  /** Working days past `due` on the worklist's day (0 when not overdue). */
  overdueDays: number;
}

export interface LateRefundRow {
  dispositionId: number; transferId: number; center: string; code: string; round: number; bidders: string; payerAccount: string;
  amount: bigint; disposedOn: string; activityEnd: string; due: string; lateDays: number;
}

export interface Worklist {
  on: string;
  /** The refund period of the current center (each row is held to its own center's). */
  refundDays: number; arrivals: ArrivalRow[];
  /** Refunds still to make, not yet late. */
  due: RefundRow[];
  overdue: RefundRow[];
  /** 退还 recorded this year after their due day. */
  late: LateRefundRow[];
  /** Deposits of the winners of deals declared 无效, still held: 待处置 (没收 or 退还 by the decision). */
  voided: RefundRow[];
}

export async function depositWorklist(db: DbOrTx, centerIds: number[], on: string, currentCenter: number): Promise<Worklist> {
  const ids = intArray(centerIds);
  const [refundDaysOf, arrivals, held, refunds] = await Promise.all([
    refundDaysByCenter(db, [...centerIds, currentCenter]),
    db.execute<ArrivalRow>(sql`
      select r.id, r.transfer_id, c.name as center, p.code, t.round, a.paddle_no, ${NAMES} as bidders, r.payer_name, r.payer_account,
             r.amount::text, to_char(r.received_at, 'HH24:MI') as received_at, r.bank_serial
      from deposit_receipts r join bid_applications a on a.id = r.application_id join transfers t on t.id = r.transfer_id
        join parcels p on p.id = t.parcel_id join centers c on c.id = r.center_id
      where r.center_id = any(${ids}) and r.received_at::date = ${on}::date
      order by r.received_at, r.id`),
    // Applications holding money at the end of the day whose round is over, the winner's excepted.
    db.execute<{
      application_id: number; transfer_id: number; center: string; code: string; round: number; mode: string; result: string;
      paddle_no: number | null; bidders: string; balance: string; activity_end: string | null; was_winner: boolean; center_id: number;
    }>(sql`
      with r as (select application_id, sum(amount) as s from deposit_receipts
                 where center_id = any(${ids}) and received_at::date <= ${on}::date group by application_id),
           d as (select application_id, sum(amount) as s from deposit_dispositions
                 where center_id = any(${ids}) and disposed_on <= ${on}::date group by application_id)
      select a.id as application_id, t.id as transfer_id, c.name as center, p.code, t.round, t.mode, t.result, a.paddle_no,
             ${NAMES} as bidders, (r.s - coalesce(d.s, 0))::text as balance, ${ACTIVITY_END}::text as activity_end,
             ${WAS_WINNER} as was_winner, a.center_id
      from r join bid_applications a on a.id = r.application_id left join d on d.application_id = r.application_id
        join transfers t on t.id = a.transfer_id join parcels p on p.id = t.parcel_id join centers c on c.id = a.center_id
      where r.s - coalesce(d.s, 0) > 0 and t.result <> '进行中' and not ${IS_WINNER}
        and (${ACTIVITY_END} is null or ${ACTIVITY_END} <= ${on}::date)
      order by ${ACTIVITY_END} nulls first, a.id`),
    // This year's refunds to unsuccessful bidders, with the day their round ended.
    db.execute<{
      id: number; transfer_id: number; center: string; code: string; round: number; bidders: string; payer_account: string;
      amount: string; disposed_on: string; activity_end: string; center_id: number;
    }>(sql`
      select x.id, x.center_id, t.id as transfer_id, c.name as center, p.code, t.round, ${NAMES} as bidders, x.payer_account, x.amount::text,
             x.disposed_on::text, ${ACTIVITY_END}::text as activity_end
      from deposit_dispositions x join bid_applications a on a.id = x.application_id join transfers t on t.id = x.transfer_id
        join parcels p on p.id = t.parcel_id join centers c on c.id = x.center_id
      where x.center_id = any(${ids}) and x.kind = '退还' and x.disposed_on between date_trunc('year', ${on}::date)::date and ${on}::date
        and ${ACTIVITY_END} is not null and x.disposed_on > ${ACTIVITY_END} and not ${IS_WINNER} and not ${WAS_WINNER}
      order by x.disposed_on, x.id`),
  ]);
  const ends = [...held].map((h) => h.activity_end).concat([...refunds].map((r) => r.activity_end)).filter((d): d is string => !!d).sort();
  const refundDays = refundDaysOf.get(currentCenter)!;
  const longest = Math.max(...refundDaysOf.values());
  const window = calendarWindow(ends[0] ?? on, on, longest);
  const cal = await calendarOverrides(db, window.from, window.to);

  const due: RefundRow[] = [];
  const overdue: RefundRow[] = [];
  const voided: RefundRow[] = [];
  for (const h of held) {
    if (h.was_winner) {
      voided.push({
        applicationId: h.application_id, transferId: h.transfer_id, center: h.center, code: h.code, round: h.round, mode: h.mode,
        result: h.result, paddleNo: h.paddle_no, bidders: h.bidders, balance: BigInt(h.balance), activityEnd: h.activity_end, due: null, overdueDays: 0,
      });
      continue;
    }
    const dueOn = h.activity_end ? addWorkingDays(h.activity_end, refundDaysOf.get(h.center_id)!, cal) : null;
    const overdueDays = dueOn && dueOn < on ? workingDaysBetween(dueOn, on, cal) : 0;
    const row: RefundRow = {
      applicationId: h.application_id, transferId: h.transfer_id, center: h.center, code: h.code, round: h.round, mode: h.mode,
      result: h.result, paddleNo: h.paddle_no, bidders: h.bidders, balance: BigInt(h.balance), activityEnd: h.activity_end, due: dueOn, overdueDays,
    };
    // Overdue: the due day has passed, even if the days since were all holidays.
    (dueOn && dueOn < on ? overdue : due).push(row);
  }
  const late: LateRefundRow[] = [];
  for (const r of refunds) {
    const dueOn = addWorkingDays(r.activity_end, refundDaysOf.get(r.center_id)!, cal);
    if (r.disposed_on <= dueOn) continue;
    late.push({
      dispositionId: r.id, transferId: r.transfer_id, center: r.center, code: r.code, round: r.round, bidders: r.bidders, payerAccount: r.payer_account,
      amount: BigInt(r.amount), disposedOn: r.disposed_on, activityEnd: r.activity_end, due: dueOn, lateDays: workingDaysBetween(dueOn, r.disposed_on, cal),
    });
  }
  return { on, refundDays, arrivals: [...arrivals], due, overdue, late, voided };
}

export const REFUND_HEADERS = ['状态', '交易中心', '标的编号', '场次', '出让方式', '结果', '号牌', '竞买人', '活动结束日期', '应退截止日期', '逾期工作日', '应退或待处置金额（元）'];
