// The property every form must keep, whatever is posted to it: no 5xx, no stack trace, SQL or
// path in the answer, and when the request is refused (4xx — the app answers bad input with
// 400/403/404/409/413/422/429, never a 200 that re-renders) or only validates, no row changed.
import fc from 'fast-check';
import { expect } from 'vitest';
import { ORIGIN, type TestApp } from '../../helpers/app';
import type { Field, FoundForm } from './discover';
import type { FuzzFixture } from './fixture';
import { tracker, type Fingerprint } from './fingerprint';
import { hostile, plausible, type Value } from './values';

export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

export interface FormRequest {
  pairs: [string, Value][];
  multipart: boolean;
  htmx: boolean;
  /** The ?field= of an inline-validation request. */
  field?: string;
}

const MISSING = Symbol('missing');

/** What a user would put there: one of the page's own values, or a plausible one for the field. */
function likelyValue(f: Field, year: number): fc.Arbitrary<Value> {
  const real = [...new Set([...f.options, ...(f.value ? [f.value] : [])])].filter((v) => v !== '');
  return real.length
    ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...real) }, { weight: 1, arbitrary: plausible(f.name, f.type, year) })
    : plausible(f.name, f.type, year);
}

function fieldValue(f: Field, year: number): fc.Arbitrary<Value | typeof MISSING> {
  return fc.oneof(
    { weight: 12, arbitrary: likelyValue(f, year) },
    { weight: 4, arbitrary: hostile },
    { weight: 1, arbitrary: fc.constant(MISSING) },
  );
}

/** Requests for one form: its fields (optional ones may be left out), repeated and unknown keys, and the encodings browsers use. */
export function formRequests(form: FoundForm, fx: FuzzFixture): fc.Arbitrary<FormRequest> {
  const names = form.fields.map((f) => f.name);
  const model = Object.fromEntries(form.fields.map((f) => [f.name, fieldValue(f, fx.year)]));
  const required = form.fields.filter((f) => f.required || f.type === 'hidden' || f.type === 'select').map((f) => f.name);
  // A third of the cases fill every field as a user would, so that forms are also accepted (and
  // the next refusal is checked against what the accepted ones wrote).
  const values = fc.oneof(
    { weight: 1, arbitrary: fc.record(Object.fromEntries(form.fields.map((f) => [f.name, likelyValue(f, fx.year)]))) },
    { weight: 2, arbitrary: fc.record(model, { requiredKeys: required }) },
  );
  const extraKey = fc.oneof(
    ...(names.length ? [fc.constantFrom(...names)] : []), // a repeated key
    fc.constantFrom('id', 'center_id', 'status', 'user_id', '__proto__', 'constructor', 'x[]', 'a[b]', '', ' '),
    fc.string({ maxLength: 12 }),
  );
  const extras = fc.array(fc.tuple(extraKey, fc.oneof(plausible('x', 'text', fx.year), hostile)), { maxLength: 3 });
  return fc.record({
    values, extras,
    multipart: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    htmx: fc.boolean(),
    field: form.validate ? fc.oneof(...(names.length ? [fc.constantFrom(...names)] : []), fc.constantFrom('', '__proto__', 'x'.repeat(300))) : fc.constant(undefined),
  }).map(({ values, extras, multipart, htmx, field }) => {
    const pairs: [string, Value][] = [];
    for (const [k, v] of Object.entries(values)) if (v !== MISSING) pairs.push([k, v as Value]);
    pairs.push(...extras);
    return { pairs, multipart, htmx, ...(field === undefined ? {} : { field }) };
  });
}

// A lone surrogate cannot be sent as UTF-8: it goes as U+FFFD, as a browser sends it.
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const pct = (s: string) => encodeURIComponent(s.replace(LONE, '\ufffd'));
const asText = (v: Value) => {
  if (typeof v === 'string') return v;
  try { return decodeURIComponent(v.raw); } catch { return v.raw; }
};

export async function send(t: TestApp, path: string, req: FormRequest, cookie: string): Promise<Response> {
  const url = `${ORIGIN}${path}${req.field === undefined ? '' : `?field=${pct(req.field)}`}`;
  const headers: Record<string, string> = { Origin: ORIGIN, ...(cookie ? { Cookie: cookie } : {}), ...(req.htmx ? { 'HX-Request': 'true' } : {}) };
  if (req.multipart) {
    const body = new FormData();
    for (const [k, v] of req.pairs) body.append(k, asText(v));
    return t.app.request(url, { method: 'POST', body, headers });
  }
  const body = req.pairs.map(([k, v]) => `${pct(k)}=${typeof v === 'string' ? pct(v) : v.raw}`).join('&');
  return t.app.request(url, { method: 'POST', body, headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' } });
}

/** Marks of an internal error that must never reach a user. */
const LEAKS: [string, RegExp][] = [
  ['a path of the server', /\/work\/|node_modules|\/src\/[a-z-]+\/[a-z-]+\.tsx?\b/g],
  ['a stack frame', /\bat [^\s<>]*\.tsx?:\d+|\.tsx?:\d+:\d+\)/g],
  ['SQL', /\bSELECT |\bINSERT |\bUPDATE \S+ SET |\bDELETE FROM /g],
  ['a database error', /postgres|drizzle|violates|syntax error at or near|invalid input syntax|out of range for type/gi],
  ['an exception', /\b[A-Za-z]*Error: /g],
];

/**
 * What was sent and may be shown back as data: a name saved by one request appears on every later
 * page, so a mark in anything this process ever sent is an echo, not a leak. (The generators
 * send SQL in lower or mixed case, so the upper-case marks above stay sharp.)
 */
const echoed = new Set<string>();
const key = (s: string) => s.toLowerCase().slice(0, 6);

export function leakIn(body: string, sent: string): string | null {
  for (const [, re] of LEAKS) for (const m of sent.matchAll(re)) echoed.add(key(m[0]));
  for (const [what, re] of LEAKS) {
    for (const m of body.matchAll(re)) {
      if (!echoed.has(key(m[0]))) return `${what}: …${body.slice(Math.max(0, m.index - 60), m.index + 80)}…`;
    }
  }
  return null;
}

export interface FormStats { runs: number; byStatus: Record<number, number>; requestMs: number; checkMs: number }

/** Runs the property FUZZ_RUNS times against one form. */
export async function fuzzForm(t: TestApp, fx: FuzzFixture, form: FoundForm, fingerprint: Fingerprint, cookie = form.actor ? fx.cookies[form.actor] : ''): Promise<FormStats> {
  const db = await tracker(fingerprint);
  const stats: FormStats = { runs: 0, byStatus: {}, requestMs: 0, checkMs: 0 };
  await fc.assert(fc.asyncProperty(formRequests(form, fx), async (req) => {
    const t0 = performance.now();
    const res = await send(t, form.action, req, cookie);
    const body = await res.text();
    const t1 = performance.now();
    stats.requestMs += t1 - t0;
    stats.runs++;
    stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1;
    const sent = req.pairs.map(([k, v]) => `${k}=${asText(v)}`).join('&') + (req.field ?? '');
    expect(res.status, `${form.route} answered ${res.status}: ${body.slice(0, 300)}`).toBeLessThan(500);
    expect(leakIn(body, sent), `${form.route} leaks`).toBeNull();
    if (res.status >= 400 || form.validate) {
      expect(await db.changed(), `${form.route} refused (${res.status}) yet changed rows`).toEqual([]);
    } else {
      await db.accept();
    }
    stats.checkMs += performance.now() - t1;
  }), { numRuns: FUZZ_RUNS, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) });
  return stats;
}
