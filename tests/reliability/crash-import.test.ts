// kill -9 of the real app while it confirms a large ledger import, at a random moment of the
// confirm, again and again. After each restart the ledger is there completely, with an audit
// event for every record, or not at all; an upload the kill lost confirms again and lands once;
// confirming a landed upload again changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBasics, PASSWORD } from '../helpers/app';
import { createTestDb, type TestDb } from '../helpers/db';
import { signInHttp, startApp, type RunningApp } from '../helpers/server';
import { toXlsxFile, type Ledger } from '../../src/ledger/testing';
import { crashSeed, seededRandom, sleep, waitForOrphansToEnd } from './crash/support';

const KILLS = Number(process.env.CRASH_KILLS ?? 10);
/** Rows per sheet: enough that a confirm takes a second or two on a loaded two-core machine. */
const ROWS = Number(process.env.CRASH_IMPORT_ROWS ?? 1000);

let database: TestDb;
let app: RunningApp | null = null;
let cookie = '';

beforeAll(async () => {
  database = await createTestDb();
  await seedBasics(database.db);
  app = await startApp({ DATABASE_URL: database.url, DEMO: '0' });
  cookie = await signInHttp(app.url, 'admin', PASSWORD);
}, 180_000);

afterAll(async () => {
  await app?.stop('SIGKILL');
  await waitForOrphansToEnd(database.url).catch(() => {});
  await database.close();
});

/** Iteration k's ledger: its own parcels, transfers, project, budget and paid payments, all at CITY. */
function ledgerOf(k: number): Ledger {
  const P = ['CITY', '2020', `崩溃测试经费${k}`];
  const n = Array.from({ length: ROWS }, (_, i) => i + 1);
  return {
    标的: [
      ['中心编码', '标的编号', '类型', '名称', '区县', '用途', '面积', '出让年限', '起始价'],
      ...n.map((i) => ['CITY', `K${k}-${i}`, '土地', `崩溃测试地块${k}-${i}`, '利州区', '住宅', '1000', '70', '1000000']),
    ],
    出让活动: [
      ['中心编码', '标的编号', '场次', '方式', '竞价日期', '结果', '成交价', '竞得人', '成交日期', '成交确认书编号'],
      ...n.map((i) => ['CITY', `K${k}-${i}`, '1', '挂牌', '2020-03-25', '成交', '1200000', `竞得人${i}`, '2020-03-25', `K${k}-CJ-${i}`]),
    ],
    项目: [['中心编码', '年度', '项目名称'], P],
    预算: [['中心编码', '年度', '项目名称', '类型', '金额', '日期'], [...P, '年初预算', String(ROWS * 10), '2020-01-10']],
    支付: [
      ['中心编码', '年度', '项目名称', '凭证号', '类别', '收款方', '金额', '支付日期'],
      ...n.map((i) => [...P, `K${k}-PZ-${i}`, '其他', `收款方${i}`, '1.00', '2020-05-10']),
    ],
  };
}

const filename = (k: number) => `crash-${k}.xlsx`;

/** The records of iteration k's ledger, per table, and the audit events the import wrote for it. */
async function countsOf(k: number) {
  const [row] = await database.sql<Record<string, number>[]>`select
    (select count(*)::int from parcels where code like ${`K${k}-%`}) as parcels,
    (select count(*)::int from transfers t join parcels p on p.id = t.parcel_id where p.code like ${`K${k}-%`}) as transfers,
    (select count(*)::int from projects where name = ${`崩溃测试经费${k}`}) as projects,
    (select count(*)::int from budget_entries b join projects j on j.id = b.project_id where j.name = ${`崩溃测试经费${k}`}) as budget_entries,
    (select count(*)::int from payments x join projects j on j.id = x.project_id where j.name = ${`崩溃测试经费${k}`}) as payments,
    (select count(*)::int from audit_events where note like ${`%${filename(k)}%`}) as audit_events`;
  return { ...row! };
}

async function everything() {
  const [row] = await database.sql<{ audit: number; parcels: number; payments: number }[]>`select
    (select count(*)::int from audit_events) as audit, (select count(*)::int from parcels) as parcels, (select count(*)::int from payments) as payments`;
  return row!;
}

async function upload(k: number): Promise<string> {
  const file = await toXlsxFile(ledgerOf(k), filename(k));
  const form = new FormData();
  form.append('files', new Blob([new Uint8Array(file.data)]), file.name);
  const res = await fetch(`${app!.url}/ledger/import`, { method: 'POST', body: form, headers: { Origin: app!.url, Cookie: cookie } });
  const html = await res.text();
  expect(res.status, html.slice(0, 2000)).toBe(200);
  const id = /\/ledger\/import\/([0-9a-f-]{36})\/confirm/.exec(html)?.[1];
  expect(id, 'the preview offers a confirm').toBeTruthy();
  return id!;
}

function confirm(id: string) {
  return fetch(`${app!.url}/ledger/import/${id}/confirm`, { method: 'POST', redirect: 'manual', headers: { Origin: app!.url, Cookie: cookie } });
}

async function statusOf(id: string) {
  const [row] = await database.sql<{ status: string }[]>`select status from import_uploads where id = ${id}`;
  return row!.status;
}

describe('kill -9 during a ledger import', () => {
  it(`leaves the import whole or absent, ${KILLS} times`, async () => {
    const started = Date.now();
    const random = seededRandom(crashSeed('crash-import'));

    // A confirm that is not killed: how long it takes, and what a landed import looks like.
    const calibration = await upload(0);
    const t0 = Date.now();
    const res = await confirm(calibration);
    expect(res.status).toBe(303);
    const confirmMs = Date.now() - t0;
    const full = await countsOf(0);
    const none = Object.fromEntries(Object.keys(full).map((k) => [k, 0]));
    expect(full).toMatchObject({ parcels: ROWS, transfers: ROWS, projects: 1, budget_entries: 1, payments: ROWS });
    expect(full.audit_events).toBeGreaterThanOrEqual(2 * ROWS + 2 + ROWS);
    console.log(`[crash-import] ${ROWS} rows per sheet; a confirm takes ${confirmMs} ms`);

    const outcomes: string[] = [];
    for (let k = 1; k <= KILLS; k++) {
      // The preview runs the same import (rolled back) on the same, freshly restarted server: its
      // duration is the best guess of this confirm's, so the kill lands before and after the commit.
      const u0 = Date.now();
      const id = await upload(k);
      const delay = Math.floor(random() * Math.max(confirmMs, Date.now() - u0) * 1.3);
      const pending = confirm(id).then((r) => r.status, () => 'killed');
      await sleep(delay);
      await app!.stop('SIGKILL');
      const answered = await pending;
      await waitForOrphansToEnd(database.url);
      app = await startApp({ DATABASE_URL: database.url, DEMO: '0' });

      // All or nothing, and the upload's status says which.
      const after = await countsOf(k);
      const landed = (await statusOf(id)) === 'applied';
      expect(after, `kill ${k} after ${delay} ms`).toEqual(landed ? full : none);
      outcomes.push(`${delay}ms:${landed ? 'landed' : 'lost'}${answered === 'killed' ? '' : `(${answered})`}`);

      // A lost upload confirms again and lands, once; a landed one confirms again to no effect.
      if (!landed) {
        expect((await confirm(id)).status).toBe(303);
        expect(await countsOf(k)).toEqual(full);
        expect(await statusOf(id)).toBe('applied');
      }
      const before = await everything();
      const again = await confirm(id);
      expect(again.status).toBe(303);
      // The flash cookie is encoded twice (the app's encodeURIComponent, then the cookie's own).
      expect(decodeURIComponent(decodeURIComponent(again.headers.getSetCookie().join(';')))).toContain('该文件已导入');
      expect(await everything()).toEqual(before);
      expect(await countsOf(k)).toEqual(full);
    }
    console.log(`[crash-import] ${outcomes.join(' ')}`);
    // The kills fell on both sides of the commit: some while the import ran (no answer, nothing
    // kept), some after it. Else the all-or-nothing checks above proved little.
    expect(outcomes.some((o) => o.endsWith(':lost')), 'a kill during the import').toBe(true);
    expect(outcomes.some((o) => o.includes(':landed')), 'a kill after the commit').toBe(true);
    // Every ledger landed exactly once in the end.
    const total = await everything();
    expect(total.parcels).toBe((KILLS + 1) * ROWS);
    expect(total.payments).toBe((KILLS + 1) * ROWS);
    const elapsed = Date.now() - started;
    console.log(`[crash-import] ${KILLS} kills in ${(elapsed / 1000).toFixed(1)} s`);
  }, 600_000);
});
