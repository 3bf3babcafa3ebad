// The registry: every importable sheet, in the order LEDGER-FORMAT.md applies them. A later
// sheet may refer to an earlier one (through the database, inside the import's transaction).
// To add a sheet: write sheets/<name>.ts with defineSheet and put it here at its place in the
// spec's table.
import type { AnySheet } from '../sheet';
import { agenciesSheet } from './agencies';
import { announcementsSheet } from './announcements';
import { budgetEntriesSheet } from './budget-entries';
import { centersSheet } from './centers';
import { deductionsSheet } from './deductions';
import { feeAgreementsSheet } from './fee-agreements';
import { fundArrivalsSheet } from './fund-arrivals';
import { indicatorsSheet } from './indicators';
import { parcelsSheet } from './parcels';
import { paymentsSheet } from './payments';
import { projectsSheet } from './projects';
import { remittancesSheet, revenueTargetsSheet } from './revenue';
import { satisfactionSheet } from './satisfaction';
import { transfersSheet } from './transfers';

export const sheetRegistry: readonly AnySheet[] = [
  centersSheet,
  agenciesSheet,
  feeAgreementsSheet,
  parcelsSheet,
  announcementsSheet,
  transfersSheet,
  projectsSheet,
  budgetEntriesSheet,
  fundArrivalsSheet,
  paymentsSheet,
  remittancesSheet,
  revenueTargetsSheet,
  satisfactionSheet,
  indicatorsSheet,
  deductionsSheet,
];
