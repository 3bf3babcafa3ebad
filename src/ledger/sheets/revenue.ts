// 非税收入: 中心编码*, 缴款书号*, 收入类型*, 标的编号, 金额*, 上缴日期*. Key 中心编码 + 缴款书号.
// 标的编号 links the transfer the money comes from (the 成交 one, else the latest round). 上缴日期 may
// not be after today (Asia/Shanghai), as the web's remittance form requires.
// 非税任务: 中心编码*, 年度*, 任务金额*. Key 中心编码 + 年度.
// Both are financial records: nothing updates by import.
import { alias } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { parcels, remittances, revenueTargets, revenueTypes, transfers } from '../../../db/schema';
import { todayShanghai } from '../../lib/dates';
import { fenToYuan } from '../../lib/money';
import { insertRecords, records } from '../batch';
import { date, integer, oneOf, positiveMoney, text } from '../cells';
import { futureDateProblem, inClosedYear, loadClosedYears, loadParcelTransfers, transferOf } from '../funds';
import type { View } from '../run';
import { defineSheet, opt, req, type ParsedRow, type RowOf } from '../sheet';

const remittanceColumns = {
  centerCode: req('中心编码', text),
  receiptNo: req('缴款书号', text),
  revenueType: req('收入类型', oneOf(revenueTypes)),
  parcelCode: opt('标的编号', text),
  amount: req('金额', positiveMoney),
  remittedOn: req('上缴日期', date),
};

type Remittance = RowOf<typeof remittanceColumns>;

const remittanceView = (r: { revenueType: string; parcelCode: string | null; amount: bigint; remittedOn: string }): View => ({
  收入类型: r.revenueType, 标的编号: r.parcelCode, 金额: fenToYuan(r.amount), 上缴日期: r.remittedOn,
});

export const remittancesSheet = defineSheet({
  name: '非税收入',
  entity: 'remittance',
  columns: remittanceColumns,
  key: ['centerCode', 'receiptNo'],
  async apply(run, rows) {
    const located = run.locate(rows);

    const keys = located.map(({ row, centerId }) => ({ center_id: centerId, receipt_no: row.value.receiptNo }));
    const p = alias(parcels, 'p');
    const existing = new Map((await run.tx.select({ r: remittances, parcelCode: p.code }).from(remittances)
      .leftJoin(transfers, sql`${transfers.id} = ${remittances.transferId}`)
      .leftJoin(p, sql`${p.id} = ${transfers.parcelId}`)
      .where(sql`(${remittances.centerId}, ${remittances.receiptNo}) in (select center_id, receipt_no from ${records(keys, 'center_id int, receipt_no text')})`))
      .map((x) => [`${x.r.centerId}|${x.r.receiptNo}`, x]));

    const fresh: { row: ParsedRow<Remittance>; centerId: number }[] = [];
    for (const item of located) {
      const e = existing.get(`${item.centerId}|${item.row.value.receiptNo}`);
      if (!e) fresh.push(item);
      else if (run.compare(item.row, remittanceView(item.row.value), remittanceView({ ...e.r, parcelCode: e.parcelCode })) === 'unchanged') run.unchanged++;
    }

    const linked = await loadParcelTransfers(run.tx, fresh.flatMap(({ row, centerId }) => (row.value.parcelCode === null ? [] : [{ centerId, code: row.value.parcelCode }])));
    const closed = await loadClosedYears(run.tx, fresh.map((f) => f.centerId));
    // One today for the sheet: formatting it in Asia/Shanghai per row costs seconds over 100,000 rows.
    const today = todayShanghai();
    const creates: { row: ParsedRow<Remittance>; centerId: number; transferId: number | null }[] = [];
    for (const { row, centerId } of fresh) {
      const v = row.value;
      let transferId: number | null = null;
      if (v.parcelCode !== null) {
        const t = transferOf(run, row, linked, centerId, v.centerCode, v.parcelCode);
        if (!t) continue;
        transferId = t.transferId;
      }
      const future = futureDateProblem('上缴日期', v.remittedOn, today);
      if (future) run.fail(row, '上缴日期', future);
      else if (!inClosedYear(run, row, closed, centerId, v.remittedOn, '上缴日期')) creates.push({ row, centerId, transferId });
    }

    const inserted = await insertRecords<{ id: number; center_id: number; receipt_no: string }>(run.tx, remittances,
      'center_id int, receipt_no text, revenue_type text, transfer_id int, amount bigint, remitted_on date',
      creates.map(({ row: { value: v }, centerId, transferId }) => ({
        center_id: centerId, receipt_no: v.receiptNo, revenue_type: v.revenueType, transfer_id: transferId, amount: v.amount, remitted_on: v.remittedOn,
      })), 'id, center_id, receipt_no');
    const idOf = new Map(inserted.map((r) => [`${r.center_id}|${r.receipt_no}`, r.id]));
    for (const { row: { value: v }, centerId, transferId } of creates) {
      run.audit({
        action: 'import-create', entityId: idOf.get(`${centerId}|${v.receiptNo}`)!, centerId,
        after: { centerId, receiptNo: v.receiptNo, revenueType: v.revenueType, parcelCode: v.parcelCode, transferId, amount: v.amount, remittedOn: v.remittedOn },
      });
      run.created++;
    }
  },
});

const targetColumns = {
  centerCode: req('中心编码', text),
  year: req('年度', integer(1990, 2200)),
  amount: req('任务金额', positiveMoney),
};

export const revenueTargetsSheet = defineSheet({
  name: '非税任务',
  entity: 'revenue_target',
  columns: targetColumns,
  key: ['centerCode', 'year'],
  async apply(run, rows) {
    const located = run.locate(rows);
    const keys = located.map(({ row, centerId }) => ({ center_id: centerId, year: row.value.year }));
    const existing = new Map((await run.tx.select().from(revenueTargets)
      .where(sql`(${revenueTargets.centerId}, ${revenueTargets.year}) in (select center_id, year from ${records(keys, 'center_id int, year int')})`))
      .map((t) => [`${t.centerId}|${t.year}`, t]));

    const creates: typeof located = [];
    for (const item of located) {
      const v = item.row.value;
      const e = existing.get(`${item.centerId}|${v.year}`);
      if (!e) creates.push(item);
      else if (run.compare(item.row, { 任务金额: fenToYuan(v.amount) }, { 任务金额: fenToYuan(e.amount) }) === 'unchanged') run.unchanged++;
    }

    await insertRecords(run.tx, revenueTargets, 'center_id int, year int, amount bigint',
      creates.map(({ row: { value: v }, centerId }) => ({ center_id: centerId, year: v.year, amount: v.amount })), 'center_id');
    for (const { row: { value: v }, centerId } of creates) {
      // The record's key is (center, year); the audit names it so.
      run.audit({ action: 'import-create', entityId: `${centerId}/${v.year}`, centerId, after: { centerId, year: v.year, amount: v.amount } });
      run.created++;
    }
  },
});
