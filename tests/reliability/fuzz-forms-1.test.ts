// Fuzzing of every form (issue 6), shard 1 of 3 — and the check that discovery found every form:
// every POST route of the route table is reached by a form some page shows, or is on the
// commented NOT_A_FORM list. FUZZ_RUNS cases per form (default 1000).
import { describe, expect, it } from 'vitest';
import { setUp, shard, NOT_A_FORM } from './fuzz/suite';

const s = await setUp();

describe('fuzzing every form, shard 1', () => {
  it('discovers a form for every POST route', () => {
    const missing = s.discovery.postRoutes.filter((r) => !s.discovery.forms.has(r) && !(r in NOT_A_FORM));
    expect(missing).toEqual([]);
    // The allow-list holds nothing a page does offer.
    for (const r of Object.keys(NOT_A_FORM)) expect(s.discovery.forms.has(r), r).toBe(false);
    expect(s.discovery.forms.size).toBeGreaterThan(50);
  });
  shard(s, 0);
});
