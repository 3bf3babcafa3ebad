// The ledger import (LEDGER-FORMAT.md), one entry point for the web upload, the CLI and the demo.
//
// Columns we added to the format (optional):
//   标的:     资源量 (text) and 有效期 (date) — mineral rights; stored in parcels.resources / valid_until.
//   出让活动: 公告开始日期, 公告截止日期, 报名截止日期 (dates) — stored in transfers.notice_start /
//             notice_end / registration_deadline.
//   支付:     场次 — the round of 标的编号 a payment is for (sheets/payments.ts).
//   项目:     实际完成目标 (text) — projects.actual_goal, the sentence of a project whose sentence is
//             not computed; descriptive, so it updates (sheets/projects.ts).
//
// Decisions beyond the spec:
//   - An empty cell is "not given": it is not compared with the existing record and it does not
//     clear a field on update.
//   - Errors about a whole file or sheet have row 0.
//   - An entirely empty worksheet with an unknown name (Excel's untouched "Sheet1") is ignored.
//   - Finance sheets (收费协议 … 非税任务) are financial records: a difference from the record already
//     there is always an error, 项目's 预算单位 and 年度目标 included (its 实际完成目标 updates).
//   - 满意度, 绩效指标 and 扣分 decide a project's score: a difference from the record already there
//     is an error too, and none of them goes new into a year the center has closed. 绩效指标 is
//     checked by indicatorProblems (src/performance/rules.ts), the web form's rules; a project's new
//     rows come after its existing ones, in the order of the file.
//   - 分档 must start at 0 (and be ascending, contiguous, the last open-ended): src/fees/rules.ts
//     parses it, the same code that computes the fees.
//   - 支付: a reversal belongs to the original's project and category, is not dated before it,
//     reverses it once, and takes its 标的/公告 links when its own cells are empty. No payment may
//     take a project's paid total over its total budget (the same file's 预算 rows count).
//   - 标的编号 in 支付 and 非税收入 names the parcel's 成交 transfer, else its latest round.
//   - A record dated into a closed year (closed_years) is an error on its row.
//   - The export writes paid payments only (a draft has no 凭证号) and the agreements of every
//     agency (agencies are shared by all centers).
import type { DbOrTx } from '../db';
import { runImport, type ImportOptions } from './engine';
import { sheetRegistry } from './sheets';
import type { ImportFile, ImportResult } from './types';

export type { ImportError, ImportFile, ImportResult, ImportWarning, LedgerMapping, SheetCount, SheetLayout, SheetMapping } from './types';
export type { ImportOptions } from './engine';
/** The importable sheets in the order they apply, with their columns (e.g. for a template download). */
export { sheetRegistry } from './sheets';

/**
 * Applies the whole ledger in one transaction, or nothing. With dryRun the transaction is
 * rolled back at the end, so a preview reports exactly what the confirm would do.
 * centerScope (center ids) limits a center admin's web import to their centers; undefined = no limit.
 * Warnings are accepted unless `opts.warnings` says otherwise (engine.ts ImportOptions).
 */
export async function importLedger(db: DbOrTx, files: ImportFile[], opts: ImportOptions): Promise<ImportResult> {
  return runImport(db, sheetRegistry, files, opts);
}
