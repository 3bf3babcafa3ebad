// Lenient parsing of list-page query strings: a bad filter value is dropped, never an error page.
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
