// The ledger import (LEDGER-FORMAT.md), one entry point for the web upload, the CLI and the demo.
//
// Columns we added to the format (optional):
//   标的:     资源量 (text) and 有效期 (date) — mineral rights; stored in parcels.resources / valid_until.
//   出让活动: 公告开始日期, 公告截止日期, 报名截止日期 (dates) — stored in transfers.notice_start /
//             notice_end / registration_deadline.
//
// Decisions beyond the spec:
//   - An empty cell is "not given": it is not compared with the existing record and it does not
//     clear a field on update.
//   - Errors about a whole file or sheet have row 0.
//   - An entirely empty worksheet with an unknown name (Excel's untouched "Sheet1") is ignored.
import type { DbOrTx } from '../db';
import type { Actor } from '../audit/queries';
import { runImport } from './engine';
import { sheetRegistry } from './sheets';
import type { ImportFile, ImportResult } from './types';

export type { ImportError, ImportFile, ImportResult, SheetCount } from './types';
/** The importable sheets in the order they apply, with their columns (e.g. for a template download). */
export { sheetRegistry } from './sheets';

/**
 * Applies the whole ledger in one transaction, or nothing. With dryRun the transaction is
 * rolled back at the end, so a preview reports exactly what the confirm would do.
 * centerScope (center ids) limits a center admin's web import to their centers; undefined = no limit.
 */
export async function importLedger(
  db: DbOrTx,
  files: ImportFile[],
  opts: { actor: Actor; dryRun: boolean; centerScope?: number[]; source?: string },
): Promise<ImportResult> {
  return runImport(db, sheetRegistry, files, opts);
}
