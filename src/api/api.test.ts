// API tokens (issued and revoked on the admin pages) and the JSON API, over HTTP against a real
// PostgreSQL: a token acts as its user with exactly the session's scope, on the API only.
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, auditEvents, projects, users } from '../../db/schema';
import { createTestApp, type TestApp } from '../../tests/helpers/app';
import { addArrival, addBudget, createProject } from '../funds/test-support';
import { performanceReport, reportJson } from '../performance/report';

let t: TestApp;
let admin: string;
let finance: string;
let projectId: number;

const NAME = '土地出让工作经费';
const perf = (q: Record<string, string>) => `/api/v1/performance?${new URLSearchParams(q)}`;
const CITY_REPORT = { center: 'CITY', year: '2020', project: NAME };
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
  finance = await t.signIn('finance');
  projectId = await createProject(t, finance, { name: NAME, year: '2020' });
  await addBudget(t, finance, projectId, '年初预算', '600000.00', '2020-01-15');
  await addBudget(t, finance, projectId, '追加', '400000.00', '2020-06-01');
  await addArrival(t, finance, projectId, '1000000.00', '2020-06-10');
  await t.db.insert(projects).values([
    { centerId: t.fixture.centers.county, year: 2020, name: '县级工作经费' },
    { centerId: t.fixture.centers.other, year: 2020, name: '外市工作经费' },
  ]);
});
afterAll(() => t.close());

async function json(res: Response) {
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return res.json() as Promise<Record<string, unknown>>;
}

async function expectError(res: Response, status: number) {
  expect(res.status).toBe(status);
  const body = await json(res);
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error).toMatch(/[\u4e00-\u9fff]/);
  return body.error as string;
}

async function userId(username: string) {
  const [u] = await t.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return u!.id;
}

/** Issues a token on the admin pages and returns it as the result page shows it. */
async function issue(name: string, username: string) {
  const res = await t.post('/admin/tokens', { name, user_id: String(await userId(username)) }, admin);
  const html = await res.text();
  expect(res.status, html).toBe(200);
  const token = /tl_[A-Za-z0-9_-]{43}/.exec(html)?.[0];
  expect(token).toBeDefined();
  return { token: token!, html };
}

describe('API tokens on the admin pages', () => {
  it('issues a token shown once, stores only its SHA-256, and lists it', async () => {
    const form = await (await t.get('/admin/tokens/new', admin)).text();
    expect(form).toContain('finance（finance，财务科');
    expect(form).not.toContain('otherStaff');

    const { token, html } = await issue('财政局对接', 'finance');
    expect(html).toContain('只显示这一次');
    const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.name, '财政局对接'));
    expect(row!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row!.userId).toBe(await userId('finance'));
    expect(row!.createdBy).toBe(await userId('admin'));
    expect(row!.lastUsedAt).toBeNull();
    expect(row!.revokedAt).toBeNull();

    const list = await (await t.get('/admin/tokens', admin)).text();
    expect(list).toContain('财政局对接');
    expect(list).toContain('从未使用');
    expect(list).toContain(`/admin/tokens/${row!.id}/revocation`);
    expect(list).not.toContain(token);
    expect(list).not.toContain(row!.tokenHash);
    // …and the admin nav links to it.
    expect(list).toContain('href="/admin/tokens"');
  });

  it('answers 422 beside the fields, and refuses users outside the admin’s centers or inactive', async () => {
    const empty = await t.post('/admin/tokens', { name: ' ', user_id: '' }, admin);
    expect(empty.status).toBe(422);
    const html = await empty.text();
    expect(html).toContain('请填写名称');
    expect(html).toContain('请选择代表用户');

    const outside = await t.post('/admin/tokens', { name: '越权', user_id: String(t.fixture.users.otherStaff.id) }, admin);
    expect(outside.status).toBe(422);
    expect(await outside.text()).toContain('请选择您管辖范围内启用状态的');

    // The API serves admin, finance and leader only: a token for staff or an agency is refused at issue.
    const staffToken = await t.post('/admin/tokens', { name: '交易科', user_id: String(await userId('staff')) }, admin);
    expect(staffToken.status).toBe(422);
    expect(await staffToken.text()).toContain('接口只向这些角色提供');

    const [idle] = await t.db.insert(users).values({
      username: 'idle', displayName: 'idle', role: 'finance', centerId: t.fixture.centers.city, passwordHash: 'x', active: false,
    }).returning({ id: users.id });
    const inactive = await t.post('/admin/tokens', { name: '停用用户', user_id: String(idle!.id) }, admin);
    expect(inactive.status).toBe(422);
    const [n] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from api_tokens where name in ('越权', '停用用户')`);
    expect(n!.n).toBe(0);
  });

  it('is for admins only', async () => {
    expect((await t.get('/admin/tokens', finance)).status).toBe(403);
    expect((await t.post('/admin/tokens', { name: 'x', user_id: String(await userId('finance')) }, finance)).status).toBe(403);
  });

  it('revokes a token, which stays listed as 已吊销 and no longer works; events keep no token', async () => {
    const { token } = await issue('待吊销', 'leader');
    expect((await t.get(perf(CITY_REPORT), undefined, bearer(token))).status).toBe(200);
    const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.name, '待吊销'));

    const res = await t.post(`/admin/tokens/${row!.id}/revocation`, {}, admin);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/tokens');
    const list = await (await t.get('/admin/tokens', admin)).text();
    expect(list).toMatch(/待吊销[\s\S]*已吊销（/);
    expect(list).not.toContain(`/admin/tokens/${row!.id}/revocation`);

    expect(await expectError(await t.get(perf(CITY_REPORT), undefined, bearer(token)), 401)).toContain('令牌');
    // A second revocation changes nothing; an unknown token is not found.
    expect((await t.post(`/admin/tokens/${row!.id}/revocation`, {}, admin)).status).toBe(303);
    expect((await t.post('/admin/tokens/999999/revocation', {}, admin)).status).toBe(404);

    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.entity, 'api_token'));
    const mine = events.filter((e) => e.entityId === String(row!.id));
    expect(mine.map((e) => e.action)).toEqual(['issue', 'revoke']);
    expect((mine[0]!.after as { username: string }).username).toBe('leader');
    expect((mine[1]!.after as { revokedAt: string | null }).revokedAt).not.toBeNull();
    const all = JSON.stringify(events);
    expect(all).not.toContain(token);
    expect(all).not.toContain(row!.tokenHash);
    expect(all).not.toMatch(/tl_[A-Za-z0-9_-]{43}/);
  });
});

describe('GET /api/v1/performance', () => {
  it('gives the same JSON with a session and with a token, equal to reportJson', async () => {
    const { token } = await issue('同一份报告', 'finance');
    const bySession = await t.get(perf(CITY_REPORT), finance);
    expect(bySession.status).toBe(200);
    const byToken = await t.get(perf(CITY_REPORT), undefined, bearer(token));
    expect(byToken.status).toBe(200);
    const a = await bySession.text();
    expect(byToken.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await byToken.text()).toBe(a);
    const expected = reportJson((await performanceReport(t.db, projectId))!);
    expect(JSON.parse(a)).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(JSON.parse(a)).toMatchObject({
      center: 'CITY', year: 2020, project: NAME,
      funds: { initial: '600000.00', adjustments: '400000.00', total: '1000000.00', arrived: '1000000.00', arrivalRate: '100.00' },
    });
    expect(byToken.headers.get('cache-control')).toBe('no-store');

    const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.name, '同一份报告'));
    expect(row!.lastUsedAt).not.toBeNull();
  });

  it('answers 401 JSON, never a redirect, without a valid token or session', async () => {
    const anon = await t.get(perf(CITY_REPORT));
    expect(await expectError(anon, 401)).toContain('请先登录');
    expect(anon.headers.get('www-authenticate')).toContain('Bearer');
    for (const header of ['Bearer tl_not-a-real-token', 'Bearer ', 'Basic YWRtaW46eA==', `Bearer ${'x'.repeat(500)}`]) {
      await expectError(await t.get(perf(CITY_REPORT), undefined, { Authorization: header }), 401);
    }
    // A bad token is refused even beside a good session cookie.
    await expectError(await t.get(perf(CITY_REPORT), finance, { Authorization: 'Bearer tl_garbage' }), 401);
  });

  it('stops working when its user is deactivated', async () => {
    const [u] = await t.db.insert(users).values({
      username: 'leaver', displayName: 'leaver', role: 'finance', centerId: t.fixture.centers.city, passwordHash: 'x',
    }).returning({ id: users.id });
    const { token } = await issue('离职人员', 'leaver');
    expect((await t.get(perf(CITY_REPORT), undefined, bearer(token))).status).toBe(200);
    await t.db.update(users).set({ active: false }).where(eq(users.id, u!.id));
    await expectError(await t.get(perf(CITY_REPORT), undefined, bearer(token)), 401);
  });

  it('does not accept a token on the HTML pages', async () => {
    const { token } = await issue('网页不可用', 'admin');
    const page = await t.get('/projects', undefined, bearer(token));
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/^\/login/);
    const adminPage = await t.get('/admin/tokens', undefined, bearer(token));
    expect(adminPage.status).toBe(303);
    // …while the same token works on the API.
    expect((await t.get('/api/v1/projects', undefined, bearer(token))).status).toBe(200);
  });

  it('answers 403 JSON to roles that may not read reports, by session or token', async () => {
    await expectError(await t.get(perf(CITY_REPORT), await t.signIn('staff')), 403);
    await expectError(await t.get(perf(CITY_REPORT), await t.signIn('agency1')), 403);
    // A finance user's token, after the user was moved to 交易科: the token acts with the role of now.
    const [mover] = await t.db.insert(users).values({
      username: 'mover', displayName: 'mover', role: 'finance', centerId: t.fixture.centers.city, passwordHash: 'x',
    }).returning({ id: users.id });
    const { token } = await issue('调岗前', 'mover');
    await t.db.update(users).set({ role: 'staff' }).where(eq(users.id, mover!.id));
    await expectError(await t.get(perf(CITY_REPORT), undefined, bearer(token)), 403);
    await expectError(await t.get('/api/v1/projects', undefined, bearer(token)), 403);
  });

  it('answers 404 JSON for another center, told exactly like one that does not exist', async () => {
    const other = await expectError(await t.get(perf({ center: 'OTHER', year: '2020', project: '外市工作经费' }), finance), 404);
    const none = await expectError(await t.get(perf({ center: 'NOPE', year: '2020', project: '外市工作经费' }), finance), 404);
    expect(other.replace('OTHER', 'X')).toBe(none.replace('NOPE', 'X'));
    // A center below the user's own is theirs to read.
    const county = await t.get(perf({ center: 'COUNTY', year: '2020', project: '县级工作经费' }), admin);
    expect(county.status).toBe(200);
    expect((await json(county)).center).toBe('COUNTY');
  });

  it('answers 404 JSON for an unknown project or year', async () => {
    expect(await expectError(await t.get(perf({ ...CITY_REPORT, project: '不存在的项目' }), finance), 404)).toContain('不存在的项目');
    await expectError(await t.get(perf({ ...CITY_REPORT, year: '2021' }), finance), 404);
  });

  it('answers 400 JSON for a missing or invalid parameter', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ year: '2020', project: NAME }, 'center'],
      [{ center: 'CITY', project: NAME }, 'year'],
      [{ center: 'CITY', year: '2020' }, 'project'],
      [{ center: 'CITY', year: '2020', project: '  ' }, 'project'],
      [{ center: 'CITY', year: 'abc', project: NAME }, 'year'],
      [{ center: 'CITY', year: '1989', project: NAME }, 'year'],
      [{ center: 'CITY', year: '2201', project: NAME }, 'year'],
      [{ center: 'CITY', year: '2020.0', project: NAME }, 'year'],
    ];
    for (const [q, name] of cases) expect(await expectError(await t.get(perf(q), finance), 400), JSON.stringify(q)).toContain(name);
    await expectError(await t.get('/api/v1/performance', finance), 400);
  });

  it('answers unknown API paths with a JSON 404', async () => {
    await expectError(await t.get('/api/v1/nothing-here', finance), 404);
    await expectError(await t.get('/api/v2/performance', finance), 404);
  });
});

describe('GET /api/v1/projects', () => {
  it('lists the projects of the caller’s centers', async () => {
    const body = await json(await t.get('/api/v1/projects', admin));
    const names = (body.projects as { center: string; year: number; name: string }[]).map((p) => `${p.center} ${p.year} ${p.name}`);
    expect(names).toEqual(['CITY 2020 土地出让工作经费', 'COUNTY 2020 县级工作经费']);
    const county = await json(await t.get('/api/v1/projects?center=COUNTY&year=2020', admin));
    expect(county.projects).toEqual([{ center: 'COUNTY', centerName: '测试县公共资源交易中心', year: 2020, name: '县级工作经费' }]);
    expect((await json(await t.get('/api/v1/projects?year=2019', admin))).projects).toEqual([]);
  });

  it('hides other centers and checks its parameters', async () => {
    await expectError(await t.get('/api/v1/projects?center=OTHER', admin), 404);
    await expectError(await t.get('/api/v1/projects?year=20x0', admin), 400);
    await expectError(await t.get('/api/v1/projects'), 401);
  });
});

describe('HTML routes keep their pages', () => {
  it('still answers a forbidden page as HTML', async () => {
    const res = await t.get('/projects', await t.signIn('staff'));
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('text/html');
  });
});
