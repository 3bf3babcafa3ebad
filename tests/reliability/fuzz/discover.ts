// Finds every form of the app instead of listing them: each actor opens every GET route of the
// route table it may use, with ids from the fuzzing fixture, and every <form method="post"> on
// those pages is parsed (its action, inputs, selects with their option values, textareas) — and
// with it the inline-validation endpoints its inputs name (hx-post). Forms are keyed by the POST
// route their action matches.
import type { Role } from '../../../db/schema';
import { routeTable, type RouteRule } from '../../../src/auth/routes-table';
import type { TestApp } from '../../helpers/app';
import { ACTORS, roleOf, type Actor, type FuzzFixture } from './fixture';

export interface Field {
  name: string;
  /** input type (text, date, hidden, checkbox, …), or select / textarea. */
  type: string;
  /** The value the page put there (a hidden input's, a checkbox's, a textarea's text). */
  value: string;
  /** A select's (or a radio group's) values. */
  options: string[];
  required: boolean;
}

export interface FoundForm {
  /** "POST /projects/:id/budget": the route the action reaches. */
  route: string;
  /** The concrete path the form posts to (with the fixture's ids). */
  action: string;
  /** Who posts it; null: signed out. */
  actor: Actor | null;
  fields: Field[];
  multipart: boolean;
  /** An inline-validation endpoint (hx-post="…/validate?field=…"): it must never change a row. */
  validate: boolean;
  foundOn: string;
}

/** The fixture's record kind of a route's id parameters, by the route's path. */
function kindsOf(path: string): Record<string, string> | null {
  const rules: [RegExp, Record<string, string>][] = [
    [/^\/projects\/:id\/indicators\/:iid/, { id: 'project', iid: 'indicator' }],
    [/^\/projects\/:id\/deductions\/:did/, { id: 'project', did: 'deduction' }],
    [/^\/projects\/:id/, { id: 'project' }],
    [/^\/monitoring\/projects\/:id/, { id: 'project' }],
    [/^\/parcels\/:id/, { id: 'parcel' }],
    [/^\/transfers\/:id\/applications\/:aid/, { id: 'transfer', aid: 'application' }],
    [/^\/transfers\/:id\/contract\/collections\/:cid/, { id: 'transfer', cid: 'collection' }],
    [/^\/transfers\/:id/, { id: 'transfer' }],
    [/^\/bidders\/:id/, { id: 'bidder' }],
    [/^\/deposits\/statements\/lines\/:id/, { id: 'statementLine' }],
    [/^\/admin\/calendar\/days\/:day/, { day: 'calendarDay' }],
    [/^\/announcements\/:id/, { id: 'announcement' }],
    [/^\/payments\/:id/, { id: 'payment' }],
    [/^\/revenue\/:id/, { id: 'remittance' }],
    [/^\/surveys\/:id\/questions\/:questionId/, { id: 'survey', questionId: 'question' }],
    [/^\/surveys\/:id/, { id: 'survey' }],
    [/^\/centers\/:id/, { id: 'center' }],
    [/^\/admin\/users\/:id/, { id: 'user' }],
    [/^\/admin\/tokens\/:id/, { id: 'token' }],
    [/^\/ledger\/import\/:id/, { id: 'upload' }],
    [/^\/agencies\/:id/, { id: 'agency' }],
    [/^\/fees\/agencies\/:agencyId/, { agencyId: 'agency' }],
    [/^\/fees\/agreements\/:id/, { id: 'agreement' }],
    [/^\/public\/centers\/:code/, { code: 'code' }],
    [/^\/service-fees\/receipts\/:rid/, { rid: 'feeReceipt' }],
  ];
  return rules.find(([re]) => re.test(path))?.[1] ?? null;
}

/** Every concrete path of a route pattern, one per combination of fixture ids. */
export function concretePaths(path: string, fx: FuzzFixture): string[] {
  const params = [...path.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]!);
  if (!params.length) return [path];
  const kinds = kindsOf(path);
  if (!kinds) throw new Error(`fuzz discovery: no record kind known for ${path} — teach kindsOf()`);
  let out = [path];
  for (const p of params) {
    const ids = fx.ids[kinds[p]!];
    if (!ids?.length) throw new Error(`fuzz discovery: the fixture has no ${kinds[p]} for :${p} in ${path}`);
    out = out.flatMap((x) => ids.map((id) => x.replace(`:${p}`, String(id))));
  }
  return out;
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    out[m[1]!.toLowerCase()] = decode(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/** The fields of one form's inner HTML, merged by name (radio groups and repeated names become options). */
export function parseFields(inner: string): { fields: Field[]; validateUrls: string[] } {
  const byName = new Map<string, Field>();
  const validateUrls = new Set<string>();
  const add = (f: Field) => {
    const prev = byName.get(f.name);
    if (!prev) byName.set(f.name, f);
    else prev.options = [...new Set([...prev.options, ...f.options, ...(f.value ? [f.value] : [])])];
  };
  // Selects and textareas with their content; then inputs and buttons (void tags) on their own.
  const blocks = /<(select|textarea)\b([^>]*)>([\s\S]*?)<\/\1>/gi;
  for (const m of inner.matchAll(blocks)) {
    const a = attrs(m[2]!);
    if (a['hx-post']) validateUrls.add(a['hx-post']);
    if (!a.name) continue;
    if (m[1]!.toLowerCase() === 'select') {
      const options = [...m[3]!.matchAll(/<option\b([^>]*)>([^<]*)/gi)].map((o) => {
        const oa = attrs(o[1]!);
        return 'value' in oa ? oa.value! : decode(o[2]!);
      });
      add({ name: a.name, type: 'select', value: '', options, required: 'required' in a });
    } else {
      add({ name: a.name, type: 'textarea', value: decode(m[3]!), options: [], required: 'required' in a });
    }
  }
  for (const m of inner.replace(blocks, '').matchAll(/<(input|button)\b([^>]*)>/gi)) {
    const a = attrs(m[2]!.replace(/\/$/, ''));
    if (a['hx-post']) validateUrls.add(a['hx-post']);
    if (!a.name) continue;
    if (m[1]!.toLowerCase() === 'button') {
      add({ name: a.name, type: 'hidden', value: a.value ?? '', options: a.value ? [a.value] : [], required: false });
      continue;
    }
    const type = (a.type ?? 'text').toLowerCase();
    if (type === 'submit' || type === 'reset' || type === 'image') continue;
    const v = a.value ?? (type === 'checkbox' || type === 'radio' ? 'on' : '');
    add({ name: a.name, type, value: v, options: type === 'radio' || type === 'checkbox' ? [v] : [], required: 'required' in a });
  }
  return { fields: [...byName.values()], validateUrls: [...validateUrls] };
}

/** A route pattern as a regex; static patterns first, so /projects/close-year is not /projects/:id. */
function postMatchers(table: RouteRule[]) {
  return table.filter((r) => r.method === 'POST')
    .map((r) => ({ route: `POST ${r.path}`, params: (r.path.match(/:/g) ?? []).length, re: new RegExp(`^${r.path.replace(/:[a-zA-Z]+/g, '[^/]+')}$`) }))
    .sort((a, b) => a.params - b.params);
}

export function allowed(r: RouteRule, role: Role) {
  return r.roles === 'public' || (r.roles ?? []).includes(role);
}

export interface Discovery { forms: Map<string, FoundForm>; postRoutes: string[]; pagesRead: number }

export async function discoverForms(t: TestApp, fx: FuzzFixture): Promise<Discovery> {
  const table = routeTable(t.app);
  const matchers = postMatchers(table);
  const routeOf = (path: string) => matchers.find((m) => m.re.test(path))?.route;
  const forms = new Map<string, FoundForm>();
  let pagesRead = 0;
  const gets = table.filter((r) => r.method === 'GET' && !r.path.includes('*'));
  const visit = async (path: string, actor: Actor | null, links: Set<string>) => {
    const res = await t.get(path, actor ? fx.cookies[actor] : undefined);
    if (res.status !== 200 || !(res.headers.get('content-type') ?? '').includes('text/html')) return;
    pagesRead++;
    const html = await res.text();
    // "New" and "edit" pages that take their context in the query (/transfers/new?parcel=…) are reached by their links.
    for (const m of html.matchAll(/href="([^"]*\/(?:new|edit)\?[^"]*)"/g)) links.add(decode(m[1]!));
    for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
      const fa = attrs(m[1]!);
      if ((fa.method ?? 'get').toLowerCase() !== 'post') continue;
      const action = (fa.action || path).replace(/#.*$/, '');
      const { fields, validateUrls } = parseFields(m[2]!);
      const multipart = (fa.enctype ?? '').includes('multipart');
      const found = (url: string, validate: boolean) => {
        const route = routeOf(url.split('?')[0]!);
        if (!route) throw new Error(`fuzz discovery: the form on ${path} posts to ${url}, which no POST route matches`);
        if (!forms.has(route)) forms.set(route, { route, action: url.split('?')[0]!, actor, fields, multipart, validate, foundOn: path });
      };
      found(action, false);
      for (const v of validateUrls) found(v, true);
    }
  };
  // Signed out: the public pages (the sign-in form among them).
  for (const r of gets.filter((g) => g.roles === 'public')) for (const path of concretePaths(r.path, fx)) await visit(path, null, new Set());
  for (const actor of ACTORS) {
    const links = new Set<string>();
    for (const r of gets) {
      if (!allowed(r, roleOf[actor])) continue;
      for (const path of concretePaths(r.path, fx)) await visit(path, actor, links);
    }
    for (const link of links) await visit(link, actor, new Set());
  }
  return { forms, postRoutes: matchers.map((m) => m.route), pagesRead };
}
