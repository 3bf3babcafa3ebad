// `npm start` on an empty DATA_DIR: embedded PostgreSQL, migrations, the demo; then a kill -9 of
// the app and a second start, which must come up on the same data (the orphaned server is stopped).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signInHttp, startApp, stopServersIn, type RunningApp } from './helpers/server';

const dataDir = mkdtempSync(join(tmpdir(), 'tl-restart-'));
let app: RunningApp | null = null;
afterAll(async () => {
  await app?.stop();
  await stopServersIn(dataDir);
  rmSync(dataDir, { recursive: true, force: true });
});

async function soldIn2020(url: string, cookie: string) {
  const html = await (await fetch(`${url}/parcels?year=2020&status=${encodeURIComponent('已成交')}`, { headers: { Cookie: cookie } })).text();
  return [...html.matchAll(/href="\/parcels\/\d+">([^<]+)</g)].map((m) => m[1]);
}

describe('start, kill -9, start again', () => {
  it('serves the demo on an empty DATA_DIR and keeps the data across a kill -9', async () => {
    app = await startApp({ DATA_DIR: dataDir });
    const login = await (await fetch(`${app.url}/login`)).text();
    expect(login).toContain('出让台账 · 登录');
    const cookie = await signInHttp(app.url, 'staff', 'guangyuan2020');
    const before = await soldIn2020(app.url, cookie);
    expect(before).toHaveLength(17);
    // A change made just before the crash must survive it (committed = durable).
    const res = await fetch(`${app.url}/parcels`, {
      method: 'POST', redirect: 'manual',
      headers: { Cookie: cookie, Origin: app.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code: 'CRASH-01', kind: '土地', name: '崩溃前登记的地块', starting_price: '100.00' }),
    });
    expect(res.status).toBe(303);

    await app.stop('SIGKILL');
    app = await startApp({ DATA_DIR: dataDir });
    expect(app.output()).toContain('orphaned embedded PostgreSQL');
    const again = await signInHttp(app.url, 'staff', 'guangyuan2020');
    expect(await soldIn2020(app.url, again)).toEqual(before);
    const list = await (await fetch(`${app.url}/parcels?q=CRASH-01`, { headers: { Cookie: again } })).text();
    expect(list).toContain('CRASH-01');

    expect(await app.stop('SIGTERM')).toBe(0);
    expect(app.output()).toContain('stopped');
    app = null;
  }, 240_000);
});
