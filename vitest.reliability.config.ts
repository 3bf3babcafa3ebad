import { defineConfig } from 'vitest/config';

// Reliability (issue 6): fast-check fuzzing of every form and the importer, and kill -9 during
// imports and approvals. Long by design, so not part of `npm test`; CI runs it once, with
// FUZZ_RUNS=1000 cases per form (the default here too).
export default defineConfig({
  test: {
    include: ['tests/reliability/**/*.test.{ts,tsx}'],
    globalSetup: ['tests/helpers/global-setup.ts'],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Two at a time on a 2-core machine: each file drives an app and a database of its own.
    maxWorkers: 2,
  },
});
