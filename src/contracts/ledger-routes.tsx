// 出让价款缴纳情况表: /contracts shows where every standing contract of the current center is on a day.
import { Hono, type Context } from 'hono';
import { ContractLedgerPage, LEDGER_HEADERS, ledgerCells } from '../../views/contracts/ledger';
import { allow, STAFF_READ, who } from '../auth/access';
import { csvResponseHeaders, toCsv } from '../lib/csv';
import { todayShanghai } from '../lib/dates';
import { dateQuery } from '../lib/query';
import { page } from '../lib/render';
import type { AppEnv } from '../types';
import { CONTRACT_SIGNING_WORKING_DAYS } from './queries';
import { contractStandings, unsignedDeals } from './standing';

export const contractLedgerRoutes = new Hono<AppEnv>();

async function ledger(c: Context<AppEnv>) {
  const { scope } = who(c);
  const asOf = dateQuery(c.req.query('as_of'), todayShanghai());
  const overdueOnly = c.req.query('overdue') === '1';
  const all = await contractStandings(c.get('db'), [scope.centerId], asOf);
  return { scope, asOf, overdueOnly, rows: overdueOnly ? all.filter((s) => s.overdueDays > 0) : all };
}

contractLedgerRoutes.get('/', allow(...STAFF_READ), async (c) => {
  const { scope, asOf, overdueOnly, rows } = await ledger(c);
  const unsigned = await unsignedDeals(c.get('db'), [scope.centerId], scope.year, asOf, CONTRACT_SIGNING_WORKING_DAYS);
  const centerName = scope.centers.find((x) => x.id === scope.centerId)?.name ?? '';
  return page(c, '出让价款缴纳情况表', <ContractLedgerPage centerName={centerName} year={scope.year} asOf={asOf} overdueOnly={overdueOnly} rows={rows} unsigned={unsigned} />);
});

contractLedgerRoutes.get('/export.csv', allow(...STAFF_READ), async (c) => {
  const { asOf, rows } = await ledger(c);
  return c.body(toCsv(LEDGER_HEADERS, rows.map(ledgerCells)), 200, csvResponseHeaders(`出让价款缴纳情况表（${asOf}）.csv`));
});
