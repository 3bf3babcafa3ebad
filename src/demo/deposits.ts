// The demo's 竞买人, 报名 and 保证金 for GYJY's rounds of 2020, built from the imported rounds so that
// they agree with them: every 成交's 竞得人 is a bidder who passed 资格审查, a 拍卖 成交 had three qualified
// bidders and a 流拍 拍卖 two (不足三人), a 挂牌 one or two; each bidder paid the parcel's full 保证金 from
// its own account before the 报名截止日期; the winner's deposit became price (抵作价款) and the others
// were refunded to the accounts they came from — on time, but for one refund made late, so that the
// 保证金工作台 has something to show. The ledger format has no sheets for these yet (they are
// generated here, deterministically), and nothing here changes a figure of the performance report.
import { sql } from 'drizzle-orm';
import { bidApplicationMembers, bidApplications, bidders, depositDispositions, depositReceipts } from '../../db/schema';
import { recordAudit } from '../audit/queries';
import { calendarOverrides } from '../calendar/queries';
import type { Tx } from '../db';
import { creditCodeCheckChar } from '../lib/credit-code';
import { addDays, addWorkingDays } from '../lib/working-days';

const actor = { userId: null, name: 'demo' };

// Bidders who took part without winning (fictional, like every name of the demo).
const OTHERS = [
  '四川锦程置业有限公司', '广元市利州城建开发有限公司', '四川嘉陵江建设集团有限公司', '广元市川陕物流有限公司',
  '四川蜀北实业有限公司', '广元市凤凰置业有限公司', '四川剑门建设工程有限公司', '广元市朝天实业有限公司',
];

/** A valid 统一社会信用代码 for the n-th demo bidder (GB 32100-2015 check character). */
function creditCode(n: number) {
  const first17 = `91510800MA${String(6_000_000 + n * 7919).padStart(7, '0')}`;
  return first17 + creditCodeCheckChar(first17)!;
}
/** A 19-digit account number for a bidder: deterministic, different per bidder. */
const account = (n: number) => `62284800${String(10_000_000_000 + n * 104_729).slice(-11)}`;

interface Round extends Record<string, unknown> {
  id: number; code: string; round: number; mode: string; result: string; winner: string | null; deal_date: string | null;
  registration_deadline: string; activity_end: string; deposit: string;
}

export async function demoDeposits(tx: Tx, centerId: number, staffId: number | null, financeId: number | null) {
  const rounds = [...await tx.execute<Round>(sql`
    select t.id, p.code, t.round, t.mode, t.result, t.winner, t.deal_date::text, t.registration_deadline::text,
           coalesce(t.deal_date, t.auction_date, t.notice_end)::text as activity_end, p.deposit::text
    from transfers t join parcels p on p.id = t.parcel_id
    where t.center_id = ${centerId} and t.registration_deadline between '2020-01-01' and '2020-12-31'
      and t.result in ('成交', '流拍') and p.deposit > 0
    order by t.registration_deadline, p.code, t.round`)];
  if (!rounds.length) return;
  const cal = await calendarOverrides(tx, '2020-01-01', '2021-03-31');

  // The registry: each winner once, and the pool of others.
  const names = [...new Set([...rounds.map((r) => r.winner).filter((w): w is string => !!w), ...OTHERS])];
  const registered = await tx.insert(bidders).values(names.map((name, i) => ({
    kind: '法人' as const, name, creditCode: creditCode(i + 1), legalRep: '（演示）', createdCenterId: centerId,
  }))).returning();
  const bidderOf = new Map(registered.map((b, i) => [b.name, { ...b, n: i + 1 }]));
  await recordAudit(tx, actor, registered.map((b) => ({ action: 'create', entity: 'bidder', entityId: b.id, centerId, after: b, note: '演示数据' })));

  let serial = 0;
  let pool = 0;
  const audit: Parameters<typeof recordAudit>[2] = [];
  for (const [i, r] of rounds.entries()) {
    const count = r.mode === '拍卖' ? (r.result === '成交' ? 3 : 2) : 1 + (i % 2);
    const takers: string[] = r.winner ? [r.winner] : [];
    while (takers.length < count) takers.push(OTHERS[pool++ % OTHERS.length]!);
    const appliedOn = addDays(r.registration_deadline, -3);
    const paidOn = addDays(r.registration_deadline, -2);
    const reviewedAt = new Date(`${r.registration_deadline}T16:00:00+08:00`);
    for (const [k, name] of takers.entries()) {
      const bidder = bidderOf.get(name)!;
      const [app] = await tx.insert(bidApplications).values({
        centerId, transferId: r.id, kind: '单独', appliedOn, documents: ['竞买申请书', '营业执照或身份证明', '法定代表人身份证明', '竞买保证金缴纳凭证'],
        review: '通过', paddleNo: k + 1, reviewedBy: staffId, reviewedAt, createdBy: staffId,
      }).returning();
      await tx.insert(bidApplicationMembers).values({ applicationId: app!.id, transferId: r.id, bidderId: bidder.id, share: '100' });
      serial++;
      const [receipt] = await tx.insert(depositReceipts).values({
        centerId, transferId: r.id, applicationId: app!.id, bankSerial: `GYJY-BZJ-2020-${String(serial).padStart(4, '0')}`,
        payerName: name, payerAccount: account(bidder.n), payerBank: '中国农业银行广元分行', amount: BigInt(r.deposit),
        receivedAt: new Date(`${paidOn}T${String(9 + (k % 7)).padStart(2, '0')}:${String(10 + k * 7).padStart(2, '0')}:00+08:00`), createdBy: financeId,
      }).returning();
      const won = r.result === '成交' && name === r.winner;
      // 抵作价款 when the contract is signed (a week after the deal); refunds within the 5 working days,
      // the second bidder of GY2020-13 refunded three working days late.
      const late = r.code === 'GY2020-13' && k === 2;
      const disposedOn = won ? addDays(r.deal_date!, 7) : addWorkingDays(r.activity_end, late ? 8 : 2 + (k % 3), cal);
      const [disposition] = await tx.insert(depositDispositions).values({
        centerId, transferId: r.id, applicationId: app!.id, payerAccount: account(bidder.n), kind: won ? '抵作价款' : '退还',
        amount: BigInt(r.deposit), disposedOn, bankSerial: won ? null : `GYJY-TH-2020-${String(serial).padStart(4, '0')}`,
        note: won ? '竞得人保证金抵作土地出让价款' : null, createdBy: financeId,
      }).returning();
      audit.push(
        { action: 'create', entity: 'bid-application', entityId: app!.id, centerId, after: app, note: '演示数据' },
        { action: 'create', entity: 'deposit-receipt', entityId: receipt!.id, centerId, after: receipt, note: '演示数据' },
        { action: 'create', entity: 'deposit-disposition', entityId: disposition!.id, centerId, after: disposition, note: '演示数据' },
      );
    }
  }
  await recordAudit(tx, actor, audit);
}
