// Fuzzing of the ledger import (issue 6): FUZZ_RUNS generated ledgers (default 1000) straight into
// importLedger — rows of the demo ledger, a few sheets at a time, corrupted at random, as CSV or
// .xlsx, sometimes not a ledger at all. It never throws; a refused ledger comes back as errors
// with sheet, row and a Chinese message and changes no row; an accepted one, imported again,
// changes nothing. Then ~50 of them through the web: upload → preview → (a mapping form made up at
// random, when the preview offers one) → confirm with the warnings it shows, never a 5xx.
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centers, users } from '../../db/schema';
import { importLedger, type ImportFile } from '../../src/ledger/import';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';
import { fingerprinter, tracker, type Fingerprint } from './fuzz/fingerprint';
import { FUZZ_RUNS, leakIn } from './fuzz/forms';
import { demoSheets, filesOf, ledgerCases, tablesOf, type BaseSheet, type LedgerCase } from './fuzz/ledgers';

let t: TestApp;
let fingerprint: Fingerprint;
let base: BaseSheet[];
const actor = { userId: null, name: '模糊测试' };
const HAN = /[\u4e00-\u9fff]/;
const YEAR = 2020; // the demo ledger's year

beforeAll(async () => {
  t = await createTestApp();
  fingerprint = await fingerprinter(t.db);
  base = demoSheets();
  expect(base.length).toBe(15);
  const quote = (x: string) => (/[",\n]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x);
  // The centers, agencies, parcels, announcements and projects the demo rows name, so that rows of
  // the other sheets (transfers, budget, payments, remittances, scores …) can be accepted.
  const roots = base.filter((s) => ['交易中心', '拍卖机构', '标的', '出让公告', '项目'].includes(s.name)).map((s) => ({
    name: `${s.name}.csv`, data: Buffer.from([s.headers, ...s.rows].map((r) => r.map((x) => quote(x)).join(',')).join('\n')),
  }));
  const r = await importLedger(t.db, roots, { actor, dryRun: false });
  expect(r.ok, JSON.stringify(r)).toBe(true);
}, 300_000);
afterAll(() => t.close());

/** What the mapping form of a preview may be sent: rows of (kind, file sheet, header, choice), right and wrong. */
const mappingRows = fc.array(fc.record({
  mk: fc.constantFrom('sheet', 'col', 'val', 'other'),
  ms: fc.oneof(fc.constantFrom('支付', '标的', '出让活动', '预算', 'Sheet1', '2020年支付台账'), fc.string({ maxLength: 8 })),
  mh: fc.oneof(fc.constantFrom('金额', '部门', '序号', '中心编码', '年度'), fc.string({ maxLength: 8 })),
  mv: fc.oneof(fc.constantFrom('', '-', '金额', '标的编号', '年度', '支付', '不存在的列', '2020', 'GYJY'), fc.string({ maxLength: 12 })),
}), { maxLength: 6 });

/** Every cell text of a case: what an error message may quote back. */
const cellsOf = (c: LedgerCase) => tablesOf(base, c).flatMap((x) => [x.name, ...x.headers, ...x.rows.flat()]).join('\n');
const cut = (files: ImportFile[]) => files.map((f) => `${f.name} (${f.data.length} bytes): ${f.data.subarray(0, 300).toString('utf8')}`).join('\n');

describe('fuzzing the ledger import', () => {
  it(`never throws, refuses with sheet/row/Chinese message and no row changed, and re-imports as a no-op (${FUZZ_RUNS} ledgers)`, async () => {
    let accepted = 0;
    const db = await tracker(fingerprint);
    await fc.assert(fc.asyncProperty(ledgerCases(base, YEAR), async (c) => {
      const files = await filesOf(base, c);
      const r = await importLedger(t.db, files, { actor, dryRun: false });
      if (!r.ok) {
        expect(r.errors.length).toBeGreaterThan(0);
        for (const e of r.errors) {
          expect(typeof e.sheet, JSON.stringify(e)).toBe('string');
          expect(Number.isInteger(e.row) && e.row >= 0, JSON.stringify(e)).toBe(true);
          expect(e.message, JSON.stringify(e)).toMatch(HAN);
          expect(leakIn(e.message, cellsOf(c)), JSON.stringify(e)).toBeNull();
        }
        expect(await db.changed(), `a refused import changed rows:\n${cut(files)}`).toEqual([]);
        return;
      }
      accepted++;
      await db.accept();
      const again = await importLedger(t.db, files, { actor, dryRun: false });
      expect(again.ok, `re-import refused: ${JSON.stringify(again).slice(0, 500)}\n${cut(files)}`).toBe(true);
      if (again.ok) for (const n of again.counts) expect({ sheet: n.sheet, created: n.created, updated: n.updated }).toEqual({ sheet: n.sheet, created: 0, updated: 0 });
      expect(await db.changed(), `a re-import changed rows:\n${cut(files)}`).toEqual([]);
    }), { numRuns: FUZZ_RUNS, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) });
    console.log(`import fuzzing: ${FUZZ_RUNS} ledgers, ${accepted} accepted`);
    expect(accepted).toBeGreaterThan(0);
  });

  it('takes generated ledgers through upload, preview and confirm without a 5xx', async () => {
    // An admin of the demo's top center, so the demo rows are in the scope of a web import.
    const [gyzw] = await t.db.select().from(centers).where(eq(centers.code, 'GYZW'));
    const [hash] = await t.db.select({ h: users.passwordHash }).from(users).where(eq(users.username, 'admin'));
    await t.db.insert(users).values({ username: 'gyzwAdmin', displayName: '演示管理员', role: 'admin', centerId: gyzw!.id, passwordHash: hash!.h });
    const admin = await t.signIn('gyzwAdmin');
    const statuses: Record<string, number> = {};
    const count = (k: string) => { statuses[k] = (statuses[k] ?? 0) + 1; };
    const check = async (res: Response, what: string, sent: string) => {
      count(`${what} ${res.status}`);
      const body = await res.text();
      expect(res.status, `${what}: ${body.slice(0, 300)}`).toBeLessThan(500);
      expect(leakIn(body, sent), what).toBeNull();
      return body;
    };
    await fc.assert(fc.asyncProperty(ledgerCases(base, YEAR), mappingRows, async (c, rows) => {
      const files = await filesOf(base, c);
      const form = new FormData();
      for (const f of files) form.append('files', new File([new Uint8Array(f.data)], f.name));
      const up = await t.app.request(`${ORIGIN}/ledger/import`, { method: 'POST', body: form, headers: { Origin: ORIGIN, Cookie: admin } });
      // The upload answers with the preview itself; a clean one offers the confirm form.
      let preview = await check(up, 'upload', cellsOf(c));
      const mapping = /action="(\/ledger\/import\/[^"/]+\/mapping)"/.exec(preview);
      if (mapping && rows.length > 0) {
        const form = { mk: rows.map((r) => r.mk), ms: rows.map((r) => r.ms), mh: rows.map((r) => r.mh), mv: rows.map((r) => r.mv) };
        preview = await check(await t.post(mapping[1]!, form, admin), 'mapping', cellsOf(c));
      }
      const confirm = /action="(\/ledger\/import\/([^"/]+)\/confirm)"/.exec(preview);
      if (!confirm) return;
      // Confirmed as a user does: having read the warnings the preview shows, as many as it shows.
      const warnings = /name="warnings" value="(\d+)"/.exec(preview)?.[1] ?? '0';
      await check(await t.post(confirm[1]!, { warnings, accept_warnings: '1' }, admin), 'confirm', cellsOf(c));
      await check(await t.get(`/ledger/import/${confirm[2]}`, admin), 'result', cellsOf(c));
    }), { numRuns: 50 });
    console.log(`import web flow: ${JSON.stringify(statuses)}`);
    // Some ledgers went the whole way: preview, confirm, result.
    expect(statuses['confirm 303'] ?? 0).toBeGreaterThan(0);
  });
});
