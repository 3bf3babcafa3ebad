// Set-at-a-time SQL helpers: a sheet may hold 100,000 rows, so lookups and writes go in a
// fixed handful of statements per sheet, never one per row.
import { sql, type SQL } from 'drizzle-orm';

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
