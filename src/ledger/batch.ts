// Set-at-a-time SQL helpers: a sheet may hold 100,000 rows, so lookups and writes go in a
// fixed handful of statements per sheet, never one per row.
import { sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from '../db';

/** Rows per multi-row INSERT: ~20 columns × 1000 stays far below PostgreSQL's 65,535 parameters. */
export const INSERT_CHUNK = 1000;

export function chunks<T>(list: readonly T[], size = INSERT_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * A derived table `v(<columns>)` from JS objects, sent as ONE JSON parameter however many rows:
 * `(select … from ${records(keys, 'center_id int, code text')})`.
 * `columns` is a literal column definition list written in the sheet's code, never user text.
 */
export function records(rows: readonly object[], columns: string): SQL {
  const json = JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  return sql`jsonb_to_recordset(${json}::text::jsonb) as v(${sql.raw(columns)})`;
}

/** `value in (…)` over a list sent as one JSON parameter. */
export function textList(values: readonly string[]): SQL {
  return sql`(select jsonb_array_elements_text(${JSON.stringify(values)}::text::jsonb))`;
}

export function intList(values: readonly number[]): SQL {
  return sql`(select jsonb_array_elements_text(${JSON.stringify(values)}::text::jsonb)::int)`;
}

/**
 * INSERT … SELECT from one JSON parameter per chunk: no per-row query building in JS (drizzle's
 * multi-row VALUES builder dominates the time of a 100,000-row import) and no parameter limit.
 * `columns` is a literal definition list like 'center_id int, code text'; every row object
 * has those keys. Returns the `returning` columns of the inserted rows.
 */
export async function insertRecords<R>(tx: Tx, table: PgTable, columns: string, rows: readonly object[], returning: string): Promise<R[]> {
  const names = columns.split(',').map((c) => c.trim().split(/\s+/)[0]!).join(', ');
  const inserted = await pipelined(chunks(rows, JSON_CHUNK), (part) => tx.execute(sql`insert into ${table} (${sql.raw(names)})
      select ${sql.raw(names)} from ${records(part, columns)} returning ${sql.raw(returning)}`));
  return inserted.flatMap((r) => r as unknown as R[]);
}

/**
 * Runs one statement per chunk, in order on the transaction's connection, without waiting for a
 * statement before building the next: the JSON of chunk k+1 is made while the server inserts
 * chunk k. At most IN_FLIGHT statements are built and unanswered at once, so a sheet's JSON is
 * not all held in memory. The first failure is the one reported (later ones fail as aborted).
 */
export async function pipelined<T, R>(parts: readonly T[], statement: (part: T) => PromiseLike<R>): Promise<R[]> {
  const sent: Promise<R>[] = [];
  for (const part of parts) {
    // Wait for the answer of the statement IN_FLIGHT back; a failure is reported below, in order.
    if (sent.length >= IN_FLIGHT) await sent[sent.length - IN_FLIGHT]!.catch(() => {});
    const p = Promise.resolve(statement(part));
    // Awaited below; until then a failure must not count as unhandled.
    p.catch(() => {});
    sent.push(p);
    // Let the statement go out before building the next one.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return Promise.all(sent);
}

const IN_FLIGHT = 2;

/** Rows per JSON statement: large enough to cut round trips, small enough to keep strings modest. */
export const JSON_CHUNK = 5000;
