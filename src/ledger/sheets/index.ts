// The registry: every importable sheet, in the order LEDGER-FORMAT.md applies them. A later
// sheet may refer to an earlier one (through the database, inside the import's transaction).
// To add a sheet: write sheets/<name>.ts with defineSheet and put it here at its place in the
// spec's table (收费协议 goes between 拍卖机构 and 标的; the others after 出让活动).
import type { AnySheet } from '../sheet';
import { agenciesSheet } from './agencies';
import { announcementsSheet } from './announcements';
import { centersSheet } from './centers';
import { parcelsSheet } from './parcels';
import { transfersSheet } from './transfers';

export const sheetRegistry: readonly AnySheet[] = [
  centersSheet,
  agenciesSheet,
  parcelsSheet,
  announcementsSheet,
  transfersSheet,
];
