// Lenient parsing of list-page query strings: a bad filter value is dropped, never an error page.
import { sql } from 'drizzle-orm';
import { HTTPException } from 'hono/http-exception';
import { normalizeDate } from './dates';
export function intParam(v: string | undefined, min: number, max: number): number | undefined {
  if (!v || !/^\d{1,9}$/.test(v)) return undefined;
  const n = Number(v);
  return n >= min && n <= max ? n : undefined;
}

export function oneOf<T extends string>(v: string | undefined, options: readonly T[]): T | undefined {
  return options.includes(v as T) ? (v as T) : undefined;
}

export function textParam(v: string | undefined, max = 100): string | undefined {
  const s = v?.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return s ? s.slice(0, max) : undefined;
}

/** A path parameter that must be a record id; anything else is "not found". */
export function idParam(v: string): number | null {
  return /^\d{1,9}$/.test(v) ? Number(v) : null;
}

/** A free-text filter as an ILIKE pattern, with the user's own % and _ taken literally. */
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/**
 * An int[] literal for `= any(…)` from ids the code holds (a scope's centers): a JS array inside drizzle's
 * sql`` would expand into a parameter list instead. Each id is forced to a number, so nothing else gets in.
 */
export const intArray = (ids: readonly number[]) => sql.raw(`'{${ids.map((id) => { const n = Number(id); if (!Number.isSafeInteger(n)) throw new Error(`not an id: ${id}`); return n; }).join(',')}}'::int[]`);

/** A date in the query string (?on=, ?as_of=): the fallback when absent, a 400 when it is not a date. */
export function dateQuery(raw: string | undefined, fallback: string) {
  if (raw === undefined || raw.trim() === '') return fallback;
  const d = normalizeDate(raw);
  if (!d) throw new HTTPException(400, { message: '日期无效，应为如 2020-06-30 的日期' });
  return d;
}
