// The demo's 交易服务费 as the rules model it: a standard for land deals (0.5% of the deal price, paid by
// the 受让人, remitted by the 15th of the month after each quarter) and one 票据 per 2020 land deal of
// GYJY, collected three days after the deal. The ledger's four quarterly 交易服务费 remittances (非税收入
// sheet, unchanged) are exactly 0.5% of each quarter's deal prices, so they cover the receipts in full
// and on time, and the seed's 2020 figures do not change. The 文号 says it is demo data: the seed names
// the fee (附件1: 交易信息中心土地（矿权）交易服务费) but not its standard.
import { sql } from 'drizzle-orm';
import { serviceFeeReceipts, serviceFeeSchedules } from '../../db/schema';
import { recordAudit } from '../audit/queries';
import type { Tx } from '../db';
import { addDays } from '../lib/working-days';
import { serviceFee } from '../service-fees/queries';

const actor = { userId: null, name: 'demo' };

export async function demoServiceFees(tx: Tx, centerId: number, financeId: number | null) {
  const [schedule] = await tx.insert(serviceFeeSchedules).values({
    centerId, parcelKind: '土地', effectiveFrom: '2019-01-01', documentNo: '演示数据：土地交易服务费收费标准', method: '按成交价比例',
    rate: '0.5000', payer: '受让人', remitRule: '按季', remitDays: 15, createdBy: financeId,
  }).returning();
  const deals = [...await tx.execute<{ id: number; code: string; deal_date: string; deal_price: string }>(sql`
    select t.id, p.code, t.deal_date::text, t.deal_price::text from transfers t join parcels p on p.id = t.parcel_id
    where t.center_id = ${centerId} and t.result = '成交' and p.kind = '土地' and t.deal_date between '2020-01-01' and '2020-12-31'
    order by t.deal_date, p.code`)];
  const receipts = deals.length === 0 ? [] : await tx.insert(serviceFeeReceipts).values(deals.map((d, i) => ({
    centerId, transferId: d.id, invoiceNo: `GYJY-FP-2020-${String(i + 1).padStart(3, '0')}`, amount: serviceFee(schedule!, BigInt(d.deal_price)),
    invoicedOn: d.deal_date, collectedOn: addDays(d.deal_date, 3), createdBy: financeId,
  }))).returning();
  await recordAudit(tx, actor, [
    { action: 'create', entity: 'service-fee-schedule', entityId: schedule!.id, centerId, after: schedule, note: '演示数据' },
    ...receipts.map((r) => ({ action: 'create', entity: 'service-fee-receipt', entityId: r.id, centerId, after: r, note: '演示数据' })),
  ]);
}
