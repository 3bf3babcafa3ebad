// The agency portal: agency1 sees its own transfers, fees, payments and agreements — and nothing of
// agency2's, on any page or export — and every other role is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcements, feeAgreements, parcels, payments, projects, transfers } from '../../db/schema';
import { createTestApp, type TestApp } from '../../tests/helpers/app';
import { tradingRecords } from '../funds/test-support';

let t: TestApp;
let agency1: string;
let ids: { a1Transfer: number; a2Transfer: number };

// Everything of agency2 that must never reach agency1's screens.
const SECRETS = ['乙机构专属地块', 'Z-2020-99', '乙机构收款人', 'V-A2-SECRET', '9,876,543.21', '9876543.21', '7,777.77', '7777.77', '6,543.21', '6543.21', '测试乙拍卖有限公司'];
// agency1's own internal record that is still not for its eyes: a draft's attachment text.
const INTERNAL = ['内部附件说明甲', '草稿收款人'];

beforeAll(async () => {
  t = await createTestApp();
  const { city, county, other } = t.fixture.centers;
  const { a1, a2 } = t.fixture.agencies;
  const sold = await tradingRecords(t); // 测试地块, 2,000,000.00 元, run by a1 at the city center
  const [p2, p3, p4] = await t.db.insert(parcels).values([
    { centerId: city, code: 'Z-2020-99', kind: '土地', name: '乙机构专属地块', startingPrice: 100n },
    { centerId: county, code: 'K-2020-01', kind: '土地', name: '县里甲地块', startingPrice: 100n },
    { centerId: other, code: 'O-2020-01', kind: '土地', name: '外市甲地块', startingPrice: 100n },
  ]).returning();
  const [ann] = await t.db.insert(announcements).values({ centerId: city, code: '公告-Z', title: '乙公告', publishedOn: '2020-02-01', cost: 100n }).returning();
  const [tr2, , ] = await t.db.insert(transfers).values([
    { centerId: city, parcelId: p2!.id, round: 1, mode: '挂牌', agencyId: a2, announcementId: ann!.id, auctionDate: '2020-05-01',
      result: '成交', dealPrice: 987654321n, winner: '乙竞得公司', dealDate: '2020-05-01', confirmationNo: 'CJ-Z' },
    { centerId: county, parcelId: p3!.id, round: 1, mode: '拍卖', agencyId: a1, auctionDate: '2020-06-01', result: '流拍' },
    { centerId: other, parcelId: p4!.id, round: 1, mode: '拍卖', agencyId: a1, auctionDate: '2020-06-01', result: '流拍' },
  ]).returning();
  ids = { a1Transfer: sold.transferId, a2Transfer: tr2!.id };
  await t.db.insert(feeAgreements).values([
    { agencyId: a1, year: 2020, method: '按宗固定', fixedAmount: 500000n },
    { agencyId: a2, year: 2020, method: '按宗固定', fixedAmount: 777777n },
  ]);
  const [project] = await t.db.insert(projects).values({ centerId: city, year: 2020, name: '土地出让工作经费' }).returning();
  const pay = (x: Partial<typeof payments.$inferInsert>) => ({ centerId: city, projectId: project!.id, category: '拍卖机构劳务费' as const, payee: '测试甲拍卖有限公司', amount: 100n, ...x });
  await t.db.insert(payments).values([
    pay({ agencyId: a1, transferId: sold.transferId, amount: 300000n, status: '已支付', paidOn: '2020-07-01', voucherNo: 'V-A1-001' }),
    pay({ agencyId: a1, transferId: sold.transferId, amount: 150000n, status: '待业务分管领导审批' }),
    pay({ agencyId: a1, payee: '草稿收款人', amount: 12300n, status: '草稿', attachment: '内部附件说明甲' }),
    pay({ agencyId: a2, transferId: tr2!.id, payee: '乙机构收款人', amount: 654321n, status: '已支付', paidOn: '2020-07-02', voucherNo: 'V-A2-SECRET' }),
  ]);
  agency1 = await t.signIn('agency1');
});
afterAll(() => t.close());

const PAGES = ['/portal', '/portal/transfers', '/portal/payments', '/portal/agreements'];
const VARIANTS = ['?year=2020', '?year=all', '', '?year=bad', '?year=2020&format=csv', '?year=all&format=csv', '?format=csv'];

async function text(path: string, cookie = agency1) {
  const res = await t.get(path, cookie);
  expect(res.status, path).toBe(200);
  return res.text();
}

describe('agency portal', () => {
  it('shows the overview with the fee totals of the year', async () => {
    const html = await text('/portal?year=2020');
    expect(html).toContain('测试甲拍卖有限公司');
    expect(html).toContain('5,000.00'); // due: one sold transfer at 5000 元
    expect(html).toContain('3,000.00'); // paid
    expect(html).toContain('2,000.00'); // outstanding
    expect(html).toContain('1 场'); // the city sale; not the transfers of centers outside its scope
    expect(html).toContain('href="/portal/transfers"');
  });

  it('lists its own transfers in its centers with fees per transfer, and exports them', async () => {
    const html = await text('/portal/transfers?year=2020');
    expect(html).toContain('测试地块');
    // An agency user's scope is its own center: agency a1's transfers elsewhere are not listed here.
    expect(html).not.toContain('县里甲地块');
    expect(html).not.toContain('外市甲地块');
    expect(html).toContain('2,000,000.00');
    expect(html.match(/class="portal-transfer"/g)).toHaveLength(1);
    const csv = await (await t.get('/portal/transfers?year=2020&format=csv', agency1)).text();
    expect(csv).toContain('测试地块');
    expect(csv).toContain('5000.00');
    expect(csv).not.toContain('外市甲地块');
    // Another year has none.
    expect(await text('/portal/transfers?year=2019')).toContain('没有出让活动');
  });

  it('lists payments to it with their approval status, but no drafts', async () => {
    const html = await text('/portal/payments?year=all');
    expect(html).toContain('V-A1-001');
    expect(html).toContain('已支付');
    expect(html).toContain('待业务分管领导审批');
    expect(html.match(/class="portal-payment"/g)).toHaveLength(2);
    const csv = await (await t.get('/portal/payments?year=all&format=csv', agency1)).text();
    expect(csv).toContain('3000.00');
    expect(csv).toContain('V-A1-001');
  });

  it('lists its agreements', async () => {
    const html = await text('/portal/agreements');
    expect(html).toContain('按宗固定，每宗 5,000.00 元');
    const csv = await (await t.get('/portal/agreements?format=csv', agency1)).text();
    expect(csv).toContain('2020');
  });

  it('never shows anything of agency2, nor internal draft notes, on any page or export', async () => {
    for (const p of PAGES) {
      for (const v of VARIANTS) {
        const body = await text(p + v);
        for (const s of [...SECRETS, ...INTERNAL]) expect(body, `${p}${v} shows ${s}`).not.toContain(s);
      }
    }
  });

  it('shows agency2 its own records and none of agency1', async () => {
    const agency2 = await t.signIn('agency2');
    const html = await text('/portal/transfers?year=2020', agency2);
    expect(html).toContain('乙机构专属地块');
    expect(html).not.toContain('测试地块');
    expect(await text('/portal/payments?year=all', agency2)).toContain('V-A2-SECRET');
    expect(await text('/portal/payments?year=all', agency2)).not.toContain('V-A1-001');
    expect(ids.a2Transfer).not.toBe(ids.a1Transfer);
  });

  it('refuses every other role, and sends strangers to sign in', async () => {
    for (const u of ['admin', 'staff', 'finance', 'leader', 'otherStaff']) {
      const cookie = await t.signIn(u);
      for (const p of PAGES) expect((await t.get(p, cookie)).status, `${u} ${p}`).toBe(403);
    }
    const anon = await t.get('/portal');
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toMatch(/^\/login/);
  });

  it('answers odd query strings without an error', async () => {
    for (const q of ['?year=99999999999', '?year=-1', '?year=%00', '?format=xml', '?year=2020&year=2021']) {
      for (const p of PAGES) expect((await t.get(p + q, agency1)).status, p + q).toBe(200);
    }
  });

  it('puts the portal in the agency navigation', async () => {
    const html = await text('/');
    expect(html).toContain('href="/portal/transfers"');
    expect(html).toContain('href="/"');
  });
});
