// Inputs that once reached the database or a parser unchecked: each must get a 4xx with a
// message, never a 500 (found by a review of the first feature set).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeNext } from '../src/auth/routes';
import { importLedger } from '../src/ledger/import';
import { createTestApp, ORIGIN, PASSWORD, type TestApp } from './helpers/app';

let t: TestApp;
let staff: string;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  staff = await t.signIn('staff');
  admin = await t.signIn('admin');
});
afterAll(() => t.close());

describe('bad input', () => {
  it('never redirects off-site after sign-in', () => {
    for (const evil of ['//evil.example', '/\t/evil.example', '/\n/evil.example', '/\\evil.example', 'https://evil.example', '/%0A/x\u0000']) {
      expect(safeNext(evil), JSON.stringify(evil)).not.toMatch(/evil|\n|\t/);
    }
    expect(safeNext('/parcels?year=2020')).toBe('/parcels?year=2020');
  });

  it('throttles parallel guesses, not only sequential ones', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => t.post('/login', { username: 'leader', password: `wrong-${i}` })));
    expect(results.filter((r) => r.status === 401).length).toBeLessThanOrEqual(5);
    expect(results.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(15);
    expect((await t.post('/login', { username: 'leader', password: PASSWORD })).status).toBe(429);
  });

  it('refuses control characters in forms with 400, and ignores them in filters', async () => {
    expect((await t.post('/login', { username: 'st\u0000aff', password: 'x' })).status).toBe(400);
    const res = await t.post('/parcels', { code: 'N-1', kind: '土地', name: 'a\u0000b', starting_price: '1' }, staff);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('不允许的控制字符');
    expect((await t.get('/parcels?q=%00', staff)).status).toBe(200);
    expect((await t.get('/admin/audit?actor=%00', admin)).status).toBe(200);
  });

  it('checks a decimal against its column (容积率 numeric(8,2))', async () => {
    const res = await t.post('/parcels', { code: 'N-2', kind: '土地', name: '容积率过大', starting_price: '1', plot_ratio: '1234567' }, staff);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('容积率应为非负数，整数部分最多6位');
  });

  it('answers a malformed upload id with 404 and a malformed multipart body with 400', async () => {
    expect((await t.get('/ledger/import/------------------------------------', admin)).status).toBe(404);
    const res = await t.app.request(`${ORIGIN}/ledger/import`, {
      method: 'POST', body: '--x\r\nbroken', headers: { Origin: ORIGIN, Cookie: admin, 'Content-Type': 'multipart/form-data; boundary=zzz' },
    });
    expect(res.status).toBe(400);
  });

  it('ignores an unparsable Referer on the center/year switch', async () => {
    const res = await t.post('/context', { center: String(t.fixture.centers.city), year: '2020' }, staff, { Referer: 'not a url' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
  });

  it('reports a control character in a ledger cell as an import error', async () => {
    const csv = Buffer.from('中心编码,标的编号,类型,名称,起始价\nCITY,Z-1,土地,坏\u0000名称,1\n');
    const r = await importLedger(t.db, [{ name: '标的.csv', data: csv }], { actor: { userId: null, name: 't' }, dryRun: false });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ sheet: '标的', row: 2, column: '名称', message: '单元格含有不允许的控制字符' });
    const [n] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from parcels where code = 'Z-1'`);
    expect(n!.n).toBe(0);
  });
});
