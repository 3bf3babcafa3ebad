// The agency portal: an auction agency's own transfers, fees, payments and agreement.
// Every route is for role `agency` only, and every query is filtered by the user's agency in SQL.
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describeAgreement } from '../../views/fees/agreements';
import { PortalAgreementsPage, PortalOverviewPage, PortalPaymentsPage, PortalTransfersPage, type YearChoice } from '../../views/portal/portal';
import { allow, who } from '../auth/access';
import { listAgreements, transferFees, type TransferFee } from '../fees/queries';
import { sumTotals } from '../fees/rules';
import { csvResponseHeaders, toCsv } from '../lib/csv';
import { fenToYuan } from '../lib/money';
import { intParam } from '../lib/query';
import { page } from '../lib/render';
import type { AppEnv } from '../types';
import { agencyName, agencyPayments, agencyTransfers } from './queries';

export const portalRoutes = new Hono<AppEnv>();

/** The agency user's own agency and centers; a user without an agency has no portal. */
function agencyOf(c: Context<AppEnv>) {
  const { user, scope } = who(c);
  if (user.agencyId === null) throw new HTTPException(403, { message: '该账号未关联拍卖机构' });
  return { agencyId: user.agencyId, centerIds: scope.centerIds, defaultYear: scope.year };
}

/** `?year=2020`, `?year=all`; anything else falls back to the session's year. */
function yearChoice(c: Context<AppEnv>, defaultYear: number): YearChoice {
  const q = c.req.query('year');
  if (q === 'all') return 'all';
  return intParam(q, 1990, 2200) ?? defaultYear;
}
const yearFilter = (y: YearChoice) => (y === 'all' ? undefined : y);
const wantsCsv = (c: Context<AppEnv>) => c.req.query('format') === 'csv';
const yearLabel = (y: YearChoice) => (y === 'all' ? '全部年度' : `${y}年`);

async function nameOf(c: Context<AppEnv>, agencyId: number) {
  return (await agencyName(c.get('db'), agencyId)) ?? '本机构';
}

portalRoutes.get('/', allow('agency'), async (c) => {
  const { agencyId, centerIds, defaultYear } = agencyOf(c);
  const year = yearChoice(c, defaultYear);
  const db = c.get('db');
  const where = { agencyId, centerIds, year: yearFilter(year) };
  const [name, transfers, fees, payments, agreements] = await Promise.all([
    nameOf(c, agencyId), agencyTransfers(db, where), transferFees(db, where), agencyPayments(db, where),
    listAgreements(db, { agencyId, year: yearFilter(year) }),
  ]);
  const counts = {
    transfers: transfers.length,
    sold: transfers.filter((t) => t.result === '成交').length,
    payments: payments.length,
    pending: payments.filter((p) => p.status !== '已支付' && p.status !== '已退回').length,
    agreements: agreements.length,
  };
  return page(c, '机构门户', <PortalOverviewPage agencyName={name} year={year} counts={counts} totals={sumTotals(fees)} />);
});

portalRoutes.get('/transfers', allow('agency'), async (c) => {
  const { agencyId, centerIds, defaultYear } = agencyOf(c);
  const year = yearChoice(c, defaultYear);
  const db = c.get('db');
  const where = { agencyId, centerIds, year: yearFilter(year) };
  const [name, transfers, fees] = await Promise.all([nameOf(c, agencyId), agencyTransfers(db, where), transferFees(db, where)]);
  const feeOf = new Map<number, TransferFee>(fees.map((f) => [f.transferId, f]));
  const rows = transfers.map((t) => ({ ...t, fee: feeOf.get(t.id) ?? null }));
  if (wantsCsv(c)) {
    const csv = toCsv(
      ['交易中心', '标的编号', '标的名称', '场次', '方式', '结果', '公告开始', '公告结束', '竞价日期', '成交日期', '成交价（元）', '竞得人', '应付劳务费（元）', '已付（元）', '未付（元）'],
      rows.map((r) => [r.center, r.code, r.name, r.round, r.mode, r.result, r.notice_start, r.notice_end, r.auction_date, r.deal_date,
        r.deal_price === null ? '' : fenToYuan(BigInt(r.deal_price)), r.winner,
        r.fee ? fenToYuan(r.fee.due) : '', r.fee ? fenToYuan(r.fee.paid) : '', r.fee ? fenToYuan(r.fee.outstanding) : '']),
    );
    return c.body(csv, 200, csvResponseHeaders(`${name}-出让活动-${yearLabel(year)}.csv`));
  }
  return page(c, '我的出让活动', <PortalTransfersPage agencyName={name} year={year} rows={rows} totals={sumTotals(fees)} />);
});

portalRoutes.get('/payments', allow('agency'), async (c) => {
  const { agencyId, centerIds, defaultYear } = agencyOf(c);
  const year = yearChoice(c, defaultYear);
  const db = c.get('db');
  const [name, rows] = await Promise.all([nameOf(c, agencyId), agencyPayments(db, { agencyId, centerIds, year: yearFilter(year) })]);
  if (wantsCsv(c)) {
    const csv = toCsv(
      ['类别', '收款人', '金额（元）', '关联出让活动', '状态', '提交日期', '支付日期', '凭证号'],
      rows.map((r) => [r.is_reversal ? `${r.category}（冲销）` : r.category, r.payee, fenToYuan(BigInt(r.amount)),
        r.parcel ? `${r.parcel} 第${r.round}场` : '', r.status, r.submitted_on, r.paid_on, r.voucher_no]),
    );
    return c.body(csv, 200, csvResponseHeaders(`${name}-支付-${yearLabel(year)}.csv`));
  }
  return page(c, '支付', <PortalPaymentsPage agencyName={name} year={year} rows={rows} />);
});

portalRoutes.get('/agreements', allow('agency'), async (c) => {
  const { agencyId } = agencyOf(c);
  // Agreements are per year; by default every year is listed, newest first.
  const q = c.req.query('year');
  const year: YearChoice = intParam(q, 1990, 2200) ?? 'all';
  const [name, rows] = await Promise.all([nameOf(c, agencyId), listAgreements(c.get('db'), { agencyId, year: yearFilter(year) })]);
  const agreements = rows.map((r) => ({ ...r.agreement, text: describeAgreement(r.agreement) }));
  if (wantsCsv(c)) {
    const csv = toCsv(['年度', '计费方式', '协议内容'], agreements.map((a) => [a.year, a.method, a.text]));
    return c.body(csv, 200, csvResponseHeaders(`${name}-收费协议.csv`));
  }
  return page(c, '收费协议', <PortalAgreementsPage agencyName={name} year={year} rows={agreements} />);
});
