// The command line (same code as the web) and the demo ledger, against a database of their own.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { loadDemoIfEmpty } from '../src/demo/load';
import { createTestDb, type TestDb } from './helpers/db';
import { ORIGIN } from './helpers/app';

const run = promisify(execFile);
let d: TestDb;
beforeAll(async () => { d = await createTestDb(); });
afterAll(() => d.close());

const cli = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env: { ...process.env, DATABASE_URL: d.url, ...env } })
    .then((r) => ({ code: 0, out: r.stdout + r.stderr }), (e) => ({ code: e.code as number, out: `${e.stdout}${e.stderr}` }));

describe('cli', () => {
  it('dry-runs, imports and re-imports the demo ledger', async () => {
    const dry = await cli(['import', 'db/demo', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('预检通过');
    const [none] = await d.db.execute<{ n: number }>(sql`select count(*)::int as n from parcels`);
    expect(none!.n).toBe(0);

    const real = await cli(['import', 'db/demo']);
    expect(real.code, real.out).toBe(0);
    expect(real.out).toMatch(/出让活动: \d+ 行，新增 \d+/);
    const again = await cli(['import', 'db/demo']);
    expect(again.out).toMatch(/出让活动: (\d+) 行，新增 0，更新 0，未变 \1/);
  }, 60_000);

  it('reports every error of a bad ledger and exits non-zero', async () => {
    const res = await cli(['import', 'tests/fixtures/bad-ledger']);
    expect(res.code).toBe(1);
    expect(res.out).toContain('导入失败');
    expect(res.out).toContain('统一社会信用代码校验位不符');
    expect(res.out).toContain('标的 第3行');
  }, 60_000);

  it('creates the first admin, who can sign in', async () => {
    const res = await cli(['create-admin', '--username', 'chief', '--center-code', 'NEWC', '--center-name', '新中心', '--level', '县'], { TL_ADMIN_PASSWORD: 'a-long-password-1' });
    expect(res.code, res.out).toBe(0);
    const dup = await cli(['create-admin', '--username', 'chief', '--center-code', 'NEWC'], { TL_ADMIN_PASSWORD: 'a-long-password-1' });
    expect(dup.code).toBe(2);
    expect(dup.out).toContain('已存在');
    const weak = await cli(['create-admin', '--username', 'chief2', '--center-code', 'NEWC'], { TL_ADMIN_PASSWORD: 'short' });
    expect(weak.out).toContain('密码至少10个字符');
    const app = createApp({ db: d.db, options: { sessionIdleMinutes: 60, sessionMaxHours: 1 } });
    const login = await app.request(`${ORIGIN}/login`, {
      method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'chief', password: 'a-long-password-1' }),
    });
    expect(login.status).toBe(303);
  }, 60_000);

  it('loads the demo users; a parcel page shows its 流拍 and its re-offered deal', async () => {
    const res = await cli(['demo']);
    expect(res.code, res.out).toBe(0);
    const app = createApp({ db: d.db, options: { sessionIdleMinutes: 60, sessionMaxHours: 1 } });
    const login = await app.request(`${ORIGIN}/login`, {
      method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'staff', password: 'guangyuan2020' }),
    });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const list = await (await app.request(`${ORIGIN}/parcels?year=2020&status=${encodeURIComponent('已成交')}`, { headers: { Cookie: cookie } })).text();
    expect(list).toContain('共 17 条');
    expect(list).toContain('演示数据');
    const [p] = await d.db.execute<{ id: number }>(sql`
      select parcel_id as id from transfers where result = '流拍' and auction_date >= '2020-01-01' order by parcel_id limit 1`);
    const page = await (await app.request(`${ORIGIN}/parcels/${p!.id}`, { headers: { Cookie: cookie } })).text();
    expect(page).toMatch(/第1场[\s\S]*流拍[\s\S]*第2场[\s\S]*成交/);
    const home = await (await app.request(`${ORIGIN}/`, { headers: { Cookie: cookie } })).text();
    expect(home).toContain('2020年'); // starts in the last year with deals

    // Issue 3's done-when: the demo project page shows the seed's figures and the monthly chart
    // with the 序时进度 line and the warning months (payments bunched at year end).
    const fin = await app.request(`${ORIGIN}/login`, {
      method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'finance', password: 'guangyuan2020' }),
    });
    const finCookie = fin.headers.getSetCookie()[0]!.split(';')[0]!;
    const [proj] = await d.db.execute<{ id: number }>(sql`select id from projects where name = '土地出让工作经费' and year = 2020`);
    const project = await (await app.request(`${ORIGIN}/projects/${proj!.id}`, { headers: { Cookie: finCookie } })).text();
    for (const figure of ['100.00万元', '91.50万元', '91.50%', '100.00%']) expect(project).toContain(figure);
    expect(project).toContain('<svg');
    expect(project).toContain('序时进度');
    expect(project).toMatch(/滞后月份：\d+–\d+月/);
  }, 60_000);

  it('never loads the demo into a database that already holds records', async () => {
    const other = await createTestDb();
    try {
      await other.db.execute(sql`insert into centers (code, name, level) values ('REAL', '真实中心', '市')`);
      expect(await loadDemoIfEmpty(other.db)).toBe(false);
      const [n] = await other.db.execute<{ n: number }>(sql`select count(*)::int as n from users`);
      expect(n!.n).toBe(0);
    } finally {
      await other.close();
    }
  });
});
