// The demo's 出让合同, 价款分期 and 缴款 for GYJY's land deals of 2020, built from the imported deals and the
// demo's 保证金 so that they agree with the rules the web enforces: signed a week after the deal (within 10
// working days, 国土资发〔2010〕34号) when the winner's deposit became price; half due a month after signing
// (the deposit counting toward it), the rest six months after; collected by the 国库 (before 2022, 财综〔2021〕19号)
// on time — but for the second instalment of GY2020-16, paid two days late in 2021, so that the contract pages
// and 2021's 按时上缴 have something to show. The seed's 2020 figures do not change: the remittances of the
// ledger stay what they were (the ledger format has no sheets for contracts yet).
import { sql } from 'drizzle-orm';
import { contractInstalments, landContracts, priceCollections } from '../../db/schema';
import { recordAudit } from '../audit/queries';
import { addMonths } from '../contracts/rules';
import type { Tx } from '../db';
import { addDays } from '../lib/working-days';

const actor = { userId: null, name: 'demo' };

interface Deal extends Record<string, unknown> {
  id: number; code: string; winner: string; deal_date: string; deal_price: string; area: string | null; land_use: string | null;
  plot_ratio: string | null; converted: string;
}

export async function demoContracts(tx: Tx, centerId: number, staffId: number | null, financeId: number | null) {
  const deals = [...await tx.execute<Deal>(sql`
    select t.id, p.code, t.winner, t.deal_date::text, t.deal_price::text, p.area::text, p.land_use, p.plot_ratio::text,
           (select coalesce(sum(d.amount), 0) from deposit_dispositions d where d.transfer_id = t.id and d.kind in ('转定金', '抵作价款'))::text as converted
    from transfers t join parcels p on p.id = t.parcel_id
    where t.center_id = ${centerId} and t.result = '成交' and p.kind = '土地' and t.deal_date between '2020-01-01' and '2020-12-31'
    order by t.deal_date, p.code`)];
  const audit: Parameters<typeof recordAudit>[2] = [];
  for (const [i, d] of deals.entries()) {
    const price = BigInt(d.deal_price);
    const converted = BigInt(d.converted);
    const signedOn = addDays(d.deal_date, 7);
    const first = price / 2n + (price % 2n);
    const schedule = [{ seq: 1, amount: first, dueOn: addMonths(signedOn, 1) }, { seq: 2, amount: price - first, dueOn: addMonths(signedOn, 6) }];
    const [contract] = await tx.insert(landContracts).values({
      centerId, transferId: d.id, contractNo: `GYJY-HT-2020-${String(i + 1).padStart(3, '0')}`, supervisionNo: `51080020200${String(100 + i)}`,
      signedOn, grantor: '广元市自然资源和规划局', grantee: d.winner, area: d.area, landUse: d.land_use,
      plotRatioMin: null, plotRatioMax: d.plot_ratio, price, earnest: 0n,
      startBy: addMonths(signedOn, 6), completeBy: addMonths(signedOn, 30), createdBy: staffId,
    }).returning();
    const instalments = await tx.insert(contractInstalments).values(schedule.map((s) => ({ contractId: contract!.id, ...s }))).returning();
    const late = d.code === 'GY2020-16';
    const collections = [
      ...(first > converted ? [{ amount: first - converted, on: addDays(schedule[0]!.dueOn, -10) }] : []),
      { amount: price - first - (converted > first ? converted - first : 0n), on: late ? addDays(schedule[1]!.dueOn, 2) : addDays(schedule[1]!.dueOn, -5) },
    ].filter((x) => x.amount > 0n);
    const rows = await tx.insert(priceCollections).values(collections.map((x, k) => ({
      centerId, contractId: contract!.id, collector: '国库' as const, voucherNo: `GK-JKS-${contract!.contractNo}-${k + 1}`, amount: x.amount, collectedOn: x.on, createdBy: financeId,
    }))).returning();
    audit.push({ action: 'create', entity: 'land-contract', entityId: contract!.id, centerId, after: { ...contract, instalments }, note: '演示数据' },
      ...rows.map((r) => ({ action: 'create', entity: 'price-collection', entityId: r.id, centerId, after: r, note: '演示数据' })));
  }
  await recordAudit(tx, actor, audit);
}
