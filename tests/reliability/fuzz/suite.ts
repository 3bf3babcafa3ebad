// One shard of the form fuzzing: its own database and fixture, the full discovery (every shard
// discovers the same forms, in the same order), and an it() per form of this shard. Three shards,
// three files, so vitest runs them side by side.
import { afterAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { discoverForms, type Discovery, type FoundForm } from './discover';
import { fingerprinter, type Fingerprint } from './fingerprint';
import { seedFuzzFixture, type FuzzFixture } from './fixture';
import { FUZZ_RUNS, fuzzForm } from './forms';

export const SHARDS = 3;

/**
 * POST routes no page offers as a form, each with the reason; everything else must be discovered.
 */
export const NOT_A_FORM: Record<string, string> = {
  // Shown only on the preview of an upload without errors; fuzz-import.test.ts drives the whole
  // upload → preview → confirm flow with generated ledgers.
  'POST /ledger/import/:id/confirm': 'fuzz-import.test.ts',
  // Shown only on a preview that has something to map; fuzz-import.test.ts sends it made-up mappings.
  'POST /ledger/import/:id/mapping': 'fuzz-import.test.ts',
};

/** Forms that change the state other forms depend on run last in their shard. */
const LAST = ['POST /projects/close-year', 'POST /context', 'POST /logout'];

export interface Setup { t: TestApp; fx: FuzzFixture; discovery: Discovery; forms: FoundForm[]; fingerprint: Fingerprint }

export async function setUp(): Promise<Setup> {
  const t = await createTestApp();
  const fx = await seedFuzzFixture(t);
  const discovery = await discoverForms(t, fx);
  const fingerprint = await fingerprinter(t.db);
  const rank = (r: string) => (LAST.includes(r) ? 1 : 0);
  const forms = [...discovery.forms.values()].sort((a, b) => rank(a.route) - rank(b.route) || a.route.localeCompare(b.route));
  return { t, fx, discovery, forms, fingerprint };
}

/** Declares this shard's tests; the forms are dealt round-robin after ordering, the state-changing ones last. */
export function shard(s: Setup, index: number) {
  afterAll(() => s.t.close());
  const mine = s.forms.filter((f) => !LAST.includes(f.route)).filter((_, i) => i % SHARDS === index);
  // The state-changing ones go to the last shard's end, in LAST's order.
  if (index === SHARDS - 1) mine.push(...LAST.map((r) => s.forms.find((f) => f.route === r)).filter((f): f is FoundForm => !!f));
  for (const form of mine) {
    it(`${form.route} (as ${form.actor ?? 'anonymous'}, from ${form.foundOn}${form.validate ? ', inline validation' : ''})`, async () => {
      // A form that ends or switches the session gets a session of its own.
      const cookie = !form.actor ? '' : form.route === 'POST /logout' || form.route === 'POST /context' ? s.fx.spare[form.actor] : s.fx.cookies[form.actor];
      const stats = await fuzzForm(s.t, s.fx, form, s.fingerprint, cookie);
      expect(stats.runs).toBeGreaterThanOrEqual(FUZZ_RUNS);
      console.log(`${form.route}: ${stats.runs} cases, statuses ${JSON.stringify(stats.byStatus)}, ms/case: request ${(stats.requestMs / stats.runs).toFixed(1)}, checks ${(stats.checkMs / stats.runs).toFixed(1)}`);
    });
  }
}
