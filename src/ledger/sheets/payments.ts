// 支付: 中心编码*, 年度*, 项目名称*, 凭证号*, 类别*, 收款方*, 金额*, 支付日期*, 标的编号, 公告编号, 摘要,
// 冲销凭证号, and our added optional column 场次 (not in LEDGER-FORMAT.md; README.md lists it). Key 中心编码 + 凭证号.
//
// 标的编号 links the payment to a round (出让活动) of that parcel: the round 场次 names, or without 场次
// the 成交 round, else the latest (DEFAULT_ROUND_ORDER in ../funds.ts). An agency fee (拍卖机构劳务费)
// naming a 标的编号 without 场次 is for every round of the parcel that round's agency ran
// (`挂牌劳务费（两场）`: payments.all_rounds), held against the fee due for all of them — a 流拍 round
// counts where its agreement says 流拍计费 是 — by the web's rule (feeGuard of src/fees/rules.ts); with
// 场次 it is for that round alone. The export writes 场次 for every one-round fee and for any other
// payment whose link is not the round the default would pick, so a re-import keeps the link.
//
// An imported payment is already paid: it is recorded as 已支付 on its 支付日期 under its 凭证号,
// marked imported, and skips the approval chain — its audit event says so. A paid payment is
// never changed, so nothing updates by import.
//
// A row with 冲销凭证号 reverses the earlier payment of that voucher (same center, in the file or
// the database): its 金额 is negative and at most the original, it belongs to the same project and
// category, it is not dated before the original, and a payment is reversed once. A reversal that
// leaves 标的编号 / 公告编号 empty takes the original's links, so it nets out wherever the original
// is counted (per transfer, per agency, per announcement).
//
// A 支付日期 after today (Asia/Shanghai) or in a closed year is an error: no paid payment is dated so.
// The web's controls are checked too, and a row breaking one is imported as the history it is, with
// a warning it keeps: a 支付日期 after the project's year (a 跨年支付, which the web accepts too and
// no year's 执行数 counts) or before it; a payment taking what is committed against its project
// (待支付 + 已支付, by the web's definition) over the total budget (年初预算 + 追加 − 调减, including the
// 预算 rows of the same file); and a 拍卖机构劳务费 paying a transfer's agency more than the fee due
// under its agreement (feeGuard of src/fees/rules.ts, the web's rule and message; the 收费协议
// rows of the same file count). The projects and then the transfers are locked first, as the web's
// final approval locks them, and the sums are read afterwards.
import { sql } from 'drizzle-orm';
import { announcements, paymentCategories, payments } from '../../../db/schema';
import { committedFees, lockFeeRounds, transferFees } from '../../fees/queries';
import { feeGuard } from '../../fees/rules';
import { fitsBudget, paidOnYear } from '../../funds/rules';
import { todayShanghai } from '../../lib/dates';
import { fenToYuan } from '../../lib/money';
import { insertRecords, records } from '../batch';
import { date, integer, oneOf, signedMoney, text } from '../cells';
import {
  AS_HISTORY, futureDateProblem, inClosedYear, loadClosedYears, loadParcelTransfers, loadProjects, lockProjects, projectBudgets, projectOf,
  transferOf, type ProjectRef,
} from '../funds';
import type { SheetRun, View } from '../run';
import { defineSheet, keyOf, opt, req, type ParsedRow, type RowOf } from '../sheet';

/** The note of every imported payment's audit event. */
export const IMPORTED_PAID_NOTE = '导入的已支付记录，未经审批流程';

const columns = {
  centerCode: req('中心编码', text),
  year: req('年度', integer(1990, 2200)),
  projectName: req('项目名称', text),
  voucherNo: req('凭证号', text),
  category: req('类别', oneOf(paymentCategories)),
  payee: req('收款方', text),
  amount: req('金额', signedMoney),
  paidOn: req('支付日期', date),
  parcelCode: opt('标的编号', text),
  announcementCode: opt('公告编号', text),
  summary: opt('摘要', text),
  reversesVoucher: opt('冲销凭证号', text),
  // Added by us (optional): the round of 标的编号 the payment is for; see the head of this file.
  round: opt('场次', integer(1, 999)),
};

type Payment = RowOf<typeof columns>;
type Row = ParsedRow<Payment>;

/** A payment as the database holds it, with the codes the ledger names its links by. */
type Stored = {
  id: number; center_id: number; voucher_no: string; project_id: number; year: number; project_name: string;
  category: string; payee: string; amount: string; paid_on: string; summary: string | null;
  transfer_id: number | null; announcement_id: number | null; agency_id: number | null;
  parcel_code: string | null; round: number | null; all_rounds: boolean; announcement_code: string | null; reverses_voucher: string | null; reversed_by: string | null;
};

const view = (p: {
  year: number; projectName: string; category: string; payee: string; amount: bigint; paidOn: string;
  parcelCode: string | null; round: number | null; announcementCode: string | null; summary: string | null; reversesVoucher: string | null;
}): View => ({
  年度: String(p.year), 项目名称: p.projectName, 类别: p.category, 收款方: p.payee, 金额: fenToYuan(p.amount), 支付日期: p.paidOn,
  标的编号: p.parcelCode, 场次: p.round === null ? null : String(p.round), 公告编号: p.announcementCode, 摘要: p.summary, 冲销凭证号: p.reversesVoucher,
});

const storedView = (s: Stored) => view({
  year: s.year, projectName: s.project_name, category: s.category, payee: s.payee, amount: BigInt(s.amount), paidOn: s.paid_on,
  parcelCode: s.parcel_code, round: s.all_rounds ? null : s.round, announcementCode: s.announcement_code, summary: s.summary, reversesVoucher: s.reverses_voucher,
});

/** A new payment whose references resolved. */
interface Item {
  row: Row; centerId: number; project: ProjectRef;
  transferId: number | null; announcementId: number | null; agencyId: number | null;
  /** The round of the linked transfer (null: no transfer linked). */
  round: number | null;
  /** An agency fee for every round of the parcel its agency ran (no 场次 given). */
  allRounds: boolean;
  /** Set on reversals: the payment reversed, in the database (id) or in this file (item). */
  reverses?: { id: number } | { item: Item };
}

export const paymentsSheet = defineSheet({
  name: '支付',
  entity: 'payment',
  columns,
  key: ['centerCode', 'voucherNo'],
  check(row, bad) {
    if (row.amount !== undefined && row.reversesVoucher !== undefined) {
      if (row.reversesVoucher === null && row.amount < 0n) bad('金额', '金额为负数的是冲销，须填写冲销凭证号（被冲销的支付的凭证号）');
      if (row.reversesVoucher === null && row.amount === 0n) bad('金额', '金额应大于 0');
      if (row.reversesVoucher !== null && row.amount >= 0n) bad('金额', '冲销的金额应为负数，如 -600.00');
    }
    if (row.reversesVoucher != null && row.reversesVoucher === row.voucherNo) bad('冲销凭证号', '冲销凭证号不能是本行自己的凭证号');
    if (row.round != null && row.parcelCode === null) bad('场次', '填写场次时须同时填写标的编号（场次是该标的的第几场出让活动）');
  },
  async apply(run, rows) {
    const located = run.locate(rows);

    // The payments the rows are (their own voucher) or reverse (冲销凭证号): one statement.
    const vouchers = located.flatMap(({ row, centerId }) => [
      { center_id: centerId, voucher_no: row.value.voucherNo },
      ...(row.value.reversesVoucher === null ? [] : [{ center_id: centerId, voucher_no: row.value.reversesVoucher }]),
    ]);
    const stored = new Map((await loadStored(run, vouchers)).map((s) => [`${s.center_id}|${s.voucher_no}`, s]));

    const fresh: { row: Row; centerId: number }[] = [];
    for (const item of located) {
      const s = stored.get(`${item.centerId}|${item.row.value.voucherNo}`);
      if (!s) fresh.push(item);
      else if (run.compare(item.row, view(item.row.value), storedView(s)) === 'unchanged') run.unchanged++;
    }

    const items = await resolve(run, fresh);
    const creates = linkReversals(run, items, stored);
    await checkLimits(run, creates);

    // Originals first: a reversal in the same file points at the id its original gets.
    const originals = creates.filter((i) => !i.reverses);
    const reversals = creates.filter((i) => i.reverses);
    const idOf = new Map<Item, number>();
    for (const batch of [originals, reversals]) {
      const inserted = await insertRecords<{ id: number; center_id: number; voucher_no: string }>(run.tx, payments,
        'center_id int, project_id int, category text, payee text, amount bigint, transfer_id int, all_rounds boolean, announcement_id int, agency_id int, '
        + 'summary text, status text, paid_on date, voucher_no text, reverses_id int, imported boolean',
        batch.map((i) => {
          const v = i.row.value;
          return {
            center_id: i.centerId, project_id: i.project.id, category: v.category, payee: v.payee, amount: v.amount,
            transfer_id: i.transferId, all_rounds: i.allRounds, announcement_id: i.announcementId, agency_id: i.agencyId, summary: v.summary,
            status: '已支付', paid_on: v.paidOn, voucher_no: v.voucherNo, reverses_id: reversedId(i, idOf), imported: true,
          };
        }), 'id, center_id, voucher_no');
      const ids = new Map(inserted.map((p) => [`${p.center_id}|${p.voucher_no}`, p.id]));
      for (const i of batch) {
        const id = ids.get(`${i.centerId}|${i.row.value.voucherNo}`)!;
        idOf.set(i, id);
        const { centerCode: _c, ...v } = i.row.value;
        run.audit({
          action: 'import-create', entityId: id, centerId: i.centerId, note: IMPORTED_PAID_NOTE,
          after: {
            ...v, projectId: i.project.id, status: '已支付', imported: true,
            transferId: i.transferId, allRounds: i.allRounds, announcementId: i.announcementId, agencyId: i.agencyId, reversesId: reversedId(i, idOf),
          },
        }, i.row);
        run.created++;
      }
    }
  },
});

function reversedId(i: Item, idOf: Map<Item, number>): number | null {
  if (!i.reverses) return null;
  return 'id' in i.reverses ? i.reverses.id : idOf.get(i.reverses.item)!;
}

async function loadStored(run: SheetRun, vouchers: { center_id: number; voucher_no: string }[]): Promise<Stored[]> {
  return run.tx.execute<Stored>(sql`
    select x.id, x.center_id, x.voucher_no, x.project_id, pr.year, pr.name as project_name, x.category, x.payee, x.amount::text,
           x.paid_on::text, x.summary, x.transfer_id, x.announcement_id, x.agency_id,
           pc.code as parcel_code, t.round, x.all_rounds, an.code as announcement_code, rv.voucher_no as reverses_voucher,
           (select r.voucher_no from payments r where r.reverses_id = x.id) as reversed_by
    from payments x
      join projects pr on pr.id = x.project_id
      left join transfers t on t.id = x.transfer_id
      left join parcels pc on pc.id = t.parcel_id
      left join announcements an on an.id = x.announcement_id
      left join payments rv on rv.id = x.reverses_id
    where (x.center_id, x.voucher_no) in (select center_id, voucher_no from ${records(vouchers, 'center_id int, voucher_no text')})`);
}

/** Project, transfer, announcement and closed year of each new row: a handful of statements for the sheet. */
async function resolve(run: SheetRun, fresh: { row: Row; centerId: number }[]): Promise<Item[]> {
  const found = await loadProjects(run.tx, fresh.map(({ row, centerId }) => ({ centerId, year: row.value.year, name: row.value.projectName })));
  const linked = await loadParcelTransfers(run.tx, fresh.flatMap(({ row, centerId }) => (row.value.parcelCode === null ? [] : [{ centerId, code: row.value.parcelCode, round: row.value.round }])));
  const announcementKeys = fresh.flatMap(({ row, centerId }) => (row.value.announcementCode === null ? [] : [{ center_id: centerId, code: row.value.announcementCode }]));
  const announcementId = new Map((await run.tx.select({ id: announcements.id, centerId: announcements.centerId, code: announcements.code }).from(announcements)
    .where(sql`(${announcements.centerId}, ${announcements.code}) in (select center_id, code from ${records(announcementKeys, 'center_id int, code text')})`))
    .map((a) => [`${a.centerId}|${a.code}`, a.id]));
  const closed = await loadClosedYears(run.tx, fresh.map((f) => f.centerId));
  // One today for the sheet: formatting it in Asia/Shanghai per row costs seconds over 100,000 rows.
  const today = todayShanghai();

  const items: Item[] = [];
  for (const { row, centerId } of fresh) {
    const v = row.value;
    const project = projectOf(run, row, found, { centerId, centerCode: v.centerCode, year: v.year, projectName: v.projectName });
    let transfer: { transferId: number | null; agencyId: number | null; round: number | null } | undefined = { transferId: null, agencyId: null, round: null };
    if (v.parcelCode !== null) transfer = transferOf(run, row, linked, centerId, v.centerCode, v.parcelCode, v.round);
    let annId: number | null | undefined = null;
    if (v.announcementCode !== null) {
      annId = announcementId.get(`${centerId}|${v.announcementCode}`);
      if (annId === undefined) run.missing(row, '公告编号', 'announcement', keyOf(v.centerCode, v.announcementCode), `公告编号 ${v.announcementCode}`);
    }
    if (!project || !transfer || annId === undefined) continue;
    // The web's rules for the date a payment is paid on (paidOnProblem of src/funds/payment-queries.ts).
    const future = futureDateProblem('支付日期', v.paidOn, today);
    if (future) { run.fail(row, '支付日期', future); continue; }
    if (inClosedYear(run, row, closed, centerId, v.paidOn, '支付日期')) continue;
    const when = paidOnYear(v.paidOn, project.year);
    if (when === 'after') {
      run.warn(row, '支付日期', 'paid-after-year', `跨年支付：支付日期 ${v.paidOn} 在项目年度${project.year}年之后，不计入${project.year}年的执行数与月度执行`);
    } else if (when === 'before') {
      run.warn(row, '支付日期', 'paid-before-year', `支付日期 ${v.paidOn} 早于项目年度${project.year}年，不计入任何年度的执行数${AS_HISTORY}`);
    }
    items.push({
      row, centerId, project, transferId: transfer.transferId, announcementId: annId, round: transfer.round,
      allRounds: v.category === '拍卖机构劳务费' && transfer.agencyId !== null && v.round === null,
      // The agency paid for a transfer is the agency that ran it.
      agencyId: v.category === '拍卖机构劳务费' ? transfer.agencyId : null,
    });
  }
  return items;
}

/** Finds the payment each reversal reverses and checks the reversal against it. Returns the rows that stand. */
function linkReversals(run: SheetRun, items: Item[], stored: Map<string, Stored>): Item[] {
  const inFile = new Map(items.map((i) => [`${i.centerId}|${i.row.value.voucherNo}`, i]));
  // Voucher reversed → voucher reversing it, from the database and then from earlier rows.
  const reversedBy = new Map<string, string>();
  for (const s of stored.values()) if (s.reversed_by !== null) reversedBy.set(`${s.center_id}|${s.voucher_no}`, s.reversed_by);

  const out: Item[] = [];
  for (const item of items) {
    const v = item.row.value;
    if (v.reversesVoucher === null) { out.push(item); continue; }
    const key = `${item.centerId}|${v.reversesVoucher}`;
    const s = stored.get(key);
    const f = inFile.get(key);
    const original = s ? {
      reverses: { id: s.id } as Item['reverses'], amount: BigInt(s.amount), isReversal: s.reverses_voucher !== null, paidOn: s.paid_on,
      projectId: s.project_id, project: `${s.year}年 ${s.project_name}`, category: s.category,
      parcelCode: s.parcel_code, round: s.round, allRounds: s.all_rounds, announcementCode: s.announcement_code, transferId: s.transfer_id, announcementId: s.announcement_id, agencyId: s.agency_id,
    } : f ? {
      reverses: { item: f }, amount: f.row.value.amount, isReversal: f.row.value.reversesVoucher !== null, paidOn: f.row.value.paidOn,
      projectId: f.project.id, project: `${f.project.year}年 ${f.project.name}`, category: f.row.value.category,
      parcelCode: f.row.value.parcelCode, round: f.round, allRounds: f.allRounds, announcementCode: f.row.value.announcementCode, transferId: f.transferId, announcementId: f.announcementId, agencyId: f.agencyId,
    } : null;
    if (!original) {
      run.missing(item.row, '冲销凭证号', 'payment', keyOf(v.centerCode, v.reversesVoucher), `凭证号 ${v.reversesVoucher}`);
      continue;
    }
    const fail = (column: string, message: string) => { run.fail(item.row, column, message); };
    if (original.isReversal) { fail('冲销凭证号', `凭证号 ${v.reversesVoucher} 本身是一笔冲销，不能再冲销`); continue; }
    const earlier = reversedBy.get(key);
    if (earlier !== undefined) { fail('冲销凭证号', `凭证号 ${v.reversesVoucher} 已被凭证号 ${earlier} 冲销，一笔支付只能冲销一次`); continue; }
    let ok = true;
    if (-v.amount > original.amount) {
      fail('金额', `冲销金额 ${fenToYuan(-v.amount)} 元超过了原支付（凭证号 ${v.reversesVoucher}）的金额 ${fenToYuan(original.amount)} 元`);
      ok = false;
    }
    if (original.projectId !== item.project.id) { fail('项目名称', `冲销应与原支付属于同一项目（原支付属于“${original.project}”）`); ok = false; }
    if (original.category !== v.category) { fail('类别', `冲销的类别应与原支付相同（${original.category}）`); ok = false; }
    if (v.paidOn < original.paidOn) { fail('支付日期', `冲销日期不能早于原支付的支付日期 ${original.paidOn}`); ok = false; }
    if (v.parcelCode !== null && v.parcelCode !== original.parcelCode) {
      fail('标的编号', original.parcelCode === null ? '原支付没有关联标的，冲销也不应关联' : `冲销应关联原支付的标的 ${original.parcelCode}`);
      ok = false;
    } else if (v.round !== null && original.allRounds) {
      fail('场次', `原支付是标的 ${original.parcelCode} 各场次的劳务费，冲销不应填写场次`);
      ok = false;
    } else if (v.round !== null && v.round !== original.round) {
      fail('场次', `冲销应关联原支付的场次（标的 ${original.parcelCode} 第 ${original.round} 场）`);
      ok = false;
    }
    if (v.announcementCode !== null && v.announcementCode !== original.announcementCode) {
      fail('公告编号', original.announcementCode === null ? '原支付没有关联公告，冲销也不应关联' : `冲销应关联原支付的公告 ${original.announcementCode}`);
      ok = false;
    }
    if (!ok) continue;
    reversedBy.set(key, v.voucherNo);
    out.push({
      ...item, reverses: original.reverses,
      transferId: original.transferId, announcementId: original.announcementId, agencyId: original.agencyId, round: original.round, allRounds: original.allRounds,
    });
  }
  return out;
}

/**
 * Checks every project against its total budget, by the rule of the web's final approval (fitsBudget):
 * what is committed (待支付 + 已支付, reservations included) plus the payment may not exceed the total;
 * and every agency fee against the fee due for its transfer, by the same approval's rule
 * (feeGuard: what the 拍卖机构劳务费 payments of its round — or of all its parcel's rounds its agency ran —
 * hold, reserved or paid, plus this one). The projects are locked first, then those rounds (the web's
 * lock order), then both
 * are summed in statements of their own by the web's definitions. The new payments are taken in
 * date order (an original before its reversal), each counting the ones before it; one beyond the
 * budget or the fee due is history the web would refuse: a warning on 金额, with the web's message.
 */
async function checkLimits(run: SheetRun, creates: Item[]): Promise<void> {
  const projectIds = creates.map((i) => i.project.id);
  await lockProjects(run.tx, projectIds);
  const feeTransferIds = [...new Set(creates.flatMap((i) => (i.row.value.category === '拍卖机构劳务费' && i.transferId !== null ? [i.transferId] : [])))];
  const roundsOf = await lockFeeRounds(run.tx, feeTransferIds);
  const allRounds = [...new Set([...roundsOf.values()].flat())];
  const sums = await projectBudgets(run.tx, projectIds);
  const fees = new Map((await transferFees(run.tx, { centerIds: [...new Set(creates.map((i) => i.centerId))], transferIds: allRounds }))
    .map((f) => [f.transferId, f]));
  const held = await committedFees(run.tx, allRounds);

  const order = [...creates].sort((a, b) => (a.row.value.paidOn < b.row.value.paidOn ? -1 : a.row.value.paidOn > b.row.value.paidOn ? 1 : 0)
    || Number(!!a.reverses) - Number(!!b.reverses) || a.row.rowNumber - b.row.rowNumber);
  for (const item of order) {
    const s = sums.get(item.project.id)!;
    const amount = item.row.value.amount;
    if (amount > 0n && !fitsBudget(s.committed, amount, s.total)) {
      const left = s.total - s.committed;
      run.warn(item.row, '金额', 'over-budget', `超出项目预算：项目“${item.project.year}年 ${item.project.name}”全年预算 ${fenToYuan(s.total)} 元，`
        + `已占用 ${fenToYuan(s.committed)} 元（已支付与待支付），尚可安排 ${fenToYuan(left > 0n ? left : 0n)} 元，本笔 ${fenToYuan(amount)} 元${AS_HISTORY}`);
    }
    s.committed += amount;
    if (item.row.value.category !== '拍卖机构劳务费' || item.transferId === null) continue;
    const rounds = (roundsOf.get(item.transferId) ?? [item.transferId]).flatMap((id) => fees.get(id) ?? []);
    const overFee = feeGuard({ transferId: item.transferId, allRounds: item.allRounds, amount }, rounds, held);
    if (overFee) run.warn(item.row, '金额', 'fee-overpaid', `${overFee}${AS_HISTORY}`);
    const h = held.get(item.transferId) ?? { round: 0n, allRounds: 0n };
    held.set(item.transferId, item.allRounds ? { ...h, allRounds: h.allRounds + amount } : { ...h, round: h.round + amount });
  }
}
