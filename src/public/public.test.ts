// The public pages (成交公示): no sign-in, no session, only published records and public columns;
// and on the demo, GYJY's 17 deals of 2020.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcementParcels, announcements, feeAgreements, landContracts, parcels, reservePrices } from '../../db/schema';
import { createTestApp, type TestApp } from '../../tests/helpers/app';
import { loadDemo } from '../demo/load';
import { tradingRecords } from '../funds/test-support';

let t: TestApp;

// Words and figures that are internal: fee, payments, the announcement's cost (15,000.00 元).
// And the secret 底价 (1,777,777.77 元, its 文号) and the parcel's 保证金 (333,333.33 元).
const INTERNAL = ['费用', '劳务费', '支付', '15,000.00', '15000.00', '测试甲拍卖有限公司', '8,888.88', '/logout', '退出',
  '1,777,777.77', '1777777.77', '底价纪要〔2020〕1号', '333,333.33', '333333.33', '保证金'];

beforeAll(async () => {
  t = await createTestApp();
  const { city, other } = t.fixture.centers;
  const { transferId, announcementId } = await tradingRecords(t);
  const [row] = await t.database.sql<{ parcel_id: number }[]>`select parcel_id from transfers where id = ${transferId}`;
  await t.db.insert(announcementParcels).values({ announcementId, parcelId: row!.parcel_id });
  await t.db.insert(reservePrices).values({ centerId: city, transferId, amount: 177_777_777n, decisionNo: '底价纪要〔2020〕1号', setBy: t.fixture.users.staff.id });
  await t.database.sql`update parcels set deposit = 33333333 where id = ${row!.parcel_id}`;
  await t.db.insert(feeAgreements).values({ agencyId: t.fixture.agencies.a1, year: 2020, method: '按宗固定', fixedAmount: 888888n });
  // Not yet published: dated far ahead.
  await t.db.insert(announcements).values({ centerId: city, code: '公告-未来', title: '尚未发布的公告', publishedOn: '2099-01-01', cost: 1n });
  await t.db.insert(parcels).values({ centerId: other, code: 'O-1', kind: '土地', name: '外中心地块', startingPrice: 1n });
});
afterAll(() => t.close());

describe('public pages', () => {
  it('list the centers and the latest deals without sign-in, and set no session', async () => {
    const res = await t.get('/public');
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const html = await res.text();
    expect(html).toContain('测试市公共资源交易中心');
    expect(html).toContain('href="/public/centers/OTHER"');
    expect(html).toContain('测试地块');
    expect(html).toMatch(/<td class="num">200\.00<\/td><td>某公司<\/td>/); // 成交价 in 万元, as 中国土地市场网 shows it
    expect(html).toContain('某公司');
    for (const s of INTERNAL) expect(html, s).not.toContain(s);
  });

  it('show a center\'s published announcements with their parcels and its deals of the year', async () => {
    const html = await (await t.get('/public/centers/CITY?year=2020')).text();
    expect(html).toContain('公告-GY-2020-01');
    expect(html).toContain('GY-2020-01 测试地块');
    expect(html).not.toContain('尚未发布的公告');
    expect(html.match(/class="public-deal"/g)).toHaveLength(1);
    for (const s of INTERNAL) expect(html, s).not.toContain(s);
    const other = await (await t.get('/public/centers/CITY?year=2019')).text();
    expect(other).toContain('本年度暂无成交结果');
    expect(await (await t.get('/public?center=CITY&year=2020')).text()).toContain('测试地块');
  });

  it('answer an unknown center with 404 and bad query strings without error', async () => {
    for (const p of ['/public/centers/NOPE', '/public?center=NOPE', '/public/centers/%E4%B8%AD']) {
      const res = await t.get(p);
      expect(res.status, p).toBe(404);
      expect(await res.text()).toContain('没有这个交易中心');
    }
    for (const p of ['/public?year=abc', '/public/centers/CITY?year=99999999999', '/public/centers/CITY?year=-5', '/public?center=']) {
      expect((await t.get(p)).status, p).toBe(200);
    }
  });

  it('show no staff navigation to a signed-in user, and are not cached for them', async () => {
    const cookie = await t.signIn('admin');
    const res = await t.get('/public', cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).not.toContain('/logout');
    expect(html).not.toContain('href="/admin/users"');
  });

  it('show the contract\'s public terms once it is signed, and the same records as an OCDS release package', async () => {
    const [tr] = await t.database.sql<{ id: number; deal_price: string; winner: string }[]>`select id, deal_price::text, winner from transfers where result = '成交' limit 1`;
    const before = await (await t.get('/public/centers/CITY?year=2020')).text();
    expect(before).not.toContain('≤ 容积率 ≤');
    await t.db.insert(landContracts).values({
      centerId: t.fixture.centers.city, transferId: tr!.id, contractNo: 'HT-PUB-1', signedOn: '2020-07-20', grantor: '某局', grantee: tr!.winner,
      price: BigInt(tr!.deal_price), earnest: 0n, plotRatioMin: '1.00', plotRatioMax: '2.50', startBy: '2021-01-20', completeBy: '2023-01-20',
    });
    const html = await (await t.get('/public/centers/CITY?year=2020')).text();
    expect(html).toContain('<td>1.00 ≤ 容积率 ≤ 2.50</td><td>2021-01-20 开工，2023-01-20 竣工</td><td>2020-07-20</td>');

    const res = await t.get('/public/feed.json?center=CITY&year=2020');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.headers.getSetCookie()).toEqual([]);
    const text = await res.text();
    for (const s of INTERNAL) expect(text, s).not.toContain(s);
    const pkg = JSON.parse(text) as { version: string; publisher: { name: string }; releases: { ocid: string; id: string; tag: string[]; awards?: { value: { amount: number } }[]; contracts?: { id: string; dateSigned: string }[] }[] };
    expect(pkg).toMatchObject({ version: '1.1', publisher: { name: '测试市公共资源交易中心' } });
    const mine = pkg.releases.filter((r) => r.ocid === `ocds-xxxxxx-CITY-${tr!.id}`);
    expect(mine.map((r) => r.tag[0])).toEqual(['tender', 'award', 'contract']);
    expect(new Set(pkg.releases.map((r) => r.id)).size).toBe(pkg.releases.length);
    expect(mine[1]!.awards![0]!.value.amount).toBe(2000000);
    expect(mine[2]!.contracts![0]).toMatchObject({ id: 'HT-PUB-1', dateSigned: '2020-07-20T00:00:00+08:00' });
    expect((await t.get('/public/feed.json?center=NOPE')).status).toBe(404);
    expect((await t.get('/public/feed.json')).status).toBe(404);
  });

  it('is linked from the login page', async () => {
    expect(await (await t.get('/login')).text()).toContain('href="/public"');
  });
});

describe('public pages on the demo', () => {
  let d: TestApp;
  beforeAll(async () => {
    d = await createTestApp({ seed: false });
    await loadDemo(d.db);
  }, 120_000);
  afterAll(() => d.close());

  it('list the 17 deals of GYJY in 2020, with no fee', async () => {
    for (const path of ['/public', '/public?center=GYJY&year=2020', '/public/centers/GYJY?year=2020']) {
      const res = await d.get(path);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expect(html.match(/class="public-deal"/g), path).toHaveLength(17);
      expect(html).toContain('成交结果公示（17 宗）');
      for (const s of ['费用', '劳务费', '支付']) expect(html, `${path} ${s}`).not.toContain(s);
    }
    const pkg = await (await d.get('/public/feed.json?center=GYJY&year=2020')).json() as { releases: { tag: string[]; awards?: { value: { amount: number } }[] }[] };
    const awards = pkg.releases.filter((r) => r.tag[0] === 'award');
    expect(awards).toHaveLength(17);
    const [sum] = await d.database.sql<{ v: string }[]>`select (sum(deal_price) / 100.0)::numeric(20,2)::text as v from transfers t join centers c on c.id = t.center_id
      where c.code = 'GYJY' and t.result = '成交' and extract(year from t.deal_date) = 2020`;
    // Each amount is the exact 元 decimal (String of the number), so their 分 add up to the records' sum.
    const fen = (n: number) => { const [w, f = ''] = String(n).split('.'); return BigInt(w!) * 100n + BigInt(f.padEnd(2, '0')); };
    expect(awards.reduce((s, r) => s + fen(r.awards![0]!.value.amount), 0n)).toBe(BigInt(sum!.v.replace('.', '')));
  });
});
