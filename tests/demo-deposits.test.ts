// The demo's 竞买人, 报名 and 保证金 (issue 12): they agree with the imported rounds and with the law's
// rules the web enforces, and the 保证金工作台 and the 在途余额表 read them alike.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { depositShortfall } from '../src/bidders/deposits';
import { DEMO_PASSWORD, loadDemo } from '../src/demo/load';
import { createTestApp, type TestApp } from './helpers/app';

let t: TestApp;
let finance: string;
beforeAll(async () => {
  t = await createTestApp({ seed: false });
  await loadDemo(t.db);
  finance = await t.signIn('finance', DEMO_PASSWORD);
}, 120_000);
afterAll(() => t.close());

interface RoundRow extends Record<string, unknown> { id: number; code: string; mode: string; result: string; winner: string | null; passed: number; winner_passed: boolean }

const csvRows = async (path: string) => (await (await t.get(path, finance)).text()).trim().split('\r\n').slice(1).map((l) => l.split(','));
const cents = (rows: string[][], col: number) => rows.reduce((s, c) => s + BigInt(c[col]!.replace('.', '')), 0n);

describe('the demo\'s bidders and deposits', () => {
  it('give every 2020 round qualified bidders the way the rules want them', async () => {
    const rounds = [...await t.db.execute<RoundRow>(sql`
      select t.id, p.code, t.mode, t.result, t.winner,
             (select count(*)::int from bid_applications a where a.transfer_id = t.id and a.review = '通过') as passed,
             exists (select 1 from bid_application_members m join bidders b on b.id = m.bidder_id join bid_applications a on a.id = m.application_id
                     where m.transfer_id = t.id and a.review = '通过' and b.name = t.winner) as winner_passed
      from transfers t join parcels p on p.id = t.parcel_id
      where t.registration_deadline between '2020-01-01' and '2020-12-31' order by t.id`)];
    expect(rounds).toHaveLength(19);
    expect(rounds.filter((r) => r.result === '成交')).toHaveLength(17);
    for (const r of rounds) {
      if (r.result === '成交') expect(r.winner_passed, r.code).toBe(true);
      if (r.mode === '拍卖') expect(r.passed, r.code).toBe(r.result === '成交' ? 3 : 2);
      else expect(r.passed, r.code).toBeGreaterThanOrEqual(1);
      // Each passed only with the full 保证金 in by the 报名截止日期.
      for (const a of await t.db.execute<{ id: number }>(sql`select id from bid_applications where transfer_id = ${r.id}`)) {
        expect(await depositShortfall(t.db, r.id, a.id), r.code).toBeNull();
      }
    }
  });

  it('hold nothing at the end of 2020: winners\' deposits became price, the others were refunded', async () => {
    expect(await csvRows('/deposits/balances.csv?as_of=2020-12-31')).toEqual([]);
    const [row] = await t.db.execute<{ kind: string; n: number }>(sql`
      select string_agg(distinct kind, ',' order by kind) as kind, count(*)::int as n from deposit_dispositions where kind = '抵作价款'`);
    expect(row).toEqual({ kind: '抵作价款', n: 17 });
  });

  it('show on the worklist the day after the November auctions what the 在途余额表 holds for the losers, to the 分', async () => {
    const held = await csvRows('/deposits/balances.csv?as_of=2020-11-05');
    const winners = new Set([...await t.db.execute<{ winner: string }>(sql`select winner from transfers where winner is not null`)].map((r) => r.winner));
    const losers = held.filter((c) => !winners.has(c[6]!));
    const refunds = await csvRows('/deposits/worklist.csv?on=2020-11-05');
    expect(losers.length).toBeGreaterThan(0);
    expect(refunds.length).toBe(losers.length);
    expect(cents(refunds, 11)).toBe(cents(losers, 10));
    expect(refunds.every((c) => c[0] === '应退未退' && c[8] === '2020-11-04' && c[9] === '2020-11-11')).toBe(true);
  });

  it('list the one late refund of 2020', async () => {
    const html = await (await t.get('/deposits/worklist?on=2020-12-31', finance)).text();
    expect(html).toContain('本年逾期退还（1 笔）');
    expect(html).toMatch(/GY2020-13<\/a><\/td><td>第1场<\/td>[^]*?<td>2020-11-04<\/td><td>2020-11-11<\/td><td>2020-11-16<\/td><td class="num">3<\/td>/);
  });
});
