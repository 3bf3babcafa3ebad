// Shared by the kill -9 tests: a seeded random source (the seed is printed, so a failing run can be
// replayed with CRASH_SEED=…), and the wait for a killed app's database sessions to end.
import postgres from 'postgres';

export { seededRandom } from '../../../src/lib/seeded-random';

export function crashSeed(name: string): number {
  const seed = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : Date.now() % 1_000_000_007;
  console.log(`[${name}] seed ${seed} (replay with CRASH_SEED=${seed})`);
  return seed;
}

/**
 * Waits until no session but this one works in the database: a killed client's transaction has
 * then either committed (its COMMIT had reached the server) or rolled back. Checking before that
 * would see a state that is about to change.
 */
export async function waitForOrphansToEnd(url: string, timeoutMs = 60_000) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and state is distinct from 'idle'`;
      if (row!.n === 0) return;
      if (Date.now() > deadline) throw new Error(`sessions of the killed app still busy after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await sql.end();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
