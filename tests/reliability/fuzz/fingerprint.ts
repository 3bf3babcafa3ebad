// A fingerprint of the whole database — one statement, an md5 per table over all its rows — and a
// cheap guard in front of it, so that most refused requests cost one tiny query, not the md5.
import { sql } from 'drizzle-orm';
import type { Db } from '../../../src/db';

/**
 * Tables that change on requests nobody accepted, by design:
 * - sessions: loadSession moves last_seen_at on any request of a session idle for a minute, and
 *   POST /context and /logout change or end the session the request came with.
 * - login_failures: a refused sign-in is counted before its password is checked (the throttle).
 */
export const VOLATILE = ['sessions', 'login_failures'];

export interface Fingerprint {
  /** md5 per table, "table:hash,…". */
  full(): Promise<string>;
  /**
   * A counter that every statement writing to a (non-volatile) table moves — a sequence, so
   * rolled-back writes move it too. Unmoved, no row can have changed; moved, compare full().
   */
  writes(): Promise<string>;
}

/**
 * Installs the write counter in this (test) database: a statement-level AFTER trigger on every
 * table but the volatile ones, calling nextval. The app never sees it; it only counts.
 */
export async function fingerprinter(db: Db): Promise<Fingerprint> {
  const tables = (await db.execute<{ t: string }>(sql`
    select tablename as t from pg_tables where schemaname = 'public' order by tablename`)).map((r) => r.t)
    .filter((t) => !VOLATILE.includes(t));
  if (tables.length < 20) throw new Error(`fingerprint: only ${tables.length} tables found`);
  await db.execute(sql.raw(`create sequence if not exists fuzz_writes;
    create or replace function fuzz_count_write() returns trigger language plpgsql as $$
    begin perform nextval('fuzz_writes'); return null; end $$;`));
  for (const t of tables) {
    await db.execute(sql.raw(`create or replace trigger fuzz_count_write after insert or update or delete or truncate on "${t}"
      for each statement execute function fuzz_count_write()`));
  }
  const parts = tables.map((t) => `select '${t}' as t, (select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from "${t}" x) as h`);
  const full = sql.raw(`select string_agg(t || ':' || h, ',' order by t) as fp from (${parts.join(' union all ')}) q`);
  const writes = sql.raw(`select last_value::text || ':' || is_called::text as n from fuzz_writes`);
  return {
    full: async () => (await db.execute<{ fp: string }>(full))[0]!.fp,
    writes: async () => (await db.execute<{ n: string }>(writes))[0]!.n,
  };
}

/**
 * Tracks "the database as the last accepted request left it". unchanged() is true when nothing
 * was written since, or when what was written left every table as it was.
 */
export async function tracker(fp: Fingerprint) {
  let before = await fp.full();
  let counter = await fp.writes();
  return {
    /** The tables that differ from the last accepted state ([] when none). */
    async changed(): Promise<string[]> {
      const now = await fp.writes();
      if (now === counter) return [];
      const changed = changedTables(before, await fp.full());
      if (!changed.length) counter = now; // written and rolled back, or written back as it was
      return changed;
    },
    /** After an accepted request: its result is the new state to compare with. */
    async accept() {
      const now = await fp.writes();
      if (now === counter) return;
      counter = now;
      before = await fp.full();
    },
  };
}

/** Which tables differ between two fingerprints, for a readable failure. */
export function changedTables(before: string, after: string): string[] {
  const a = new Map(before.split(',').map((p) => p.split(':') as [string, string]));
  return after.split(',').map((p) => p.split(':') as [string, string]).filter(([t, h]) => a.get(t) !== h).map(([t]) => t);
}
