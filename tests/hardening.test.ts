// Hardening (issue 6): bodies too large are refused with 413 over a real socket, Content-Length or
// chunked, uploads included; error pages of every kind leak no stack trace, SQL, path or library
// name; and every HTML response of every GET route, for every role, carries the security headers
// — with Cache-Control: no-store whenever the request is signed in (exports too). The crawl is
// generated from the route table, so a route added later is covered without touching this file.
import { readdirSync, readFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  announcementParcels, announcements, bidApplicationMembers, bidApplications, bidders, budgetEntries, deductions, feeAgreements, fundArrivals, importUploads, indicators, parcels,
  payments, projects, remittances, roles, satisfactionResponses, surveyQuestions, surveys, transfers, type Role,
} from '../db/schema';
import { createApp, MAX_BODY, MAX_UPLOAD } from '../src/app';
import { routeTable } from '../src/auth/routes-table';
import { connect } from '../src/db';
import { createTestApp, ORIGIN, type TestApp } from './helpers/app';
import { freePort } from './helpers/server';

let t: TestApp;
let server: ReturnType<typeof serve>;
let base = '';
const cookies = {} as Record<Role, string>;
const userOf: Record<Role, string> = { admin: 'admin', staff: 'staff', finance: 'finance', leader: 'leader', agency: 'agency1' };
/** One record of each kind, in the city center and of agency a1: in scope for every role. */
const ids = {} as Record<string, number | string>;

async function one<T>(rows: Promise<T[]>): Promise<T> { return (await rows)[0]!; }

beforeAll(async () => {
  t = await createTestApp();
  for (const role of roles) cookies[role] = await t.signIn(userOf[role]);
  const { city } = t.fixture.centers;
  const { a1 } = t.fixture.agencies;
  const db = t.db;
  const parcel = await one(db.insert(parcels).values({ centerId: city, code: 'H-01', kind: '土地', name: '加固测试地块', startingPrice: 1_000_000_00n }).returning());
  const ann = await one(db.insert(announcements).values({ centerId: city, code: 'H-GG-01', title: '加固测试公告', publishedOn: '2020-02-01', cost: 100_00n }).returning());
  await db.insert(announcementParcels).values({ announcementId: ann.id, parcelId: parcel.id });
  const transfer = await one(db.insert(transfers).values({
    centerId: city, parcelId: parcel.id, round: 1, mode: '拍卖', agencyId: a1, announcementId: ann.id, auctionDate: '2020-03-01',
    result: '成交', dealPrice: 2_000_000_00n, winner: '竞得人', dealDate: '2020-03-01', confirmationNo: 'H-CJ-01',
  }).returning());
  const project = await one(db.insert(projects).values({ centerId: city, year: 2020, name: '土地出让工作经费' }).returning());
  await db.insert(budgetEntries).values({ projectId: project.id, kind: '年初预算', amount: 10_000_000n, entryDate: '2020-01-05' });
  await db.insert(fundArrivals).values({ projectId: project.id, amount: 10_000_000n, arrivedOn: '2020-01-06' });
  await db.insert(payments).values({
    centerId: city, projectId: project.id, category: '拍卖机构劳务费', payee: '加固测试收款方', amount: 500_000n, agencyId: a1, transferId: transfer.id,
    status: '已支付', paidOn: '2020-04-01', voucherNo: 'H-PAY-001',
  });
  const draft = await one(db.insert(payments).values({
    centerId: city, projectId: project.id, category: '其他', payee: '加固测试收款方', amount: 1_000n, status: '草稿', createdBy: t.fixture.users.finance.id,
  }).returning());
  const remittance = await one(db.insert(remittances).values({ centerId: city, receiptNo: 'H-RCPT-01', revenueType: '土地出让收入', amount: 2_000_000_00n, remittedOn: '2020-03-10', transferId: transfer.id }).returning());
  const indicator = await one(db.insert(indicators).values({
    projectId: project.id, position: 1, level1: '满意度指标', level2: '满意度指标', level3: '拍卖机构满意度', expected: '100%', rule: '手工', weight: '10',
  }).returning());
  await db.insert(deductions).values({ projectId: project.id, points: '1.00', reason: '加固测试扣分' });
  const survey = await one(db.insert(surveys).values({ centerId: city, year: 2020, title: '加固测试调查', status: '已结束' }).returning());
  await db.insert(surveyQuestions).values({ surveyId: survey.id, position: 1, text: '组织安排', kind: '评分', scale: 5 });
  await db.insert(satisfactionResponses).values({ centerId: city, year: 2020, agencyId: a1, rating: '满意', comment: '加固测试意见', surveyId: survey.id });
  const agreement = await one(db.insert(feeAgreements).values({ agencyId: a1, year: 2020, method: '按宗固定', fixedAmount: 1_000_00n }).returning());
  const upload = await one(db.insert(importUploads).values({ userId: t.fixture.users.admin.id, filename: '加固.xlsx', files: [] }).returning());
  const bidder = await one(db.insert(bidders).values({ kind: '自然人', name: '加固测试竞买人', idNumber: '11010519491231002X', createdCenterId: city }).returning());
  const application = await one(db.insert(bidApplications).values({ centerId: city, transferId: transfer.id, kind: '单独', appliedOn: '2020-02-20', documents: [] }).returning());
  await db.insert(bidApplicationMembers).values({ applicationId: application.id, transferId: transfer.id, bidderId: bidder.id, share: '100' });
  Object.assign(ids, {
    bidder: bidder.id, application: application.id,
    parcel: parcel.id, announcement: ann.id, transfer: transfer.id, project: project.id, payment: draft.id, remittance: remittance.id,
    indicator: indicator.id, survey: survey.id, center: city, user: t.fixture.users.staff.id, agency: a1, agreement: agreement.id, upload: upload.id,
    code: 'CITY',
  });
  // The same in-process app on a real socket: body limits are about what arrives on the wire.
  server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await t.close();
});

// ─── What a response may never show, and the headers it must carry ──────────────────────────────

const LEAKS = ['/work', 'node_modules', '.ts:', ' at ', 'SELECT', 'postgres', 'ECONNREFUSED', 'Error:'];

function expectNoLeak(body: string, what: string) {
  for (const leak of LEAKS) expect(body.includes(leak), `${what} shows “${leak}”: ${body.slice(0, 400)}`).toBe(false);
}

type Headers = { get(name: string): string | null };

function expectSecurityHeaders(h: Headers, signedIn: boolean, what: string) {
  const type = h.get('content-type') ?? '';
  if (type.startsWith('text/html')) {
    const csp = h.get('content-security-policy') ?? '';
    expect(csp, `${what}: CSP`).toContain("frame-ancestors 'none'");
    expect(csp, `${what}: CSP`).toContain("default-src 'self'");
    expect(h.get('x-content-type-options'), `${what}: nosniff`).toBe('nosniff');
  }
  // Signed in, nothing is kept by a browser or a proxy: pages, fragments, JSON and exports alike.
  if (signedIn) expect(h.get('cache-control') ?? '', `${what}: Cache-Control`).toContain('no-store');
}

const fromNode = (headers: IncomingHttpHeaders): Headers => ({
  get: (name) => { const v = headers[name.toLowerCase()]; return Array.isArray(v) ? v.join(', ') : v ?? null; },
});

// ─── 413 over a real socket ─────────────────────────────────────────────────────────────────────

interface RawAnswer { status: number; headers: Headers; body: string }

/**
 * Sends `size` bytes to `path` with Content-Length or chunked, in pieces, and reads the answer —
 * which may come before the body is all sent (the server refuses on the header), so a write error
 * after the answer is expected and ignored.
 */
function sendBody(path: string, size: number, opts: { chunked: boolean; contentType: string; cookie?: string; prefix?: string }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Origin: base, 'Content-Type': opts.contentType, ...(opts.cookie ? { Cookie: opts.cookie } : {}) };
    if (opts.chunked) headers['Transfer-Encoding'] = 'chunked';
    else headers['Content-Length'] = String(size);
    // A connection of its own: the server closes one whose body it refused, and a reused one would hang up.
    const req = request(`${base}${path}`, { method: 'POST', headers, agent: false });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode!, headers: fromNode(res.headers), body }));
      res.on('error', reject);
    });
    req.on('error', (e) => { if (!answered) reject(e); });
    const piece = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      if (sent === 0 && opts.prefix) { req.write(opts.prefix); sent += Buffer.byteLength(opts.prefix); }
      while (sent < size && !answered && !req.destroyed) {
        const n = Math.min(piece.length, size - sent);
        sent += n;
        if (!req.write(piece.subarray(0, n))) { req.once('drain', pump); return; }
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

async function storedCounts() {
  const [row] = await t.db.execute<Record<string, number>>(sql`select (select count(*)::int from parcels) as parcels,
    (select count(*)::int from import_uploads) as uploads, (select count(*)::int from audit_events) as audit`);
  return { ...row! };
}

async function expectHealthy() {
  const res = await fetch(`${base}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.text()).toBe('ok');
  const page = await fetch(`${base}/parcels`, { headers: { Cookie: cookies.staff } });
  expect(page.status).toBe(200);
}

describe('bodies too large', () => {
  const form = 'application/x-www-form-urlencoded';

  it('refuses a form body over MAX_BODY with Content-Length: 413, in Chinese, nothing stored', async () => {
    const before = await storedCounts();
    const res = await sendBody('/parcels', MAX_BODY + 1, { chunked: false, contentType: form, cookie: cookies.staff, prefix: 'code=X&name=' });
    expect(res.status).toBe(413);
    expect(res.body).toContain('提交的内容过大（上限 1 MB）');
    expectNoLeak(res.body, '413 Content-Length');
    expectSecurityHeaders(res.headers, true, '413 Content-Length');
    expect(await storedCounts()).toEqual(before);
    await expectHealthy();
  });

  it('refuses the same body sent chunked (no Content-Length): 413, nothing stored', async () => {
    const before = await storedCounts();
    const res = await sendBody('/parcels', MAX_BODY + 1, { chunked: true, contentType: form, cookie: cookies.staff, prefix: 'code=X&name=' });
    expect(res.status).toBe(413);
    expect(res.body).toContain('提交的内容过大（上限 1 MB）');
    expectSecurityHeaders(res.headers, true, '413 chunked');
    expect(await storedCounts()).toEqual(before);
    await expectHealthy();
  });

  it('refuses an upload over MAX_UPLOAD on /ledger/import, either way: 413, no upload kept', async () => {
    const before = await storedCounts();
    const boundary = 'hardeningboundary';
    const prefix = `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n`;
    for (const chunked of [false, true]) {
      const res = await sendBody('/ledger/import', MAX_UPLOAD + 1, { chunked, contentType: `multipart/form-data; boundary=${boundary}`, cookie: cookies.admin, prefix });
      expect(res.status, `chunked: ${chunked}`).toBe(413);
      expect(res.body).toContain('提交的内容过大（上限 20 MB）');
      expectNoLeak(res.body, `upload 413 (chunked: ${chunked})`);
    }
    expect(await storedCounts()).toEqual(before);
    await expectHealthy();
  }, 60_000);

  it('takes a body just under the limit (the limit is not off by one the other way)', async () => {
    const res = await sendBody('/parcels', MAX_BODY, { chunked: true, contentType: form, cookie: cookies.staff, prefix: 'code=&name=' });
    expect(res.status).toBe(422); // read, and refused as a form: the fields are empty or too long
  });
});

// ─── Error pages ────────────────────────────────────────────────────────────────────────────────

const HTMX = { 'HX-Request': 'true', 'HX-Target': '#main' };

describe('error pages', () => {
  /** Every kind of error, as a full page, as an htmx fragment and on the JSON API, signed in and not. */
  async function provoke() {
    const out: { what: string; status: number; signedIn: boolean; res: Response }[] = [];
    const add = async (what: string, status: number, signedIn: boolean, res: Response | Promise<Response>) => out.push({ what, status, signedIn, res: await res });
    for (const [kind, headers] of [['page', {}], ['htmx', HTMX]] as const) {
      for (const signedIn of [false, true]) {
        const cookie = signedIn ? cookies.staff : undefined;
        const tag = `${kind}${signedIn ? ' signed in' : ''}`;
        await add(`404 ${tag}`, 404, signedIn, t.get('/no/such/page', cookie, headers));
        await add(`404 record ${tag}`, signedIn ? 404 : kind === 'htmx' ? 401 : 303, signedIn, t.get('/parcels/99999999', cookie, headers));
        await add(`403 origin ${tag}`, 403, signedIn, t.app.request(`${ORIGIN}/parcels`, { method: 'POST', headers: { ...headers, ...(cookie ? { Cookie: cookie } : {}) } }));
        // A method no route takes: Hono answers it as an unknown path (404), through the same error page.
        await add(`wrong method ${tag}`, 404, signedIn, t.app.request(`${ORIGIN}/parcels`, { method: 'PUT', headers: { ...headers, Origin: ORIGIN, ...(cookie ? { Cookie: cookie } : {}) } }));
        await add(`413 ${tag}`, 413, signedIn, t.post('/parcels', { name: 'x'.repeat(MAX_BODY + 1) }, cookie, headers));
        if (signedIn) {
          await add(`403 role ${tag}`, 403, true, t.get('/admin/users', cookie, headers));
          await add(`400 ${tag}`, 400, true, t.post('/parcels', { name: 'a\u0001b' }, cookie, headers));
          await add(`400 body ${tag}`, 400, true, t.app.request(`${ORIGIN}/parcels`, {
            method: 'POST', body: '--x\r\nbroken', headers: { ...headers, Origin: ORIGIN, Cookie: cookie!, 'Content-Type': 'multipart/form-data; boundary=x' },
          }));
          await add(`422 ${tag}`, 422, true, t.post('/parcels', { code: '', name: '' }, cookie, headers));
        }
      }
    }
    // The JSON API.
    await add('api 401', 401, false, t.get('/api/v1/projects'));
    await add('api 401 token', 401, false, t.get('/api/v1/projects', undefined, { Authorization: 'Bearer tl_nonsense' }));
    await add('api 404', 404, true, t.get('/api/v1/nothing', cookies.finance));
    await add('api 400', 400, true, t.get('/api/v1/performance?center=%00&year=x', cookies.finance));
    await add('api 403', 403, true, t.get('/api/v1/projects', cookies.staff));
    await add('api 413', 413, true, t.app.request(`${ORIGIN}/api/v1/projects`, {
      method: 'POST', body: 'x'.repeat(MAX_BODY + 1), headers: { Origin: ORIGIN, Cookie: cookies.finance, 'Content-Type': 'text/plain' },
    }));
    // 429: one name guessed too often.
    for (let i = 0; i < 6; i++) await t.post('/login', { username: 'hardening-nobody', password: 'wrong-password' });
    await add('429', 429, false, t.post('/login', { username: 'hardening-nobody', password: 'wrong-password' }));
    await add('429 htmx', 429, false, t.post('/login', { username: 'hardening-nobody', password: 'wrong-password' }, undefined, HTMX));
    await t.db.execute(sql`delete from login_failures where username = 'hardening-nobody'`);
    return out;
  }

  it('leak nothing, for every kind of error, page, fragment and API, signed in and not', async () => {
    const answers = await provoke();
    // Each answered before the next is asked (the 429s before their failures are cleared): all 36.
    expect(answers.length).toBe(36);
    for (const { what, status, signedIn, res } of answers) {
      expect(res.status, what).toBe(status);
      const body = await res.text();
      expectNoLeak(body, what);
      expectSecurityHeaders(res.headers, signedIn, what);
      if (status >= 400 && (res.headers.get('content-type') ?? '').startsWith('text/html')) expect(body, what).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('a real 500 (the database is gone) leaks nothing either: page, fragment and API, with and without a session', async () => {
    // A port nobody listens on: every query fails to connect.
    const dead = connect(`postgres://nobody:nothing@127.0.0.1:${await freePort()}/nothing`);
    const broken = createApp({ db: dead.db, options: { sessionIdleMinutes: 120, sessionMaxHours: 12 } });
    const errors: unknown[] = [];
    let failures = 0;
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args); };
    try {
      for (const path of ['/public', '/parcels', '/api/v1/projects', '/healthz']) {
        for (const headers of [{}, HTMX]) {
          for (const cookie of [undefined, cookies.staff]) {
            const res = await broken.request(`${ORIGIN}${path}`, { headers: { ...headers, ...(cookie ? { Cookie: cookie } : {}) } });
            const what = `500 ${path} ${JSON.stringify(headers)} ${cookie ? 'with session' : ''}`;
            // Without a session a private page sends to sign-in (htmx: 401) before touching the database.
            if ([303, 401].includes(res.status) && !cookie) continue;
            expect(res.status, what).toBe(500);
            failures++;
            const body = await res.text();
            expectNoLeak(body, what);
            expect(body, what).toContain('服务器内部错误');
            expectSecurityHeaders(res.headers, !!cookie, what);
          }
        }
      }
    } finally {
      console.error = original;
      await dead.close();
    }
    expect(failures).toBeGreaterThanOrEqual(10);
    // The cause went to the log, where the administrator can read it.
    expect(errors.length).toBeGreaterThan(0);
  });
});

// ─── Security headers on every GET route, for every role ────────────────────────────────────────

/** The in-scope value of a route parameter, by the route; unknown ones fail so a new route is taught here. */
function paramsFor(path: string): string {
  const rules: [RegExp, string][] = [
    [/^\/parcels\//, 'parcel'], [/^\/transfers\//, 'transfer'], [/^\/announcements\//, 'announcement'], [/^\/agencies\//, 'agency'],
    [/^\/centers\//, 'center'], [/^\/admin\/users\//, 'user'], [/^\/ledger\/import\//, 'upload'], [/^\/projects\//, 'project'],
    [/^\/payments\//, 'payment'], [/^\/fees\/agencies\//, 'agency'], [/^\/fees\/agreements\//, 'agreement'], [/^\/revenue\//, 'remittance'],
    [/^\/monitoring\/projects\//, 'project'], [/^\/surveys\//, 'survey'], [/^\/public\/centers\//, 'code'], [/^\/bidders\//, 'bidder'],
  ];
  return path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    const kind = name === 'iid' ? 'indicator' : name === 'aid' ? 'application' : rules.find(([re]) => re.test(path))?.[1];
    const id = kind === undefined ? undefined : ids[kind];
    if (id === undefined) throw new Error(`hardening test: no id for :${name} in ${path} — teach paramsFor()`);
    return String(id);
  });
}

/** The ids of the fragments htmx may ask for (wantsFragment(c, '…') in src/), found in the source. */
function fragmentIds(): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name)) for (const m of readFileSync(p, 'utf8').matchAll(/wantsFragment\(c, '([^']+)'\)/g)) found.add(m[1]!);
    }
  };
  walk(join(import.meta.dirname, '..', 'src'));
  return [...found];
}

describe('security headers', () => {
  it('on every GET route for every role (and signed out), HTML with CSP and nosniff, signed in with no-store', async () => {
    const table = routeTable(t.app).filter((r) => r.method === 'GET' && !r.path.includes('*'));
    expect(table.length).toBeGreaterThan(60);
    let html = 0;
    let exports = 0;
    for (const r of table) {
      const path = paramsFor(r.path);
      for (const who of [...roles, null] as const) {
        const cookie = who ? cookies[who] : undefined;
        for (const query of r.path.startsWith('/portal') || r.path.endsWith('s') ? ['', '?format=csv'] : ['']) {
          const res = await t.get(path + query, cookie);
          const what = `${who ?? 'signed out'} GET ${path}${query} (${res.status})`;
          expectSecurityHeaders(res.headers, !!who, what);
          const type = res.headers.get('content-type') ?? '';
          if (type.startsWith('text/html')) html++;
          else if (res.status === 200 && /csv|spreadsheet|wordprocessing/.test(type)) exports++;
          const body = await res.text();
          if (res.status >= 400) expectNoLeak(body, what);
        }
      }
    }
    // The crawl did reach the pages and the exports (csv, xlsx, docx) rather than only refusals.
    expect(html).toBeGreaterThan(200);
    expect(exports).toBeGreaterThan(10);
  }, 120_000);

  it('on every htmx fragment', async () => {
    const targets = fragmentIds();
    expect(targets.length).toBeGreaterThan(5);
    const lists = routeTable(t.app).filter((r) => r.method === 'GET' && !r.path.includes(':') && !r.path.includes('*') && Array.isArray(r.roles));
    let fragments = 0;
    for (const r of lists) {
      const who = (r.roles as Role[])[0]!;
      for (const target of targets) {
        const res = await t.get(r.path, cookies[who], { 'HX-Request': 'true', 'HX-Target': `#${target}` });
        const body = await res.text();
        expectSecurityHeaders(res.headers, true, `${who} htmx ${r.path} → #${target}`);
        if (res.status === 200 && !body.includes('<html')) fragments++;
      }
    }
    expect(fragments).toBeGreaterThanOrEqual(targets.length);
  }, 120_000);

  it('on the sign-in page and the public pages, signed out', async () => {
    for (const path of ['/login', '/public', '/public/centers/CITY', '/no/such/page']) {
      const res = await t.get(path);
      expectSecurityHeaders(res.headers, false, path);
      expect(res.headers.get('content-type')).toContain('text/html');
    }
  });
});
