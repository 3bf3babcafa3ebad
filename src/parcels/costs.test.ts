// Each parcel's page shows its share of every announcement that covers it (shareCost, the
// remainder 分 to the first 标的编号), and what those shares add up to: the parcel's 出让成本.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { announcementParcels, announcements, parcels } from '../../db/schema';
import { createTestApp, type TestApp } from '../../tests/helpers/app';
import { parcelHistory } from './queries';

let t: TestApp;
let staff: string;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp();
  staff = await t.signIn('staff');
  const { city } = t.fixture.centers;
  // Registered out of order: the split must follow 标的编号, not insertion order.
  const ps = await t.db.insert(parcels).values(['C-003', 'C-001', 'C-002'].map((code) =>
    ({ centerId: city, code, kind: '土地' as const, name: `地块${code}`, startingPrice: 100_000_000n }))).returning();
  for (const p of ps) ids[p.code] = p.id;
  const [big, small] = await t.db.insert(announcements).values([
    { centerId: city, code: 'GG-1', title: '三宗地块出让公告', publishedOn: '2020-04-01', cost: 100_001n }, // 1000.01 元
    { centerId: city, code: 'GG-2', title: '再次出让公告', publishedOn: '2020-06-01', cost: 10_001n }, // 100.01 元, two parcels
  ]).returning();
  await t.db.insert(announcementParcels).values([
    ...ps.map((p) => ({ announcementId: big!.id, parcelId: p.id })),
    { announcementId: small!.id, parcelId: ids['C-003']! }, { announcementId: small!.id, parcelId: ids['C-002']! },
  ]);
});
afterAll(() => t.close());

const shareCell = (html: string, code: string) =>
  new RegExp(`>${code}</a></td>.*?<td class="num">[\\d,.]+</td><td class="num">\\d+</td><td class="num">([\\d,.]+)</td>`).exec(html)?.[1];

describe('announcement costs on the parcel page', () => {
  it('shares 1000.01 元 among three parcels as 333.34 / 333.34 / 333.33 in 标的编号 order', async () => {
    const pages = await Promise.all(['C-001', 'C-002', 'C-003'].map(async (code) => (await t.get(`/parcels/${ids[code]}`, staff)).text()));
    expect(pages.map((html) => shareCell(html, 'GG-1'))).toEqual(['333.34', '333.34', '333.33']);
    // GG-2 (100.01 元) covers C-002 and C-003: 50.01 to C-002, the first code, and 50.00 to C-003.
    expect(shareCell(pages[1]!, 'GG-2')).toBe('50.01');
    expect(shareCell(pages[2]!, 'GG-2')).toBe('50.00');
    expect(pages[0]).toContain('出让成本（公告费分摊）合计 333.34 元');
    expect(pages[1]).toContain('出让成本（公告费分摊）合计 383.35 元');
    expect(pages[2]).toContain('出让成本（公告费分摊）合计 383.33 元');
  });

  it('reads the shares with a fixed number of statements', async () => {
    const spy = vi.spyOn(t.db, 'select');
    try {
      const h = await parcelHistory(t.db, ids['C-003']!);
      expect(h.covered.map((a) => [a.code, a.share, a.parcelCount])).toEqual([['GG-1', 33_333n, 3], ['GG-2', 5_000n, 2]]);
      expect(h.announcementCost).toBe(38_333n);
      expect(spy).toHaveBeenCalledTimes(3);
    } finally {
      spy.mockRestore();
    }
  });

  it('shows zero for a parcel no announcement covers', async () => {
    const [p] = await t.db.insert(parcels).values({ centerId: t.fixture.centers.city, code: 'C-009', kind: '土地', name: '无公告地块', startingPrice: 1n }).returning();
    expect(await (await t.get(`/parcels/${p!.id}`, staff)).text()).toContain('出让成本（公告费分摊）合计 0.00 元');
  });
});
